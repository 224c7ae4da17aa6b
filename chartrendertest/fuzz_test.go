package chartrendertest

import (
	"strings"
	"testing"
)

// Golden files and renders are split and compared without panicking, and a
// text always compares equal to itself.
func FuzzDiff(f *testing.F) {
	f.Add("---\n# Source: c/templates/a.yaml\nkind: A\nmetadata:\n  name: a\n", "kind: B\n")
	f.Add("---\n# Source: c/crds/x.yaml\na: 1\n---\nb: [\n", "---\n---\n# Source: \n")
	f.Fuzz(func(t *testing.T, a, b string) {
		if d := Diff([]byte(a), []byte(a)); d != "" {
			t.Fatalf("a text differs from itself:\n%s", d)
		}
		_ = Diff([]byte(a), []byte(b))
	})
}

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{`a.b["c/d"]`, `a[*].b`, `a[1]`, `["x\"y"]`, `..`, `[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		steps, err := parsePath(path)
		if err == nil && len(steps) == 0 {
			t.Fatalf("parsePath(%q): no steps and no error", path)
		}
		if err != nil && !strings.Contains(err.Error(), "in ") && err.Error() != "empty path" {
			t.Fatalf("parsePath(%q): error %q does not name the path", path, err)
		}
	})
}
