package yamlx

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// checkFast fails when fastDecode accepts data but its value differs from
// the full decoder's (types included), or when it accepts data the full
// decoder refuses. It reports whether fastDecode accepted data.
func checkFast(t *testing.T, name string, data []byte) bool {
	t.Helper()
	got, ok := fastDecode(data)
	if !ok {
		return false
	}
	want, err := decodeFrom(data, data, nil)
	if err != nil {
		t.Errorf("%s: fast decoder accepted a document the full decoder refuses (%v):\n%s", name, err, data)
		return true
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("%s: fast decoder mismatch (-full +fast):\n%s\n%s", name, diff, data)
	}
	// The same in the JSON data model, against Unmarshal's full path.
	gotJSON, ok := fastDecodeJSON(data)
	if !ok {
		return true
	}
	full, _ := decodeFrom(data, data, nil)
	wantJSON, err := jsonTyped(full)
	if err != nil {
		t.Errorf("%s: fast JSON decoder accepted a document Unmarshal refuses (%v):\n%s", name, err, data)
		return true
	}
	if diff := cmp.Diff(wantJSON, gotJSON); diff != "" {
		t.Errorf("%s: fast JSON decoder mismatch (-full +fast):\n%s\n%s", name, diff, data)
	}
	return true
}

func TestFastDecode(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		fast bool // whether the fast decoder takes it
	}{
		{"empty", "", true},
		{"comments only", "# a\n\n  # b\n", true},
		{"scalars", "a: 1\nb: 1.5\nc: yes\nd: ~\ne: text here\nf: 2001-12-14\ng: 0x1F\nh: -3\ni: 9223372036854775808\nj: .inf\n", true},
		{"keys of other types", "1: a\ntrue: b\n1.5: c\nNo: d\n", true},
		{"keys that read the same", "true: a\non: b\n", false},
		{"null key", "~: a\n", false},
		{"quoted", "a: \"x: y # z\"\nb: 'it''s'\n'c d': \"\"\n", true},
		{"escapes", "a: \"x\\ty\\\\z\\\"\\n\\r\"\nb: \"\\\\\"\n\"\\\\k\": 1\n", true},
		{"other escapes", "a: \"\\x41\"\nb: \"\\/\"\n", false},
		{"escaped line break", "a: \"x\\\n  y\"\n", false},
		{"comments", "# top\na: 1 # one\n# mid\nb:\n  # in\n  c: 2\n", true},
		{"nested", "a:\n  b:\n    c: 1\n  d: [1, 'x', \"y\", z]\n  e: []\n  f: {}\n", true},
		{"flow map", "a: {b: 1}\n", false},
		{"sequences", "a:\n  - 1\n  - b: 2\n    c: 3\n  -\n  - - x\n", false},
		{"sequences without nested dash", "a:\n  - 1\n  - b: 2\n    c: 3\n  -\n  - x\n", true},
		{"indentless sequence", "a:\n- 1\n- b: 2\n  c: [3]\nd: 4\n", true},
		{"sequence of sequences", "-\n  - 1\n  - 2\n-\n  - 3\n", true},
		{"top-level sequence", "- a\n- b\n", true},
		{"top-level scalar", "a\n", false},
		{"indented document", "  a: 1\n  b: 2\n", true},
		{"literal", "a: |\n  line 1\n    more\n\n  # not a comment\n\n\nb: |-\n  x\n  y\nc: |\n\nd: 1\n", true},
		{"literal at the end without a line break", "a: |\n  x", false},
		{"plain at the end without a line break", "a: |\n  x\nb: 1", true},
		{"literal in a sequence", "- |\n  x\n- |-\n   y\n", true},
		{"literal with spaces on blank lines", "a: |\n  x\n   \n  y\n", false},
		{"keep chomping", "a: |+\n  x\n\n", false},
		{"folded", "a: >\n  x\n  y\n", false},
		{"multi-line plain", "a: b\n  c\n\n   d\n\n\n  e # f\ng: - h\n  i\n- j\n", false},
		{"multi-line plain folded", "a: b\n  c\n\n   d\n\n\n  e # f\ng: -h\n  i\nj:\n- k\n  l\n- m: n\n   o\n", true},
		{"multi-line plain after a comment", "a: b\n  # c\n  d\n", false},
		{"multi-line plain with a dash", "a: b\n  - c\n", false},
		{"multi-line plain with a colon", "a: b\n  c: d\n", false},
		{"plain scalar on its own line", "a:\n  b\n", false},
		{"multi-line quoted", "a: 'b\n  c'\n", false},
		{"anchors and aliases of scalars", "a: &x 1\nb: *x\nc:\n  - &y-1 'q' # c\n  - *y-1\n  - &x two\n    words\nd: *x # c\n", true},
		{"anchored collection", "a: &x\n  b: 1\nc: *x\n", false},
		{"anchored flow collection", "a: &x [1]\n", false},
		{"alias before its anchor", "a: *x\nb: &x 1\n", false},
		{"alias with more text", "a: &x 1\nb: *x y\n", false},
		{"aliases repeating more than the document", "a: &x " + strings.Repeat("y", 40) + "\nb: [" + strings.Repeat("*x, ", 0) + "]\nc: *x\nd: *x\ne: *x\n", false},
		{"tag", "a: !!str 1\n", false},
		{"merge key", "<<: {a: 1}\n", false},
		{"repeated key", "a: 1\na: 2\n", false},
		{"tab", "a:\t1\n", false},
		{"document marker", "---\na: 1\n", false},
		{"bad indentation", "a:\n  b: 1\n c: 2\n", false},
		{"mapping value in a plain scalar", "a: b: c\n", false},
		{"key without a space after the colon", "a:b\n", false},
		{"deep", strings.Repeat("a:\n ", 300) + "b: 1\n", false},
		{"long key", strings.Repeat("k", 1100) + ": 1\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkFast(t, tt.name, []byte(tt.doc)); got != tt.fast {
				t.Errorf("fast decoder took it = %v, want %v", got, tt.fast)
			}
		})
	}
}

// TestFastDecodeCorpus compares the fast and the full decoder on every
// YAML document of the shared chart corpus outside templates/ (values
// files, ci/ values, Chart.yaml, requirements, CRDs), whole and cut after
// a number of lines, which gives documents ending in every construct.
func TestFastDecodeCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	docs, fast, cuts, fastCuts := 0, 0, 0, 0
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) || strings.Contains(p, "/templates/") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		parts, err := SplitDocuments(data)
		if err != nil {
			return nil
		}
		for _, doc := range parts {
			docs++
			if checkFast(t, p, doc) {
				fast++
			}
			lines := bytes.SplitAfter(doc, []byte("\n"))
			step := max(len(lines)/12, 1)
			for n := 1; n < len(lines); n += step {
				cuts++
				if checkFast(t, p, bytes.Join(lines[:n], nil)) {
					fastCuts++
				}
			}
		}
		return nil
	})
	if docs == 0 {
		t.Skip("no corpus")
	}
	t.Logf("fast decoder took %d of %d documents and %d of %d cut documents", fast, docs, fastCuts, cuts)
}

func FuzzFastDecode(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb:\n  - x\n  - y: 2\n    z: [1, 'q']\n",
		"a: |\n  x\n\n  y\nb: |-\n  z\n",
		"- a\n-\n  - b\n- c: {}\n",
		"a:\n- 1\n- 2\nb: 'x''y' # c\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFast(t, "fuzz", []byte(s))
	})
}

// TestFastDecodeRandom compares both decoders on documents assembled at
// random from the kinds of lines values files hold, at random
// indentations: far more of them are well-formed block YAML than byte
// mutations give.
func TestFastDecodeRandom(t *testing.T) {
	pieces := []string{
		"k: v", "key: 1", "a: yes", "b: ~", "c: 1.5", "on: x", "d:", "e: |", "f: |-", "g: >", "h: |+",
		"- x", "- 2", "-", "- k: v", "- - y", "- |", "- [a, 1]", "- {}", "- 'q''r'",
		"text", "more text", "x: 'q'", "y: \"a\\nb\"", "z: [a, 'b', 3]", "w: []", "v: {}",
		"", "", "# comment", "t: v # comment", "key with space: v", "'quoted key': 1", "1: one",
		"k: &a v", "k: *a", "- &a v", "- *a", "k: &b 'x'", "k: *b", "k: &a",
		"u: a:b", "s: -1", "r: 0x10", "q: 2001-01-01", "p: \"\\\\\"", "o: a #b", "n: a# b",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n, fast := 0, 0
	for i := range 60000 {
		var b strings.Builder
		indent := 0
		for range 1 + rng.IntN(12) {
			if i%2 == 0 {
				indent = rng.IntN(7) // anywhere
			} else {
				indent = max(0, indent+2*rng.IntN(4)-4) // near the line before
			}
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(pieces[rng.IntN(len(pieces))])
			b.WriteByte('\n')
		}
		n++
		if checkFast(t, "random", []byte(b.String())) {
			fast++
		}
	}
	t.Logf("fast decoder took %d of %d random documents", fast, n)
	if fast == 0 {
		t.Error("no random document took the fast path")
	}
}
