package yamlx

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUnmarshalOracle compares Unmarshal and UnmarshalMap with the results
// sigs.k8s.io/yaml v1.6.0 (Helm's decoder) gave for the same inputs.
func TestUnmarshalOracle(t *testing.T) {
	data, err := os.ReadFile("testdata/decode.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		In     string `json:"in"`
		Want   any    `json:"want"`
		Err    string `json:"err"`
		MapErr string `json:"mapErr"`
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got, err := Unmarshal([]byte(c.In))
		if errText(err) != c.Err {
			t.Errorf("Unmarshal(%q) error = %q, want %q", c.In, errText(err), c.Err)
			continue
		}
		if diff := cmp.Diff(c.Want, got); diff != "" {
			t.Errorf("Unmarshal(%q) mismatch (-helm +ours):\n%s", c.In, diff)
		}
		_, err = UnmarshalMap([]byte(c.In))
		if errText(err) != c.MapErr {
			t.Errorf("UnmarshalMap(%q) error = %q, want %q", c.In, errText(err), c.MapErr)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestDecodeKeepsYAMLTypes(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"a: 1", map[string]any{"a": int64(1)}},
		{"a: 9223372036854775808", map[string]any{"a": uint64(9223372036854775808)}},
		{"a: 1.5", map[string]any{"a": 1.5}},
		{"a: 0x10", map[string]any{"a": int64(16)}},
		{"a: 2001-12-14", map[string]any{"a": "2001-12-14"}},
		{"a: on", map[string]any{"a": true}},
	}
	for _, tt := range tests {
		got, err := Decode([]byte(tt.in))
		if err != nil {
			t.Fatalf("Decode(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Decode(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestSyntaxErrorLine checks the line of syntax errors where yaml.v3 names
// another line than yaml.v2 (Helm). The same documents are compared with
// Helm's own reader in conformance/yamlerrors_test.go.
func TestSyntaxErrorLine(t *testing.T) {
	tests := []struct {
		in   string
		line int
		msg  string
	}{
		{"a: 1\nb: c: d\n", 2, "mapping values are not allowed in this context"},
		{"a: 1\nb: [1, 2\nc: 3\n", 2, "did not find expected ',' or ']'"},
		{"x:\n  a: 1\n  b: [1,\n     2\n  c: 3\n", 4, "did not find expected ',' or ']'"},
		{"a: 1\nb\n\n\nc: 2\n", 5, "could not find expected ':'"},
		{"a: 1\nb\n  # c\n\n", 3, "could not find expected ':'"},
		{"x:\n  a: 1\n  b\n   c\ny: 1\n", 5, "could not find expected ':'"},
		{"a: 1\nb: 'abc\nd\n", 4, "found unexpected end of stream"},
		{"a:\n  - 1\n  x: 2\n", 2, "did not find expected '-' indicator"},
		{"a:\n  b: 1\n c: 2\n", 2, "did not find expected key"},
	}
	for _, tt := range tests {
		_, err := Unmarshal([]byte(tt.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("%q: error %v is not a *SyntaxError", tt.in, err)
		}
		if se.Line != tt.line || se.Msg != tt.msg {
			t.Errorf("%q: got line %d msg %q, want line %d msg %q", tt.in, se.Line, se.Msg, tt.line, tt.msg)
		}
		want := fmt.Sprintf("error converting YAML to JSON: yaml: line %d: %s", tt.line, tt.msg)
		if err.Error() != want {
			t.Errorf("%q: error %q, want %q", tt.in, err, want)
		}
	}
}

func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		prev := "*a" + strconv.Itoa(i-1)
		fmt.Fprintf(&b, "a%d: &a%d [%s%s]\n", i, i, strings.Repeat(prev+", ", 9), prev)
	}
	_, err := Unmarshal([]byte(b.String()))
	if !errors.Is(err, ErrExcessiveAliasing) {
		t.Fatalf("got %v, want ErrExcessiveAliasing", err)
	}
}

func TestSplitDocuments(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"a: 1\n---\nb: 2\n", []string{"a: 1\n", "b: 2\n"}, ""},
		{"---\na: 1\n--- # comment\n---\n", []string{"a: 1\n"}, ""},
		{"a: 1\n---x\n", nil, "invalid Yaml document separator: x"},
		{"a: 1", []string{"a: 1"}, ""},
		{"", nil, ""},
		{"a: 1\r\n---\r\nb: 2", []string{"a: 1\r\n", "b: 2"}, ""},
		{"a: |\n  x\n  ---\n---   \nb", []string{"a: |\n  x\n  ---\n", "b"}, ""},
		{"---", nil, ""},
		{"a: 1\n----\n", nil, "invalid Yaml document separator: -"},
	}
	for _, tt := range tests {
		docs, err := SplitDocuments([]byte(tt.in))
		if errText(err) != tt.wantErr {
			t.Errorf("SplitDocuments(%q) error %q, want %q", tt.in, errText(err), tt.wantErr)
			continue
		}
		var got []string
		for _, d := range docs {
			got = append(got, string(d))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SplitDocuments(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestLoadValuesMergesDocuments(t *testing.T) {
	got, err := LoadValues([]byte("a: {x: 1, z: 2}\nb: 1\n---\na: {z: 3}\n---\n# empty\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": map[string]any{"x": 1.0, "z": 3.0}, "b": 1.0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := LoadValues([]byte("- a\n")); err == nil || !strings.HasPrefix(err.Error(), "cannot unmarshal yaml document: error unmarshaling JSON") {
		t.Errorf("top-level list: got %v", err)
	}
}

func TestMergeMapsDoesNotMutate(t *testing.T) {
	a := map[string]any{"m": map[string]any{"x": 1.0}}
	b := map[string]any{"m": map[string]any{"y": 2.0}}
	got := MergeMaps(a, b)
	if diff := cmp.Diff(map[string]any{"m": map[string]any{"x": 1.0, "y": 2.0}}, got); diff != "" {
		t.Error(diff)
	}
	if len(a["m"].(map[string]any)) != 1 || len(b["m"].(map[string]any)) != 1 {
		t.Error("MergeMaps modified its arguments")
	}
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range []string{"a: 1", "- [a, {b: c}]", "a: &x {b: *x}", "<<: [{a: 1}]", "? [a]\n: b", "a: !!binary aGk="} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Unmarshal(data)
		if err != nil {
			return
		}
		// Whatever decodes must be JSON-encodable, as Helm's values are.
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("decoded value is not JSON-encodable: %v", err)
		}
	})
}

// Aliases that repeat a long string are bounded by the bytes they expand
// to; documents of real shapes decode; deep nesting is the parser's error.
func TestAliasLimits(t *testing.T) {
	long := strings.Repeat("x", 1<<16)
	tests := []struct {
		name, doc string
		want      error
	}{
		{"long string repeated", "a: &a " + long + "\nb: [" + strings.Repeat("*a, ", 2000) + "*a]\n", ErrExcessiveAliasing},
		{"merge keys", "d: &d {a: 1, b: 2}\nl: [" + strings.Repeat("{<<: *d}, ", 1000) + "{}]\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Unmarshal([]byte(tt.doc))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDeepNesting(t *testing.T) {
	var se *SyntaxError
	if _, err := Unmarshal([]byte(strings.Repeat("[", 100000))); !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
}
