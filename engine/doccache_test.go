package engine

import (
	"context"
	"testing"
)

// fromYaml and fromYamlArray results come from a cache; modifying one must
// not change what a later call returns.
func TestFromYAMLCacheCopies(t *testing.T) {
	tests := []struct {
		name, tpl, want string
	}{
		{"map modified", `{{ $a := fromYaml "x: 1\nw: {z: [1, 2]}" }}{{ $_ := set $a "x" 2 }}{{ $_ := mergeOverwrite $a (dict "w" (dict "z" "no")) }}{{ $b := fromYaml "x: 1\nw: {z: [1, 2]}" }}{{ $b.x }} {{ $b.w.z }}`, "1 [1 2]"},
		{"list modified", `{{ $a := fromYamlArray "- {k: v}\n- 2" }}{{ $_ := set (index $a 0) "k" "w" }}{{ $b := fromYamlArray "- {k: v}\n- 2" }}{{ (index $b 0).k }} {{ len $b }}`, "v 2"},
		{"errors twice", `{{ (fromYaml "a: [").Error }}|{{ (fromYaml "a: [").Error }}`, "error converting YAML to JSON: yaml: line 1: did not find expected node content|error converting YAML to JSON: yaml: line 1: did not find expected node content"},
		{"empty documents", `{{ fromYaml "" }} {{ fromYamlArray "" }} {{ fromYamlArray "" | len }}`, "map[] [] 0"},
		{"same text, both functions", `{{ (fromYamlArray "- 1") }} {{ (fromYaml "- 1").Error }}`, "[1] error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"},
	}
	e := New(Options{Parallelism: 1})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for round := range 2 {
				c := memChart("c", map[string]string{"templates/a.yaml": tt.tpl}, "")
				out, err := e.Render(context.Background(), c, topFor(t, c))
				if err != nil {
					t.Fatal(err)
				}
				if got := out["c/templates/a.yaml"]; got != tt.want {
					t.Errorf("round %d: got %q, want %q", round, got, tt.want)
				}
			}
		})
	}
}
