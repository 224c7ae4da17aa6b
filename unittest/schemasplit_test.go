package unittest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
)

// TestSchemaSplit checks that the split schema check gives the same
// verdict and error as the full one, in any order and with the memo warm.
func TestSchemaSplit(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Chart.yaml":  "apiVersion: v2\nname: s\nversion: 0.1.0\n",
		"values.yaml": "a: 1\nb: x\nc: {d: true}\nfree: anything\n",
		"values.schema.json": `{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "additionalProperties": true,
			"properties": {"a": {"type": "integer", "minimum": 0}, "b": {"type": "string"},
			"c": {"$ref": "#/definitions/c"}}, "definitions": {"c": {"type": "object", "properties": {"d": {"type": "boolean"}}, "required": ["d"]}}}`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := (&chart.Loader{Helm3: true}).Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	sp := newSchemaSplit(c)
	if !sp.ok {
		t.Fatal("schema not split")
	}
	users := []map[string]any{
		{},
		{"a": 2.0},
		{"a": -1.0},
		{"b": 3.0},
		{"c": map[string]any{"d": "no"}},
		{"c": map[string]any{"d": nil}},
		{"free": []any{1.0}},
		{"a": 2.0, "b": false},
		{"a": 2.0},
		{},
	}
	v := &schema.Validator{Helm3: true}
	ctx := context.Background()
	for round := range 2 {
		for i, u := range users {
			pc, err := chart.DependencyOptions{Helm3: true}.ProcessDependencies(c, u)
			if err != nil {
				t.Fatal(err)
			}
			vals, err := values.CoalesceOptions{Helm3: true}.Coalesce(pc, u)
			if err != nil {
				t.Fatal(err)
			}
			full := fmt.Sprint(v.Validate(ctx, pc, vals))
			split := fmt.Sprint(sp.validate(ctx, v, pc, vals, u))
			if full != split {
				t.Errorf("round %d, values %d %v: full check %q, split check %q", round, i, u, full, split)
			}
		}
	}
	for _, bad := range []string{
		`{"type": "object", "required": ["a"], "properties": {"a": {}}}`,
		`{"type": "object", "additionalProperties": false, "properties": {"a": {}}}`,
		`{"type": "object", "properties": {"a": {"$ref": "#/properties/b"}, "b": {}}}`,
		`{"type": "object", "allOf": [{}], "properties": {"a": {}}}`,
	} {
		c2 := *c
		c2.Schema = []byte(bad)
		if newSchemaSplit(&c2).ok {
			t.Errorf("%s: split, but it constrains more than single properties", bad)
		}
	}
}
