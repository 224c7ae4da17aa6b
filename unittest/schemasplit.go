package unittest

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/schema"
)

// schemaSplit speeds up the schema check of many tests of one chart. When
// the chart's values.schema.json constrains only the properties of the
// top-level object (each with its own subschema), the values pass it
// exactly when each top-level value passes its property's subschema. Each
// test changes few top-level values, so the runner remembers which values
// passed and checks only the others, against one-property schemas compiled
// from the chart's. Any failure, and any chart whose schema does not split
// this way, goes through the full check, which gives Helm's error.
type schemaSplit struct {
	ok   bool
	subs map[string][]byte // top-level property -> {"properties": {name: subschema}, "$defs": ...}
	deps map[string]bool   // subchart names: their values depend on more than their own key
	memo sync.Map          // memo key -> struct{}: values that passed
}

// splittable top-level keywords: any other keyword constrains the object as
// a whole.
var splitKeywords = map[string]bool{
	"$schema": true, "$id": true, "id": true, "type": true, "properties": true, "additionalProperties": true,
	"$defs": true, "definitions": true, "title": true, "description": true, "$comment": true, "default": true, "examples": true,
}

func newSchemaSplit(c *chart.Chart) *schemaSplit {
	sp := &schemaSplit{}
	if c.Schema == nil || anySubchart(c, func(s *chart.Chart) bool { return s.Schema != nil }) {
		return sp
	}
	if anyDependency(c, func(d *chart.Dependency) bool { return len(d.ImportValues) > 0 }) {
		return sp
	}
	dec := json.NewDecoder(bytes.NewReader(c.Schema))
	dec.UseNumber()
	var root map[string]any
	if err := dec.Decode(&root); err != nil {
		return sp
	}
	for k := range root {
		if !splitKeywords[k] {
			return sp
		}
	}
	if t, ok := root["type"]; ok && t != "object" {
		return sp
	}
	if ap, ok := root["additionalProperties"]; ok && ap != true {
		return sp
	}
	props, ok := root["properties"].(map[string]any)
	if !ok || !localRefsOnly(root) {
		return sp
	}
	sp.subs = map[string][]byte{}
	for name, sub := range props {
		doc := map[string]any{"type": "object", "properties": map[string]any{name: sub}}
		for _, k := range []string{"$schema", "$defs", "definitions"} {
			if v, ok := root[k]; ok {
				doc[k] = v
			}
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return sp
		}
		sp.subs[name] = data
	}
	sp.deps = map[string]bool{"global": true, "tags": true}
	for _, d := range c.Dependencies() {
		sp.deps[d.Name()] = true
	}
	if c.Metadata != nil {
		for _, d := range c.Metadata.Dependencies {
			sp.deps[d.Name] = true
			if d.Alias != "" {
				sp.deps[d.Alias] = true
			}
		}
	}
	sp.ok = true
	return sp
}

// localRefsOnly reports whether every $ref points into the document's
// definitions, which the one-property schemas keep, and no subschema sets
// its own base URI or anchors.
func localRefsOnly(root map[string]any) bool {
	for k, e := range root {
		if k == "$id" || k == "id" {
			continue
		}
		if !localRefs(e) {
			return false
		}
	}
	return true
}

var refKeywords = map[string]bool{"$id": true, "$anchor": true, "$dynamicRef": true, "$dynamicAnchor": true, "$recursiveRef": true, "$recursiveAnchor": true}

func localRefs(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if refKeywords[k] {
				return false
			}
			if s, isStr := e.(string); k == "$ref" && isStr {
				if !strings.HasPrefix(s, "#/$defs/") && !strings.HasPrefix(s, "#/definitions/") {
					return false
				}
				continue
			}
			if !localRefs(e) {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !localRefs(e) {
				return false
			}
		}
	}
	return true
}

func anySubchart(c *chart.Chart, f func(*chart.Chart) bool) bool {
	for _, d := range c.Dependencies() {
		if f(d) || anySubchart(d, f) {
			return true
		}
	}
	return false
}

func anyDependency(c *chart.Chart, f func(*chart.Dependency) bool) bool {
	if c.Metadata != nil {
		for _, d := range c.Metadata.Dependencies {
			if d != nil && f(d) {
				return true
			}
		}
	}
	for _, d := range c.Dependencies() {
		if anyDependency(d, f) {
			return true
		}
	}
	return false
}

// validate checks vals (coalesced from user) against the chart's schemas
// with v, as v.Validate does, checking again only top-level values not
// seen passing before.
func (sp *schemaSplit) validate(ctx context.Context, v *schema.Validator, pc *chart.Chart, vals, user map[string]any) error {
	if !sp.ok {
		return v.Validate(ctx, pc, vals)
	}
	var context []byte
	for _, k := range []string{"global", "tags"} {
		b, _ := json.Marshal(jsonable(user[k]))
		context = append(append(context, b...), 0)
	}
	var passed []string
	for k, val := range vals {
		sub, constrained := sp.subs[k]
		if !constrained {
			continue
		}
		var key string
		if !sp.deps[k] {
			b, err := json.Marshal(jsonable(user[k]))
			if err != nil {
				return v.Validate(ctx, pc, vals)
			}
			key = k + "\x00" + string(context) + string(b)
			if _, ok := sp.memo.Load(key); ok {
				continue
			}
		}
		s, err := v.Compile(sub)
		if err != nil {
			return v.Validate(ctx, pc, vals)
		}
		if err := s.ValidateContext(ctx, map[string]any{k: val}); err != nil {
			return v.Validate(ctx, pc, vals)
		}
		if key != "" {
			passed = append(passed, key)
		}
	}
	for _, key := range passed {
		sp.memo.Store(key, struct{}{})
	}
	return nil
}
