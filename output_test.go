package chartrender

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// helmPrinted is how Helm assembles its stdout: the release manifest
// (every CRD and manifest as a block) with surrounding whitespace trimmed,
// a newline, then every hook as a block.
func helmPrinted(r *Result) string {
	var rel strings.Builder
	for _, c := range r.CRDs {
		rel.WriteString(block(c.Source, c.Content))
	}
	for _, m := range r.Manifests {
		rel.WriteString(block(m.Source, m.Content))
	}
	out := strings.TrimSpace(rel.String()) + "\n"
	for _, h := range r.Hooks {
		out += block(h.Source, h.Content)
	}
	return out
}

func TestWriteToStreamsHelmOutput(t *testing.T) {
	m := func(src, content string) Manifest { return Manifest{Source: src, Content: content} }
	tests := []struct {
		name string
		res  Result
	}{
		{"empty", Result{}},
		{"hooks only", Result{Hooks: []Hook{{Manifest: m("c/templates/h.yaml", "kind: Job")}}}},
		{"one manifest", Result{Manifests: []Manifest{m("c/templates/a.yaml", "kind: A")}}},
		{"trailing spaces kept inside, trimmed at the end", Result{Manifests: []Manifest{
			m("c/templates/a.yaml", "kind: A\n\n  "), m("c/templates/b.yaml", "kind: B \t\n\n")}}},
		{"last document blank", Result{Manifests: []Manifest{
			m("c/templates/a.yaml", "kind: A"), m("c/templates/b.yaml", " \n\t")}}},
		{"last document empty, source with trailing space", Result{Manifests: []Manifest{m("c/templates/b.yaml ", "")}}},
		{"unicode spaces", Result{Manifests: []Manifest{m("c/templates/a.yaml", "kind: A\u00a0\u2028\u0085")}}},
		{"invalid utf-8 at the end", Result{Manifests: []Manifest{m("c/templates/a.yaml", "kind: A\xc2")}}},
		{"crds, manifests and hooks", Result{
			CRDs:      []CRD{{Source: "c/crds/x.yaml", Content: "kind: CustomResourceDefinition\n"}},
			Manifests: []Manifest{m("c/templates/a.yaml", "kind: A\n")},
			Hooks:     []Hook{{Manifest: m("c/templates/h.yaml", "kind: Job\n\n")}, {Manifest: m("c/templates/t.yaml", "")}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := helmPrinted(&tt.res)
			var buf bytes.Buffer
			n, err := tt.res.WriteTo(&buf)
			if err != nil || buf.String() != want || n != int64(len(want)) {
				t.Errorf("WriteTo = %q, %d, %v; want %q, %d", buf.String(), n, err, want, len(want))
			}
			b, err := tt.res.Bytes()
			if err != nil || string(b) != want {
				t.Errorf("Bytes = %q, %v; want %q", b, err, want)
			}
		})
	}
}

// failWriter fails after accepting limit bytes.
type failWriter struct{ limit int }

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.limit {
		n := f.limit
		f.limit = 0
		return n, errWriteFailed
	}
	f.limit -= len(p)
	return len(p), nil
}

var errWriteFailed = errors.New("write failed")

func TestWriteToReportsWriteErrors(t *testing.T) {
	res := Result{Manifests: []Manifest{{Source: "c/templates/a.yaml", Content: strings.Repeat("x", 100<<10)}}}
	n, err := res.WriteTo(&failWriter{limit: 1000})
	if err != errWriteFailed || n != 1000 {
		t.Errorf("WriteTo = %d, %v; want 1000, the writer's error", n, err)
	}
}
