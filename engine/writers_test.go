package engine

import (
	"context"
	"strings"
	"testing"
)

// Workers reuse the buffers of include, tpl and file results; a result
// kept in a variable must not change when later results are written.
func TestResultsSurviveBufferReuse(t *testing.T) {
	big := strings.Repeat("b", 32<<10+10) // above handOverLen
	tests := []struct {
		name, tmpl, want string
	}{
		{"include results kept", `{{ $x := include "a" 1 }}{{ $y := include "a" 2 }}{{ $z := include "a" 3 }}{{ $x }}{{ $y }}{{ $z }}`,
			"A1A2A3"},
		{"nested includes", `{{ $x := include "nest" 5 }}{{ $y := include "nest" 6 }}{{ $x }}|{{ $y }}`,
			"[A5]A5|[A6]A6"},
		{"tpl results kept", `{{ $x := tpl "T{{ . }}" 1 }}{{ $y := tpl "T{{ . }}" 2 }}{{ $x }}{{ $y }}`,
			"T1T2"},
		{"large result handed over, then buffers reused", `{{ $b := include "big" . }}{{ $x := include "a" 7 }}{{ $c := include "big" . }}{{ len $b }} {{ eq $b $c }} {{ $x }}`,
			"32778 true A7"},
		{"first write larger than a chunk", `{{ $h := include "huge" . }}{{ $x := include "a" 8 }}{{ $i := include "huge" . }}{{ len $h }} {{ eq $h $i }} {{ $x }}`,
			"1048586 true A8"},
		{"no value kept by include, removed by tpl", `{{ $x := include "nv" . }}{{ $y := tpl "{{ .missing }}" . }}{{ len $x }} {{ len $y }} {{ $x }}|{{ $y }}|`,
			"10 0 ||"},
	}
	helpers := `{{- define "a" }}A{{ . }}{{ end }}` +
		`{{- define "nest" }}[{{ include "a" . }}]{{ include "a" . }}{{ end }}` +
		`{{- define "big" }}` + big + `{{ end }}` +
		`{{- define "huge" }}` + strings.Repeat("h", chunkBytes+10) + `{{ end }}` +
		`{{- define "nv" }}{{ .missing }}{{ end }}`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"templates/_h.tpl": helpers, "templates/t.yaml": tt.tmpl, "templates/u.yaml": tt.tmpl}
			c := memChart("c", files, "n: 1\n")
			e := New(Options{Parallelism: 1})
			for round := range 3 {
				out, err := e.Render(context.Background(), c, topFor(t, c))
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range []string{"c/templates/t.yaml", "c/templates/u.yaml"} {
					if out[f] != tt.want {
						t.Errorf("round %d, %s = %q, want %q", round, f, out[f], tt.want)
					}
				}
			}
		})
	}
}

// A reused writer starts from zero: the size limits apply to each result,
// not to the results a writer collected before.
func TestReusedWritersCountFromZero(t *testing.T) {
	tmpl := `{{- define "a" }}{{ repeat 50 "x" }}{{ end }}{{ range until 20 }}{{ $x := include "a" . }}{{ end }}ok`
	c := memChart("c", map[string]string{"templates/t.yaml": tmpl}, "n: 1\n")
	e := New(Options{Parallelism: 1, MaxValueBytes: 200})
	for round := range 3 {
		out, err := e.Render(context.Background(), c, topFor(t, c))
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if got := out["c/templates/t.yaml"]; got != "ok" {
			t.Fatalf("round %d: got %q", round, got)
		}
	}
}
