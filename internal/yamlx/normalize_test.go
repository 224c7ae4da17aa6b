package yamlx

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// typed writes a normalised value with explicit Go types, in the form the
// oracle used for testdata/normalize.jsonl.
func typedForm(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = typedForm(e)
		}
		return map[string]any{"map": m}
	case []any:
		s := []any{}
		for _, e := range x {
			s = append(s, typedForm(e))
		}
		return map[string]any{"seq": s}
	case int64:
		return map[string]any{"int": strconv.FormatInt(x, 10)}
	case uint64:
		return map[string]any{"uint": strconv.FormatUint(x, 10)}
	case float64:
		return map[string]any{"float": strconv.FormatFloat(x, 'g', -1, 64)}
	case string:
		return map[string]any{"str": x}
	case bool:
		return map[string]any{"bool": x}
	case nil:
		return map[string]any{"null": true}
	}
	return map[string]any{"other": fmt.Sprintf("%T %v", v, v)}
}

// TestNormalizeGolden compares Normalize, on both routes, with what
// sigs.k8s.io/yaml v1.6.0 builds (json.Marshal, then yaml.v2 Unmarshal).
func TestNormalizeGolden(t *testing.T) {
	cases := readGolden(t, filepath.Join("testdata", "normalize.jsonl"))
	for i, c := range cases {
		for _, route := range []struct {
			name string
			fn   func(any) (any, error)
		}{{"Normalize", Normalize}, {"json-route", normalizeJSON}} {
			got, err := route.fn(goldenValue(t, c.In))
			if c.Err != "" {
				if err == nil || err.Error() != c.Err {
					t.Errorf("case %d (%s) %s: err %v, want %q", i+1, route.name, c.In, err, c.Err)
				}
				continue
			}
			if err != nil {
				t.Errorf("case %d (%s) %s: unexpected error %v", i+1, route.name, c.In, err)
				continue
			}
			var want any
			if err := json.Unmarshal([]byte(c.Out), &want); err != nil {
				t.Fatal(err)
			}
			w, _ := json.Marshal(want)
			g, _ := json.Marshal(typedForm(got))
			if string(w) != string(g) {
				t.Errorf("case %d (%s) %s:\n got %s\nwant %s", i+1, route.name, c.In, g, w)
			}
		}
	}
}

func TestNormalizeTypes(t *testing.T) {
	// Expected values checked against sigs.k8s.io/yaml v1.6.0 internals (json.Marshal,
	// then yaml.v2 Unmarshal), as used by Helm v4.3.1.
	type T struct {
		A int    `json:"a"`
		B string `json:"b,omitempty"`
		C []byte
		d int
	}
	tests := []struct {
		in   any
		want any
	}{
		{12345678.0, int64(12345678)},
		{3.0, int64(3)},
		{math.Copysign(0, -1), int64(0)},
		{1e21, 1e21},
		{1.5, 1.5},
		{float64(1 << 60), int64(1152921504606847000)}, // JSON prints the shortest digits
		{uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{1e20, 1e20},
		{float32(0.1), 0.1},
		{int8(-5), int64(-5)},
		{json.Number("1.0"), 1.0},
		{json.Number("1e999"), "1e999"},
		{[]byte("hi"), "aGk="},
		{T{A: 1, C: []byte{1}}, map[string]any{"a": int64(1), "C": "AQ=="}},
		{map[int]string{2: "b", 10: "a"}, map[string]any{"2": "b", "10": "a"}},
		{"a\x85b", "a\uFFFDb"}, // invalid UTF-8 byte
		{"a\u0085b", "a b"},
		{"a \u0085 \u0085 b", "a\nb"},
		{[]any{nil, true}, []any{nil, true}},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if err != nil {
			t.Errorf("Normalize(%#v): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Normalize(%#v): (-want +got)\n%s", tt.in, diff)
		}
	}
}

func TestNormalizeErrors(t *testing.T) {
	// Error texts checked against sigs.k8s.io/yaml v1.6.0 Marshal (Helm v4.3.1).
	cyc := map[string]any{}
	cyc["self"] = cyc
	deep := any(1)
	for range 10001 {
		deep = []any{deep}
	}
	tests := []struct {
		in     any
		op     string
		is     error
		errStr string
	}{
		{math.NaN(), "json", nil, "error marshaling into JSON: json: unsupported value: NaN"},
		{map[string]any{"a": math.Inf(1)}, "json", nil, "error marshaling into JSON: json: unsupported value: +Inf"},
		{make(chan int), "json", nil, "error marshaling into JSON: json: unsupported type: chan int"},
		{map[bool]int{true: 1}, "json", nil, "error marshaling into JSON: json: unsupported type: map[bool]int"},
		{cyc, "json", nil, "error marshaling into JSON: json: unsupported value: encountered a cycle via map[string]interface {}"},
		{"a\x7fb", "yaml", ErrControlCharacter, "yaml: control characters are not allowed"},
		{map[string]any{"k": "\u0080"}, "yaml", ErrControlCharacter, "yaml: control characters are not allowed"},
		{"\uFFFE", "yaml", ErrControlCharacter, "yaml: control characters are not allowed"},
		{map[string]any{strings.Repeat("x", 1023): 1}, "yaml", ErrKeyNotSimple, "yaml: did not find expected ',' or '}'"},
		{map[string]any{strings.Repeat("<", 171): 1}, "yaml", ErrKeyNotSimple, "yaml: did not find expected ',' or '}'"},
		{map[string]any{"a\u0085b": 1}, "yaml", ErrKeyNotSimple, "yaml: line 1: did not find expected ',' or '}'"},
		{"x\u0085--- y", "yaml", ErrDocumentIndicator, "yaml: line 2: found unexpected document indicator"},
		{json.RawMessage(`"\/"`), "yaml", ErrUnknownEscape, "yaml: found unknown escape character"},
		{json.RawMessage(`"\ud83d\ude00"`), "yaml", ErrInvalidEscapeCode, "yaml: found invalid Unicode character escape code"},
		{deep, "yaml", ErrTooDeep, "yaml: exceeded max depth of 10000"},
	}
	for i, tt := range tests {
		for _, fn := range []func(any) (any, error){Normalize, func(v any) (any, error) { b, err := Marshal(v); return b, err }} {
			_, err := fn(tt.in)
			var me *MarshalError
			if !errors.As(err, &me) {
				t.Errorf("case %d: error %v is not a *MarshalError", i, err)
				continue
			}
			if me.Op != tt.op || err.Error() != tt.errStr {
				t.Errorf("case %d: got op %q err %q, want %q %q", i, me.Op, err, tt.op, tt.errStr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("case %d: errors.Is(%v, %v) = false", i, err, tt.is)
			}
		}
	}
	// Keys up to 1022 JSON characters are fine.
	if _, err := Marshal(map[string]any{strings.Repeat("x", 1022): 1}); err != nil {
		t.Errorf("1022-character key: %v", err)
	}
	deep = any(1)
	for range 10000 {
		deep = []any{deep}
	}
	if _, err := Marshal(deep); err != nil {
		t.Errorf("depth 10000: %v", err)
	}
}

func TestNormalizeDoesNotMutate(t *testing.T) {
	in := map[string]any{"a": []any{1.0, map[string]any{"b": 2.5}}, "c": "x\u0085y"}
	before := fmt.Sprintf("%#v", in)
	out, err := Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	if after := fmt.Sprintf("%#v", in); after != before {
		t.Errorf("input changed:\n%s\n%s", before, after)
	}
	out.(map[string]any)["a"].([]any)[0] = "changed"
	if in["a"].([]any)[0] != 1.0 {
		t.Error("result shares a slice with the input")
	}
}
