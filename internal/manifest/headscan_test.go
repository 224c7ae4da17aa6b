package manifest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// checkFastHead fails when yamlx.ScanHead reads doc but decoding the whole
// document gives a different head or an error. It reports whether the fast
// path was taken.
func checkFastHead(t *testing.T, name, doc string) bool {
	t.Helper()
	sh, ok := yamlx.ScanHead(doc)
	if !ok {
		return false
	}
	want, err := decodeHead(doc, false)
	if err != nil {
		t.Errorf("%s: ScanHead read a document that does not decode (%v):\n%s", name, err, doc)
		return true
	}
	got := &Head{APIVersion: sh.APIVersion, Kind: sh.Kind, Namespace: sh.Namespace, Labels: sh.Labels}
	if sh.HasMetadata {
		got.Metadata = &Metadata{Name: sh.Name, Annotations: sh.Annotations}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: ScanHead = %+v %+v; decoding gives %+v %+v\n%s", name, got, got.Metadata, want, want.Metadata, doc)
	}
	return true
}

// TestScanHeadCases: documents inside and outside the subset ScanHead
// reads. Inside, the head must be the decoded one; outside (want false),
// ScanHead must leave the document to the decoder.
func TestScanHeadCases(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		fast bool
	}{
		{"simple", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ns1\ndata:\n  a: b\n", true},
		{"annotations", "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install,post-install\n    \x22helm.sh/hook-weight\x22: '-5'\n  name: j\n", true},
		{"namespace and labels", "kind: A\nmetadata:\n  namespace: ns\n  labels:\n    app: a\n    'x/y': \"z\"\n  name: nm\n", true},
		{"empty labels", "kind: A\nmetadata:\n  labels: {}\n", true},
		{"labels elsewhere", "kind: A\nspec:\n  metadata:\n    labels:\n      a: b\n", true},
		{"number label", "kind: A\nmetadata:\n  labels:\n    v: 1.10\n", false},
		{"null namespace", "kind: A\nmetadata:\n  namespace:\n", false},
		{"repeated namespace", "kind: A\nmetadata:\n  namespace: a\n  namespace: b\n", false},
		{"multi-line single quotes", "kind: A\nspec:\n  d: 'it''s a long\n    text'\n  e: 1\n", true},
		{"multi-line double quotes with escapes", "kind: A\nspec:\n  d: \"a \\\"b\\\" \\t\n    c\\\n    d\" # done\n", true},
		{"unknown escape", "kind: A\nspec:\n  d: \"a\\/b\"\n", false},
		{"hex escape", "kind: A\nspec:\n  d: \"\\x41\"\n", false},
		{"unclosed multi-line quote", "kind: A\nspec:\n  d: 'abc\n    def\n", false},
		{"quote continued less indented", "kind: A\nspec:\n  d: 'abc\n  def'\n", false},
		{"text after a multi-line quote", "kind: A\nspec:\n  d: 'abc\n    def' x\n", false},
		{"document marker in a quote", "kind: A\nd: 'abc\n--- x'\n", false},
		{"empty annotations on the next line", "kind: A\nmetadata:\n  annotations:\n    {}\n  labels:\n    []\n", false},
		{"empty collections on the next line", "kind: A\nmetadata:\n  annotations:\n    {}\n  labels:\n    {}\nspec:\n  x:\n    []\n", true},
		{"flow sequences", "kind: A\nspec:\n  a: [x, \"y\", 'z', 1.5, -1 ] # c\n  b: [ ]\n  c: [a,]\n  d:\n  - [q]\n", true},
		{"flow sequence with a colon", "kind: A\nspec:\n  a: [x: y]\n", false},
		{"flow sequence with an empty item", "kind: A\nspec:\n  a: [x,,y]\n", false},
		{"unclosed flow sequence", "kind: A\nspec:\n  a: [x,\n    y]\n", false},
		{"nan in a flow sequence", "kind: A\nspec:\n  a: [.nan]\n", false},
		{"text after a flow sequence", "kind: A\nspec:\n  a: [x] y\n", false},
		{"empty annotations", "kind: A\nmetadata:\n  annotations: {}\n", true},
		{"empty metadata", "kind: A\nmetadata: {}\n", true},
		{"no metadata", "kind: A\nspec:\n  x: [] # none\n", true},
		{"sequences", "kind: A\nspec:\n  containers:\n  - name: a\n    args:\n      - -x\n      - \"y\"\n  -\n    name: b\n  ports: []\n", true},
		{"block scalars", "kind: A\ndata:\n  a: |\n    x: y\n      - z\n\n    # not a comment\n  b: >-\n    folded\nmetadata:\n  name: nm\n", true},
		{"multi-line plain", "kind: CustomResourceDefinition\nspec:\n  description: a long text\n    that goes on\n\n    and on\nmetadata:\n  name: nm\n", true},
		{"comments", "# head\nkind: A # the kind\nmetadata:\n  # name next\n  name: nm # comment\n", true},
		{"quoted with quotes", "kind: 'it''s'\napiVersion: \"v#1\"\n", true},
		{"unicode", "kind: A\ndata:\n  t: héllo — wörld\n", true},
		{"non-string keys elsewhere", "kind: A\ndata:\n  1: one\n  true: yes\n  1.5: x\n", true},
		{"timestamp name", "kind: A\nmetadata:\n  name: 2001-12-14\n", true},
		{"number name", "kind: A\nmetadata:\n  name: 12345678\n", false},
		{"bool kind", "kind: yes\n", false},
		{"bool name", "kind: A\nmetadata:\n  name: n\n", false},
		{"null name", "kind: A\nmetadata:\n  name:\n", false},
		{"null metadata", "kind: A\nmetadata:\n", false},
		{"metadata scalar", "kind: A\nmetadata: x\n", false},
		{"nan anywhere", "kind: A\nspec:\n  x: .nan\n", false},
		{"inf in a list", "kind: A\nspec:\n- -.Inf\n", false},
		{"other case", "Kind: A\nkind: B\n", false},
		{"repeated kind", "kind: A\nkind: B\n", false},
		{"anchor", "kind: A\nx: &a 1\ny: *a\n", false},
		{"tag", "kind: !!str A\n", false},
		{"flow map", "kind: A\nx: {a: 1}\n", false},
		{"escape", "kind: \"A\\n\"\n", false},
		{"tab", "kind: A\nx:\ty\n", false},
		{"bad indent", "kind: A\nspec:\n    a: 1\n  b: 2\n", false},
		{"mapping value in scalar", "kind: A\nx: a: b\n", false},
		{"continued kind", "kind: A\n  B\n", false},
		{"sequence document", "- kind: A\n", false},
		{"scalar document", "kind\n", false},
		{"empty", "", false},
		{"merge key", "kind: A\nx:\n  <<: {}\n", false},
		{"null key", "kind: A\n~: x\n", false},
		{"huge int key", "kind: A\n18446744073709551615: x\n", false},
		{"carriage return", "kind: A\r\n", false},
		{"document end", "kind: A\n...\n", false},
		{"block with more indented blank line first", "kind: A\nx: |\n      \n    a\n", false},
		{"unclosed quote", "kind: 'A\n", false},
		{"quoted key without space", "kind: A\n\"x\":y\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fast := checkFastHead(t, tt.name, tt.doc); fast != tt.fast {
				t.Errorf("fast path taken = %v, want %v", fast, tt.fast)
			}
		})
	}
}

// TestScanHeadRealDocuments compares ScanHead with decoding on real
// documents: the golden outputs of the conformance cases and the YAML
// files of the shared chart corpus. Most must take the fast path.
func TestScanHeadRealDocuments(t *testing.T) {
	var files []string
	golden, _ := filepath.Glob(filepath.Join("..", "..", "conformance", "testdata", "golden", "*.out"))
	files = append(files, golden...)
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "charts")
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) && !strings.Contains(p, "/templates/") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no documents found")
	}
	docs, fast := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range SplitManifests(string(data), false) {
			docs++
			if checkFastHead(t, f+"#"+string(rune('0'+i%10)), d) {
				fast++
			}
		}
	}
	t.Logf("%d of %d documents read by ScanHead", fast, docs)
	if fast*2 < docs {
		t.Errorf("only %d of %d documents took the fast path", fast, docs)
	}
}

func FuzzScanHead(f *testing.F) {
	for _, s := range []string{
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: test\n",
		"kind: A\ndata:\n  a: |\n    x\n  b: c\n    d\n", "kind: A\nl:\n- a\n- b: c\n  d: e\n",
		"kind: 'a''b'\nmetadata: {}\n", "a: b # c\n  d\n",
		"kind: A\nx: \"a\\\n  b\\n\"\ny: 'c\n\n  d'\nmetadata:\n  annotations:\n    {}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFastHead(t, "fuzz", s)
	})
}
