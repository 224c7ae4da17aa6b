package yamlx

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// goldenCase is one line of testdata/marshal.jsonl: an input and what
// sigs.k8s.io/yaml v1.6.0 Marshal (Helm v4.3.1's toYaml, before the trailing
// newline is trimmed) returned for it. See testdata/README.md.
type goldenCase struct {
	In     json.RawMessage `json:"in"`
	Out    string          `json:"out"`
	OutHex string          `json:"outHex"` // the output's bytes when they are not valid UTF-8
	Err    string          `json:"err"`
}

// goldenValue turns a case's JSON input into the Go value both the oracle
// and these tests marshal: JSON numbers become int64 when integral and in
// range, float64 otherwise; {"$bytes": hex} is a raw (possibly invalid
// UTF-8) string, {"$float": text} a float64 (also NaN, inf, -inf) and
// {"$f32": text} a float32.
func goldenValue(t testing.TB, raw []byte) any {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad golden input %s: %v", raw, err)
	}
	return convGolden(v)
}

func convGolden(v any) any {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			if kv, ok := x["$kv"].([]any); ok {
				// a map whose keys may be raw strings: [[key, value], ...]
				m := map[string]any{}
				for _, p := range kv {
					pair := p.([]any)
					m[convGolden(pair[0]).(string)] = convGolden(pair[1])
				}
				return m
			}
			if h, ok := x["$bytes"].(string); ok {
				b, _ := hex.DecodeString(h)
				return string(b)
			}
			if s, ok := x["$float"].(string); ok {
				f, _ := strconv.ParseFloat(s, 64)
				return f
			}
			if s, ok := x["$f32"].(string); ok {
				f, _ := strconv.ParseFloat(s, 32)
				return float32(f)
			}
		}
		for k, e := range x {
			x[k] = convGolden(e)
		}
	case []any:
		for i, e := range x {
			x[i] = convGolden(e)
		}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

func readGolden(t testing.TB, path string) []goldenCase {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no golden file: %v", err)
	}
	defer f.Close()
	var cases []goldenCase
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		var c goldenCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if c.OutHex != "" {
			b, err := hex.DecodeString(c.OutHex)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			c.Out = string(b)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// marshalSlow is Marshal forced through the JSON round trip.
func marshalSlow(v any) ([]byte, error) {
	n, err := normalizeJSON(v)
	if err != nil {
		return nil, err
	}
	e := emitter{trusted: true}
	if err := e.document(n); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// checkGolden compares Marshal (and the forced JSON route) with the oracle,
// output bytes and error texts.
func checkGolden(t *testing.T, path string, strict bool) {
	cases := readGolden(t, path)
	bad, skipped, soft := 0, 0, 0
	for i, c := range cases {
		if !totallyOrdered(goldenValue(t, c.In)) {
			// yaml.v2's key order is not transitive for some key sets
			// (a00b < a1b < a001111 < a00b); Helm's output then depends
			// on map iteration order and is not reproducible.
			skipped++
			continue
		}
		for _, route := range []struct {
			name string
			fn   func(any) ([]byte, error)
		}{{"Marshal", Marshal}, {"json-route", marshalSlow}} {
			v := goldenValue(t, c.In)
			got, err := route.fn(v)
			ok := true
			switch {
			case c.Err != "" && err == nil:
				ok = false
			case c.Err == "" && err != nil:
				ok = false
			case c.Err != "" && err.Error() != c.Err:
				if strings.HasPrefix(c.Err, "yaml: ") && strings.HasPrefix(err.Error(), "yaml: ") && !strict {
					// Two different faults in one value: yaml.v2 reports the
					// one its buffered reader meets first, which depends on
					// its 512-byte read chunks; not reproduced.
					soft++
					continue
				}
				ok = false
			case c.Err == "" && string(got) != c.Out:
				ok = false
			}
			if !ok {
				bad++
				if bad <= 10 {
					t.Errorf("%s case %d (%s): input %s\n got: %q err %v\nwant: %q err %q",
						filepath.Base(path), i+1, route.name, c.In, got, err, c.Out, c.Err)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d checks differ (%d cases skipped: key order not transitive)", path, bad, 2*(len(cases)-skipped), skipped)
	} else {
		t.Logf("%s: all %d cases match on both routes (%d skipped: key order not transitive; %d checks with another yaml error text)",
			path, len(cases)-skipped, skipped, soft)
	}
}

// TestMarshalGolden checks Marshal against sigs.k8s.io/yaml v1.6.0 output
// recorded in testdata (Helm v4.3.1's toYaml implementation).
func TestMarshalGolden(t *testing.T) {
	checkGolden(t, filepath.Join("testdata", "marshal.jsonl"), true)
}

// TestMarshalDifferential runs a larger oracle file outside the repository:
// YAMLX_DIFF=/tmp/cases.jsonl go test -run Differential ./internal/yamlx
func TestMarshalDifferential(t *testing.T) {
	p := os.Getenv("YAMLX_DIFF")
	if p == "" {
		t.Skip("YAMLX_DIFF not set")
	}
	for _, f := range strings.Split(p, ",") {
		checkGolden(t, f, false)
	}
}

// totallyOrdered reports whether naturalLess is transitive on the keys of
// every map in v.
func totallyOrdered(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		var keys [][]rune
		for k, e := range x {
			keys = append(keys, []rune(k))
			if !totallyOrdered(e) {
				return false
			}
		}
		for _, a := range keys {
			for _, b := range keys {
				if !naturalLess(a, b) {
					continue
				}
				for _, c := range keys {
					if naturalLess(b, c) && !naturalLess(a, c) {
						return false
					}
				}
			}
		}
	case []any:
		for _, e := range x {
			if !totallyOrdered(e) {
				return false
			}
		}
	}
	return true
}
