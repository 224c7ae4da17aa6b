package schema

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	v5 "github.com/santhosh-tekuri/jsonschema/v5"
)

// This file turns the error tree of the underlying validator
// (santhosh-tekuri/jsonschema/v5) into the tree and texts Helm's validator
// (jsonschema/v6) produces. The two differ in shape as well as in words:
//
//   - v5 wraps each failing allOf branch separately; v6 has one allOf error
//     whose causes are the failing branches.
//   - v5 wraps then/else failures; v6 reports them directly.
//   - v5 reports each missing dependency separately; v6 lists them together.
//   - v5 reports propertyNames failures at the property; v6 at the object,
//     with the causes relative to the name.
//   - v5 keeps checking a schema after const/enum/format fail; v6 stops at
//     the first of them.
//   - v6 numbers are printed through a localizing printer.
//
// Every v5 error carries a KeywordLocation: the path of keywords from the
// root schema, through $refs, to the failing keyword. The translation walks
// the tree while tracking the keyword location of the schema being
// evaluated (ctx); the tokens of an error's location after ctx say which
// keyword of that schema failed.

// translator holds what the messages need beyond the v5 errors.
type translator struct {
	root  any                   // the instance validated
	index map[string]*v5.Schema // compiled schemas by absolute location
	raw   func(loc string) (map[string]any, bool)
	// names maps the instance location of a property name checked by
	// propertyNames to the name: inside that check the name is the value.
	names map[string]string
	// metaschema is set when the instance is a schema checked against its
	// metaschema.
	metaschema bool
	// cycles are the failures that report a $ref cycle (see refcycle.go).
	cycles map[*v5.ValidationError]bool
}

// An evaluation is one schema applied to one value: the keyword location
// of the schema and the instance location of the value. Failures are
// translated within the evaluation they belong to.
type evaluation struct {
	kl  string
	loc []string
}

func (ev evaluation) id() string { return ev.kl + "\x00" + pointer(ev.loc) }

// at returns the evaluation of the subschema at keyword path kw applied to
// the same value.
func (ev evaluation) at(kw string) evaluation { return evaluation{ev.kl + "/" + kw, ev.loc} }

// child returns the evaluation of the subschema at keyword path kw applied
// to the child of the value that e reports about.
func (ev evaluation) child(kw string, e *v5.ValidationError) evaluation {
	loc := splitV5Pointer(e.InstanceLocation)
	n := len(ev.loc) + 1
	if len(loc) < n {
		return evaluation{ev.kl + "/" + kw, loc}
	}
	return evaluation{ev.kl + "/" + kw, loc[:n]}
}

// top translates the root error of a validation into Helm's top-level list.
func (t *translator) top(e *v5.ValidationError) []*Violation {
	root := evaluation{}
	var list []*Violation
	for _, c := range e.Causes {
		list = append(list, t.keyword(c, root)...)
	}
	return flatten(t.finish(list, root))
}

// flatten returns the causes of a group, or the violation itself.
func flatten(v *Violation) []*Violation {
	switch {
	case v == nil:
		return nil
	case v.group:
		return v.Causes
	}
	return []*Violation{v}
}

// result translates e, the error returned by evaluation ev. It returns nil
// when, translated, nothing failed.
func (t *translator) result(e *v5.ValidationError, ev evaluation) *Violation {
	var list []*Violation
	if e.KeywordLocation == ev.kl && e.Message == "" && len(e.Causes) > 0 {
		for _, c := range e.Causes {
			list = append(list, t.keyword(c, ev)...)
		}
	} else {
		list = t.keyword(e, ev)
	}
	return t.finish(list, ev)
}

// finish combines the failures of one evaluation the way v6 does: allOf
// branches, dependency misses and property name failures merged, only the
// first of type/const/enum/format kept, a group when more than one failure
// remains.
//
// v5 and v6 both flatten a group that is the only failure of a $ref target
// or of the root, so the failures of a deeper evaluation can arrive in the
// list of a shallower one. Each violation therefore records the
// evaluations it passed through (origins, innermost first), and merging and
// filtering look at those.
func (t *translator) finish(list []*Violation, ev evaluation) *Violation {
	list = slices.DeleteFunc(list, func(v *Violation) bool { return v == nil })
	list = mergeSiblings(list)
	list = earlyOnly(list)
	switch len(list) {
	case 0:
		return nil
	case 1:
		return list[0]
	}
	sortViolations(list)
	return &Violation{
		InstanceLocation: pointer(ev.loc),
		Message:          "validation failed",
		Causes:           list,
		tokens:           ev.loc,
		group:            true,
		branch:           -1,
	}
}

// earlyPriority is the order of the keywords v6 checks before all others,
// returning at the first failure.
var earlyPriority = map[string]int{"false": 0, "type": 1, "const": 2, "enum": 3, "format": 4}

// earlyOnly applies v6's early return: when an evaluation failed
// type/const/enum/format, only the first such failure is reported for it,
// and nothing else the evaluation produced.
func earlyOnly(list []*Violation) []*Violation {
	best := map[string]*Violation{}
	for _, v := range list {
		if !v.early || len(v.origins) == 0 {
			continue
		}
		id := v.origins[0]
		if b, ok := best[id]; !ok || earlyPriority[v.Keyword] < earlyPriority[b.Keyword] {
			best[id] = v
		}
	}
	if len(best) == 0 {
		return list
	}
	return slices.DeleteFunc(list, func(v *Violation) bool {
		for _, o := range v.origins {
			if b, ok := best[o]; ok && b != v {
				return true
			}
		}
		return false
	})
}

// mergeSiblings folds the per-branch allOf errors of one evaluation into
// one, the dependency misses of one property into one, and the failures of
// one property name into one.
func mergeSiblings(list []*Violation) []*Violation {
	var out []*Violation
	merged := map[string]*Violation{}
	var order []*Violation
	for _, v := range list {
		if v.merge == "" || len(v.origins) == 0 {
			out = append(out, v)
			continue
		}
		k := v.merge + "\x00" + v.Keyword + "\x00" + v.origins[0] + "\x00" + v.mergeKey
		if m, ok := merged[k]; ok {
			m.Causes = append(m.Causes, v.Causes...)
			m.missing = append(m.missing, v.missing...)
			continue
		}
		merged[k] = v
		order = append(order, v)
		out = append(out, v)
	}
	for _, m := range order {
		switch m.merge {
		case "allOf":
			slices.SortStableFunc(m.Causes, func(a, b *Violation) int { return a.branch - b.branch })
		case "propertyNames":
			m.Causes = earlyOnly(mergeSiblings(m.Causes))
			sortViolations(m.Causes)
		case "dependency":
			slices.SortStableFunc(m.missing, func(a, b missingProp) int { return a.i - b.i })
			names := make([]string, len(m.missing))
			for i, mp := range m.missing {
				names[i] = quote(mp.name)
			}
			m.Message = "properties " + strings.Join(names, ", ") + " required, if " + quote(m.mergeKey) + " exists"
		}
	}
	return out
}

// relTokens returns the keyword tokens of kl below ctx.
func relTokens(kl, ctx string) ([]string, bool) {
	if kl == ctx {
		return nil, true
	}
	if !strings.HasPrefix(kl, ctx+"/") {
		return nil, false
	}
	return strings.Split(kl[len(ctx)+1:], "/"), true
}

func isIndex(tok string) bool {
	if tok == "" {
		return false
	}
	for _, c := range tok {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func leaf(tokens []string, keyword, msg string, rank int) *Violation {
	return &Violation{
		InstanceLocation: pointer(tokens),
		Keyword:          keyword,
		Message:          msg,
		tokens:           tokens,
		rank:             rank,
		early:            rank == rankEarly,
		branch:           -1,
	}
}

// keyword translates one v5 error that reports a failure of a keyword of
// the schema of evaluation ev. The result has zero or more violations (zero
// when the failure does not exist for v6).
func (t *translator) keyword(e *v5.ValidationError, ev evaluation) []*Violation {
	out := t.keyword1(e, ev)
	id := ev.id()
	for _, v := range out {
		v.origins = append(v.origins, id)
	}
	return out
}

func (t *translator) keyword1(e *v5.ValidationError, ev evaluation) []*Violation {
	loc := splitV5Pointer(e.InstanceLocation)
	toks, ok := relTokens(e.KeywordLocation, ev.kl)
	if !ok {
		return []*Violation{leaf(loc, "", e.Message, rankOther)}
	}
	if len(toks) == 0 {
		switch {
		case e.Message == "not allowed":
			return []*Violation{leaf(loc, "false", "false schema", rankEarly)}
		case t.cycles[e]:
			return []*Violation{leaf(loc, "$ref", e.Message, rankEarly)}
		case e.Message == "" && len(e.Causes) > 0:
			var out []*Violation
			for _, c := range e.Causes {
				out = append(out, t.keyword(c, ev)...)
			}
			return out
		}
		return []*Violation{leaf(loc, "", e.Message, rankOther)}
	}
	kw := toks[0]
	one := func(v *Violation) []*Violation {
		if v == nil {
			return nil
		}
		return []*Violation{v}
	}
	switch kw {
	case "$ref", "$recursiveRef", "$dynamicRef":
		sub := ev.at(kw)
		var list []*Violation
		for _, c := range e.Causes {
			list = append(list, t.keyword(c, sub)...)
		}
		r := t.finish(list, sub)
		if r == nil {
			return nil
		}
		v := leaf(ev.loc, kw, "validation failed", map[string]int{"$ref": rankRef, "$recursiveRef": rankRecursiveRef, "$dynamicRef": rankDynamicRef}[kw])
		v.Causes = flatten(r)
		v.hidden = len(v.Causes) == 1
		return one(v)

	case "properties", "patternProperties":
		if len(toks) < 2 {
			break
		}
		sub := ev.child(kw+"/"+toks[1], e)
		r := t.result(e, sub)
		if r != nil {
			r.rank, r.key = rankProperty, lastToken(sub.loc)
			if kw == "patternProperties" {
				r.idx = 1
			}
		}
		return one(r)

	case "dependentSchemas", "dependencies":
		if len(toks) < 2 {
			break
		}
		if kw == "dependencies" && len(toks) == 3 && isIndex(toks[2]) && strings.HasPrefix(e.Message, "property ") {
			return one(t.dependency(e, ev.loc, "dependencies", toks[2], rankDependencies))
		}
		r := t.result(e, ev.at(kw+"/"+toks[1]))
		if r != nil {
			r.rank, r.key = rankDependencies, unescapeToken(toks[1])
			if kw == "dependentSchemas" {
				r.rank = rankDependentSchemas
			}
		}
		return one(r)

	case "dependentRequired":
		if len(toks) == 3 {
			return one(t.dependency(e, ev.loc, "dependentRequired", toks[2], rankDependentRequired))
		}

	case "additionalProperties":
		if len(toks) == 1 && strings.HasPrefix(e.Message, "additionalProperties ") {
			return one(t.additionalProperties(e, ev.loc))
		}
		sub := ev.child(kw, e)
		r := t.result(e, sub)
		if r != nil {
			r.rank, r.key, r.idx = rankProperty, lastToken(sub.loc), 2
		}
		return one(r)

	case "unevaluatedProperties":
		sub := ev.child(kw, e)
		r := t.result(e, sub)
		if r != nil {
			r.rank, r.key = rankUnevaluatedProperties, lastToken(sub.loc)
		}
		return one(r)

	case "propertyNames":
		return one(t.propertyNames(e, ev))

	case "items", "prefixItems":
		path := kw
		if len(toks) > 1 && isIndex(toks[1]) {
			path += "/" + toks[1]
		}
		sub := ev.child(path, e)
		r := t.result(e, sub)
		if r != nil {
			r.rank, r.idx = rankItem, indexToken(sub.loc)
		}
		return one(r)

	case "additionalItems":
		if len(toks) == 1 && strings.HasPrefix(e.Message, "only ") {
			n := numbers(e.Message)
			if len(n) == 2 {
				return one(leaf(ev.loc, kw, "last "+localInt(n[1]-n[0])+" additionalItem(s) not allowed", rankAdditionalItems))
			}
			break
		}
		sub := ev.child(kw, e)
		r := t.result(e, sub)
		if r != nil {
			r.rank, r.idx = rankItem, indexToken(sub.loc)
		}
		return one(r)

	case "unevaluatedItems":
		sub := ev.child(kw, e)
		r := t.result(e, sub)
		if r != nil {
			r.rank, r.idx = rankUnevaluatedItems, indexToken(sub.loc)
		}
		return one(r)

	case "minContains":
		return one(t.minContains(e, ev))
	case "maxContains":
		return one(t.maxContains(e, ev.loc))

	case "not":
		return one(leaf(ev.loc, "not", "'not' failed", rankNot))

	case "allOf":
		if len(toks) != 2 || !isIndex(toks[1]) || len(e.Causes) != 1 {
			break
		}
		r := t.result(e.Causes[0], ev.at("allOf/"+toks[1]))
		if r == nil {
			return nil
		}
		r.branch, _ = strconv.Atoi(toks[1])
		v := leaf(ev.loc, "allOf", "'allOf' failed", rankAllOf)
		v.merge = "allOf"
		v.Causes = []*Violation{r}
		return one(v)

	case "anyOf", "oneOf":
		if kw == "oneOf" && strings.HasPrefix(e.Message, "valid against schemas at indexes ") {
			n := numbers(e.Message)
			if len(n) == 2 {
				return one(leaf(ev.loc, kw, "'oneOf' failed, subschemas "+localInt(n[0])+", "+localInt(n[1])+" matched", rankOneOf))
			}
			break
		}
		return one(t.anyOneOf(e, kw, ev))

	case "then", "else":
		if len(e.Causes) != 1 {
			break
		}
		r := t.result(e.Causes[0], ev.at(kw))
		if r != nil {
			r.rank = rankIfThenElse
		}
		return one(r)

	default:
		if len(toks) == 1 {
			if v, ok := t.simple(e, kw, loc); ok {
				return one(v)
			}
		}
	}
	return []*Violation{leaf(loc, kw, e.Message, rankOther)}
}

// missingProp is one property reported missing by a dependency.
type missingProp struct {
	name string
	i    int
}

// dependency translates one "property X is required, if Y property exists"
// error; mergeSiblings joins the ones of the same property.
func (t *translator) dependency(e *v5.ValidationError, loc []string, kw, itok string, rank int) *Violation {
	names := quotedList(e.Message)
	if len(names) != 2 {
		return leaf(loc, kw, e.Message, rankOther)
	}
	i, _ := strconv.Atoi(itok)
	v := leaf(loc, kw, "", rank)
	v.merge = "dependency"
	v.key = names[1]
	v.mergeKey = names[1]
	v.missing = []missingProp{{names[0], i}}
	v.Message = "properties " + quote(names[0]) + " required, if " + quote(names[1]) + " exists"
	return v
}

// schemaOf returns the compiled schema that owns the keyword at the end of
// e's absolute keyword location, ntok tokens long.
func (t *translator) schemaOf(e *v5.ValidationError, ntok int) *v5.Schema {
	loc := e.AbsoluteKeywordLocation
	for i := 0; i < ntok; i++ {
		j := strings.LastIndexByte(loc, '/')
		if j < 0 {
			return nil
		}
		loc = loc[:j]
	}
	return t.index[loc]
}

// instance returns the value at loc.
func (t *translator) instance(loc []string) (any, bool) {
	if name, ok := t.names[pointer(loc)]; ok {
		return name, true
	}
	return lookup(t.root, loc)
}

// simple translates the one-token keywords that need no recursion.
func (t *translator) simple(e *v5.ValidationError, kw string, loc []string) (*Violation, bool) {
	if kw == "format" {
		return t.format(e, loc)
	}
	v := t.simple1(e, kw, loc)
	return v, v != nil
}

func (t *translator) simple1(e *v5.ValidationError, kw string, loc []string) *Violation {
	val, _ := t.instance(loc)
	n := numbers(e.Message)
	count := func(rank int) *Violation {
		if len(n) != 2 {
			return nil
		}
		// v5 prints "<want> ... <got>"
		return leaf(loc, kw, kw+": got "+localInt(n[1])+", want "+localInt(n[0]), rank)
	}
	switch kw {
	case "type":
		return leaf(loc, kw, "got "+jsonType(val)+", want "+strings.Join(t.types(e), " or "), rankEarly)
	case "const":
		s := t.schemaOf(e, 1)
		if s == nil || len(s.Constant) == 0 {
			return nil
		}
		switch c := s.Constant[0].(type) {
		case []any, map[string]any:
			return leaf(loc, kw, "'const' failed", rankEarly)
		default:
			return leaf(loc, kw, "value must be "+display(c), rankEarly)
		}
	case "enum":
		return leaf(loc, kw, enumMessage(t.enumValues(e)), rankEarly)
	case "minProperties":
		return count(rankMinProperties)
	case "maxProperties":
		return count(rankMaxProperties)
	case "minItems":
		return count(rankMinItems)
	case "maxItems":
		return count(rankMaxItems)
	case "minLength":
		return count(rankMinLength)
	case "maxLength":
		return count(rankMaxLength)
	case "required":
		return leaf(loc, kw, requiredMessage(t.missing(e, val)), rankRequired)
	case "uniqueItems":
		if len(n) != 2 {
			return nil
		}
		return leaf(loc, kw, "items at "+localInt(n[0])+" and "+localInt(n[1])+" are equal", rankUniqueItems)
	case "pattern":
		str, _ := val.(string)
		pat, ok := strings.CutPrefix(e.Message, "does not match pattern ")
		if !ok {
			return nil
		}
		return leaf(loc, kw, quote(str)+" does not match pattern "+pat, rankPattern)
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf":
		got, ok := ratFloat(val)
		if !ok {
			return nil
		}
		want, ok := t.bound(e, kw)
		if !ok {
			return nil
		}
		rank := map[string]int{"minimum": rankMinimum, "maximum": rankMaximum,
			"exclusiveMinimum": rankExclusiveMinimum, "exclusiveMaximum": rankExclusiveMaximum,
			"multipleOf": rankMultipleOf}[kw]
		return leaf(loc, kw, kw+": got "+localFloat(got)+", want "+localFloat(want), rank)
	}
	return nil
}

// format translates a format failure. It reports ok with a nil violation
// when Helm's validator would not fail: formats are annotations for 2019-09
// and 2020-12 schemas (v5 asserts them when $schema is absent). Metaschema
// checks assert formats for every draft.
func (t *translator) format(e *v5.ValidationError, loc []string) (*Violation, bool) {
	val, _ := t.instance(loc)
	name := ""
	if s := t.schemaOf(e, 1); s != nil {
		if draftOf(s) >= 2019 && !t.metaschema {
			return nil, true
		}
		name = s.Format
	} else if q := quotedList(e.Message); len(q) > 0 {
		name = q[len(q)-1]
	}
	err := checkFormat(name, val)
	if err == nil {
		return nil, true
	}
	return leaf(loc, "format", display(val)+" is not valid "+name+": "+err.Error(), rankEarly), true
}

// typeOrder is the order in which v6 lists wanted types.
var typeOrder = []string{"null", "boolean", "number", "integer", "string", "array", "object"}

// types returns the wanted types of a failed "type" keyword, in v6 order.
func (t *translator) types(e *v5.ValidationError) []string {
	var want []string
	if s := t.schemaOf(e, 1); s != nil && len(s.Types) > 0 {
		want = s.Types
	} else if rest, ok := strings.CutPrefix(e.Message, "expected "); ok {
		rest, _, _ = strings.Cut(rest, ", but got ")
		want = strings.Split(rest, " or ")
	}
	var out []string
	for _, name := range typeOrder {
		if slices.Contains(want, name) {
			out = append(out, name)
		}
	}
	return out
}

// enumValues returns the allowed values of a failed "enum" keyword.
func (t *translator) enumValues(e *v5.ValidationError) []any {
	if s := t.schemaOf(e, 1); s != nil && s.Enum != nil {
		return s.Enum
	}
	// Fallback: v5's message lists Go-quoted primitives.
	rest, ok := strings.CutPrefix(e.Message, "value must be one of ")
	if !ok {
		rest, ok = strings.CutPrefix(e.Message, "value must be ")
	}
	if !ok {
		return []any{[]any{}} // prints "'enum' failed"
	}
	var out []any
	for _, part := range strings.Split(rest, ", ") {
		if s, err := strconv.Unquote(part); err == nil {
			out = append(out, s)
		} else {
			out = append(out, jsonNumber(part))
		}
	}
	return out
}

func enumMessage(want []any) string {
	for _, w := range want {
		switch w.(type) {
		case []any, map[string]any:
			return "'enum' failed"
		}
	}
	if len(want) == 1 {
		return "value must be " + display(want[0])
	}
	parts := make([]string, len(want))
	for i, w := range want {
		parts[i] = display(w)
	}
	return "value must be one of " + strings.Join(parts, ", ")
}

// missing returns the required properties absent from obj.
func (t *translator) missing(e *v5.ValidationError, obj any) []string {
	m, _ := obj.(map[string]any)
	if s := t.schemaOf(e, 1); s != nil && m != nil {
		var out []string
		for _, name := range s.Required {
			if _, ok := m[name]; !ok {
				out = append(out, name)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return quotedList(e.Message)
}

func requiredMessage(missing []string) string {
	if len(missing) == 1 {
		return "missing property " + quote(missing[0])
	}
	parts := make([]string, len(missing))
	for i, m := range missing {
		parts[i] = quote(m)
	}
	return "missing properties " + strings.Join(parts, ", ")
}

// bound returns the schema value of a numeric keyword as float64.
func (t *translator) bound(e *v5.ValidationError, kw string) (float64, bool) {
	if s := t.schemaOf(e, 1); s != nil {
		var r *big.Rat
		switch kw {
		case "minimum":
			r = s.Minimum
		case "maximum":
			r = s.Maximum
		case "exclusiveMinimum":
			r = s.ExclusiveMinimum
		case "exclusiveMaximum":
			r = s.ExclusiveMaximum
		case "multipleOf":
			r = s.MultipleOf
		}
		if r != nil {
			f, _ := r.Float64()
			return f, true
		}
	}
	// v5 messages: "must be >= W but found G", "G not multipleOf W".
	var w string
	if kw == "multipleOf" {
		i := strings.LastIndex(e.Message, " ")
		w = e.Message[i+1:]
	} else if rest, ok := strings.CutPrefix(e.Message, "must be "); ok {
		_, rest, _ = strings.Cut(rest, " ")
		w, _, _ = strings.Cut(rest, " but found ")
	}
	f, err := strconv.ParseFloat(w, 64)
	return f, err == nil
}

// additionalProperties lists, sorted, the properties of the object that no
// properties or patternProperties entry covers.
func (t *translator) additionalProperties(e *v5.ValidationError, loc []string) *Violation {
	var names []string
	obj, _ := t.instance(loc)
	m, _ := obj.(map[string]any)
	if s := t.schemaOf(e, 1); s != nil && m != nil {
	next:
		for k := range m {
			if _, ok := s.Properties[k]; ok {
				continue
			}
			for re := range s.PatternProperties {
				if re.MatchString(k) {
					continue next
				}
			}
			names = append(names, k)
		}
	} else {
		names = quotedList(e.Message)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = quote(n)
	}
	return leaf(loc, "additionalProperties", "additional properties "+strings.Join(parts, ", ")+" not allowed", rankAdditionalProperties)
}

// propertyNames reports a property name failing the propertyNames schema
// at the object, the causes relative to the name.
func (t *translator) propertyNames(e *v5.ValidationError, ev evaluation) *Violation {
	sub := ev.child("propertyNames", e)
	if len(sub.loc) != len(ev.loc)+1 {
		return leaf(ev.loc, "propertyNames", e.Message, rankOther)
	}
	name := sub.loc[len(sub.loc)-1]
	if t.names == nil {
		t.names = map[string]string{}
	}
	key := pointer(sub.loc)
	t.names[key] = name
	r := t.result(e, sub)
	delete(t.names, key)
	if r == nil {
		return nil
	}
	v := leaf(ev.loc, "propertyNames", "invalid propertyName "+quote(name), rankPropertyNames)
	v.key = name
	v.merge = "propertyNames"
	v.mergeKey = name
	v.Causes = flatten(r)
	for _, c := range v.Causes {
		relocate(c, nil)
	}
	return v
}

// anyOneOf translates a failed anyOf or an oneOf that no branch matched.
// A branch whose failure does not exist for v6 matched after all.
func (t *translator) anyOneOf(e *v5.ValidationError, kw string, ev evaluation) *Violation {
	var causes []*Violation
	var matched []int
	for _, c := range e.Causes {
		toks, ok := relTokens(c.KeywordLocation, ev.kl+"/"+kw)
		if !ok || len(toks) == 0 || !isIndex(toks[0]) {
			causes = append(causes, leaf(splitV5Pointer(c.InstanceLocation), "", c.Message, rankOther))
			continue
		}
		i, _ := strconv.Atoi(toks[0])
		r := t.result(c, ev.at(kw+"/"+toks[0]))
		if r == nil {
			matched = append(matched, i)
			continue
		}
		causes = append(causes, r)
	}
	if kw == "anyOf" {
		if len(matched) > 0 {
			return nil
		}
		v := leaf(ev.loc, kw, "'anyOf' failed", rankAnyOf)
		v.Causes = causes
		return v
	}
	switch len(matched) {
	case 0:
		v := leaf(ev.loc, kw, "'oneOf' failed, none matched", rankOneOf)
		v.Causes = causes
		return v
	case 1:
		return nil
	}
	return leaf(ev.loc, kw, "'oneOf' failed, subschemas "+localInt(int64(matched[0]))+", "+localInt(int64(matched[1]))+" matched", rankOneOf)
}

// minContains translates v5's contains failure: v6 says "no items match
// contains schema" unless the schema sets minContains.
func (t *translator) minContains(e *v5.ValidationError, ev evaluation) *Violation {
	loc := ev.loc
	arr, _ := t.instance(loc)
	items, _ := arr.([]any)
	failed := map[int]bool{}
	var causes []*Violation
	for _, c := range e.Causes {
		cl := splitV5Pointer(c.InstanceLocation)
		if len(cl) > len(loc) {
			if i, err := strconv.Atoi(cl[len(loc)]); err == nil {
				failed[i] = true
			}
		}
		if r := t.result(c, ev.child("contains", c)); r != nil {
			causes = append(causes, r)
		}
	}
	n := numbers(e.Message)
	explicit := false
	if s := t.schemaOf(e, 1); s != nil {
		explicit = s.MinContains != 1
		if !explicit && draftOf(s) >= 2019 {
			if raw, ok := t.raw(s.Location); ok {
				_, explicit = raw["minContains"]
			}
		}
	}
	var v *Violation
	if !explicit || len(n) != 2 {
		v = leaf(loc, "contains", "no items match contains schema", rankContains)
	} else {
		var matched []int
		for i := range items {
			if !failed[i] {
				matched = append(matched, i)
			}
		}
		if len(matched) == 0 {
			v = leaf(loc, "minContains", "min "+localInt(n[0])+" items required to match contains schema, but none matched", rankContains)
		} else {
			v = leaf(loc, "minContains", "min "+localInt(n[0])+" items required to match contains schema, but matched "+
				localInt(int64(len(matched)))+" items at "+intList(matched), rankContains)
		}
	}
	v.Causes = causes
	return v
}

// maxContains translates a maxContains failure; the matching indexes are
// found by validating the items against the contains schema again.
func (t *translator) maxContains(e *v5.ValidationError, loc []string) *Violation {
	n := numbers(e.Message)
	s := t.schemaOf(e, 1)
	arr, _ := t.instance(loc)
	items, _ := arr.([]any)
	if s == nil || s.Contains == nil || len(n) != 2 {
		return leaf(loc, "maxContains", e.Message, rankMaxContains)
	}
	var matched []int
	for i, it := range items {
		if s.Contains.Validate(it) == nil {
			matched = append(matched, i)
		}
	}
	return leaf(loc, "maxContains", "max "+localInt(n[0])+" items required to match contains schema, but matched "+
		localInt(int64(len(matched)))+" items at "+intList(matched), rankMaxContains)
}

// intList prints indexes as fmt prints a []int, without the brackets.
func intList(is []int) string {
	s := fmt.Sprint(is)
	return s[1 : len(s)-1]
}

var numberRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-?[0-9]+`) })

// numbers returns the integers in a v5 message, outside quoted strings.
func numbers(msg string) []int64 {
	var out []int64
	for _, m := range numberRE().FindAllString(stripQuoted(msg), -1) {
		n, err := strconv.ParseInt(m, 10, 64)
		if err == nil {
			out = append(out, n)
		}
	}
	return out
}

// stripQuoted removes single-quoted parts from msg.
func stripQuoted(msg string) string {
	if !strings.Contains(msg, "'") {
		return msg
	}
	var sb strings.Builder
	in := false
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		switch {
		case in && c == '\\':
			i++
		case c == '\'':
			in = !in
		case !in:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

func lastToken(loc []string) string {
	if len(loc) == 0 {
		return ""
	}
	return loc[len(loc)-1]
}

func indexToken(loc []string) int {
	i, err := strconv.Atoi(lastToken(loc))
	if err != nil {
		return -1
	}
	return i
}

// unescapeToken turns a v5 keyword location token into the raw name.
func unescapeToken(tok string) string {
	t := splitV5Pointer("/" + tok)
	if len(t) == 1 {
		return t[0]
	}
	return tok
}

// draftOf returns the draft version of a compiled schema.
func draftOf(s *v5.Schema) int {
	switch s.Draft {
	case v5.Draft4:
		return 4
	case v5.Draft6:
		return 6
	case v5.Draft7:
		return 7
	case v5.Draft2019:
		return 2019
	}
	return 2020
}
