package yamlx

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkTOML compares ToTOML with Helm's toToml as recorded by the oracle
// (BurntSushi/toml v1.6.0 Encoder): the output, or the error text.
func checkTOML(t *testing.T, path string) {
	cases := readGolden(t, path)
	bad := 0
	for i, c := range cases {
		got, err := ToTOML(goldenValue(t, c.In))
		ok := true
		switch {
		case c.Err != "":
			// The oracle records encoder panics as "PANIC: <text>".
			var te *TOMLError
			want, panics := strings.CutPrefix(c.Err, "PANIC: ")
			ok = err != nil && err.Error() == want && errors.As(err, &te) && te.Panic == panics
		default:
			ok = err == nil && got == c.Out
		}
		if !ok {
			bad++
			if bad <= 5 {
				t.Errorf("%s case %d: input %s\n got %q %v\nwant %q %q", filepath.Base(path), i+1, c.In, got, err, c.Out, c.Err)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d differ", path, bad, len(cases))
	} else {
		t.Logf("%s: all %d match", path, len(cases))
	}
}

// TestToTOMLGolden checks toToml against BurntSushi/toml v1.6.0 (Helm v4.3.1).
func TestToTOMLGolden(t *testing.T) {
	checkTOML(t, filepath.Join("testdata", "toml.jsonl"))
	if p := os.Getenv("YAMLX_TOML_DIFF"); p != "" {
		checkTOML(t, p)
	}
}

func TestToTOMLPanics(t *testing.T) {
	// Checked with helm v4.3.1: {{ toToml .Values.missing }} fails with
	// "error calling toToml: reflect: call of reflect.Value.Type on zero Value".
	_, err := ToTOML(nil)
	var te *TOMLError
	if !errors.As(err, &te) || !te.Panic || err.Error() != "reflect: call of reflect.Value.Type on zero Value" {
		t.Errorf("ToTOML(nil) error = %v", err)
	}
}
