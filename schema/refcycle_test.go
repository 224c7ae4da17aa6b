package schema

import (
	"errors"
	"reflect"
	"testing"
)

func TestCyclicRefs(t *testing.T) {
	tests := []struct {
		name, schema string
		want         []string // pointers of the renamed $refs
	}{
		{"root self", `{"$ref": "#"}`, []string{""}},
		{"mutual defs", `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "properties": {"x": {"$ref": "#/$defs/a"}}}`,
			[]string{"/$defs/a", "/$defs/b"}},
		{"through allOf", `{"allOf": [{"type": "object"}, {"$ref": "#"}]}`, []string{"/allOf/1"}},
		{"through not", `{"$defs": {"n": {"not": {"$ref": "#/$defs/n"}}}}`, []string{"/$defs/n/not"}},
		{"anchor", `{"$defs": {"a": {"$anchor": "me", "oneOf": [{"$ref": "#me"}]}}}`, []string{"/$defs/a/oneOf/0"}},
		{"tree through properties", `{"properties": {"kid": {"$ref": "#"}}}`, nil},
		{"tree through items", `{"$defs": {"n": {"items": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"}`, nil},
		{"chain without cycle", `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"type": "string"}}, "$ref": "#/$defs/a"}`, nil},
		{"embedded id", `{"$defs": {"a": {"$id": "other.json", "$ref": "#"}}, "$ref": "#/$defs/a"}`, nil},
		{"draft 7 ref into ignored keywords", `{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"a": {"properties": {"p": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}}, "$ref": "#/definitions/a/properties/p"}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := decodeJSON([]byte(tc.schema))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range cyclicRefs(doc, mainDraft(doc)) {
				got = append(got, pointer(r.tokens))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRefCycleReached checks that a schema with a $ref cycle compiles and
// fails only the values that reach the cycle, with a violation at the
// value that reached it.
func TestRefCycleReached(t *testing.T) {
	const sch = `{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"},
		"tree": {"type": "object", "properties": {"v": {"type": "integer"}, "kid": {"$ref": "#/$defs/tree"}}}},
		"properties": {"x": {"$ref": "#/$defs/a"}, "t": {"$ref": "#/$defs/tree"}}}`
	var v Validator
	s, err := v.Compile([]byte(sch))
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	tests := []struct {
		name   string
		values map[string]any
		loc    string // "" when valid
	}{
		{"unreached", map[string]any{"t": map[string]any{"v": 1, "kid": map[string]any{"v": 2}}}, ""},
		{"reached", map[string]any{"x": 1}, "/x"},
		{"tree", map[string]any{"t": map[string]any{"kid": map[string]any{"v": "s"}}}, "/t/kid/v"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(tc.values)
			if tc.loc == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ve *ValuesError
			if !errors.As(err, &ve) || len(ve.Violations) != 1 {
				t.Fatalf("got %v, want one violation", err)
			}
			leaf := ve.Violations[0]
			for len(leaf.Causes) == 1 {
				leaf = leaf.Causes[0]
			}
			if got := leaf.InstanceLocation; got != tc.loc {
				t.Errorf("violation at %q, want %q", got, tc.loc)
			}
		})
	}
}

// TestCyclicRefInsideDroppedKeywords: in drafts 4 to 7, a cyclic $ref
// inside the keywords beside another renamed $ref is dropped with them
// (it used to crash the compilation).
func TestCyclicRefInsideDroppedKeywords(t *testing.T) {
	const sch = `{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{
		"d0":{"not":{"$ref":"#/definitions/d1"}},
		"d1":{"oneOf":[{"$ref":"#/definitions/d1","not":{"$ref":"#/definitions/d0"}},{"type":"string"}]}},
		"properties":{"x":{"$ref":"#/definitions/d0"}}}`
	var v Validator
	if _, err := v.Compile([]byte(sch)); err != nil {
		t.Fatalf("compile: %v", err)
	}
	// 1 reaches the cycle in the first oneOf branch, which then fails
	// as the second does; d1 fails, so "not" passes.
	if err := v.ValidateAgainstSchema(t.Context(), []byte(sch), map[string]any{"x": 1.0}); err != nil {
		t.Errorf("validate: %v", err)
	}
	if err := v.ValidateAgainstSchema(t.Context(), []byte(sch), map[string]any{"x": "s"}); err == nil {
		t.Error(`"s" validated, but d1 accepts it and d0 negates d1`)
	}
}
