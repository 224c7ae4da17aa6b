// Package schema validates chart values against values.schema.json files
// exactly as Helm v4.3.1 does before rendering, with the same error text.
//
// Helm validates with github.com/santhosh-tekuri/jsonschema/v6; this package
// validates with jsonschema/v5 and translates v5's error tree into the tree
// and messages v6 produces: "missing property 'replicas'", "minimum: got 0,
// want 1" (numbers printed with English digit grouping, as Helm's localized
// printer does), "'ABC' does not match pattern '^[a-z]+$'", nested
// "'allOf' failed" / "'anyOf' failed" / "'oneOf' failed, none matched"
// blocks, and so on. Where the two libraries judge differently, Helm's
// judgement is reproduced: the formats Helm knows with Helm's rules (and
// only for drafts 4 to 7), no content assertions, and v6's early return
// after a failed type, const, enum or format.
//
// # Validation of a chart
//
// Validate checks a chart's coalesced values against the chart's schema and
// then each subchart's values (vals[<name or alias>]) against the
// subchart's schema, recursively. The error reads as Helm's:
//
//	values don't meet the specifications of the schema(s) in the following chart(s):
//	mychart:
//	- at '/name': 'ABC' does not match pattern '^[a-z]+$'
//	- at '/replicas': minimum: got 0, want 1
//
// and errors.As reaches a *ValidationError with one *ChartError per failing
// chart, whose Err is a *ValuesError listing the violations (each with its
// instance location, keyword and message), a *TypeError, a *SchemaError, a
// *LoadError or a *LimitError.
//
// Helm lists the failures of one chart in an order that changes from run
// to run (it follows Go map iteration). This package uses a fixed order:
// the order in which the validator evaluates the keywords of a schema
// (type/const/enum/format, $ref, object keywords with properties sorted by
// name, array keywords by index, string and number keywords, not, allOf,
// anyOf, oneOf, if/then/else, unevaluated*), and sorted property names in
// an "additional properties" message.
//
// # Schemas
//
// The draft is chosen as Helm chooses it: 2020-12 unless $schema names
// draft 4, 6, 7 or 2019-09. The schema is registered as
// file:///values.schema.json, so relative references resolve against
// file:///. A Validator never touches the network or the file system: a
// reference to a file, http or https URL fails with a *LoadError unless
// Validator.Loader supplies the document. A urn: reference that the Loader
// does not resolve is replaced by the permissive schema true, with a
// warning, as Helm does.
//
// A Validator caches compiled schemas by content, so rendering a chart
// many times parses its schemas once. Limits (schema size and nesting,
// values nesting, evaluation steps, time) keep hostile schemas from
// exhausting memory, the stack or time; a limit reached is a *LimitError.
//
// # Fast path
//
// Most schemas use a small set of keywords, and most values are valid.
// For those, a fast path of this package's own gives the verdict "valid"
// without the underlying validator: when a schema is compiled, its
// document is checked against the rules of its draft's metaschema for the
// keywords the fast path knows (types, properties and their relatives,
// items, enum, const, numeric and string bounds, pattern, format for
// drafts 4 to 7, allOf/anyOf/oneOf/not, if/then/else, dependencies, local
// $refs) and compiled into a compact validator, with each regular
// expression compiled once; the underlying compilation then waits until a
// validation needs it. A validation on the fast path allocates nothing.
// It only ever says "valid": a schema with anything else ($id below the
// root, anchors, dynamic or remote references, $ref cycles, unevaluated*,
// contains, content*, ...), values it finds invalid or cannot decide
// (numbers float64 cannot compare exactly, values outside the JSON data
// model), and validations beyond the limits all go to the underlying
// validator, so every error and message is the same with or without it.
// The fast path adds up at least the work estimate and counts at least
// the steps of the underlying validation, checks the values' depth, the
// context and the clock, so it never accepts values that the limits would
// refuse, and its own work stays bounded.
//
// # Differences from Helm
//
//   - References to files and URLs are not loaded without a Loader.
//   - A $ref cycle on one value fails, as in Helm, only where validation
//     reaches it, with Helm's message ("both /properties/x/$ref/$ref and
//     /properties/x/$ref resolve to ... causing reference cycle"). Cycles
//     in schemas with embedded $ids, or closed through $dynamicRef or
//     $recursiveRef, are still reported when the schema is compiled.
//   - In drafts 6 and 7, Helm also checks a "const" next to a "$ref"
//     (siblings of $ref are otherwise ignored); this package ignores it.
//   - Helm's validator can report a propertyNames failure at the location
//     of a sibling object (it reuses a slice); this package reports the
//     object whose property name failed.
package schema
