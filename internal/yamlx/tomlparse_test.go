package yamlx

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkFromTOML compares FromTOML with BurntSushi/toml v1.6.0's Unmarshal
// into map[string]any (Helm v4.3.1's fromToml), as recorded by the oracle
// with %#v (which shows the Go types). The fact of an error must match;
// with strictErrors its text must too (templates can print it).
func checkFromTOML(t *testing.T, path string, strictErrors bool) {
	cases := readGolden(t, path)
	bad, errText := 0, 0
	for i, c := range cases {
		var doc string
		if err := json.Unmarshal(c.In, &doc); err != nil {
			t.Fatal(err)
		}
		got, err := FromTOML(doc)
		switch {
		case c.Err != "" && err != nil:
			if err.Error() != c.Err {
				errText++
				if strictErrors {
					t.Logf("%s case %d: %q: error\n got %s\nwant %s", filepath.Base(path), i+1, doc, err, c.Err)
				}
			}
			continue
		case c.Err == "" && err == nil && fmt.Sprintf("%#v", got) == c.Out:
			continue
		}
		bad++
		if bad <= 8 {
			t.Errorf("%s case %d: %q\n got %#v %v\nwant %s %s", filepath.Base(path), i+1, doc, got, err, c.Out, c.Err)
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d differ", path, bad, len(cases))
	}
	if strictErrors && errText > 0 {
		t.Errorf("%s: %d error texts differ from the oracle's", path, errText)
	}
	t.Logf("%s: %d cases, %d wrong, %d errors with another text", path, len(cases), bad, errText)
}

// TestFromTOMLGolden checks fromToml against BurntSushi/toml v1.6.0.
func TestFromTOMLGolden(t *testing.T) {
	checkFromTOML(t, filepath.Join("testdata", "fromtoml.jsonl"), true)
	// Errors: the key BurntSushi names ("last key") and its messages.
	checkFromTOML(t, filepath.Join("testdata", "fromtoml-errors.jsonl"), true)
	if p := os.Getenv("YAMLX_FROMTOML_DIFF"); p != "" {
		checkFromTOML(t, p, false)
	}
}

func TestFromTOMLRoundTrip(t *testing.T) {
	in := map[string]any{"a": int64(1), "b": map[string]any{"c": "d", "e": []any{1.5, "x"}}, "t": []map[string]any{{"x": true}}}
	s, err := ToTOML(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := FromTOML(s)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%#v", out) != fmt.Sprintf("%#v", in) {
		t.Errorf("round trip:\n%s\n%#v", s, out)
	}
	if !strings.Contains(s, "[[t]]") {
		t.Errorf("array of tables not written as [[t]]:\n%s", s)
	}
}

// FuzzFromTOML checks that FromTOML never panics and that what it returns
// can be written with ToTOML and read back to the same values.
func FuzzFromTOML(f *testing.F) {
	for _, s := range []string{
		"a = 1\n[b]\nc = \"d\"\n[[e]]\nf = 1979-05-27T07:32:00Z\n",
		"x = [1, [2.5, 'lit'], {a = true}]\ny = \"\"\"\nml \\\n  x\"\"\"\n",
		"a.b.c = 0x1F\n\"q k\" = -inf\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := FromTOML(s)
		if err != nil {
			return
		}
		out, err := ToTOML(m)
		if err != nil {
			return // e.g. arrays holding inline tables and other values mix fine; nil cannot occur
		}
		back, err := FromTOML(out)
		if err != nil {
			t.Fatalf("ToTOML output does not parse: %v\ninput %q\noutput %q", err, s, out)
		}
		if a, b := fmt.Sprintf("%v", m), fmt.Sprintf("%v", back); a != b && !strings.Contains(a, "NaN") {
			t.Fatalf("round trip differs:\n%s\n%s\ninput %q\noutput %q", a, b, s, out)
		}
	})
}
