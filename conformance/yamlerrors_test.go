package conformance

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/values"
	"helm.sh/helm/v4/pkg/chart/common"
)

// yamlSnippets are broken YAML documents whose errors name different lines
// in yaml.v3 and yaml.v2 unless chartrender corrects them.
var yamlSnippets = []string{
	"a: 1\nb: [1, 2\nc: 3\n",
	"a: 1\nb: [1, 2\n\n\n# x\nc: 3\n",
	"a: 1\nb: {x: 1\nc: 3\n",
	"a: 1\nb\nc: 2\n",
	"a: 1\nb\n\n\nc: 2\n",
	"a: 1\nb: \"abc\n",
	"a: 1\nb: 'abc\nd\n",
	"a:\n  b: 1\n c: 2\n",
	"a:\n  - 1\n  x: 2\n",
	"a: 1\n  b: 2\n",
	"a: 1\nb: c: d\n",
	"a: 1\n\tb: 2\n",
	"a: 1\nb: @x\n",
	"a: |\n  x\n y: 1\n",
	"x:\n  a: 1\n  b: [1,\n     2\n  c: 3\n",
	"a: &x 1\nb: *y\n",
	"- a\nb: 1\n",
	"a: [1, 2]]\n",
	"a: 1\n- b\n",
	"key: value\n  other: value2\n",
	"a: 1\nb: 1\n'c\n",
	"a:\n  b: \"x\n  c: 1\n",
	"a: 1\nb\n",
	"a: 1\nb",
	"a: 1\nb\n\n",
	"a: 1\nb\n  # c\n\n",
	"a: 1\nb\n  # c\n\nd: 1\n",
	"a: 1\nb #x\n  # c\n\n  d: 1\n",
	"x:\n  a: 1\n  b\n  c: 1\n",
	"x:\n  a: 1\n  b\ny: 1\n",
	"x:\n  a: 1\n  b\n   c\ny: 1\n",
	"a: 1\nb\n---\n",
	"a: 1\n\"b\"\nc: 1\n",
	// yaml.v3 reads two tokens ahead and fails on a later token first.
	"a:\n  b: 1\n c\n  d: 2\n",
	"a:\n  b: 1\n  # x\n c d\n   e: 1\nf: 2\n",
	"a:\n  b: \"\n  c: 1\n  d: \"x\" e: 1\n",
	"a:\n  b: 1\n \"c\n  d: \"\"\n  e: \"x\\.y\"\n",
	// The offending token is a quoted scalar over several lines.
	"a:\n  b: \"\n  c: \"\"\n\n  d: true\ne: \"f\"\n",
	"a:\n  b: 'x\n  c: ''\n  d: 1\n  e: 'y'\n",
	// A flow collection that starts a key and is not followed by ':'.
	"a: 1\n[b: 2\n# c\nd: 3\n",
	"a: 1\n{# c\n# d\n\ne: 1\n",
	"a: 1\n[3m])\n  # c\nb: 1\n",
	"a:\n  x: 1\n  [y, z # c\n  # d\n  w: 2\n",
}

// TestYAMLErrorLines compares the YAML syntax errors of chartrender's values
// parser with Helm's (chart/common.ReadValues, yaml.v2 through
// sigs.k8s.io/yaml): first a table of broken documents, which must all give
// Helm's text; then broken copies of the corpus charts' values files (each
// made by inserting or deleting one character at a seeded random place),
// where the share giving Helm's exact text must not fall below the floor.
func TestYAMLErrorLines(t *testing.T) {
	for _, s := range yamlSnippets {
		_, herr := common.ReadValues([]byte(s))
		_, oerr := values.Parse([]byte(s), "values.yaml")
		if h, o := errText(herr), errText(oerr); h != o {
			t.Errorf("%q:\nhelm:        %s\nchartrender: %s", s, h, o)
		}
	}

	files, err := filepath.Glob(filepath.Join(corpusDir(), "charts", "*", "values.yaml"))
	if err != nil || len(files) == 0 {
		t.Skip("no corpus values files")
	}
	rng := rand.New(rand.NewSource(1))
	edits := []string{"[", "{", "\"", "'", ":", "\n", " ", "-", "#", "x", ": ", "\n  ", "|", "&", "*", "!"}
	same, differ := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// A leading "---" makes chartrender (like Helm for -f files) count
		// lines per document, unlike ReadValues.
		if len(data) == 0 || bytes.HasPrefix(data, []byte("---")) {
			continue
		}
		for range 60 {
			i := rng.Intn(len(data))
			var m []byte
			if rng.Intn(2) == 0 {
				m = slices.Concat(data[:i], []byte(edits[rng.Intn(len(edits))]), data[i:])
			} else {
				m = slices.Concat(data[:i], data[i+1:])
			}
			_, herr := common.ReadValues(m)
			_, oerr := values.Parse(m, "values.yaml")
			if herr == nil || oerr == nil {
				continue
			}
			if h, o := errText(herr), errText(oerr); h == o {
				same++
			} else {
				differ++
				t.Logf("%s with one edit at byte %d:\nhelm:        %s\nchartrender: %s", f, i, h, o)
			}
		}
	}
	fmt.Printf("YAML errors of broken corpus values files: %d of %d as Helm's\n", same, same+differ)
	if same*100 < 98*(same+differ) {
		t.Errorf("only %d of %d broken values files give Helm's error text (floor: 98%%)", same, same+differ)
	}
}

// errText is an error's text from the YAML reader's own words on.
func errText(err error) string {
	s := fmt.Sprint(err)
	for _, p := range []string{"error converting", "error unmarshaling"} {
		if i := strings.Index(s, p); i >= 0 {
			return s[i:]
		}
	}
	return s
}
