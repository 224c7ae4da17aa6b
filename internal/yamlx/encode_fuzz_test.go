package yamlx

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// fuzzValue builds a value of the JSON data model from fuzz bytes: a small
// stack machine so that random inputs give nested maps and sequences.
func fuzzValue(data []byte, strs []string) any {
	var stack []any
	pop := func() any {
		if len(stack) == 0 {
			return nil
		}
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return v
	}
	si := 0
	nextStr := func() string {
		if len(strs) == 0 {
			return ""
		}
		s := strs[si%len(strs)]
		si++
		return s
	}
	for i := 0; i < len(data) && len(stack) < 64; i++ {
		switch op := data[i] % 12; op {
		case 0:
			stack = append(stack, nextStr())
		case 1:
			stack = append(stack, int64(int8(data[i])))
		case 2:
			stack = append(stack, float64(int8(data[i]))/7)
		case 3:
			stack = append(stack, data[i]&16 != 0)
		case 4:
			stack = append(stack, nil)
		case 5: // sequence of up to 3 values
			n := int(data[i]>>4) % 4
			s := make([]any, 0, n)
			for range n {
				s = append(s, pop())
			}
			stack = append(stack, s)
		case 6: // map of up to 3 entries
			n := int(data[i]>>4) % 4
			m := map[string]any{}
			for range n {
				m[nextStr()] = pop()
			}
			stack = append(stack, m)
		case 7:
			stack = append(stack, math.Ldexp(1, int(data[i]>>2)))
		case 8:
			stack = append(stack, int64(1)<<(data[i]%64))
		default:
			stack = append(stack, nextStr()+nextStr())
		}
	}
	if len(stack) == 0 {
		return nil
	}
	m := map[string]any{}
	for i, v := range stack {
		m[string(rune('a'+i%26))+nextStr()] = v
	}
	return m
}

// sameData compares a yaml.v3 decoding of our output with Normalize's value:
// numbers are compared by value, whatever their Go type.
func sameData(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameData(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameData(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	if fa, ok := fuzzNumber(a); ok {
		fb, ok := fuzzNumber(b)
		return ok && fa == fb
	}
	return reflect.DeepEqual(a, b)
}

func fuzzNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// FuzzMarshal checks that Marshal never panics, that the fast route and the
// JSON route agree, and that the YAML it writes reads back (with yaml.v3)
// as the normalised value.
func FuzzMarshal(f *testing.F) {
	f.Add([]byte{0, 6, 0, 5}, "key", "value with spaces and more text that is long enough to be folded at column eighty")
	f.Add([]byte{0, 0, 22, 9, 6}, "yes", "a\nb\n")
	f.Add([]byte{1, 2, 7, 8, 3, 4, 53, 70}, " lead", "trail ")
	f.Add([]byte{0, 9, 0, 38}, "\ufeffx", "- a: 'b'\t\"c\"")
	f.Add([]byte{9, 9, 9, 54}, "a\u0085b", "12:30")
	f.Fuzz(func(t *testing.T, data []byte, s1, s2 string) {
		v := fuzzValue(data, []string{s1, s2, s1 + "\n" + s2, s2 + " " + s1})
		got, err := Marshal(v)
		if within, ok := MarshalWithin(v, 1<<16, 64); ok && (err != nil || string(within) != string(got)) {
			t.Fatalf("MarshalWithin wrote %q, Marshal %q %v", within, got, err)
		}
		slow, slowErr := marshalSlow(v)
		if (err == nil) != (slowErr == nil) || string(got) != string(slow) {
			t.Fatalf("routes differ for %#v:\nfast %q %v\nslow %q %v", v, got, err, slow, slowErr)
		}
		if err != nil {
			return
		}
		norm, err := Normalize(v)
		if err != nil {
			t.Fatalf("Marshal succeeded but Normalize failed: %v", err)
		}
		var back any
		if err := yaml.Unmarshal(got, &back); err != nil {
			if bytes.Contains(got, []byte("<<:")) {
				return // yaml.v3 treats a plain "<<" key as a merge key; yaml.v2 does not
			}
			t.Fatalf("output does not parse: %v\n%s", err, got)
		}
		if !sameData(norm, back) {
			nb, _ := json.Marshal(norm)
			bb, _ := json.Marshal(back)
			t.Fatalf("round trip differs:\n%s\n%s\nyaml:\n%s", nb, bb, got)
		}
	})
}
