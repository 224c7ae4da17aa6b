package schema

// oracleCases were checked against helm v4.3.1: each schema was written to
// the values.schema.json of a one-template chart named c1, each values to its
// values.yaml, and want is the text of the error `helm template` printed
// (without "Error: "; "" when it rendered). Helm prints the lines of one
// chart in an order that varies between runs, so they are compared as sets.
var oracleCases = []struct {
	name, schema, values, want string
}{
	{"type-str", `{"properties": {"a": {"type": "string"}}}`, `{"a": 5}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want string
`},
	{"type-int-float", `{"properties": {"a": {"type": "integer"}}}`, `{"a": 1.5}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want integer
`},
	{"type-int-ok", `{"properties": {"a": {"type": "integer"}}}`, `{"a": 2.0}`, ``},
	{"type-multi", `{"properties": {"a": {"type": ["object", "string", "null", "integer"]}}}`, `{"a": true}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got boolean, want null or integer or string or object
`},
	{"type-arr", `{"properties": {"a": {"type": "array"}}}`, `{"a": {}}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got object, want array
`},
	{"type-null", `{"properties": {"a": {"type": "null"}}}`, `{"a": "x"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got string, want null
`},
	{"type-root", `{"type": "array"}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': got object, want array
`},
	{"const-str", `{"properties": {"a": {"const": "x"}}}`, `{"a": "y"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be 'x'
`},
	{"const-num", `{"properties": {"a": {"const": 1.5}}}`, `{"a": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be 1.5
`},
	{"const-null", `{"properties": {"a": {"const": null}}}`, `{"a": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be <nil>
`},
	{"const-obj", `{"properties": {"a": {"const": {"b": 1}}}}`, `{"a": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'const' failed
`},
	{"const-bool", `{"properties": {"a": {"const": true}}}`, `{"a": false}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be true
`},
	{"enum-1", `{"properties": {"a": {"enum": ["x"]}}}`, `{"a": "y"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be 'x'
`},
	{"enum-n", `{"properties": {"a": {"enum": ["x", "y's", 3, null, false]}}}`, `{"a": "z"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be one of 'x', 'y\'s', 3, <nil>, false
`},
	{"enum-obj", `{"properties": {"a": {"enum": ["x", [1]]}}}`, `{"a": "z"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'enum' failed
`},
	{"const-enum-early", `{"properties": {"a": {"const": "x", "enum": ["y"], "minLength": 5}}}`, `{"a": "z"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be 'x'
`},
	{"enum-early", `{"properties": {"a": {"enum": ["y"], "minLength": 5, "pattern": "^q"}}}`, `{"a": "z"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be 'y'
`},
	{"type-early", `{"properties": {"a": {"type": "string", "minimum": 5, "enum": [1]}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want string
`},
	{"minLength", `{"properties": {"a": {"minLength": 3, "maxLength": 1}}}`, `{"a": "zz"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': minLength: got 2, want 3
- at '/a': maxLength: got 2, want 1
`},
	{"maxLength-unicode", `{"properties": {"a": {"maxLength": 2}}}`, `{"a": "h\u00e9\u00e9"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': maxLength: got 3, want 2
`},
	{"pattern-quote", `{"properties": {"a": {"pattern": "^[a-z']+$"}}}`, `{"a": "A'b\"c\n"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'A\'b"c\n' does not match pattern '^[a-z\']+$'
`},
	{"pattern-backslash", `{"properties": {"a": {"pattern": "^\\d+$"}}}`, `{"a": "x\\y"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'x\\y' does not match pattern '^\\d+$'
`},
	{"minimum", `{"properties": {"a": {"minimum": 1}, "b": {"maximum": 10}, "c": {"exclusiveMinimum": 0}, "d": {"exclusiveMaximum": 5}, "e": {"multipleOf": 0.5}}}`, `{"a": 0, "b": 11.5, "c": 0, "d": 5, "e": 1.3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/d': exclusiveMaximum: got 5, want 5
- at '/e': multipleOf: got 1.3, want 0.5
- at '/a': minimum: got 0, want 1
- at '/b': maximum: got 11.5, want 10
- at '/c': exclusiveMinimum: got 0, want 0
`},
	{"bignum", `{"properties": {"a": {"minimum": 1e+22}, "b": {"maximum": -1e-05}, "c": {"multipleOf": 7}}}`, `{"a": 123456789, "b": 0.5, "c": 1234567}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/b': maximum: got 0.5, want -1×10⁻⁰⁵
- at '/c': multipleOf: got 1.234567×10⁰⁶, want 7
- at '/a': minimum: got 1.23456789×10⁰⁸, want 1×10²²
`},
	{"num-str-ok", `{"properties": {"a": {"minimum": 5}}}`, `{"a": "x"}`, ``},
	{"required-1", `{"required": ["a"]}`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': missing property 'a'
`},
	{"required-n", `{"required": ["b", "a", "c"]}`, `{"c": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': missing properties 'b', 'a'
`},
	{"required-nested", `{"properties": {"x": {"required": ["y"]}}}`, `{"x": {}}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/x': missing property 'y'
`},
	{"minProps", `{"properties": {"x": {"minProperties": 2}, "y": {"maxProperties": 1}}}`, `{"x": {"a": 1}, "y": {"a": 1, "b": 2}}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/y': maxProperties: got 2, want 1
- at '/x': minProperties: got 1, want 2
`},
	{"additional-false", `{"properties": {"a": {}}, "additionalProperties": false}`, `{"a": 1, "zz": 2, "b": 3, "c d": 4}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': additional properties 'b', 'c d', 'zz' not allowed
`},
	{"additional-schema", `{"properties": {"a": {}}, "additionalProperties": {"type": "string"}}`, `{"a": 1, "zz": 2, "b": "x"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/zz': got number, want string
`},
	{"additional-pattern", `{"patternProperties": {"^x": {"type": "string"}}, "additionalProperties": false}`, `{"xa": 1, "y": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/xa': got number, want string
- at '': additional properties 'y' not allowed
`},
	{"propertyNames", `{"propertyNames": {"pattern": "^[a-z]+$"}}`, `{"abc": 1, "ABC": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': invalid propertyName 'ABC'
  - at '': 'ABC' does not match pattern '^[a-z]+$'
`},
	{"propertyNames-multi", `{"propertyNames": {"pattern": "^[a-z]+$", "maxLength": 2}}`, `{"abc": 1, "ABC": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': invalid propertyName 'ABC'
  - at '': maxLength: got 3, want 2
  - at '': 'ABC' does not match pattern '^[a-z]+$'
- at '': invalid propertyName 'abc'
  - at '': maxLength: got 3, want 2
`},
	{"propertyNames-false", `{"properties": {"o": {"propertyNames": false}}}`, `{"o": {"a": 1}}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/o': invalid propertyName 'a'
  - at '': false schema
`},
	{"dependentRequired", `{"dependentRequired": {"a": ["b", "c"]}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': properties 'b', 'c' required, if 'a' exists
`},
	{"dependentSchemas", `{"dependentSchemas": {"a": {"required": ["q"]}}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': missing property 'q'
`},
	{"dependencies-d7", `{"$schema": "http://json-schema.org/draft-07/schema#", "dependencies": {"a": ["b", "c"], "x": {"required": ["q"]}}}`, `{"a": 1, "x": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': properties 'b', 'c' required, if 'a' exists
- at '': missing property 'q'
`},
	{"false-prop", `{"properties": {"a": false}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': false schema
`},
	{"false-root", `false`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': false schema
`},
	{"true-root", `true`, `{"a": 1}`, ``},
	{"minItems", `{"properties": {"a": {"minItems": 3}, "b": {"maxItems": 1}}}`, `{"a": [1], "b": [1, 2]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': minItems: got 1, want 3
- at '/b': maxItems: got 2, want 1
`},
	{"unique", `{"properties": {"a": {"uniqueItems": true}}}`, `{"a": [1, 2, 3, 2, 1]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': items at 1 and 3 are equal
`},
	{"unique-obj", `{"properties": {"a": {"uniqueItems": true}}}`, `{"a": [{"x": 1}, {"x": 1.0}]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': items at 0 and 1 are equal
`},
	{"items", `{"properties": {"a": {"items": {"type": "string"}}}}`, `{"a": ["x", 1, true]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a/1': got number, want string
- at '/a/2': got boolean, want string
`},
	{"prefixItems", `{"properties": {"a": {"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}}}`, `{"a": [1, "x", 3]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a/0': got number, want string
- at '/a/1': got string, want integer
- at '/a/2': false schema
`},
	{"items-d7-tuple", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"items": [{"type": "string"}], "additionalItems": false}}}`, `{"a": [1, 2, 3]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a/0': got number, want string
- at '/a': last 2 additionalItem(s) not allowed
`},
	{"items-d7-addl-schema", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"items": [{"type": "string"}], "additionalItems": {"type": "string"}}}}`, `{"a": ["x", 2, 3]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a/1': got number, want string
- at '/a/2': got number, want string
`},
	{"prefixItems-d7-ignored", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"prefixItems": [{"type": "string"}]}}}`, `{"a": [1]}`, ``},
	{"contains", `{"properties": {"a": {"contains": {"type": "string"}}}}`, `{"a": [1, 2]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': no items match contains schema
  - at '/a/0': got number, want string
  - at '/a/1': got number, want string
`},
	{"contains-d7", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"contains": {"type": "string"}}}}`, `{"a": [1, 2]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': no items match contains schema
  - at '/a/0': got number, want string
  - at '/a/1': got number, want string
`},
	{"minContains", `{"properties": {"a": {"contains": {"type": "string"}, "minContains": 2}}}`, `{"a": [1, "x", 2]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': min 2 items required to match contains schema, but matched 1 items at 1
  - at '/a/0': got number, want string
  - at '/a/2': got number, want string
`},
	{"minContains-none", `{"properties": {"a": {"contains": {"type": "string"}, "minContains": 2}}}`, `{"a": [1, 2]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': min 2 items required to match contains schema, but none matched
  - at '/a/0': got number, want string
  - at '/a/1': got number, want string
`},
	{"minContains-1", `{"properties": {"a": {"contains": {"type": "string"}, "minContains": 1}}}`, `{"a": [1, 2]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': min 1 items required to match contains schema, but none matched
  - at '/a/0': got number, want string
  - at '/a/1': got number, want string
`},
	{"maxContains", `{"properties": {"a": {"contains": {"type": "string"}, "maxContains": 1}}}`, `{"a": ["x", 1, "y"]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': max 1 items required to match contains schema, but matched 2 items at 0 2
`},
	{"allOf", `{"properties": {"a": {"allOf": [{"type": "string"}, {"minimum": 5}, {"maximum": 1}]}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'allOf' failed
  - at '/a': got number, want string
  - at '/a': minimum: got 3, want 5
  - at '/a': maximum: got 3, want 1
`},
	{"allOf-nested-group", `{"allOf": [{"required": ["x", "y"], "properties": {"a": {"type": "string"}}}]}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': 'allOf' failed
  - at '': validation failed
    - at '': missing properties 'x', 'y'
    - at '/a': got number, want string
`},
	{"anyOf", `{"properties": {"a": {"anyOf": [{"type": "string"}, {"minimum": 5}]}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'anyOf' failed
  - at '/a': got number, want string
  - at '/a': minimum: got 3, want 5
`},
	{"anyOf-group", `{"properties": {"a": {"anyOf": [{"type": "string"}, {"minimum": 5, "multipleOf": 2}]}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'anyOf' failed
  - at '/a': got number, want string
  - at '/a': validation failed
    - at '/a': minimum: got 3, want 5
    - at '/a': multipleOf: got 3, want 2
`},
	{"oneOf-none", `{"properties": {"a": {"oneOf": [{"type": "string"}, {"minimum": 5}]}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'oneOf' failed, none matched
  - at '/a': got number, want string
  - at '/a': minimum: got 3, want 5
`},
	{"oneOf-two", `{"properties": {"a": {"oneOf": [{"type": "integer"}, {"minimum": 1}, {"maximum": 0}]}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'oneOf' failed, subschemas 0, 1 matched
`},
	{"not", `{"properties": {"a": {"not": {"type": "integer"}}}}`, `{"a": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'not' failed
`},
	{"if-then", `{"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': missing property 'b'
`},
	{"if-else", `{"if": {"properties": {"a": {"const": 1}}}, "then": {"required": ["b"]}, "else": {"required": ["c", "d"]}}`, `{"a": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': missing properties 'c', 'd'
`},
	{"ref-defs", `{"$defs": {"port": {"type": "integer", "minimum": 1}}, "properties": {"p": {"$ref": "#/$defs/port"}}}`, `{"p": 0}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/p': minimum: got 0, want 1
`},
	{"ref-defs-multi", `{"$defs": {"port": {"type": "integer", "minimum": 1, "multipleOf": 2}}, "properties": {"p": {"$ref": "#/$defs/port"}}}`, `{"p": -1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/p': validation failed
  - at '/p': minimum: got -1, want 1
  - at '/p': multipleOf: got -1, want 2
`},
	{"ref-sibling-2020", `{"$defs": {"s": {"minLength": 3}}, "properties": {"p": {"$ref": "#/$defs/s", "maxLength": 1}}}`, `{"p": "ab"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/p': minLength: got 2, want 3
- at '/p': maxLength: got 2, want 1
`},
	{"ref-sibling-d7", `{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"s": {"minLength": 3}}, "properties": {"p": {"$ref": "#/definitions/s", "maxLength": 1}}}`, `{"p": "ab"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/p': minLength: got 2, want 3
`},
	{"ref-chain", `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"required": ["x", "y"]}}, "properties": {"p": {"$ref": "#/$defs/a"}}}`, `{"p": {}}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/p': missing properties 'x', 'y'
`},
	{"ref-recursive-tree", `{"$defs": {"n": {"type": "object", "properties": {"v": {"type": "integer"}, "kids": {"type": "array", "items": {"$ref": "#/$defs/n"}}}}}, "$ref": "#/$defs/n"}`, `{"v": 1, "kids": [{"v": "x", "kids": [{"v": 2.5}]}]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/kids/0': validation failed
  - at '/kids/0/kids/0/v': got number, want integer
  - at '/kids/0/v': got string, want integer
`},
	{"ref-cycle-root", `{"$ref": "#"}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': both /$ref and  resolve to "file:///values.schema.json#" causing reference cycle
`},
	{"ref-cycle-2", `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': both /$ref/$ref/$ref and /$ref resolve to "file:///values.schema.json#/$defs/a" causing reference cycle
`},
	{"ref-missing", `{"$ref": "#/definitions/nope"}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
json-pointer in "file:///values.schema.json#/definitions/nope" not found`},
	{"ref-urn", `{"properties": {"a": {"$ref": "urn:example:foo"}}}`, `{"a": 1}`, ``},
	{"ref-anchor", `{"$defs": {"x": {"$anchor": "foo", "type": "string"}}, "properties": {"a": {"$ref": "#foo"}}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want string
`},
	{"ref-anchor-missing", `{"properties": {"a": {"$ref": "#foo"}}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
anchor in "file:///values.schema.json#foo" not found in schema "file:///values.schema.json"`},
	{"unevaluatedProperties", `{"properties": {"a": {}}, "unevaluatedProperties": false}`, `{"a": 1, "b": 2, "c": 3}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/c': false schema
- at '/b': false schema
`},
	{"unevaluatedItems", `{"prefixItems": [{}], "unevaluatedItems": false, "type": "object", "properties": {"l": {"prefixItems": [{}], "unevaluatedItems": {"type": "string"}}}}`, `{"l": [1, 2, 3]}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/l/1': got number, want string
- at '/l/2': got number, want string
`},
	{"format-2020-ignored", `{"properties": {"a": {"format": "email"}}}`, `{"a": "nope"}`, ``},
	{"format-d7-email", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"format": "email"}, "b": {"format": "ipv4"}, "c": {"format": "date-time"}, "d": {"format": "uri"}, "e": {"format": "hostname"}, "f": {"format": "uuid"}, "g": {"format": "date"}, "h": {"format": "ipv6"}, "i": {"format": "regex"}, "j": {"format": "duration"}}}`, `{"a": "nope", "b": "1.2.3", "c": "2020-01-01", "d": "rel/x", "e": "-bad", "f": "xyz", "g": "2020-13-01", "h": "1.2.3.4", "i": "([", "j": "P1Y2D3M"}`, "values don't meet the specifications of the schema(s) in the following chart(s):\nc1:\n- at '/b': '1.2.3' is not valid ipv4: expected four decimals\n- at '/d': 'rel/x' is not valid uri: relative url\n- at '/e': '-bad' is not valid hostname: label starts with hyphen\n- at '/g': '2020-13-01' is not valid date: parsing time \"2020-13-01\": month out of range\n- at '/h': '1.2.3.4' is not valid ipv6: missing colon\n- at '/c': '2020-01-01' is not valid date-time: less than 20 characters long\n- at '/a': 'nope' is not valid email: missing @\n- at '/j': 'P1Y2D3M' is not valid duration: unit 'M' out of order\n- at '/f': 'xyz' is not valid uuid: must have 5 elements\n- at '/i': '([' is not valid regex: error parsing regexp: missing closing ]: `[`\n"},
	{"format-d7-misc", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"format": "time"}, "b": {"format": "json-pointer"}, "c": {"format": "relative-json-pointer"}, "d": {"format": "uri-reference"}, "e": {"format": "uri-template"}, "f": {"format": "ip-address"}, "g": {"format": "semver"}, "h": {"format": "period"}, "i": {"format": "ipv4"}}}`, `{"a": "25:00:00Z", "b": "x", "c": "01/a", "d": "a\\b", "e": "{a", "f": "nope", "g": "1.0", "h": "x", "i": "01.2.3.4"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/c': '01/a' is not valid relative-json-pointer: starts with zero
- at '/e': '{a' is not valid uri-template: no matching closing brace
- at '/a': '25:00:00Z' is not valid time: hour/min/sec out of range
- at '/b': 'x' is not valid json-pointer: not starting with /
- at '/d': 'a\\b' is not valid uri-reference: contains \
- at '/i': '01.2.3.4' is not valid ipv4: leading zeros
- at '/g': '1.0' is not valid semver: versionCore must have 3 numbers separated by dot
- at '/h': 'x' is not valid period: missing slash
`},
	{"format-d7-nonstring", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"format": "email"}}}`, `{"a": 5}`, ``},
	{"format-early", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"format": "email", "maxLength": 1}}}`, `{"a": "nope"}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': 'nope' is not valid email: missing @
`},
	{"format-unknown", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"format": "foo"}}}`, `{"a": "nope"}`, ``},
	{"d4-exclusive", `{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": {"maximum": 5, "exclusiveMaximum": true}, "b": {"minimum": 5, "exclusiveMinimum": true}}}`, `{"a": 5, "b": 5}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': exclusiveMaximum: got 5, want 5
- at '/b': exclusiveMinimum: got 5, want 5
`},
	{"d6-const", `{"$schema": "http://json-schema.org/draft-06/schema#", "properties": {"a": {"const": 1}}}`, `{"a": 5}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': value must be 1
`},
	{"d4-const-ignored", `{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": {"const": 1}}}`, `{"a": 5}`, ``},
	{"d19", `{"$schema": "https://json-schema.org/draft/2019-09/schema", "properties": {"a": {"type": "string"}}, "unevaluatedProperties": false}`, `{"a": 1, "b": 2}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want string
- at '/b': false schema
`},
	{"d7-content", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"contentEncoding": "base64", "contentMediaType": "application/json"}}}`, `{"a": "!!notbase64"}`, ``},
	{"schema-id", `{"$id": "http://example.com/root.json", "properties": {"a": {"type": "string"}}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want string
`},
	{"schema-id-ref", `{"$id": "http://example.com/root.json", "$defs": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/$defs/s"}}}`, `{"a": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a': got number, want string
`},
	{"meta-type", `{"type": "foo"}`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'
- at '': 'allOf' failed
  - at '/type': 'anyOf' failed
    - at '/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'
    - at '/type': got string, want array`},
	{"meta-pattern", `{"properties": {"a": {"pattern": "(["}}}`, `{}`, "values don't meet the specifications of the schema(s) in the following chart(s):\nc1:\n\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'\n- at '': 'allOf' failed\n  - at '/properties/a': 'allOf' failed\n    - at '/properties/a/pattern': '([' is not valid regex: error parsing regexp: missing closing ]: `[`"},
	{"meta-minLength", `{"properties": {"a": {"minLength": -1}}}`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'
- at '': 'allOf' failed
  - at '/properties/a': 'allOf' failed
    - at '/properties/a/minLength': minimum: got -1, want 0`},
	{"meta-array", `[1]`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'https://json-schema.org/draft/2020-12/schema#'
- at '': got array, want boolean or object`},
	{"meta-d7", `{"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"a": {"type": "foo", "minLength": -1}}}`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'http://json-schema.org/draft-07/schema#'
- at '/properties/a': validation failed
  - at '/properties/a/type': 'anyOf' failed
    - at '/properties/a/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'
    - at '/properties/a/type': got string, want array
  - at '/properties/a/minLength': 'allOf' failed
    - at '/properties/a/minLength': minimum: got -1, want 0`},
	{"meta-d4", `{"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": {"type": "foo"}}, "required": []}`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
"file:///values.schema.json#" is not valid against metaschema: jsonschema validation failed with 'http://json-schema.org/draft-04/schema#'
- at '/properties/a/type': 'anyOf' failed
  - at '/properties/a/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'
  - at '/properties/a/type': got string, want array
- at '/required': minItems: got 0, want 1`},
	{"json-empty", ``, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
EOF`},
	{"json-bad", `{bad`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
invalid character 'b' looking for beginning of object key string`},
	{"json-trailing", `{} x`, `{}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
invalid character after top-level value`},
	{"escape-loc", `{"properties": {"a/b": {"type": "string"}, "c~d": {"type": "string"}, "e f": {"type": "string"}, "\u00fc": {"type": "string"}}}`, `{"a/b": 1, "c~d": 2, "e f": 3, "\u00fc": 4}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a~1b': got number, want string
- at '/c~0d': got number, want string
- at '/e f': got number, want string
- at '/ü': got number, want string
`},
	{"deep", `{"properties": {"a": {"properties": {"b": {"items": {"properties": {"c": {"type": "string"}}}}}}}}`, `{"a": {"b": [{"c": 1}, {"c": "x"}, {"c": 2}]}}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '/a/b/0/c': got number, want string
- at '/a/b/2/c': got number, want string
`},
	{"multi-top", `{"properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"minimum": 3}}, "required": ["z"]}`, `{"a": 1, "b": 2, "c": 1}`, `values don't meet the specifications of the schema(s) in the following chart(s):
c1:
- at '': missing property 'z'
- at '/b': got number, want string
- at '/c': minimum: got 1, want 3
- at '/a': got number, want string
`},
}
