package yamlx

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkWithoutComments fails when emptying the comment lines of data
// changes what it decodes to. It reports whether they were emptied.
func checkWithoutComments(t *testing.T, name string, data []byte) bool {
	t.Helper()
	stripped := withoutComments(data)
	if stripped == nil {
		return false
	}
	if strings.Count(string(stripped), "\n") != strings.Count(string(data), "\n") {
		t.Errorf("%s: line count changed", name)
	}
	want, werr := decodeFrom(data, data, nil)
	got, gerr := decodeFrom(stripped, data, nil)
	if werr != nil || gerr != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%s: without comments: %v, %v; with: %v, %v\n%s", name, got, gerr, want, werr, data)
	}
	return true
}

func TestWithoutComments(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		strip bool
	}{
		{"flow sequences", "# top\na: 1 # trailing\n# between\nb:\n  # nested\n  c: [1, \"x\"]\n", true},
		{"flow maps", "# top\nb:\n  c: {d: 1}\n", false},
		{"plain values", "# top\na: 1 # trailing\n# between\nb:\n  # nested\n  c: 2\n", true},
		{"comment ends a plain scalar", "a: one\n  two\n# c\nb: 3\n", true},
		{"comment-like lines in a block scalar stay", "a: |\n  # kept\n  x\n# dropped\nb: 1\n", true},
		{"keep chomping", "a: |+\n  x\n# c\nb: 1\n", false},
		{"comment in a quoted scalar stays", "a: 'x\n  # kept'\n# c\n", true},
		{"no comments", "a: 1\n", false},
		{"not a mapping", "# c\n- 1\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkWithoutComments(t, tt.name, []byte(tt.doc)); got != tt.strip {
				t.Errorf("comments emptied = %v, want %v", got, tt.strip)
			}
		})
	}
}

// TestWithoutCommentsCorpus compares both decodings on the YAML files of
// the shared chart corpus (values files above all).
func TestWithoutCommentsCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	n, stripped := 0, 0
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) || strings.Contains(p, "/templates/") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		docs, err := SplitDocuments(data)
		if err != nil {
			return nil
		}
		for _, doc := range docs {
			n++
			if checkWithoutComments(t, p, doc) {
				stripped++
			}
		}
		return nil
	})
	if n == 0 {
		t.Skip("no corpus")
	}
	t.Logf("comments emptied in %d of %d documents", stripped, n)
}

func FuzzWithoutComments(f *testing.F) {
	for _, s := range []string{"# c\na: 1\n# d\nb:\n  - x\n  # e\n  - y\n", "a: |\n  # x\n# y\nb: 'q\n # r'\n", "a: b\n  c\n# d\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkWithoutComments(t, "fuzz", []byte(s))
	})
}
