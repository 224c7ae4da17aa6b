package coalesce

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/warning"
)

// Expectations (including how src is modified, and the warnings) are what
// helm v4.3.1's CoalesceTables / MergeTables return and log for the same
// JSON inputs.
func TestTables(t *testing.T) {
	tests := []struct {
		dst, src  string
		merge     bool
		want      string
		srcAfter  string
		warnCount int
	}{
		{dst: `{"a":1,"m":{"x":1}}`, src: `{"a":2,"b":3,"m":{"y":2}}`, merge: false, want: `{"a":1,"b":3,"m":{"x":1,"y":2}}`, srcAfter: `{"a":2,"b":3,"m":{"y":2}}`},
		{dst: `{"a":1,"m":{"x":1}}`, src: `{"a":2,"b":3,"m":{"y":2}}`, merge: true, want: `{"a":1,"b":3,"m":{"x":1,"y":2}}`, srcAfter: `{"a":2,"b":3,"m":{"y":2}}`},
		{dst: `{"a":null,"b":null}`, src: `{"a":1,"c":null}`, merge: false, want: `{"b":null,"c":null}`, srcAfter: `{"a":null,"b":null,"c":null}`},
		{dst: `{"a":null,"b":null}`, src: `{"a":1,"c":null}`, merge: true, want: `{"a":null,"b":null,"c":null}`, srcAfter: `{"a":null,"b":null,"c":null}`},
		{dst: `{"t":"s","u":{"x":1}}`, src: `{"t":{"x":1},"u":5}`, merge: false, want: `{"t":"s","u":{"x":1}}`, srcAfter: `{"t":{"x":1},"u":5}`, warnCount: 2},
		{dst: `{"t":"s","u":{"x":1}}`, src: `{"t":{"x":1},"u":5}`, merge: true, want: `{"t":"s","u":{"x":1}}`, srcAfter: `{"t":{"x":1},"u":5}`, warnCount: 2},
		{dst: `{"m":{"n":null}}`, src: `{"m":{"n":{"deep":1},"o":2}}`, merge: false, want: `{"m":{"o":2}}`, srcAfter: `{"m":{"n":null,"o":2}}`},
		{dst: `{"m":{"n":null}}`, src: `{"m":{"n":{"deep":1},"o":2}}`, merge: true, want: `{"m":{"n":null,"o":2}}`, srcAfter: `{"m":{"n":null,"o":2}}`},
		{dst: `{}`, src: `{"z":null}`, merge: false, want: `{"z":null}`, srcAfter: `{"z":null}`},
		{dst: `{}`, src: `{"z":null}`, merge: true, want: `{"z":null}`, srcAfter: `{"z":null}`},
	}
	for _, tt := range tests {
		var dst, src map[string]any
		if err := json.Unmarshal([]byte(tt.dst), &dst); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(tt.src), &src); err != nil {
			t.Fatal(err)
		}
		var warnings []string
		got := Tables(dst, src, Options{Merge: tt.merge, Warn: func(w warning.Warning) { warnings = append(warnings, w.Message()) }})
		if js := toJSON(t, got); js != tt.want {
			t.Errorf("Tables(%s, %s, merge=%v) = %s, want %s", tt.dst, tt.src, tt.merge, js, tt.want)
		}
		if js := toJSON(t, src); js != tt.srcAfter {
			t.Errorf("Tables(%s, %s, merge=%v) left src %s, Helm leaves %s", tt.dst, tt.src, tt.merge, js, tt.srcAfter)
		}
		if len(warnings) != tt.warnCount {
			t.Errorf("Tables(%s, %s): warnings %q", tt.dst, tt.src, warnings)
		}
	}
	if got := Tables(nil, map[string]any{"a": 1}, Options{}); got["a"] != 1 {
		t.Errorf("nil dst: %v", got)
	}
	if got := Tables(map[string]any{"a": 1}, nil, Options{}); got["a"] != 1 {
		t.Errorf("nil src: %v", got)
	}
}

func TestDeepCopy(t *testing.T) {
	in := map[string]any{"m": map[string]any{"l": []any{map[string]any{"k": "v"}, 1.0, nil}}, "n": nil, "e": []any{}}
	out := DeepCopy(in)
	if diff := cmp.Diff(in, out); diff != "" {
		t.Fatalf("copy differs:\n%s", diff)
	}
	out["m"].(map[string]any)["l"].([]any)[0].(map[string]any)["k"] = "changed"
	if in["m"].(map[string]any)["l"].([]any)[0].(map[string]any)["k"] != "v" {
		t.Error("copy shares a nested map")
	}
	if DeepCopy(nil) != nil {
		t.Error("DeepCopy(nil) != nil")
	}
}

type testChart struct {
	name   string
	values map[string]any
	deps   []*testChart
}

var testTree = Tree[*testChart]{
	Name:   func(c *testChart) string { return c.name },
	Values: func(c *testChart) map[string]any { return c.values },
	Deps:   func(c *testChart) []*testChart { return c.deps },
}

// Values with a custom tree type; expectation from helm v4.3.1 for the same
// chart: the user null removes a, the subchart gets global and its default.
func TestValuesCustomTree(t *testing.T) {
	c := &testChart{name: "root", values: map[string]any{"a": 1.0, "global": map[string]any{"g": true}},
		deps: []*testChart{{name: "sub", values: map[string]any{"d": "x"}}}}
	got, err := Values(testTree, c, map[string]any{"a": nil}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if js, want := toJSON(t, got), `{"global":{"g":true},"sub":{"d":"x","global":{"g":true}}}`; js != want {
		t.Errorf("got %s, want %s", js, want)
	}
	_, err = Values(testTree, c, map[string]any{"sub": "str"}, Options{})
	if err == nil || err.Error() != "type mismatch on sub: %!t(string=str)" {
		t.Errorf("error %v", err)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
