package values_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/coalesce"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
)

func mkChart(name string, vals map[string]any, subs ...*chart.Chart) *chart.Chart {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: name, Version: "1.0.0", APIVersion: "v2"}, Values: vals}
	c.AddDependency(subs...)
	return c
}

// Coalescing must not modify the user values or any chart's values, even in
// the cases where Helm writes into its inputs (nulls copied into the source
// table, global tables shared with subcharts, nil cleaning). The expected
// result is what helm v4.3.1's CoalesceValues returns for the same inputs
// (the parent's sub.t.a: null reaches the subchart because the user set
// something under sub, so the default a is deleted).
func TestCoalesceDoesNotMutate(t *testing.T) {
	sub := mkChart("sub", map[string]any{
		"global": map[string]any{"deep": map[string]any{"n": map[string]any{"q": "sub"}}},
		"s1":     "x", "nul": nil, "t": map[string]any{"a": 1.0, "b": nil},
	})
	root := mkChart("root", map[string]any{
		"global": map[string]any{"deep": map[string]any{"n": map[string]any{"p": 1.0}}},
		"sub":    map[string]any{"s1": nil, "t": map[string]any{"a": nil}},
		"list":   []any{map[string]any{"k": "v"}},
		"c":      nil,
	}, sub)
	user := map[string]any{
		"sub":  map[string]any{"s3": nil, "t": map[string]any{"b": 2.0}},
		"x":    nil,
		"list": []any{map[string]any{"u": 1.0}},
	}
	before := []any{coalesce.DeepCopy(user), coalesce.DeepCopy(root.Values), coalesce.DeepCopy(sub.Values)}
	got, err := values.Coalesce(root, user)
	if err != nil {
		t.Fatal(err)
	}
	after := []any{user, root.Values, sub.Values}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("inputs modified (-before +after):\n%s", diff)
	}
	want := `{"global":{"deep":{"n":{"p":1,"q":"sub"}}},"list":[{"u":1}],"sub":{"global":{"deep":{"n":{"p":1,"q":"sub"}}},"s3":null,"t":{"b":2}},"x":null}`
	if js := mustJSON(t, got); js != want {
		t.Errorf("got  %s\nwant %s", js, want)
	}
	// The result shares nothing with the inputs: changing it leaves them alone.
	got["list"].([]any)[0].(map[string]any)["u"] = "changed"
	got["sub"].(map[string]any)["global"].(map[string]any)["deep"].(map[string]any)["n"].(map[string]any)["p"] = "changed"
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("result shares data with the inputs:\n%s", diff)
	}
	// Coalescing twice gives the same result.
	again, err := values.Coalesce(root, user)
	if err != nil {
		t.Fatal(err)
	}
	if js := mustJSON(t, again); js != want {
		t.Errorf("second run: %s", js)
	}
}

// Warning texts are Helm's (log.Printf in coalesce.go); checked against what
// helm v4.3.1's CoalesceValues logs for the same inputs.
func TestCoalesceWarnings(t *testing.T) {
	root := mkChart("root", map[string]any{
		"a": map[string]any{"x": 1.0},
		"b": 5.0,
		"t": map[string]any{"in": map[string]any{"z": 1.0}, "s": 1.0},
	})
	user := map[string]any{"b": map[string]any{"k": 1.0}, "t": map[string]any{"in": "scalar", "s": map[string]any{}}}
	var warnings []string
	_, err := values.CoalesceOptions{Warn: func(w warning.Warning) { warnings = append(warnings, w.Message()) }}.Coalesce(root, user)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(warnings)
	want := []string{
		"warning: cannot overwrite table with non table for root.t.in (map[z:1])",
		"warning: destination for root.t.s is a table. Ignoring non-table value (1)",
		"warning: skipped value for root.b: Not a table.",
	}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func TestCoalesceTypeMismatch(t *testing.T) {
	root := mkChart("root", nil, mkChart("sub", nil))
	_, err := values.Coalesce(root, map[string]any{"sub": int64(5)})
	var tm *values.TypeMismatchError
	if !errors.As(err, &tm) || tm.Key != "sub" {
		t.Fatalf("got %v", err)
	}
	// Helm v4.3.1 prints exactly this for --set sub=5.
	if err.Error() != "type mismatch on sub: %!t(int64=5)" {
		t.Errorf("text %q", err)
	}
}

// MergeValues keeps nulls (Helm's merge mode, used for import-values);
// checked against helm v4.3.1's MergeValues.
func TestMergeValues(t *testing.T) {
	root := mkChart("root", map[string]any{"a": 1.0, "n": nil, "m": map[string]any{"k": nil, "v": 1.0}},
		mkChart("sub", map[string]any{"s": nil}))
	got, err := values.MergeValues(root, map[string]any{"a": nil})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":null,"m":{"k":null,"v":1},"n":null,"sub":{"global":{},"s":null}}`
	if js := mustJSON(t, got); js != want {
		t.Errorf("got  %s\nwant %s", js, want)
	}
}

func TestPathValueAndTable(t *testing.T) {
	v := map[string]any{"a": map[string]any{"b": map[string]any{"c": true}, "s": "x"}}
	tests := []struct {
		path string
		want any
		err  string
	}{
		{path: "a.b.c", want: true},
		{path: "a.s", want: "x"},
		{path: "a.b", err: `"b" is not a value`},
		{path: "a.nope.c", err: `"c" is not a value`},
		{path: "a", err: `"a" is not a value`},
		{path: "", err: "YAML path cannot be empty"},
	}
	for _, tt := range tests {
		got, err := values.PathValue(v, tt.path)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("PathValue(%q) error %v, want %s", tt.path, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("PathValue(%q) = %v, %v", tt.path, got, err)
		}
	}
	if tb, err := values.Table(v, "a.b"); err != nil || tb["c"] != true {
		t.Errorf("Table(a.b) = %v, %v", tb, err)
	}
	_, err := values.Table(v, "a.s.x")
	var nt *values.NoTableError
	if !errors.As(err, &nt) || !strings.Contains(err.Error(), `"s" is not a table`) {
		t.Errorf("Table(a.s.x) error %v", err)
	}
}
