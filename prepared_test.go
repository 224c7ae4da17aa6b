package chartrender

import (
	"context"
	"encoding/json"
	"math"
	"reflect"
	"sync"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/coalesce"
)

// mutatingChart has templates that modify .Values (set, unset, merge, on
// the top level, nested tables, globals and a subchart's values), so that
// each file sees what the files before it changed, as in Helm.
func mutatingChart(t *testing.T) *chart.Chart {
	t.Helper()
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: mut\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  condition: sub.enabled\n")},
		{Name: "values.yaml", Data: []byte("a:\n  b: 1\ngone: yes\nlist: [1, 2]\nglobal:\n  g: 1\nsub:\n  enabled: true\n  s: 10\n")},
		{Name: "templates/a.yaml", Data: []byte(`{{- $_ := set .Values "counter" (add1 (default 0 .Values.counter)) -}}
{{- $_ := set .Values.a "b" (add1 .Values.a.b) -}}
{{- $_ := unset .Values "gone" -}}
{{- $_ := merge .Values.global (dict "m" (add1 (default 0 .Values.global.m))) -}}
{{- $_ := set .Values "list" (append .Values.list 3) -}}
counter: {{ .Values.counter }}
b: {{ .Values.a.b }}
`)},
		{Name: "templates/b.yaml", Data: []byte("seen: {{ .Values.counter }} {{ .Values.a.b }} {{ hasKey .Values \"gone\" }} {{ .Values.global.m }} {{ .Values.list }} {{ .Values.x }}\n")},
		{Name: "charts/sub/Chart.yaml", Data: []byte("apiVersion: v2\nname: sub\nversion: 0.1.0\n")},
		{Name: "charts/sub/values.yaml", Data: []byte("s: 1\nt:\n  u: 1\n")},
		{Name: "charts/sub/templates/s.yaml", Data: []byte(`{{- $_ := set .Values "s" (add1 .Values.s) -}}
{{- $_ := set .Values.t "u" (add1 .Values.t.u) -}}
{{- $_ := set .Values.global "g" (add1 .Values.global.g) -}}
s: {{ .Values.s }} {{ .Values.t.u }} {{ .Values.global.g }}
`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// chartValues snapshots the default values of c and its subcharts.
func chartValues(c *chart.Chart) []map[string]any {
	out := []map[string]any{coalesce.DeepCopy(c.Values)}
	for _, d := range c.Dependencies() {
		out = append(out, chartValues(d)...)
	}
	return out
}

func renderText(t *testing.T, r *Renderer, opts Options) string {
	t.Helper()
	res, err := r.Render(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := res.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReusedRendererValuesStayPrivate renders a chart whose templates
// modify .Values again and again with one Renderer, with the same and with
// different user values, and checks that every render prints what a fresh
// Renderer prints and that the chart's values are never modified.
func TestReusedRendererValuesStayPrivate(t *testing.T) {
	c := mutatingChart(t)
	before := chartValues(c)
	r := NewRenderer(c)
	steps := []struct {
		name string
		opts Options
	}{
		{"defaults", Options{ReleaseName: "mut"}},
		{"defaults again", Options{ReleaseName: "mut"}},
		{"a --set", Options{ReleaseName: "mut", Values: []string{"a.b=5", "x=1"}}},
		{"the same --set", Options{ReleaseName: "mut", Values: []string{"a.b=5", "x=1"}}},
		{"user map", Options{ReleaseName: "mut", UserValues: map[string]any{"counter": 7, "sub": map[string]any{"s": 3}}}},
		{"defaults once more", Options{ReleaseName: "mut"}},
		{"helm3", Options{ReleaseName: "mut", Helm3: true}},
		{"subchart disabled", Options{ReleaseName: "mut", Values: []string{"sub.enabled=false"}}},
		{"defaults at last", Options{ReleaseName: "mut"}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			want := renderText(t, NewRenderer(c), s.opts)
			for i := range 3 {
				if got := renderText(t, r, s.opts); got != want {
					t.Fatalf("render %d with the reused Renderer:\n%s\nwant (a fresh Renderer):\n%s", i, got, want)
				}
			}
			if after := chartValues(c); !reflect.DeepEqual(after, before) {
				t.Fatalf("the chart's values changed:\n%v\nwere\n%v", after, before)
			}
		})
	}
}

// TestReusedRendererSeesChangedUserValues changes the caller's user values
// in place between renders.
func TestReusedRendererSeesChangedUserValues(t *testing.T) {
	c := mutatingChart(t)
	r := NewRenderer(c)
	tests := []struct {
		name   string
		user   map[string]any
		change func(map[string]any)
	}{
		{"nested map", map[string]any{"a": map[string]any{"b": 5}}, func(u map[string]any) { u["a"].(map[string]any)["b"] = 8 }},
		{"list element", map[string]any{"x": []any{"p"}}, func(u map[string]any) { u["x"].([]any)[0] = "q" }},
		{"[]string, never cached", map[string]any{"x": []string{"p"}}, func(u map[string]any) { u["x"].([]string)[0] = "q" }},
		{"key added", map[string]any{}, func(u map[string]any) { u["x"] = "new" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{ReleaseName: "mut", UserValues: tt.user}
			first := renderText(t, r, opts)
			if want := renderText(t, NewRenderer(c), opts); first != want {
				t.Fatalf("got\n%s\nwant\n%s", first, want)
			}
			tt.change(tt.user)
			second := renderText(t, r, opts)
			if want := renderText(t, NewRenderer(c), opts); second != want {
				t.Fatalf("after the change got\n%s\nwant\n%s", second, want)
			}
			if second == first {
				t.Fatalf("the change made no difference:\n%s", second)
			}
		})
	}
}

// TestReusedRendererWarnings checks that a render that reuses the values
// of the one before gives the same warnings.
func TestReusedRendererWarnings(t *testing.T) {
	c := mutatingChart(t)
	r := NewRenderer(c)
	opts := Options{ReleaseName: "mut", Values: []string{"gone.x=1"}}
	var first []string
	for i := range 3 {
		res, err := r.Render(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range res.Warnings {
			got = append(got, w.String())
		}
		if i == 0 {
			if len(got) == 0 {
				t.Fatal("no warnings: the case does not test anything")
			}
			first = got
			continue
		}
		if !reflect.DeepEqual(got, first) {
			t.Fatalf("render %d warned %q, the first %q", i, got, first)
		}
	}
}

func TestSameValues(t *testing.T) {
	tests := []struct {
		a, b any
		want bool
	}{
		{map[string]any{}, map[string]any{}, true},
		{map[string]any(nil), map[string]any{}, false},
		{map[string]any{"a": []any{int64(1), "x", nil}}, map[string]any{"a": []any{int64(1), "x", nil}}, true},
		{map[string]any{"a": int64(1)}, map[string]any{"a": float64(1)}, false},
		{map[string]any{"a": int64(1)}, map[string]any{"b": int64(1)}, false},
		{[]any{1}, []any{1, 2}, false},
		{[]any(nil), []any{}, false},
		{json.Number("1"), json.Number("1"), true},
		{json.Number("1"), json.Number("1.0"), false},
		{math.NaN(), math.NaN(), false},
		{[]string{"a"}, []string{"a"}, false},
		{map[string]string{}, map[string]string{}, false},
		{"a", "a", true},
		{true, false, false},
	}
	for _, tt := range tests {
		if got := sameValues(tt.a, tt.b); got != tt.want {
			t.Errorf("sameValues(%#v, %#v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if cacheable(map[string]any{"a": []string{"x"}}) || !cacheable(map[string]any{"a": []any{"x", 1.5, nil}}) {
		t.Error("cacheable accepts a []string or refuses plain values")
	}
}

// TestReusedRendererConcurrentMutations renders the mutating chart from
// several goroutines at once with one Renderer, all sharing the values of
// the first render (run it with -race).
func TestReusedRendererConcurrentMutations(t *testing.T) {
	c := mutatingChart(t)
	opts := Options{ReleaseName: "mut", Values: []string{"x=1"}}
	want := renderText(t, NewRenderer(c), opts)
	r := NewRenderer(c)
	renderText(t, r, opts)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			res, err := r.Render(context.Background(), opts)
			if err != nil {
				t.Error(err)
				return
			}
			if got, _ := res.Bytes(); string(got) != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	wg.Wait()
}
