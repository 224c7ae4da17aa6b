package engine

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/chartrender/chartrender/chart"
)

// FuzzRender renders random template text (with a random helper file) on a
// tiny chart: it must never panic and must finish in bounded time.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		`{{ .Values.a }}`,
		`{{ include "h" . }}`,
		`{{ tpl .Values.t . }}`,
		`{{ range $i, $v := .Values.l }}{{ $i }}={{ $v }}{{ end }}`,
		`{{ define "h" }}{{ include "h" . }}{{ end }}`,
		`{{ toYaml .Values | nindent 2 }}{{ fromYaml "a: 1" }}`,
		`{{ $_ := set .Values "a" 2 }}{{ merge .Values.m (dict "k" 1) }}`,
		`{{ .Files.Get "f.txt" }}{{ .Files.Glob "**" }}{{ required "x" nil }}`,
		`{{ template "gotpl" . }}`,
		`{{ range until 1000000000 }}{{ end }}`,
		`{{ $s := "x" }}{{ range until 64 }}{{ $s = print $s $s }}{{ end }}`,
		`{{ .Values.a.b.c }}`,
	} {
		f.Add(s, `{{ define "h" }}H{{ end }}`)
	}
	e := New(Options{Deterministic: true, MaxOutputBytes: 1 << 16, MaxTplDepth: 20, MaxIncludeDepth: 20, Parallelism: 2})
	f.Fuzz(func(t *testing.T, text, helper string) {
		c := &chart.Chart{
			Metadata: &chart.Metadata{APIVersion: "v2", Name: "fz", Version: "0.1.0"},
			Templates: []*chart.File{
				{Name: "templates/a.yaml", Data: []byte(text)},
				{Name: "templates/b.yaml", Data: []byte(text + helper)},
				{Name: "templates/_h.tpl", Data: []byte(helper)},
			},
			Files: []*chart.File{{Name: "f.txt", Data: []byte("file")}},
		}
		top := map[string]any{
			"Values": map[string]any{
				"a": 1, "t": text, "l": []any{"x", 2.0},
				"m": map[string]any{"k": "v"},
			},
			"Release": map[string]any{"Name": "r", "Namespace": "ns"},
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		_, _ = e.Render(ctx, c, top)
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("render took %v", d)
		}
	})
}

// FuzzLightSet renders a template fully guarded and then in the light set
// (see guardPrints): the output and the error must be the same.
func FuzzLightSet(f *testing.F) {
	for _, s := range []string{
		`{{ .Values.m }}{{ $ }}{{ with .Values }}{{ .l }}{{ end }}`,
		`{{ include "h" . }}{{ include "h" (dict "Values" .Values) }}`,
		`{{ tpl .Values.t . }}{{ template "h" .Values.m }}`,
		`{{ range $k, $v := .Values }}{{ $k }}={{ $v }}{{ end }}`,
		`{{ $x := .Values.l }}{{ $x = list $x $x }}{{ $x }}`,
		`{{ $_ := set .Values "a" (list 1) }}{{ .Values.a }}`,
		`{{ index .Values.m "k" }}{{ default .Values.l .Values.z }}`,
	} {
		f.Add(s, `{{ define "h" }}[{{ . }}]{{ end }}`)
	}
	f.Fuzz(func(t *testing.T, text, helper string) {
		c := &chart.Chart{
			Metadata: &chart.Metadata{APIVersion: "v2", Name: "fz", Version: "0.1.0"},
			Templates: []*chart.File{
				{Name: "templates/a.yaml", Data: []byte(text)},
				{Name: "templates/_h.tpl", Data: []byte(helper)},
			},
		}
		top := map[string]any{
			"Values": map[string]any{
				"a": 1, "t": text, "l": []any{"x", 2.0},
				"m": map[string]any{"k": "v", "n": []any{true}},
			},
			"Release": map[string]any{"Name": "r", "Namespace": "ns"},
		}
		e := New(Options{Deterministic: true, MaxOutputBytes: 1 << 16, MaxValueBytes: 1 << 12, MaxSteps: 100_000,
			MaxTplDepth: 20, MaxIncludeDepth: 20, Parallelism: 1})
		want, wantErr := e.Render(context.Background(), c, top)
		forceLight(e)
		got, err := e.Render(context.Background(), c, top)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("light set: %q, %v; fully guarded: %q, %v", got, err, want, wantErr)
		}
	})
}
