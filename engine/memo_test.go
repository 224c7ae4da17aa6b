package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"text/template"

	"github.com/chartrender/chartrender/chart"
	"github.com/google/go-cmp/cmp"
)

// renderBoth renders dir with the memo and without it (the path the
// conformance tests compare with Helm) and returns both results and the
// memo hits of the first.
func renderBoth(t *testing.T, opts Options, dir string) (memo, plain map[string]string, hits int64, errMemo, errPlain error) {
	t.Helper()
	e := New(opts)
	memo, errMemo = loadRender(t, e, dir, nil)
	hits = e.Stats().MemoHits
	p := New(opts)
	p.noMemo = true
	plain, errPlain = loadRender(t, p, dir, nil)
	if p.Stats().MemoHits != 0 {
		t.Fatalf("noMemo engine answered %d includes from the memo", p.Stats().MemoHits)
	}
	return memo, plain, hits, errMemo, errPlain
}

// TestIncludeMemo checks that remembering include outputs never changes a
// render: each chart is rendered with and without the memo, and the memo
// answers (or must not answer) as many calls as the case says.
func TestIncludeMemo(t *testing.T) {
	labels := `{{- define "fullname" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}
{{- define "labels" -}}
app: {{ include "fullname" .context }}
{{- range $k, $v := .extra }}
{{ $k }}: {{ $v }}
{{- end }}
{{- end -}}`
	cases := []struct {
		name    string
		files   map[string]string
		values  string
		minHits int64 // at least this many calls answered from the memo
		maxHits int64 // at most (-1: no bound)
	}{
		{name: "same define, root data, across files",
			files: map[string]string{
				"templates/_h.tpl": labels,
				"templates/a.yaml": `a: {{ include "fullname" . }} {{ include "labels" (dict "context" $) }}`,
				"templates/b.yaml": `b: {{ include "fullname" . }} {{ include "labels" (dict "context" $) }}`,
			},
			minHits: 3, maxHits: -1},
		{name: "define reading .Template is per file",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "me" }}{{ .Template.Name }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "me" . }} {{ include "me" . }}`,
				"templates/b.yaml": `b: {{ include "me" . }}`,
			},
			minHits: 1, maxHits: 1},
		{name: "template action reading .Template through context",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "inner" }}{{ .context.Template.Name }}{{ end }}{{ define "outer" }}[{{ template "inner" . }}]{{ end }}`,
				"templates/a.yaml": `a: {{ include "outer" (dict "context" $) }}`,
				"templates/b.yaml": `b: {{ include "outer" (dict "context" $) }}`,
			},
			maxHits: 0},
		{name: "root printed whole",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "all" }}{{ . | toJson | sha256sum }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "all" . }}`,
				"templates/b.yaml": `b: {{ include "all" . }}`,
			},
			maxHits: 0},
		{name: "root reached by a computed key",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "k" }}{{ index . (printf "%s%s" "Temp" "late") | toJson }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "k" . }}`,
				"templates/b.yaml": `b: {{ include "k" . }}`,
			},
			maxHits: 0},
		{name: "tpl with the context merged into a new map",
			values: "s: '{{ .Template.Name }}/{{ .RelativeScope.x }}'\n",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "render" }}{{ tpl .value (merge (dict "RelativeScope" (dict "x" 1)) .context) }}{{ end }}` +
					`{{ define "wrap" }}<{{ include "render" . }}>{{ end }}`,
				"templates/a.yaml": `a: {{ include "wrap" (dict "value" .Values.s "context" $) }}`,
				"templates/b.yaml": `b: {{ include "wrap" (dict "value" .Values.s "context" $) }} {{ include "wrap" (dict "value" .Values.s "context" $) }}`,
			},
			minHits: 1, maxHits: 1},
		{name: "tpl not seeing the template shares across files",
			values: "s: '{{ .Values.n }}/{{ .RelativeScope.x }}'\nn: 3\n",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "render" }}{{ tpl .value (merge (dict "RelativeScope" (dict "x" 1)) .context) }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "render" (dict "value" .Values.s "context" $) }}`,
				"templates/b.yaml": `b: {{ include "render" (dict "value" .Values.s "context" $) }}`,
			},
			maxHits: -1},
		{name: "data compared by type and value",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "show" }}{{ printf "%T %v" . . }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "show" 1 }} {{ include "show" "1" }} {{ include "show" 1.0 }} {{ include "show" true }}` +
					` {{ include "show" (list 1) }} {{ include "show" (list "1") }} {{ include "show" (dict "a" 1) }} {{ include "show" (dict "a" "1") }}` +
					` {{ include "show" nil }} {{ include "show" (dict "a" (dict "b" 1)) }} {{ include "show" (dict "a" (dict "b" 2)) }} {{ include "show" 1 }}`,
			},
			minHits: 1, maxHits: 1},
		{name: "a call modifying its data is not remembered",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "setx" }}{{ $_ := set . "x" 1 }}ok{{ end }}`,
				"templates/a.yaml": `{{ $d := dict }}a: {{ include "setx" $d }} {{ $d }} {{ $_ := unset $d "x" }}{{ include "setx" $d }} {{ $d }}`,
			},
			maxHits: 0},
		{name: "a call merging into its data is not remembered",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "mx" }}{{ $_ := merge .inner (dict "x" 1) }}ok{{ end }}`,
				"templates/a.yaml": `{{ $i := dict }}{{ $d := dict "inner" $i }}a: {{ include "mx" $d }} {{ $i }} {{ $_ := unset $i "x" }}{{ include "mx" $d }} {{ $i }}`,
			},
			maxHits: 0},
		{name: "a call modifying a map of its own is remembered",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "own" }}{{ $m := dict }}{{ $_ := set $m "x" .n }}{{ $m | toYaml }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "own" (dict "n" 1) }} {{ include "own" (dict "n" 1) }} {{ include "own" (dict "n" 2) }}`,
			},
			minHits: 1, maxHits: 1},
		{name: "enclosing call of a per-file call is per file",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "me" }}{{ .Template.Name }}{{ end }}{{ define "outer" }}({{ include "me" . }}){{ end }}`,
				"templates/a.yaml": `a: {{ include "outer" . }} {{ include "outer" . }}`,
				"templates/b.yaml": `b: {{ include "outer" . }}`,
			},
			minHits: 1, maxHits: 1},
		{name: "objects made by functions",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "v" }}{{ .Major }}{{ end }}{{ define "m" }}{{ ._0 }}{{ end }}`,
				"templates/a.yaml": `a: {{ range $i := until 50 }}{{ include "v" (semver (printf "%d.0.0" $i)) }}{{ include "m" (splitn "," 2 (printf "%d,x" $i)) }} {{ end }}`,
			},
			maxHits: 0},
		{name: "large data is not remembered",
			values: "big: " + strings.Repeat("x", 70<<10) + "\n",
			files: map[string]string{
				"templates/_h.tpl": `{{ define "len" }}{{ len . }}{{ end }}`,
				"templates/a.yaml": `a: {{ include "len" .Values.big }} {{ include "len" .Values.big }} {{ include "len" "small" }} {{ include "len" "small" }}`,
			},
			minHits: 1, maxHits: 1},
		{name: "subcharts",
			files: map[string]string{
				"charts/sub/Chart.yaml":       "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
				"charts/sub/values.yaml":      "v: sub\n",
				"charts/sub/templates/_h.tpl": `{{ define "sub.v" }}{{ .Values.v }}-{{ .Chart.Name }}{{ end }}`,
				"charts/sub/templates/s.yaml": `s: {{ include "sub.v" . }} {{ include "sub.v" . }}`,
				"values.yaml":                 "v: parent\n",
				"templates/a.yaml":            `a: {{ include "sub.v" . }} {{ include "sub.v" . }}`,
			},
			minHits: 2, maxHits: -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range tc.files {
				files[k] = v
			}
			if tc.values != "" {
				files["values.yaml"] = tc.values
			}
			dir := writeChart(t, files)
			memo, plain, hits, errM, errP := renderBoth(t, Options{Parallelism: 1}, dir)
			if errM != nil || errP != nil {
				t.Fatalf("errors: memo %v, plain %v", errM, errP)
			}
			if d := cmp.Diff(plain, memo); d != "" {
				t.Errorf("memo changed the output (-without +with):\n%s", d)
			}
			if hits < tc.minHits || (tc.maxHits >= 0 && hits > tc.maxHits) {
				t.Errorf("memo hits %d, want %d to %d", hits, tc.minHits, tc.maxHits)
			}
		})
	}
}

// TestIncludeMemoImpure checks that calls of functions with a state of
// their own (here a caller's counter, and sprig's random functions) are
// executed every time.
func TestIncludeMemoImpure(t *testing.T) {
	var n atomic.Int64
	opts := Options{Parallelism: 1, Funcs: template.FuncMap{"counter": func() int64 { return n.Add(1) }}}
	dir := writeChart(t, map[string]string{
		"templates/_h.tpl": `{{ define "c" }}{{ counter }}{{ end }}{{ define "outer" }}[{{ include "c" . }}]{{ end }}` +
			`{{ define "r" }}{{ randAlphaNum 12 }}{{ end }}`,
		"templates/a.yaml": `a: {{ include "c" . }} {{ include "c" . }} {{ include "outer" . }} {{ include "outer" . }}`,
		"templates/b.yaml": `b: {{ eq (include "r" .) (include "r" .) }}`,
	})
	e := New(opts)
	out, err := loadRender(t, e, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out["c/templates/a.yaml"], "a: 1 2 [3] [4]"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := out["c/templates/b.yaml"]; got != "b: false" {
		t.Errorf("two random strings compared equal: %q", got)
	}
	if h := e.Stats().MemoHits; h != 0 {
		t.Errorf("memo hits %d, want 0", h)
	}
}

// TestIncludeMemoLimits checks that output taken from the memo is charged
// to the budget as executing the call was: a chain of includes that
// doubles its calls at each level still stops at MaxSteps.
func TestIncludeMemoLimits(t *testing.T) {
	var helpers strings.Builder
	helpers.WriteString(`{{ define "l0" }}x{{ end }}`)
	for i := 1; i <= 24; i++ {
		helpers.WriteString(`{{ define "l` + strconv.Itoa(i) + `" }}{{ $_ := include "l` + strconv.Itoa(i-1) + `" . }}{{ $_ := include "l` + strconv.Itoa(i-1) + `" . }}{{ end }}`)
	}
	dir := writeChart(t, map[string]string{
		"templates/_h.tpl": helpers.String(),
		"templates/a.yaml": `{{ include "l24" . }}`,
	})
	// The same through template actions, four per level, which the
	// analysis follows: it gives up after a bounded number of nodes.
	var chain strings.Builder
	chain.WriteString(`{{ define "t0" }}x{{ end }}`)
	for i := 1; i <= 14; i++ {
		p := `{{ template "t` + strconv.Itoa(i-1) + `" . }}`
		chain.WriteString(`{{ define "t` + strconv.Itoa(i) + `" }}` + strings.Repeat(p, 4) + `{{ end }}`)
	}
	dir2 := writeChart(t, map[string]string{
		"templates/_h.tpl": chain.String(),
		"templates/a.yaml": `{{ include "t14" . }}`,
	})
	for _, d := range []string{dir, dir2} {
		for _, noMemo := range []bool{false, true} {
			e := New(Options{Parallelism: 1, MaxSteps: 1 << 20})
			e.noMemo = noMemo
			_, err := loadRender(t, e, d, nil)
			var le *LimitError
			if !errors.As(err, &le) || !errors.Is(err, ErrStepLimit) {
				t.Errorf("noMemo=%v: got %v, want the step limit", noMemo, err)
			}
		}
	}
}

// TestIncludeMemoCorpus renders every chart of the shared corpus with and
// without the memo and compares the outputs.
func TestIncludeMemoCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "corpus", "charts")
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	if testing.Short() {
		t.Skip("short")
	}
	var total int64
	for _, ent := range ents {
		if !ent.IsDir() {
			continue
		}
		dir := filepath.Join(root, ent.Name())
		if _, err := os.Stat(filepath.Join(dir, "Chart.yaml")); err != nil {
			continue
		}
		t.Run(ent.Name(), func(t *testing.T) {
			memo, plain, hits, errM, errP := renderBoth(t, Options{Deterministic: true}, dir)
			if (errM == nil) != (errP == nil) || (errM != nil && errM.Error() != errP.Error()) {
				t.Fatalf("errors differ: memo %v, plain %v", errM, errP)
			}
			if d := cmp.Diff(plain, memo); d != "" {
				t.Errorf("memo changed the output (-without +with):\n%s", d)
			}
			total += hits
		})
	}
	t.Logf("memo hits over the corpus: %d", total)
}

// FuzzIncludeMemo renders random templates in two files of a chart and
// its subchart, with and without the include memo: output and errors must
// be the same (limit errors of the same kind: a remembered call's budget
// is charged at another moment, so the figures they report may differ).
func FuzzIncludeMemo(f *testing.F) {
	for _, s := range []string{
		`{{ include "h" . }}{{ include "h" . }}{{ include "h" (dict "context" $) }}`,
		`{{ include "t" . }}{{ include "h" (dict "context" $ "value" .Values.m) }}`,
		`{{ $d := dict }}{{ include "s" $d }}{{ $d }}{{ $_ := unset $d "x" }}{{ include "s" $d }}{{ $d }}`,
		`{{ include "p" (dict "value" .Values.t "context" $) }}{{ include "p" (dict "value" "{{ .Template.Name }}" "context" $) }}`,
		`{{ include "h" (merge (dict) $) }}{{ include "h" (list $) }}{{ include "h" .Subcharts }}`,
	} {
		f.Add(s, `{{ define "h" }}[{{ .context.Release.Name }}{{ .Values }}]{{ end }}{{ define "t" }}{{ .Template.Name }}{{ end }}`+
			`{{ define "s" }}{{ $_ := set . "x" 1 }}{{ end }}{{ define "p" }}{{ tpl .value (merge (dict "k" 1) .context) }}{{ end }}`)
	}
	f.Fuzz(func(t *testing.T, text, helper string) {
		sub := &chart.Chart{
			Metadata: &chart.Metadata{APIVersion: "v2", Name: "sub", Version: "0.1.0"},
			Templates: []*chart.File{
				{Name: "templates/a.yaml", Data: []byte(text)},
				{Name: "templates/_h.tpl", Data: []byte(helper)},
			},
		}
		c := &chart.Chart{
			Metadata: &chart.Metadata{APIVersion: "v2", Name: "fz", Version: "0.1.0"},
			Templates: []*chart.File{
				{Name: "templates/a.yaml", Data: []byte(text)},
				{Name: "templates/b.yaml", Data: []byte(text)},
				{Name: "templates/_h.tpl", Data: []byte(helper)},
			},
		}
		c.SetDependencies(sub)
		vals := map[string]any{
			"a": 1, "t": "{{ .Values.a }}", "l": []any{"x", 2.0},
			"m": map[string]any{"k": "v", "n": []any{true}},
		}
		top := map[string]any{
			"Values":  map[string]any{"a": 1, "t": "{{ .Values.a }}", "m": vals["m"], "sub": vals},
			"Release": map[string]any{"Name": "r", "Namespace": "ns"},
		}
		opts := Options{Deterministic: true, MaxOutputBytes: 1 << 16, MaxValueBytes: 1 << 12, MaxSteps: 100_000,
			MaxTplDepth: 20, MaxIncludeDepth: 20, Parallelism: 1}
		plain := New(opts)
		plain.noMemo = true
		want, wantErr := plain.Render(context.Background(), c, top)
		got, err := New(opts).Render(context.Background(), c, top)
		var le, wle *LimitError
		if errors.As(err, &le) && errors.As(wantErr, &wle) && errors.Is(err, wle.Err) {
			return
		}
		if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Fatalf("with the memo: %q, %v; without: %q, %v", got, err, want, wantErr)
		}
	})
}
