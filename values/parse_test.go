package values_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartrender/chartrender/values"
)

// The expectations below were checked against helm v4.3.1 and v3.22.0:
// `helm template x c -f <file>` with a template printing {{ toJson .Values }},
// or the error helm printed after "Error: ".
func TestParse(t *testing.T) {
	tests := []struct {
		name, in  string
		helm3     bool
		want, err string
	}{
		{name: "multi-document merged", in: "a: 1\n---\nb: 2\n", want: `{"a":1,"b":2}`},
		{name: "multi-document later wins", in: "a: 1\nm: {x: 1}\n--- \nm: {y: 2}\na: 3\n---\n", want: `{"a":3,"m":{"true":2,"x":1}}`},
		{name: "helm3 first document only", in: "a: 1\n---\nb: 2\n", helm3: true, want: `{"a":1}`},
		{name: "helm3 ignores a bad second document", in: "a: 1\n---\n- x\n", helm3: true, want: `{"a":1}`},
		{name: "helm3 leading separators", in: "---\n---\na: 1\n", helm3: true, want: `{}`},
		{name: "v4 leading separators", in: "---\n---\na: 1\n", want: `{"a":1}`},
		{name: "empty", in: "", want: `{}`},
		{name: "comment only", in: "# nothing\n", want: `{}`},
		{name: "yaml 1.1 typing", in: "a: yes\nb: off\nc: 0755\nd: 2001-12-14\ny: key\ne: ~\n", want: `{"a":true,"b":false,"c":493,"d":"2001-12-14","e":null,"true":"key"}`},
		{name: "syntax error", in: "a: [1\n", err: "failed to parse f.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"},
		{name: "helm3 syntax error", in: "a: [1\n", helm3: true, err: "failed to parse f.yaml: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"},
		{name: "top-level list", in: "- 1\n", err: "failed to parse f.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"},
		{name: "helm3 top-level list", in: "- 1\n", helm3: true, err: "failed to parse f.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"},
		{name: "second document a list", in: "a: 1\n---\n- x\n", err: "failed to parse f.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"},
		{name: "scalar document", in: "hello", err: "failed to parse f.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}"},
		{name: "infinity", in: "a: .inf\n", err: "failed to parse f.yaml: cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: +Inf"},
		{name: "helm3 infinity", in: "a: .inf\n", helm3: true, err: "failed to parse f.yaml: error converting YAML to JSON: json: unsupported value: +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := values.ParseOptions{Helm3: tt.helm3}.Parse([]byte(tt.in), "f.yaml")
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %s", err, tt.err)
				}
				var pe *values.ParseError
				if !errors.As(err, &pe) || pe.Path != "f.yaml" {
					t.Errorf("error %T is not a *ParseError for f.yaml", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if js := mustJSON(t, got); js != tt.want {
				t.Errorf("got %s, want %s", js, tt.want)
			}
		})
	}
}

func TestParseNumbersAreFloat64(t *testing.T) {
	got, err := values.Parse([]byte("big: 12345678\nsmall: 1\n"), "v.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"big", "small"} {
		if _, ok := got[k].(float64); !ok {
			t.Errorf("%s is %T, want float64", k, got[k])
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.yaml")
	if err := os.WriteFile(p, []byte("a: 1\n---\nb: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := values.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if js := mustJSON(t, got); js != `{"a":1,"b":2}` {
		t.Errorf("got %s", js)
	}
	got, err = values.ParseOptions{Helm3: true}.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if js := mustJSON(t, got); js != `{"a":1}` {
		t.Errorf("helm3: got %s", js)
	}
	if _, err := values.ReadFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestMergeMaps(t *testing.T) {
	a := map[string]any{"k": "a", "m": map[string]any{"x": 1.0, "l": []any{1.0}}, "onlyA": true}
	b := map[string]any{"k": "b", "m": map[string]any{"y": 2.0, "l": []any{2.0}}, "onlyB": nil}
	aJS, bJS := mustJSON(t, a), mustJSON(t, b)
	got := values.MergeMaps(a, b)
	if js := mustJSON(t, got); js != `{"k":"b","m":{"l":[2],"x":1,"y":2},"onlyA":true,"onlyB":null}` {
		t.Errorf("got %s", js)
	}
	if mustJSON(t, a) != aJS || mustJSON(t, b) != bJS {
		t.Error("MergeMaps modified its arguments")
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
