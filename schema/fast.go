package schema

import (
	"encoding/json"
	"math"
	"math/big"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// The fast path.
//
// Most values a chart is rendered with are valid, and most chart schemas
// use a small set of keywords. For those, fastSchema answers "valid"
// without the underlying validator: compileFast checks the document against
// the rules its draft's metaschema sets for these keywords (written out
// below, strictest rule when drafts differ) and compiles it into a graph
// of fastNodes; fastSchema.valid (fastvalidate.go) walks the values over
// that graph without allocating. The fast path never reports anything:
// a schema it does not support is compiled by the underlying validator
// when first needed, and values it does not find valid — or that it is
// unsure about — are validated by the underlying validator, which makes
// every error and its message exactly what they are without it.
//
// Soundness rules: compileFast accepts a document only when the underlying
// compiler accepts it too (so Compile's verdict is unchanged), and the
// walk says "valid" only when the underlying validator and the limits that
// guard it (values depth, steps, work estimate, context, time) would
// accept the values too.

// Type bits of fastNode.types.
const (
	typeNull uint8 = 1 << iota
	typeBoolean
	typeObject
	typeArray
	typeNumber
	typeString
	typeInteger
)

var typeBits = map[string]uint8{
	"null": typeNull, "boolean": typeBoolean, "object": typeObject, "array": typeArray,
	"number": typeNumber, "string": typeString, "integer": typeInteger,
}

// fastNum is a number of a schema or of the values, as the underlying
// validator compares them: through the exact rational of its %v text. A
// float64 value's %v text is the shortest decimal that rounds to it.
type fastNum struct {
	// isInt: the number is the integer i (exactly). f is then float64(i).
	isInt bool
	i     int64
	f     float64 // the number rounded to float64
	// canon: the exact rational equals the shortest decimal of f, so two
	// canonical numbers with the same f are equal.
	canon bool
}

// maxExactInt is 2^53: integers up to it are float64 values, exactly.
const maxExactInt = 1 << 53

func intNum(i int64) fastNum {
	return fastNum{isInt: true, i: i, f: float64(i), canon: -maxExactInt <= i && i <= maxExactInt}
}

// floatNum returns the number of a finite float64 value.
func floatNum(f float64) fastNum {
	if f == math.Trunc(f) && math.Abs(f) <= maxExactInt {
		return intNum(int64(f))
	}
	return fastNum{f: f, canon: true}
}

// schemaNum parses a number of a schema document. ok is false for a
// number that does not fit a float64.
func schemaNum(n json.Number) (fastNum, bool) {
	s := string(n)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return intNum(i), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fastNum{}, false
	}
	num := fastNum{f: f}
	exact, ok1 := new(big.Rat).SetString(s)
	short, ok2 := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	num.canon = ok1 && ok2 && exact.Cmp(short) == 0
	if num.canon && f == math.Trunc(f) && math.Abs(f) <= maxExactInt {
		return intNum(int64(f)), true
	}
	return num, true
}

// cmpNum compares a and b: -1, 0 or 1, and sure false when float64
// precision cannot decide.
func cmpNum(a, b fastNum) (c int, sure bool) {
	if a.isInt && b.isInt {
		switch {
		case a.i < b.i:
			return -1, true
		case a.i > b.i:
			return 1, true
		}
		return 0, true
	}
	// Rounding to float64 is monotonic: different floats decide.
	switch {
	case a.f < b.f:
		return -1, true
	case a.f > b.f:
		return 1, true
	}
	return 0, a.canon && b.canon
}

// fastNode is a compiled schema object or boolean schema.
type fastNode struct {
	always  int8 // +1: the schema true, -1: the schema false, 0: an object
	refOnly bool // drafts 4 to 7: $ref present, the other keywords ignored
	types   uint8

	ref      *fastNode
	hasConst bool
	constVal any   // the constant, numbers as fastNum
	enum     []any // numbers as fastNum
	format   func(string) error

	minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf *fastNum

	minLength, maxLength int // -1: none
	pattern              *regexp.Regexp

	minProperties, maxProperties int // -1: none
	required                     []string
	properties                   map[string]*fastNode
	patterns                     []fastPattern
	additional                   *fastNode // additionalProperties as a schema
	noAdditional                 bool      // additionalProperties: false
	propertyNames                *fastNode
	depRequired                  []fastDepRequired
	depSchemas                   []fastDepSchema

	minItems, maxItems int // -1: none
	uniqueItems        bool
	items              *fastNode   // items as one schema
	itemsPath          int         // the length the estimate counts for its keyword path
	itemList           []*fastNode // items as an array (drafts 4 to 7)
	hasItemList        bool
	additionalItems    *fastNode
	noAdditionalItems  bool

	not                 *fastNode
	allOf, anyOf, oneOf []*fastNode
	ifNode, then, els   *fastNode
}

type fastPattern struct {
	re   *regexp.Regexp
	node *fastNode
}

type fastDepRequired struct {
	name     string
	required []string
}

type fastDepSchema struct {
	name    string
	keyword string // "dependencies" or "dependentSchemas"
	node    *fastNode
}

// fastSchema is a schema compiled for the fast path.
type fastSchema struct {
	root *fastNode
}

// fastKeyword classes.
const (
	kwUnsupported = iota + 1 // the fast path gives up on the document
	kwAnnotation             // checked, no effect on validation
)

// unsupportedKeywords make compileFast give up in every draft: features
// the fast path does not implement (identifiers and anchors, dynamic
// references, unevaluated*, content*, contains, nested $schema) or whose
// meaning differs between drafts in ways not worth reproducing.
var unsupportedKeywords = map[string]bool{
	"$id": true, "$anchor": true, "$recursiveRef": true, "$recursiveAnchor": true,
	"$dynamicRef": true, "$dynamicAnchor": true, "$vocabulary": true, "$schema": true,
	"unevaluatedProperties": true, "unevaluatedItems": true, "prefixItems": true,
	"contentSchema": true, "contentEncoding": true, "contentMediaType": true,
	"regexProperties": true, "contains": true, "minContains": true, "maxContains": true,
	cycleRefKeyword: true,
}

// sinceDraft gives the first draft in which the underlying compiler
// applies a keyword; in earlier drafts the keyword is ignored there, and
// the fast path gives up on it rather than tell the cases apart.
var sinceDraft = map[string]int{
	"const": 6, "propertyNames": 6,
	"if": 7, "then": 7, "else": 7,
	"dependentSchemas": 2019, "dependentRequired": 2019,
}

// fastDraft returns the draft of doc for the fast path, or ok false when
// its $schema is one the fast path leaves to the underlying compiler: it
// accepts only the URLs for which the underlying compiler and Helm's
// draft selection (mainDraft) agree.
func fastDraft(doc any) (int, bool) {
	m, isMap := doc.(map[string]any)
	if !isMap {
		return 2020, true
	}
	raw, present := m["$schema"]
	if !present {
		return 2020, true
	}
	s, _ := raw.(string)
	u := strings.TrimSuffix(s, "#")
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		u = rest
	} else if rest, ok := strings.CutPrefix(u, "http://"); ok {
		u = rest
	} else {
		return 0, false
	}
	switch u {
	case "json-schema.org/draft-04/schema":
		return 4, true
	case "json-schema.org/draft-06/schema":
		return 6, true
	case "json-schema.org/draft-07/schema":
		return 7, true
	case "json-schema.org/draft/2019-09/schema":
		return 2019, true
	case "json-schema.org/draft/2020-12/schema", "json-schema.org/schema":
		return 2020, true
	}
	return 0, false
}

// fastCompiler compiles one document for the fast path.
type fastCompiler struct {
	draft   int
	formats bool // assert formats (drafts 4 to 7, as Helm)
	doc     any
	seen    map[uintptr]*fastNode // compiled schema objects by identity
	all     []*fastNode
	refs    []pendingRef
	failed  bool

	trueNode, falseNode *fastNode
}

type pendingRef struct {
	node *fastNode
	ref  string
}

// compileFast compiles doc, a parsed schema document, for the fast path.
// It returns nil when the document uses anything the fast path does not
// support or that the underlying compiler might reject. Its cost is linear
// in the size of the document.
func compileFast(doc any) *fastSchema {
	draft, ok := fastDraft(doc)
	if !ok {
		return nil
	}
	c := &fastCompiler{
		draft: draft, formats: draft < 2019, doc: doc, seen: map[uintptr]*fastNode{},
		trueNode: &fastNode{always: 1}, falseNode: &fastNode{always: -1},
	}
	if m, isMap := doc.(map[string]any); isMap {
		// The root's $schema was checked by fastDraft, and a plain $id at
		// the root only names the document; hide them from the keyword
		// rules, which refuse both below the root.
		idKey := "$id"
		if draft == 4 {
			idKey = "id"
		}
		_, hasSchema := m["$schema"]
		id, hasID := m[idKey]
		if hasID && !plainID(id) {
			return nil
		}
		if hasSchema || hasID {
			root := make(map[string]any, len(m))
			for k, v := range m {
				if k != "$schema" && k != idKey {
					root[k] = v
				}
			}
			doc = root
			c.doc = doc
		}
	} else if draft == 4 {
		return nil
	}
	root := c.schema(doc)
	for len(c.refs) > 0 && !c.failed {
		p := c.refs[len(c.refs)-1]
		c.refs = c.refs[:len(c.refs)-1]
		target, ok := c.resolve(p.ref)
		if !ok {
			return nil
		}
		p.node.ref = c.schema(target)
	}
	if c.failed || root == nil || c.inPlaceCycle() {
		return nil
	}
	return &fastSchema{root: root}
}

// plainID reports whether id is a root $id the fast path accepts: an
// absolute or relative URL of plain characters, without a fragment (the
// metaschemas allow an empty one).
func plainID(id any) bool {
	s, ok := id.(string)
	if !ok {
		return false
	}
	s = strings.TrimSuffix(s, "#")
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(":/._-", r)) {
			return false
		}
	}
	// The metaschemas require a URI reference: one that parses, without
	// a colon in its host name (an IPv6 address would need brackets).
	u, err := url.Parse(s)
	return err == nil && !strings.Contains(u.Hostname(), ":")
}

// resolve finds the target of a local $ref: "#" or a JSON pointer made of
// plain tokens (letters, digits, '_', '.', '-', '$'). Anything else
// (escapes, percent-encoding, other documents, anchors) is left to the
// underlying compiler.
func (c *fastCompiler) resolve(ref string) (any, bool) {
	if ref == "#" {
		return c.doc, true
	}
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok || ptr == "" {
		return nil, false
	}
	for _, r := range ptr {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.-$/", r)) {
			return nil, false
		}
	}
	toks := strings.Split(ptr, "/")
	for _, t := range toks {
		if t == "" {
			return nil, false
		}
	}
	return lookup(c.doc, toks)
}

func (c *fastCompiler) fail() *fastNode {
	c.failed = true
	return nil
}

// schema compiles v at a subschema position.
func (c *fastCompiler) schema(v any) *fastNode {
	if c.failed {
		return nil
	}
	switch x := v.(type) {
	case bool:
		if c.draft == 4 {
			return c.fail()
		}
		if x {
			return c.trueNode
		}
		return c.falseNode
	case map[string]any:
		id := reflect.ValueOf(x).Pointer()
		if n, ok := c.seen[id]; ok {
			return n
		}
		n := &fastNode{minLength: -1, maxLength: -1, minProperties: -1, maxProperties: -1, minItems: -1, maxItems: -1}
		c.seen[id] = n
		c.all = append(c.all, n)
		c.object(n, x)
		if c.failed {
			return nil
		}
		return n
	}
	return c.fail()
}

// schemaArray compiles a non-empty array of subschemas.
func (c *fastCompiler) schemaArray(v any) []*fastNode {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		c.fail()
		return nil
	}
	out := make([]*fastNode, len(list))
	for i, e := range list {
		out[i] = c.schema(e)
	}
	return out
}

// schemaMap compiles an object whose values are subschemas.
func (c *fastCompiler) schemaMap(v any) map[string]*fastNode {
	m, ok := v.(map[string]any)
	if !ok {
		c.fail()
		return nil
	}
	out := make(map[string]*fastNode, len(m))
	for k, e := range m {
		out[k] = c.schema(e)
	}
	return out
}

// stringArray checks an array of unique strings (at least one in draft 4
// when nonEmpty4).
func (c *fastCompiler) stringArray(v any, nonEmpty4 bool) []string {
	list, ok := v.([]any)
	if !ok || (nonEmpty4 && c.draft == 4 && len(list) == 0) {
		c.fail()
		return nil
	}
	out := make([]string, len(list))
	seen := make(map[string]bool, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok || seen[s] {
			c.fail()
			return nil
		}
		seen[s] = true
		out[i] = s
	}
	return out
}

// count checks a non-negative integer keyword. Only plain digit strings
// are accepted, so that the metaschema's integer check and the compiler's
// conversion agree.
func (c *fastCompiler) count(v any) int {
	n, ok := v.(json.Number)
	s := string(n)
	if !ok || s == "" || len(s) > 9 {
		c.fail()
		return -1
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			c.fail()
			return -1
		}
	}
	i, _ := strconv.Atoi(s)
	return i
}

func (c *fastCompiler) number(v any) *fastNum {
	n, ok := v.(json.Number)
	if !ok {
		c.fail()
		return nil
	}
	num, ok := schemaNum(n)
	if !ok {
		c.fail()
		return nil
	}
	return &num
}

// constant converts a schema value for comparisons: numbers become
// fastNums.
func (c *fastCompiler) constant(v any) any {
	switch x := v.(type) {
	case json.Number:
		n := c.number(x)
		if n == nil {
			return nil
		}
		return *n
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = c.constant(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = c.constant(e)
		}
		return out
	}
	return v
}

// object compiles the keywords of a schema object.
func (c *fastCompiler) object(n *fastNode, m map[string]any) {
	_, hasRef := m["$ref"]
	var exclMin, exclMax any
	var hasExclMin, hasExclMax bool
	for k, v := range m {
		if c.failed {
			return
		}
		if unsupportedKeywords[k] || (k == "id" && c.draft == 4) {
			c.fail()
			return
		}
		if since, ok := sinceDraft[k]; ok && c.draft < since {
			c.fail()
			return
		}
		switch k {
		case "$ref":
			ref, ok := v.(string)
			if !ok {
				c.fail()
				return
			}
			c.refs = append(c.refs, pendingRef{n, ref})
		case "type":
			n.types = c.types(v)
		case "enum":
			list, ok := v.([]any)
			if !ok || (c.draft < 2019 && (len(list) == 0 || !uniqueValues(list))) {
				c.fail()
				return
			}
			n.enum = c.constant(list).([]any)
		case "const":
			n.hasConst, n.constVal = true, c.constant(v)
		case "format":
			name, ok := v.(string)
			if !ok {
				c.fail()
				return
			}
			if c.formats {
				n.format = formatCheckers[name]
			}
		case "minimum":
			n.minimum = c.number(v)
		case "maximum":
			n.maximum = c.number(v)
		case "exclusiveMinimum":
			exclMin, hasExclMin = v, true
		case "exclusiveMaximum":
			exclMax, hasExclMax = v, true
		case "multipleOf":
			n.multipleOf = c.number(v)
			if n.multipleOf != nil && !(n.multipleOf.f > 0) {
				c.fail()
			}
		case "minLength":
			n.minLength = c.count(v)
		case "maxLength":
			n.maxLength = c.count(v)
		case "pattern":
			s, ok := v.(string)
			if !ok {
				c.fail()
				return
			}
			re, err := regexp.Compile(s)
			if err != nil {
				c.fail()
				return
			}
			n.pattern = re
		case "minProperties":
			n.minProperties = c.count(v)
		case "maxProperties":
			n.maxProperties = c.count(v)
		case "required":
			n.required = c.stringArray(v, true)
		case "properties":
			n.properties = c.schemaMap(v)
		case "patternProperties":
			pm, ok := v.(map[string]any)
			if !ok {
				c.fail()
				return
			}
			for expr, sub := range pm {
				re, err := regexp.Compile(expr)
				if err != nil {
					c.fail()
					return
				}
				n.patterns = append(n.patterns, fastPattern{re, c.schema(sub)})
			}
		case "additionalProperties":
			switch x := v.(type) {
			case bool:
				n.noAdditional = !x
			default:
				n.additional = c.schema(x)
			}
		case "propertyNames":
			n.propertyNames = c.schema(v)
		case "dependencies", "dependentRequired", "dependentSchemas":
			dm, ok := v.(map[string]any)
			if !ok {
				c.fail()
				return
			}
			for name, d := range dm {
				if list, isList := d.([]any); isList && k != "dependentSchemas" {
					n.depRequired = append(n.depRequired, fastDepRequired{name, c.stringArray(list, true)})
				} else if k != "dependentRequired" {
					n.depSchemas = append(n.depSchemas, fastDepSchema{name, k, c.schema(d)})
				} else {
					c.fail()
				}
			}
		case "minItems":
			n.minItems = c.count(v)
		case "maxItems":
			n.maxItems = c.count(v)
		case "uniqueItems":
			b, ok := v.(bool)
			if !ok {
				c.fail()
				return
			}
			n.uniqueItems = b
		case "items":
			if _, isList := v.([]any); isList {
				if c.draft >= 2019 {
					c.fail()
					return
				}
				n.itemList, n.hasItemList = c.schemaArray(v), true
			} else {
				n.items = c.schema(v)
				// The underlying compiler keeps a 2020-12 items beside
				// prefixItems, and the estimate counts it under that
				// name; charging the longer name is an upper bound when
				// the schema is compiled as 2019-09 (see sameIn2019).
				n.itemsPath = len("items")
				if c.draft == 2020 {
					n.itemsPath = len("prefixItems/") + 3
				}
			}
		case "additionalItems":
			if c.draft >= 2019 {
				c.fail()
				return
			}
			switch x := v.(type) {
			case bool:
				n.noAdditionalItems = !x
			default:
				n.additionalItems = c.schema(x)
			}
		case "not":
			n.not = c.schema(v)
		case "allOf":
			n.allOf = c.schemaArray(v)
		case "anyOf":
			n.anyOf = c.schemaArray(v)
		case "oneOf":
			n.oneOf = c.schemaArray(v)
		case "if":
			n.ifNode = c.schema(v)
		case "then":
			n.then = c.schema(v)
		case "else":
			n.els = c.schema(v)
		case "definitions", "$defs":
			c.schemaMap(v)
		case "title", "description", "$comment":
			if _, ok := v.(string); !ok {
				c.fail()
			}
		case "readOnly", "writeOnly", "deprecated":
			if _, ok := v.(bool); !ok {
				c.fail()
			}
		case "examples":
			if _, ok := v.([]any); !ok {
				c.fail()
			}
		}
	}
	if c.failed {
		return
	}
	// exclusiveMinimum/Maximum: a boolean modifying minimum/maximum in
	// draft 4 (which requires the sibling), a number since draft 6.
	for _, e := range []struct {
		present bool
		v       any
		bound   **fastNum
		excl    **fastNum
	}{{hasExclMin, exclMin, &n.minimum, &n.exclusiveMinimum}, {hasExclMax, exclMax, &n.maximum, &n.exclusiveMaximum}} {
		if !e.present {
			continue
		}
		if c.draft == 4 {
			b, ok := e.v.(bool)
			if !ok || *e.bound == nil {
				c.fail()
				return
			}
			if b {
				*e.excl, *e.bound = *e.bound, nil
			}
			continue
		}
		*e.excl = c.number(e.v)
	}
	if !n.hasItemList {
		n.additionalItems, n.noAdditionalItems = nil, false
	}
	if n.ifNode == nil {
		n.then, n.els = nil, nil
	}
	if hasRef && c.draft < 2019 {
		// The other keywords were checked (the metaschema applies to
		// them) but are ignored.
		*n = fastNode{refOnly: true}
	}
}

// types compiles the type keyword: a type name or a non-empty array of
// unique type names.
func (c *fastCompiler) types(v any) uint8 {
	switch x := v.(type) {
	case string:
		b, ok := typeBits[x]
		if !ok {
			c.fail()
		}
		return b
	case []any:
		if len(x) == 0 {
			c.fail()
			return 0
		}
		var bits uint8
		for _, e := range x {
			s, _ := e.(string)
			b, ok := typeBits[s]
			if !ok || bits&b != 0 {
				c.fail()
				return 0
			}
			bits |= b
		}
		return bits
	}
	c.fail()
	return 0
}

// uniqueValues reports whether the values of a schema array are pairwise
// different as the metaschema's uniqueItems judges them (numbers by
// value). Undecided cases count as not unique.
func uniqueValues(list []any) bool {
	keys := make(map[string]bool, len(list))
	var containers []any
	for _, e := range list {
		var key string
		switch x := e.(type) {
		case nil:
			key = "null"
		case bool:
			key = strconv.FormatBool(x)
		case string:
			key = "s" + x
		case json.Number:
			r, ok := new(big.Rat).SetString(string(x))
			if !ok {
				return false
			}
			key = "n" + r.RatString()
		default:
			containers = append(containers, e)
			continue
		}
		if keys[key] {
			return false
		}
		keys[key] = true
	}
	if len(containers) > 64 {
		return false
	}
	for i := range containers {
		for j := 0; j < i; j++ {
			if !reflect.DeepEqual(containers[i], containers[j]) {
				continue
			}
			return false
		}
	}
	// Containers holding numbers may be equal without being deeply equal
	// (1 and 1.0); give up on those rather than compare by value.
	if len(containers) > 1 {
		for _, e := range containers {
			if holdsNumber(e) {
				return false
			}
		}
	}
	return true
}

func holdsNumber(v any) bool {
	switch x := v.(type) {
	case json.Number:
		return true
	case []any:
		for _, e := range x {
			if holdsNumber(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if holdsNumber(e) {
				return true
			}
		}
	}
	return false
}

// inPlaceCycle reports whether a schema can reach itself on the same
// value (through $ref, allOf, anyOf, oneOf, not, if/then/else or schema
// dependencies). Such schemas are left to the underlying validator, which
// reports the cycle where validation reaches it.
func (c *fastCompiler) inPlaceCycle() bool {
	state := make(map[*fastNode]uint8, len(c.all)) // 1: on the path, 2: done
	var visit func(n *fastNode) bool
	visit = func(n *fastNode) bool {
		if n == nil || n.always != 0 {
			return false
		}
		switch state[n] {
		case 1:
			return true
		case 2:
			return false
		}
		state[n] = 1
		found := visit(n.ref) || visit(n.not) || visit(n.ifNode) || visit(n.then) || visit(n.els)
		for _, list := range [][]*fastNode{n.allOf, n.anyOf, n.oneOf} {
			for _, sub := range list {
				found = found || visit(sub)
			}
		}
		for _, d := range n.depSchemas {
			found = found || visit(d.node)
		}
		state[n] = 2
		return found
	}
	for _, n := range c.all {
		if visit(n) {
			return true
		}
	}
	return false
}
