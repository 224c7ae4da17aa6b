package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	v5 "github.com/santhosh-tekuri/jsonschema/v5"
)

// Reference cycles.
//
// A schema can reach itself again on the same value through $ref, alone or
// together with in-place keywords (allOf, anyOf, oneOf, not, if, then,
// else, dependentSchemas, dependencies): {"$ref": "#"}, two $defs that refer
// to each other, {"allOf": [{"$ref": "#"}]}. Helm's validator compiles such
// a schema and fails an evaluation only when it reaches the cycle, as an
// ordinary failure of the schema entered the second time: "both K1 and K2
// resolve to URL causing reference cycle", where K1 and K2 are the keyword
// paths (from the root, a $ref written as /$ref) of the two entries and URL
// the schema's location. An unreached cycle, or one inside a "not" or an
// "anyOf" branch that is not needed, changes nothing.
//
// The underlying validator rejects these schemas when compiling them. So,
// before compiling, the $refs that belong to a cycle of the document's
// in-place graph are renamed to cycleRefKeyword, a keyword of our own (an
// extension) that applies its target as $ref does, after checking whether
// the target is already being evaluated on the same value.

// cycleRefKeyword is the name a cyclic $ref is given in the document handed
// to the underlying validator.
const cycleRefKeyword = "$chartrender:cycleRef"

// inPlaceKeywords apply their subschemas to the value itself; structure
// maps each to the shape of its value.
var inPlaceKeywords = map[string]bool{
	"allOf": true, "anyOf": true, "oneOf": true, "not": true, "if": true, "then": true, "else": true,
	"dependentSchemas": true, "dependencies": true,
}

// valueKeywords apply their subschemas to a part of the value (a property,
// an item, a property name).
var valueKeywords = map[string]bool{
	"properties": true, "patternProperties": true, "additionalProperties": true,
	"items": true, "prefixItems": true, "additionalItems": true, "contains": true,
	"unevaluatedProperties": true, "unevaluatedItems": true, "propertyNames": true,
}

// Shapes of a keyword's value that hold subschemas.
const (
	oneSchema = iota
	schemaList
	schemaMap
)

var subschemaKeywords = map[string]int{
	"not": oneSchema, "if": oneSchema, "then": oneSchema, "else": oneSchema,
	"additionalItems": oneSchema, "additionalProperties": oneSchema, "contains": oneSchema,
	"propertyNames": oneSchema, "unevaluatedProperties": oneSchema, "unevaluatedItems": oneSchema,
	"contentSchema": oneSchema, "items": oneSchema,
	"allOf": schemaList, "anyOf": schemaList, "oneOf": schemaList, "prefixItems": schemaList,
	"properties": schemaMap, "patternProperties": schemaMap, "$defs": schemaMap, "definitions": schemaMap,
	"dependentSchemas": schemaMap, "dependencies": schemaMap,
}

// keywordsBesideRef are kept next to a renamed $ref in drafts 4 to 7,
// where the other keywords of a $ref object are ignored: none of them
// validates.
var keywordsBesideRef = map[string]bool{
	"$ref": true, "$schema": true, "$comment": true, "definitions": true, "$defs": true,
	"title": true, "description": true, "default": true, "examples": true,
}

// cyclicRefs returns the objects whose $ref closes a cycle of in-place
// evaluation in doc, the main schema document. It returns nil when there is
// none or when the document uses constructs this analysis does not follow
// (embedded $ids; in drafts 4 to 7, a $ref pointing into the ignored
// keywords beside a cyclic $ref).
func cyclicRefs(doc any, draft int) []cyclicRef {
	type node struct {
		tokens []string
		obj    map[string]any
		edges  []int // in-place successors
		ref    string
	}
	var nodes []*node
	ids := map[string]int{}
	anchors := map[string]string{}
	nested := false
	var walk func(v any, tokens []string, depth int)
	walk = func(v any, tokens []string, depth int) {
		m, ok := v.(map[string]any)
		if !ok || depth > DefaultMaxSchemaDepth {
			return
		}
		idKey := "$id"
		if draft == 4 {
			idKey = "id"
		}
		if _, ok := m[idKey].(string); ok {
			nested = true
		}
		if a, ok := m["$anchor"].(string); ok {
			anchors[a] = pointer(tokens)
		}
		n := &node{tokens: tokens, obj: m}
		n.ref, _ = m["$ref"].(string)
		ids[pointer(tokens)] = len(nodes)
		nodes = append(nodes, n)
		for kw, shape := range subschemaKeywords {
			sub, ok := m[kw]
			if !ok {
				continue
			}
			child := func(t ...string) []string { return append(slices.Clip(tokens), t...) }
			switch s := sub.(type) {
			case map[string]any:
				if shape == schemaMap {
					for k, e := range s {
						walk(e, child(kw, k), depth+2)
					}
				} else {
					walk(s, child(kw), depth+1)
				}
			case []any:
				if shape == schemaList || kw == "items" {
					for i, e := range s {
						walk(e, child(kw, fmt.Sprint(i)), depth+2)
					}
				}
			}
		}
	}
	walk(doc, nil, 0)
	if nested {
		return nil
	}
	// Edges: in-place subschemas and $refs within the document.
	for _, n := range nodes {
		for kw := range inPlaceKeywords {
			sub, ok := n.obj[kw]
			if !ok {
				continue
			}
			add := func(t ...string) {
				if j, ok := ids[pointer(append(slices.Clip(n.tokens), t...))]; ok {
					n.edges = append(n.edges, j)
				}
			}
			switch s := sub.(type) {
			case map[string]any:
				if subschemaKeywords[kw] == schemaMap {
					for k := range s {
						add(kw, k)
					}
				} else {
					add(kw)
				}
			case []any:
				for i := range s {
					add(kw, fmt.Sprint(i))
				}
			}
		}
	}
	refTarget := map[int]int{}
	for i, n := range nodes {
		if n.ref == "" {
			continue
		}
		frag, ok := strings.CutPrefix(strings.TrimPrefix(n.ref, ResourceURL), "#")
		if !ok {
			continue
		}
		target := ""
		switch {
		case frag == "" || strings.HasPrefix(frag, "/"):
			target = pointer(splitV5Pointer(frag))
		default:
			if target, ok = anchors[frag]; !ok {
				continue
			}
		}
		if j, ok := ids[target]; ok {
			n.edges = append(n.edges, j)
			refTarget[i] = j
		}
	}

	// Strongly connected components (Tarjan's algorithm).
	index := make([]int, len(nodes))
	low := make([]int, len(nodes))
	comp := make([]int, len(nodes))
	onStack := make([]bool, len(nodes))
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next, ncomp := 0, 0
	var connect func(v int)
	connect = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range nodes[v].edges {
			if index[w] < 0 {
				connect(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	for i := range nodes {
		if index[i] < 0 {
			connect(i)
		}
	}

	var out []cyclicRef
	for i, n := range nodes {
		j, ok := refTarget[i]
		if !ok || comp[i] != comp[j] {
			continue
		}
		r := cyclicRef{tokens: n.tokens}
		if draft < 2019 {
			// The keywords beside the $ref are ignored; once it is renamed
			// they would not be, so they are dropped, unless a $ref points
			// into them.
			for k := range n.obj {
				if keywordsBesideRef[k] {
					continue
				}
				under := pointer(append(slices.Clip(n.tokens), k))
				for _, t := range refTarget {
					if p := pointer(nodes[t].tokens); p == under || strings.HasPrefix(p, under+"/") {
						return nil
					}
				}
				r.drop = append(r.drop, k)
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b cyclicRef) int { return strings.Compare(pointer(a.tokens), pointer(b.tokens)) })
	return out
}

// cyclicRef is an object whose $ref closes a cycle (tokens: its JSON
// pointer), with the keywords beside it that are to be dropped.
type cyclicRef struct {
	tokens []string
	drop   []string
}

// renameCyclicRefs returns the schema text to compile: schemaJSON itself,
// or, when doc has cyclic $refs, a copy in which they are renamed to
// cycleRefKeyword. It reports whether it renamed any.
func renameCyclicRefs(schemaJSON []byte, doc any) ([]byte, any, bool) {
	if !strings.Contains(string(schemaJSON), `"$ref"`) {
		return schemaJSON, doc, false
	}
	refs := cyclicRefs(doc, mainDraft(doc))
	if len(refs) == 0 {
		return schemaJSON, doc, false
	}
	clone, err := decodeJSON(schemaJSON)
	if err != nil {
		return schemaJSON, doc, false
	}
	for _, r := range refs {
		v, _ := lookup(clone, r.tokens)
		m, ok := v.(map[string]any)
		if !ok {
			// Inside keywords dropped beside an earlier renamed $ref
			// (drafts 4 to 7): ignored anyway.
			continue
		}
		m[cycleRefKeyword] = m["$ref"]
		delete(m, "$ref")
		for _, k := range r.drop {
			delete(m, k)
		}
	}
	out, err := json.Marshal(clone)
	if err != nil {
		return schemaJSON, doc, false
	}
	return out, clone, true
}

// cycleState is what the renamed $refs of one compiled schema share: the
// compiled schemas, to follow an evaluation's keyword path, and the cycle
// failures of the running validation, for the translation.
type cycleState struct {
	root   *v5.Schema
	index  map[string]*v5.Schema
	cycles map[*v5.ValidationError]bool
}

type cycleRefCompiler struct{ st *cycleState }

func (c cycleRefCompiler) Compile(ctx v5.CompilerContext, m map[string]any) (v5.ExtSchema, error) {
	ref, ok := m[cycleRefKeyword].(string)
	if !ok {
		return nil, nil
	}
	// Compiled as not applying to the same value, so that the compiler's
	// own cycle check does not follow it.
	target, err := ctx.CompileRef(ref, "$ref", false)
	if err != nil {
		return nil, err
	}
	return &cycleRef{st: c.st, target: target}, nil
}

// cycleRef is a renamed $ref.
type cycleRef struct {
	st     *cycleState
	target *v5.Schema
}

func (r *cycleRef) Validate(ctx v5.ValidationContext, v any) error {
	here := ctx.Error("$ref", "doesn't validate with %s", r.target.Location)
	if first, ok := r.st.entered(here.KeywordLocation, r.target); ok {
		e := ctx.Error("$ref", "both %s and %s resolve to %q causing reference cycle", here.KeywordLocation, first, r.target.Location)
		if r.st.cycles != nil {
			r.st.cycles[e] = true
		}
		here.Causes = []*v5.ValidationError{e}
		return here
	}
	err := ctx.Validate(r.target, "$ref", v, "")
	if err == nil {
		return nil
	}
	// As the underlying validator wraps the failure of a $ref.
	if ve, ok := err.(*v5.ValidationError); ok {
		if ve.Message == "" {
			here.Causes = ve.Causes
		} else {
			here.Causes = []*v5.ValidationError{ve}
		}
		return here
	}
	return err
}

// refOf returns the target of the $ref (renamed or not) of s.
func refOf(s *v5.Schema) *v5.Schema {
	if s.Ref != nil {
		return s.Ref
	}
	if r, ok := s.Extensions[cycleRefKeyword].(*cycleRef); ok {
		return r.target
	}
	return nil
}

// entered reports whether target is already being evaluated on the value
// that the $ref at keyword path kl is applied to, and if so, the keyword
// path at which it was entered. It follows kl from the root schema; the
// schemas entered since the last keyword that moved to a part of the
// value are the ones evaluated on the same value.
func (st *cycleState) entered(kl string, target *v5.Schema) (string, bool) {
	if st.root == nil {
		return "", false
	}
	toks := strings.Split(strings.TrimPrefix(kl, "/"), "/")
	type entry struct{ loc, kl string }
	cur := st.root
	path := ""
	same := []entry{{cur.Location, ""}}
	for i := 0; i < len(toks)-1; i++ {
		tok := toks[i]
		var next *v5.Schema
		step := tok
		switch tok {
		case "$ref":
			next = refOf(cur)
		case "$recursiveRef", "$dynamicRef":
			return "", false // resolved at run time; not followed
		default:
			next = st.index[cur.Location+"/"+tok]
			if next == nil && i+1 < len(toks)-1 {
				i++
				step = tok + "/" + toks[i]
				next = st.index[cur.Location+"/"+step]
			}
		}
		if next == nil {
			return "", false
		}
		path += "/" + step
		if valueKeywords[tok] {
			same = same[:0]
		}
		same = append(same, entry{next.Location, path})
		cur = next
	}
	for _, e := range same {
		if e.loc == target.Location {
			return e.kl, true
		}
	}
	return "", false
}
