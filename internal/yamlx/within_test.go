package yamlx

import (
	"strings"
	"testing"
)

// MarshalWithin writes what Marshal writes for the values the direct path
// takes within its bounds, and gives up on the others having written at
// most a few times its limit.
func TestMarshalWithin(t *testing.T) {
	const limit, depth = 4096, 8
	nested := func(n int) any {
		var v any = "leaf"
		for range n {
			v = map[string]any{"k": v}
		}
		return v
	}
	self := map[string]any{"a": 1}
	self["self"] = self
	selfList := []any{1}
	selfList[0] = selfList
	var wide []any
	for i := range 10000 {
		wide = append(wide, i)
	}
	tree := map[string]any{}
	for range 20 {
		tree = map[string]any{"l": tree, "r": tree}
	}
	tests := []struct {
		name string
		v    any
		ok   bool
	}{
		{"map", map[string]any{"b": []any{1, "x", nil, true, 1.5}, "a": map[string]any{"c": "d e"}}, true},
		{"scalar", "text", true},
		{"depth at the bound", nested(depth), true},
		{"too deep", nested(depth + 1), false},
		{"contains itself", self, false},
		{"list contains itself", selfList, false},
		{"too long", wide, false},
		{"shared parts, printed whole", tree, false},
		{"long string", strings.Repeat("x", limit/64+1), false},
		{"string at the bound", strings.Repeat("x", limit/64), true},
		{"JSON route", map[string]any{"del": "a\x7fb"}, false},
		{"other type", map[string]int{"a": 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := MarshalWithin(tt.v, limit, depth)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok {
				want, err := Marshal(tt.v)
				if err != nil || string(got) != string(want) {
					t.Fatalf("got %q, Marshal %q %v", got, want, err)
				}
				if s, _ := ToYAMLWithin(tt.v, limit, depth); s != ToYAML(tt.v) {
					t.Fatalf("ToYAMLWithin %q, ToYAML %q", s, ToYAML(tt.v))
				}
				return
			}
			// What it wrote before giving up.
			e := emitter{buf: make([]byte, 0, 128), maxDepth: depth, limit: limit}
			_ = e.document(tt.v)
			if len(e.buf) > 4*limit {
				t.Errorf("wrote %d bytes before giving up, limit %d", len(e.buf), limit)
			}
		})
	}
}
