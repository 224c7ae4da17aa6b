package schema

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// parseValues reads test values the way Helm types values files: every
// number a float64.
func parseValues(t testing.TB, s string) map[string]any {
	t.Helper()
	if s == "" {
		return nil
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test values %s: %v", s, err)
	}
	return v
}

var addlPropsRE = regexp.MustCompile(`additional properties (.*) not allowed`)

// normalize makes Helm's nondeterministic output comparable: lines sorted,
// and the names in an "additional properties" message sorted.
func normalize(s string) []string {
	s = addlPropsRE.ReplaceAllStringFunc(s, func(m string) string {
		names := strings.Split(addlPropsRE.FindStringSubmatch(m)[1], ", ")
		sort.Strings(names)
		return "additional properties " + strings.Join(names, ", ") + " not allowed"
	})
	lines := strings.Split(s, "\n")
	sort.Strings(lines)
	return lines
}

func testChart(name string, schemaJSON string) *chart.Chart {
	return &chart.Chart{Metadata: &chart.Metadata{Name: name}, Schema: []byte(schemaJSON)}
}

func TestOracleCases(t *testing.T) {
	var v Validator
	for _, tc := range oracleCases {
		t.Run(tc.name, func(t *testing.T) {
			c := testChart("c1", tc.schema)
			err := v.Validate(t.Context(), c, parseValues(t, tc.values))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if !slices.Equal(normalize(got), normalize(tc.want)) {
				t.Errorf("schema %s\nvalues %s\n got:\n%s\nwant (helm v4.3.1):\n%s", tc.schema, tc.values, got, tc.want)
			}
		})
	}
}

// TestDeterministicOrder pins the order chosen for Helm's nondeterministic
// line order: a schema's failures in the validator's keyword order,
// properties by name.
func TestDeterministicOrder(t *testing.T) {
	tests := []struct {
		name, schema, values, want string
	}{
		{
			"keywords and properties",
			`{"properties":{"b":{"type":"string"},"a":{"type":"string"},"c":{"minimum":3}},"required":["z"],"additionalProperties":false}`,
			`{"c":1,"b":1,"a":2,"y":0,"x":0}`,
			"- at '': missing property 'z'\n" +
				"- at '/a': got number, want string\n" +
				"- at '/b': got number, want string\n" +
				"- at '/c': minimum: got 1, want 3\n" +
				"- at '': additional properties 'x', 'y' not allowed",
		},
		{
			"items by index, nested groups",
			`{"properties":{"l":{"items":{"type":"object","properties":{"n":{"type":"string","minLength":2}},"required":["k"]}}}}`,
			`{"l":[{"n":"x"},{"k":1,"n":5},{"k":1}]}`,
			"- at '/l/0': validation failed\n" +
				"  - at '/l/0': missing property 'k'\n" +
				"  - at '/l/0/n': minLength: got 1, want 2\n" +
				"- at '/l/1/n': got number, want string",
		},
		{
			"allOf branches in order",
			`{"allOf":[{"required":["a"]},{"minProperties":3},{"required":["b"]}]}`,
			`{}`,
			"- at '': 'allOf' failed\n" +
				"  - at '': missing property 'a'\n" +
				"  - at '': minProperties: got 0, want 3\n" +
				"  - at '': missing property 'b'",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := parseValues(t, tc.values)
			for range 5 { // map iteration varies between runs
				err := ValidateAgainstSchema([]byte(tc.schema), m)
				if err == nil || err.Error() != tc.want {
					t.Fatalf("got:\n%v\nwant:\n%s", err, tc.want)
				}
			}
		})
	}
}

func TestSubcharts(t *testing.T) {
	// Checked against helm v4.3.1 with a parent chart p (schema on
	// replicas), a subchart sub used twice (once aliased), sub having a
	// subchart deep; global values reach each subchart's schema through its
	// own global copy.
	p := testChart("p", `{"properties":{"replicas":{"type":"integer"}}}`)
	sub := testChart("sub", `{"properties":{"port":{"type":"integer"},"global":{"properties":{"g":{"type":"string"}}}},"required":["port"]}`)
	deep := testChart("deep", `{"properties":{"d":{"type":"boolean"}}}`)
	aliased := testChart("aliased", string(sub.Schema))
	other := testChart("other", "")
	other.Schema = nil // no schema
	sub.AddDependency(deep)
	p.AddDependency(sub, aliased, other)
	vals := parseValues(t, `{
		"replicas": "x",
		"global": {"g": 1},
		"sub": {"port": "80", "global": {"g": 1}, "deep": {"d": 1, "global": {"g": 1}}},
		"aliased": {"port": 1, "global": {"g": 1}},
		"other": {"global": {"g": 1}}
	}`)
	want := `values don't meet the specifications of the schema(s) in the following chart(s):
p:
- at '/replicas': got string, want integer
sub:
- at '/port': got string, want integer
- at '/global/g': got number, want string
deep:
- at '/d': got number, want boolean
aliased:
- at '/global/g': got number, want string
`
	err := Validate(p, vals)
	if err == nil {
		t.Fatal("no error")
	}
	if got := err.Error(); !slices.Equal(normalize(got), normalize(want)) {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%T is not a *ValidationError", err)
	}
	var names []string
	for _, c := range ve.Charts {
		names = append(names, c.Path)
	}
	if want := []string{"p", "p.sub", "p.sub.deep", "p.aliased"}; !slices.Equal(names, want) {
		t.Errorf("chart paths %v, want %v", names, want)
	}
	var vals2 *ValuesError
	if !errors.As(ve.Charts[1], &vals2) || len(vals2.Violations) != 2 || vals2.Violations[1].InstanceLocation != "/port" || vals2.Violations[1].Keyword != "type" {
		t.Errorf("per-chart details: %+v", vals2)
	}
}

func TestSubchartValuesShape(t *testing.T) {
	// Checked against Helm's ValidateAgainstSchema (pkg/chart/common/util,
	// v4.3.1) called from Go: a schema that is an empty file prints "EOF"
	// with no newline, so the next chart's name follows on the same line;
	// values of a subchart that are not a map are reported with their Go
	// type; absent or null subchart values are skipped.
	p := testChart("p", "")
	sub := testChart("sub", `{"type":"object"}`)
	sub2 := testChart("sub2", `{"properties":{"a":{"type":"integer","maximum":3}}}`)
	sub3 := testChart("sub3", `{"required":["x"]}`)
	sub4 := testChart("sub4", `{"required":["x"]}`)
	p.AddDependency(sub, sub2, sub3, sub4)
	tests := []struct {
		vals map[string]any
		want string
	}{
		{map[string]any{"sub": []any{1.0}, "sub2": map[string]any{"a": int64(5)}, "sub3": nil},
			"values don't meet the specifications of the schema(s) in the following chart(s):\n" +
				"p:\nEOFsub:\ninvalid type for values: expected object (map), got []interface {}\nsub2:\n- at '/a': maximum: got 5, want 3\n"},
		{map[string]any{"sub": "x", "sub2": map[string]any{"a": 2.0}},
			"values don't meet the specifications of the schema(s) in the following chart(s):\n" +
				"p:\nEOFsub:\ninvalid type for values: expected object (map), got string\n"},
	}
	for _, tc := range tests {
		err := Validate(p, tc.vals)
		if err == nil || err.Error() != tc.want {
			t.Errorf("got:\n%q\nwant:\n%q", err, tc.want)
		}
		var te *TypeError
		if !errors.As(err, &te) {
			t.Errorf("no *TypeError in %v", err)
		}
		var se *SchemaError
		if !errors.As(err, &se) || se.Err.Error() != "EOF" {
			t.Errorf("no *SchemaError EOF in %v", err)
		}
	}
}

func TestInt64Values(t *testing.T) {
	// --set gives int64; checked against Helm's ValidateAgainstSchema with
	// int64 values: they are numbers, integral, and print like floats.
	schemaJSON := []byte(`{"properties":{"a":{"type":"integer","maximum":3},"b":{"type":"string"},"c":{"type":"integer"}}}`)
	err := ValidateAgainstSchema(schemaJSON, map[string]any{"a": int64(5000), "b": int64(1), "c": int64(2)})
	want := "- at '/a': maximum: got 5,000, want 3\n- at '/b': got number, want string"
	if err == nil || err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}

func TestDoesNotMutateValues(t *testing.T) {
	vals := map[string]any{"a": []any{int16(3), map[string]any{"b": 1.0}}, "c": "x"}
	snapshot, _ := json.Marshal(vals)
	err := ValidateAgainstSchema([]byte(`{"properties":{"a":{"prefixItems":[{"type":"integer","minimum":5}]}}}`), vals)
	if err == nil || err.Error() != "- at '/a/0': minimum: got 3, want 5" {
		t.Errorf("got %v", err)
	}
	if after, _ := json.Marshal(vals); string(after) != string(snapshot) {
		t.Errorf("values changed: %s -> %s", snapshot, after)
	}
	if _, ok := vals["a"].([]any)[0].(int16); !ok {
		t.Error("int16 replaced in the caller's values")
	}
}

func TestInvalidJSONValue(t *testing.T) {
	// NaN has no JSON form; Helm's validator reports the Go type where a
	// schema reaches it.
	nan := map[string]any{"a": map[string]any{"b": func() float64 { z := 0.0; return z / z }()}}
	err := ValidateAgainstSchema([]byte(`{"properties":{"a":{"properties":{"b":{"type":"number"}}}}}`), nan)
	if err == nil || err.Error() != "- at '/a/b': invalid jsonType float64" {
		t.Errorf("got %v", err)
	}
	if err := ValidateAgainstSchema([]byte(`{"properties":{"x":{"type":"number"}}}`), nan); err != nil {
		t.Errorf("unreached NaN: %v", err)
	}
}
