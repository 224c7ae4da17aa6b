package schema

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoLoader is wrapped by a *LoadError when a schema refers to a document
// outside itself (a file, http or https $ref or $schema) and the Validator
// has no Loader.
var ErrNoLoader = errors.New("loading referenced schemas is disabled (no Validator.Loader)")

// ErrLimit is wrapped by every *LimitError.
var ErrLimit = errors.New("schema validation limit exceeded")

// ValidationError is returned by Validate when the values do not satisfy
// the schemas of a chart or its subcharts. Its text is Helm's:
//
//	values don't meet the specifications of the schema(s) in the following chart(s):
//	mychart:
//	- at '/replicas': minimum: got 0, want 1
//
// Use errors.As to reach the ChartError, ValuesError, SchemaError or
// LimitError of one chart.
type ValidationError struct {
	// Charts has one entry per chart whose schema failed, in Helm's order:
	// a chart before its subcharts, subcharts in dependency order.
	Charts []*ChartError
}

func (e *ValidationError) Error() string {
	var sb strings.Builder
	sb.WriteString("values don't meet the specifications of the schema(s) in the following chart(s):\n")
	for _, c := range e.Charts {
		sb.WriteString(c.Error())
	}
	return sb.String()
}

// Unwrap returns the per-chart errors.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Charts))
	for i, c := range e.Charts {
		out[i] = c
	}
	return out
}

// ChartError is the failure of one chart's schema, or of the shape of the
// values handed to a subchart.
type ChartError struct {
	// Chart is the chart's name (its alias, for an aliased subchart).
	Chart string
	// Path is the dotted path of the chart from the root chart, e.g.
	// "parent.sub".
	Path string
	// Err is a *ValuesError (values violate the schema), a *TypeError (the
	// subchart's values are not a map), a *SchemaError or *LoadError (the
	// schema is unusable) or a *LimitError.
	Err error
}

// Error returns the chart's section of Helm's message: the name line, then
// the error text. Like Helm, a violation list ends with a newline and a
// schema error does not.
func (e *ChartError) Error() string {
	body := e.Err.Error()
	var ve *ValuesError
	if errors.As(e.Err, &ve) {
		body += "\n"
	}
	return e.Chart + ":\n" + body
}

func (e *ChartError) Unwrap() error { return e.Err }

// ValuesError reports values that violate one schema. Its text is Helm's
// list of violations, one "- at '<location>': <message>" line each (nested
// causes indented), with no trailing newline.
//
// Helm's order of the lines depends on Go map iteration; here a schema's
// failures are listed in the order Helm's validator evaluates keywords
// (type/const/enum/format, $ref, object keywords with properties sorted by
// name, array keywords by index, string, number, then not, allOf, anyOf,
// oneOf, if/then/else, unevaluated*). Property names inside one
// "additional properties" message are sorted too.
type ValuesError struct {
	Violations []*Violation
}

func (e *ValuesError) Error() string { return formatViolations(e.Violations) }

// Lines returns the printed lines of the violations.
func (e *ValuesError) Lines() []string { return strings.Split(e.Error(), "\n") }

// TypeError reports subchart values that are not a map.
type TypeError struct {
	// Value is the offending value.
	Value any
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("invalid type for values: expected object (map), got %T\n", e.Value)
}

// SchemaError reports a schema that cannot be used: malformed JSON, a
// violation of its metaschema, an unresolvable $ref. The text is the one
// Helm prints for the same schema.
type SchemaError struct {
	// Offset is the byte offset of a JSON syntax error, or -1.
	Offset int64
	// URL and MetaSchema are set for metaschema violations: the schema (or
	// sub-resource) that failed and the metaschema it failed.
	URL, MetaSchema string
	// Violations are the metaschema violations, the schema document taking
	// the place of the values.
	Violations []*Violation
	// Err is the underlying error for the other cases.
	Err error
}

func (e *SchemaError) Error() string {
	if len(e.Violations) > 0 {
		return fmt.Sprintf("%q is not valid against metaschema: jsonschema validation failed with %s\n%s",
			e.URL, quote(e.MetaSchema), formatViolations(e.Violations))
	}
	if e.Err == nil {
		return "invalid schema"
	}
	return e.Err.Error()
}

func (e *SchemaError) Unwrap() error { return e.Err }

// LoadError reports a document a schema refers to that could not be
// loaded. The text follows Helm's: failing loading "<url>": <reason>.
type LoadError struct {
	URL string
	Err error
}

func (e *LoadError) Error() string { return fmt.Sprintf("failing loading %q: %v", e.URL, e.Err) }

func (e *LoadError) Unwrap() error { return e.Err }

// LimitError reports a schema or values exceeding a Validator limit, or a
// validation cancelled through its context. Helm has no such limits; a
// LimitError never happens for inputs Helm handles in reasonable time.
type LimitError struct {
	// What names the limit: "schema size", "values depth", "steps",
	// "work", "time", "schema depth", or "context".
	What string
	// Need and Max are, for "work", the estimate reached (the walk stops
	// just past the limit, so Need is a lower bound) and the limit.
	Need, Max int64
	// Err gives details.
	Err error
}

func (e *LimitError) Error() string {
	msg := fmt.Sprintf("schema validation stopped: %s: %v", e.What, e.Err)
	if raise := limitOptions[e.What]; raise != "" {
		msg += " (" + raise + ")"
	}
	return msg
}

// limitOptions says, for each limit, how to raise it: the Validator field,
// and the chartrender option and CLI flag that set it.
var limitOptions = map[string]string{
	"work":         "raise it with --max-schema-work, Options.MaxSchemaWork or Validator.MaxWork; -1 removes it",
	"steps":        "raise Validator.MaxSteps",
	"time":         "raise Validator.Timeout",
	"values depth": "raise Validator.MaxDepth",
	"schema size":  "raise Validator.MaxSchemaSize",
	"schema depth": "raise Validator.MaxSchemaDepth",
}

// Is reports ErrLimit.
func (e *LimitError) Is(target error) bool { return target == ErrLimit }

func (e *LimitError) Unwrap() error { return e.Err }
