package schema

import (
	"cmp"
	"slices"
	"strings"
)

// A Violation is one failed check, in the shape Helm reports it: a line
// "at '<InstanceLocation>': <Message>" with the checks that caused it
// nested below (for allOf, anyOf, oneOf, propertyNames, $ref with several
// failures, and groups).
type Violation struct {
	// InstanceLocation is the JSON pointer of the offending value, "" for
	// the values map itself.
	InstanceLocation string
	// Keyword is the schema keyword that failed ("type", "minimum",
	// "required", "allOf", "$ref", ...). It is "" for a group of several
	// failures of one subschema ("validation failed") and "false" for a
	// false schema.
	Keyword string
	// Message is the text after "at '...': ", exactly as Helm prints it.
	Message string
	// Causes are the nested failures, in a deterministic order.
	Causes []*Violation

	// unexported ordering and display data
	tokens   []string      // instance location tokens
	rank     int           // evaluation order of the keyword in the validator
	key      string        // secondary order: property name, pattern, ...
	idx      int           // secondary order: array index, subschema index
	hidden   bool          // a $ref with one cause is not printed itself
	branch   int           // allOf branch index, to order merged causes
	missing  []missingProp // dependency misses, merged per property
	origins  []string      // evaluations the failure passed through, innermost first
	early    bool          // a type/const/enum/format/false-schema failure
	merge    string        // "allOf", "dependency", "propertyNames": merged with the same of its evaluation
	mergeKey string        // property whose dependency or name failed
	group    bool          // several failures of one evaluation ("validation failed")
}

// String returns the violation's own line, without its causes.
func (v *Violation) String() string {
	return "at " + quote(v.InstanceLocation) + ": " + v.Message
}

// write appends v and its causes the way Helm prints nested errors: each
// line on its own, "- " prefixed, indented two spaces per level.
func (v *Violation) write(sb *strings.Builder, depth int) {
	if v.hidden {
		for _, c := range v.Causes {
			c.write(sb, depth)
		}
		return
	}
	if sb.Len() > 0 {
		sb.WriteByte('\n')
	}
	for i := 0; i < depth; i++ {
		sb.WriteString("  ")
	}
	sb.WriteString("- ")
	sb.WriteString(v.String())
	for _, c := range v.Causes {
		c.write(sb, depth+1)
	}
}

// Lines returns v and its causes as printed lines.
func (v *Violation) Lines() []string {
	var sb strings.Builder
	v.write(&sb, 0)
	return strings.Split(sb.String(), "\n")
}

// formatViolations prints a list of top-level violations.
func formatViolations(vs []*Violation) string {
	var sb strings.Builder
	for _, v := range vs {
		v.write(&sb, 0)
	}
	return sb.String()
}

// Keyword ranks: the order in which Helm's validator evaluates keywords of
// one schema. Errors of one schema are sorted by rank, then by property
// name or index, which gives a deterministic order (Helm's own order
// depends on map iteration).
const (
	rankEarly = iota // type, const, enum, format, false schema: checked first, alone
	rankRef
	rankMinProperties
	rankMaxProperties
	rankRequired
	rankDependencies
	rankProperty // properties, patternProperties, additionalProperties (schema), per property name
	rankAdditionalProperties
	rankPropertyNames
	rankDependentSchemas
	rankDependentRequired
	rankMinItems
	rankMaxItems
	rankUniqueItems
	rankItem // prefixItems, items, additionalItems (schema), per index
	rankAdditionalItems
	rankContains
	rankMaxContains
	rankMinLength
	rankMaxLength
	rankPattern
	rankMinimum
	rankMaximum
	rankExclusiveMinimum
	rankExclusiveMaximum
	rankMultipleOf
	rankRecursiveRef
	rankDynamicRef
	rankNot
	rankAllOf
	rankAnyOf
	rankOneOf
	rankIfThenElse
	rankUnevaluatedProperties
	rankUnevaluatedItems
	rankOther
)

// sortViolations orders the failures of one schema.
func sortViolations(vs []*Violation) {
	slices.SortStableFunc(vs, func(a, b *Violation) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
}

// relocate gives v and all its causes the same instance location.
func relocate(v *Violation, tokens []string) {
	v.tokens = tokens
	v.InstanceLocation = pointer(tokens)
	for _, c := range v.Causes {
		relocate(c, tokens)
	}
}
