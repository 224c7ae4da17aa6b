package engine

import (
	"context"
	"maps"
	"testing"
)

// Templates that read .Subcharts render in parallel, and each sees in a
// subchart's scope the .Template Helm's sequential render would have left
// there: the same output as the exact mode, which renders as Helm does.
func TestSubchartsInParallel(t *testing.T) {
	parentTmpls := map[string]string{
		"templates/_helpers.tpl": `{{ define "p.sub" }}{{ .Chart.Name }}:{{ .Values.x }}:{{ with .Template }}{{ .Name }}{{ end }}{{ end }}`,
		"templates/a.yaml":       `a: {{ include "p.sub" .Subcharts.a }} {{ include "p.sub" (index .Subcharts "b") }}`,
		"templates/z.yaml":       `z: {{ .Subcharts.b.Subcharts.c.Template.Name }} {{ toJson .Subcharts.a.Values }}`,
		"templates/m.yaml":       `m: {{ len .Subcharts }}{{ range $k, $v := .Subcharts }} {{ $k }}={{ $v.Template.BasePath }}{{ end }}`,
	}
	build := func(parent map[string]string) (*Engine, map[string]string, map[string]string) {
		a := memChart("a", map[string]string{"templates/x.yaml": "ax: {{ .Template.Name }}", "templates/y.yaml": "ay: 1"}, "x: 1\n")
		c := memChart("c", map[string]string{"templates/c.yaml": "c: {{ .Values.x }}"}, "x: 3\n")
		b := memChart("b", map[string]string{"templates/b.yaml": "b: {{ .Subcharts.c.Template.Name }}"}, "x: 2\n")
		b.AddDependency(c)
		p := memChart("p", parent, "")
		p.AddDependency(a, b)
		e := New(Options{Parallelism: 4})
		top := topFor(t, p)
		got, err := e.Render(context.Background(), p, top)
		if err != nil {
			t.Fatal(err)
		}
		pl := e.plan(p, top)
		ts := e.sets.get(e, e.parseAll(pl))
		want, err := e.renderExact(context.Background(), ts, pl)
		if err != nil {
			t.Fatal(err)
		}
		return e, got, want
	}

	e, got, want := build(parentTmpls)
	if !maps.Equal(got, want) {
		t.Errorf("parallel render differs from the exact one:\n got %q\nwant %q", got, want)
	}
	if n := e.Stats().ExactRenders; n != 0 {
		t.Errorf("ExactRenders = %d, want 0: reading .Subcharts needs no sequential render", n)
	}
	if got["p/templates/z.yaml"] != `z: p/charts/b/charts/c/templates/c.yaml {"global":{},"x":1}` {
		t.Errorf("z.yaml = %q", got["p/templates/z.yaml"])
	}

	// Modifying a subchart's scope is seen by later files in Helm: the
	// render starts over in exact mode.
	mod := maps.Clone(parentTmpls)
	mod["templates/b.yaml"] = `{{ $_ := set .Subcharts.a "Extra" "e" }}b: 1`
	mod["templates/a.yaml"] = `a: {{ .Subcharts.a.Extra }}`
	e, got, want = build(mod)
	if !maps.Equal(got, want) {
		t.Errorf("after a modification, the render differs from the exact one:\n got %q\nwant %q", got, want)
	}
	if n := e.Stats().ExactRenders; n != 1 {
		t.Errorf("ExactRenders = %d, want 1", n)
	}
	if got["p/templates/a.yaml"] != "a: e" {
		t.Errorf("a.yaml = %q, want the value set by b.yaml, rendered before it", got["p/templates/a.yaml"])
	}
}
