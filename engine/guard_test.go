package engine

import (
	"fmt"
	"maps"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// From a template set's second guarded render on, the maps other
// templates can see are collected before the templates run, in the walk
// that measures root data for the light set (see lightWorthIt), when the
// last render asked for them. A template that modifies one of them is
// still refused: the render starts over in exact mode, with the output of
// an engine that never collected them up front. With a small depth limit,
// the measure stops at the deep value, and the maps it has not reached are
// collected after it.
func TestSharedCollectedUpFront(t *testing.T) {
	tests := []struct {
		name, file, target string
	}{
		{"nested values", "a", `.Values.a.b`},
		{"values root", "a", `.Values`},
		{"map in a list", "a", `(index .Values.l 0)`},
		{"empty map", "a", `.Values.e`},
		{"empty map in a list", "a", `(index .Values.el 0)`},
		{"globals", "a", `.Values.global`},
		{"release", "a", `.Release`},
		{"subchart values from the parent", "a", `.Values.s.m`},
		{"subchart values in the subchart", "s", `.Values.m`},
		{"subchart scope", "a", `.Subcharts.s`},
		{"subchart view values", "a", `.Subcharts.s.Values.m`},
	}
	for _, depth := range []int{0, 4} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%s/depth=%d", tt.name, depth), func(t *testing.T) {
				mutate := `{{ if .Values.global.mutate }}{{ $_ := set ` + tt.target + ` "x" "set" }}{{ end }}`
				// Prints of root data (counted by the fully guarded render, so
				// that the next one measures root data) and a merge of fresh
				// maps (which asks which maps are shared).
				common := `{{ .Values.k }} {{ .Values.a.b.c }} {{ $d := merge (dict) (dict "k" 1) }}{{ $d.k }}`
				build := func() *chart.Chart {
					ps := map[string]string{
						"templates/a.yaml": `a: ` + common,
						"templates/z.yaml": `z: {{ .Values.x }} {{ toJson .Values.a }} {{ toJson .Values.l }} {{ toJson .Values.global }} ` +
							`{{ toJson .Values.s }} {{ toJson .Release }}`,
					}
					ss := map[string]string{"templates/s.yaml": `s: {{ .Values.m.v }} {{ toJson .Values }}`}
					if tt.file == "a" {
						ps["templates/a.yaml"] += mutate
					} else {
						ss["templates/s.yaml"] += mutate
					}
					s := memChart("s", ss, "m: {v: 1}\n")
					p := memChart("p", ps, "k: 1\na: {b: {c: 2}}\nl: [{m: 1}]\nglobal: {mutate: false}\n"+
						"d: {a: {b: {c: {d: {e: 1}}}}}\ne: {}\nel: [{}]\n")
					p.AddDependency(s)
					return p
				}
				c := build()
				opts := Options{Parallelism: 2, MaxValueDepth: depth}
				e := New(opts)
				for i := range 2 {
					mustRender(t, e, c)
					if n := e.Stats().ExactRenders; n != 0 {
						t.Fatalf("render %d: ExactRenders = %d, want 0", i, n)
					}
				}
				if !sharedUsed(e) || (lightSets(e) == 1) != (depth == 0) {
					t.Fatalf("the second render did not collect the shared maps up front (light sets %d)", lightSets(e))
				}
				c.Values["global"].(map[string]any)["mutate"] = true
				got := mustRender(t, e, c)
				if n := e.Stats().ExactRenders; n != 1 {
					t.Errorf("ExactRenders = %d, want 1", n)
				}
				c2 := build()
				c2.Values["global"].(map[string]any)["mutate"] = true
				want := mustRender(t, New(opts), c2)
				if !maps.Equal(got, want) {
					t.Errorf("got %q\nwant %q", got, want)
				}
			})
		}
	}
}

// sharedUsed reports whether a template set of e had its last render ask
// which maps are shared.
func sharedUsed(e *Engine) bool {
	e.sets.mu.Lock()
	defer e.sets.mu.Unlock()
	for _, ts := range e.sets.sets {
		if ts.sharedUsed.Load() {
			return true
		}
	}
	return false
}
