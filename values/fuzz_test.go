package values_test

import (
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
)

// FuzzParse feeds arbitrary values files through Parse (both dialects) and
// then through Coalesce as user values and as chart defaults: nothing may
// panic, a successful parse must give a map, and coalescing must not fail on
// a chart without subcharts.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"a: 1\n", "a: 1\n---\nb: 2\n", "", "- 1\n", "a: [1\n", "y: n\n", "a: &x {b: 1}\nc: *x\n<<: *x\n",
		"a: .inf\n", "~: 1\n", "a: {b: {c: null}}\nglobal: {g: 1}\n", "a: 0755\nb: 2001-12-14\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, helm3 := range []bool{false, true} {
			v, err := values.ParseOptions{Helm3: helm3}.Parse(data, "fuzz.yaml")
			if err != nil {
				continue
			}
			if v == nil {
				t.Fatal("nil map without error")
			}
			sub := &chart.Chart{Metadata: &chart.Metadata{Name: "sub"}, Values: v}
			c := &chart.Chart{Metadata: &chart.Metadata{Name: "c"}, Values: v}
			c.AddDependency(sub)
			if _, err := values.Coalesce(c, v); err != nil {
				if _, ok := v["sub"].(map[string]any); ok || v["sub"] == nil {
					t.Fatalf("unexpected coalesce error: %v", err)
				}
			}
		}
	})
}
