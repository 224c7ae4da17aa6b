package coalesce

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// FuzzValues coalesces arbitrary user values with arbitrary chart defaults
// (a root and one subchart sharing them), in all modes: nothing may panic,
// the inputs must be left exactly as they were, and the result must be
// independent of them.
func FuzzValues(f *testing.F) {
	f.Add([]byte("a: 1\nsub: {x: null}\nglobal: {g: {h: 1}}\n"), []byte("a: null\nsub: {y: 2}\nglobal: {g: {i: 2}}\n"))
	f.Add([]byte("sub: 5\n"), []byte("b: [1, {c: null}]\n"))
	f.Add([]byte("global: 1\n"), []byte("global: {a: {b: {c: 1}}}\nsub: null\n"))
	f.Fuzz(func(t *testing.T, defaults, user []byte) {
		d, err := yamlx.LoadValues(defaults)
		if err != nil {
			return
		}
		u, err := yamlx.LoadValues(user)
		if err != nil {
			return
		}
		c := &testChart{name: "root", values: d, deps: []*testChart{{name: "sub", values: d}}}
		dBefore, uBefore := DeepCopy(d), DeepCopy(u)
		for _, o := range []Options{{}, {Merge: true}, {Helm3: true}} {
			out, err := Values(testTree, c, u, o)
			if err != nil && out == nil {
				t.Fatal("error without the partial result")
			}
			if diff := cmp.Diff(dBefore, d); diff != "" {
				t.Fatalf("defaults modified:\n%s", diff)
			}
			if diff := cmp.Diff(uBefore, u); diff != "" {
				t.Fatalf("user values modified:\n%s", diff)
			}
			// Scribbling over the result must not reach the inputs.
			scribble(out, 0)
			if !cmp.Equal(dBefore, d) || !cmp.Equal(uBefore, u) {
				t.Fatal("result shares data with the inputs")
			}
		}
	})
}

func scribble(m map[string]any, depth int) {
	if depth > 50 {
		return
	}
	for k, v := range m {
		switch x := v.(type) {
		case map[string]any:
			scribble(x, depth+1)
		case []any:
			for i := range x {
				if sub, ok := x[i].(map[string]any); ok {
					scribble(sub, depth+1)
				} else {
					x[i] = "scribbled"
				}
			}
		default:
			m[k] = "scribbled"
		}
	}
	m["__scribbled"] = true
}
