package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chartrender/chartrender/chart"
)

func render(t testing.TB, e *Engine, c *chart.Chart) (map[string]string, error) {
	t.Helper()
	return e.Render(context.Background(), c, topFor(t, c))
}

func mustRender(t testing.TB, e *Engine, c *chart.Chart) map[string]string {
	t.Helper()
	out, err := render(t, e, c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The nested include guard's error, checked against helm v4.3.1: 1001
// "error calling include" layers in the raw format.
func TestIncludeRecursion(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/_h.tpl":  `{{ define "r" }}{{ include "r" . }}{{ end }}`,
		"templates/a.yaml":  `x: {{ include "r" . }}`,
		"templates/b.yaml":  `ok`,
		"templates/_z.tpl":  `{{ define "unused" }}{{ end }}`,
		"templates/NOTES.x": `n`,
	}, "")
	_, err := render(t, New(Options{}), c)
	if err == nil {
		t.Fatal("no error")
	}
	want := `template: c/templates/a.yaml:1:6: executing "c/templates/a.yaml" at <include "r" .>: error calling include: ` +
		strings.Repeat(`template: c/templates/_h.tpl:1:19: executing "r" at <include "r" .>: error calling include: `, 1001) +
		`rendering template has a nested reference name: r: unable to execute template`
	if err.Error() != want {
		t.Fatalf("error text differs: got %d bytes, want %d", len(err.Error()), len(want))
	}
}

func TestOutputNamesAndPartials(t *testing.T) {
	c := memChart("root", map[string]string{
		"templates/a.yaml":     "a",
		"templates/_p.tpl":     "partial",
		"templates/NOTES.txt":  "notes",
		"templates/sub/x.yaml": "x",
	}, "")
	sub := memChart("sub", map[string]string{"templates/s.yaml": "{{ .Chart.Name }}", "templates/_q.tpl": "q"}, "")
	lib := memChart("lib", map[string]string{"templates/l.yaml": "{{ fail \"never\" }}", "templates/_l.tpl": `{{ define "lib.x" }}L{{ end }}`}, "")
	lib.Metadata.Type = "library"
	c.AddDependency(sub, lib)
	c.Templates = append(c.Templates, &chart.File{Name: "templates/uses-lib.yaml", Data: []byte(`{{ include "lib.x" . }}`)})
	got := mustRender(t, New(Options{}), c)
	want := map[string]string{
		"root/templates/a.yaml":            "a",
		"root/templates/NOTES.txt":         "notes",
		"root/templates/sub/x.yaml":        "x",
		"root/templates/uses-lib.yaml":     "L",
		"root/charts/sub/templates/s.yaml": "sub",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestParseOnce(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/_h.tpl": `{{ define "h" }}{{ .Values.a }}{{ end }}`,
		"templates/a.yaml": `a: {{ include "h" . }}`,
		"templates/b.yaml": `b: {{ tpl "{{ .Values.a }}" . }}`,
	}, "a: 1\n")
	e := New(Options{})
	first := mustRender(t, e, c)
	s1 := e.Stats()
	if s1.FileParses != 3 || s1.Assemblies != 1 || s1.TplParses != 1 {
		t.Fatalf("first render stats %+v", s1)
	}
	for range 5 {
		if got := mustRender(t, e, c); !reflect.DeepEqual(got, first) {
			t.Fatalf("render differs: %v vs %v", got, first)
		}
	}
	if s2 := e.Stats(); s2 != s1 {
		t.Fatalf("second render did work: %+v then %+v", s1, s2)
	}
	// The same content under a new *chart.File is found by content.
	c2 := memChart("c", map[string]string{
		"templates/_h.tpl": `{{ define "h" }}{{ .Values.a }}{{ end }}`,
		"templates/a.yaml": `a: {{ include "h" . }}`,
		"templates/b.yaml": `b: {{ tpl "{{ .Values.a }}" . }}`,
	}, "a: 1\n")
	mustRender(t, e, c2)
	if s3 := e.Stats(); s3.FileParses != 3 || s3.Assemblies != 1 {
		t.Fatalf("equal chart re-parsed: %+v", s3)
	}
	// A changed file is parsed again, and only that one.
	for _, f := range c2.Templates {
		if f.Name == "templates/_h.tpl" {
			f.Data = []byte(`{{ define "h" }}changed{{ end }}`)
		}
	}
	out := mustRender(t, e, c2)
	if s4 := e.Stats(); s4.FileParses != 4 || s4.Assemblies != 2 {
		t.Fatalf("after change: %+v", s4)
	}
	if out["c/templates/a.yaml"] != "a: changed" || out["c/templates/b.yaml"] != "b: 1" {
		t.Fatalf("stale output %v", out)
	}
}

func TestTplCache(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/a.yaml": `{{ range until 50 }}{{ tpl "{{ .Values.a }}," $ }}{{ end }}`,
		"templates/b.yaml": `{{ range until 50 }}{{ tpl "{{ define \"d\" }}D{{ end }}{{ include \"d\" . }}" $ }}{{ end }}`,
	}, "a: 1\n")
	e := New(Options{})
	out := mustRender(t, e, c)
	if out["c/templates/a.yaml"] != strings.Repeat("1,", 50) || out["c/templates/b.yaml"] != strings.Repeat("D", 50) {
		t.Fatalf("output %v", out)
	}
	mustRender(t, e, c)
	if s := e.Stats(); s.TplParses != 2 {
		t.Fatalf("tpl strings parsed %d times, want 2", s.TplParses)
	}
}

func manyTemplates(n int) *chart.Chart {
	tpls := map[string]string{
		"templates/_h.tpl": `{{ define "name" }}{{ .Chart.Name }}-{{ .Values.suffix }}{{ end }}`,
	}
	for i := range n {
		tpls[fmt.Sprintf("templates/t%03d.yaml", i)] = fmt.Sprintf(`name: {{ include "name" . }}
i: %d
tpl: {{ tpl .Values.t . }}
{{- range $k, $v := .Values.m }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- $d := dict "x" %d }}{{ $_ := set $d "y" 2 }}
d: {{ toJson $d }}
`, i, i)
	}
	return memChart("many", tpls, "suffix: s\nt: '{{ .Release.Name }}'\nm: {a: 1, b: two}\n")
}

func TestParallelMatchesSequential(t *testing.T) {
	c := manyTemplates(40)
	seq := mustRender(t, New(Options{Parallelism: 1}), c)
	par := New(Options{Parallelism: 8})
	for range 3 {
		if got := mustRender(t, par, c); !reflect.DeepEqual(got, seq) {
			t.Fatal("parallel render differs from sequential")
		}
	}
	if s := par.Stats(); s.ExactRenders != 0 {
		t.Fatalf("local set forced exact mode: %+v", s)
	}
}

func TestConcurrentRenders(t *testing.T) {
	c := manyTemplates(20)
	e := New(Options{Parallelism: 4})
	want := mustRender(t, e, c)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			top := topFor(t, c)
			got, err := e.Render(context.Background(), c, top)
			if err != nil {
				errs <- err
				return
			}
			if !reflect.DeepEqual(got, want) {
				errs <- errors.New("concurrent render differs")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// Templates that modify shared values see each other's changes in Helm's
// order (checked against helm v4.3.1: b.yaml runs before a.yaml), and the
// caller's values are left alone.
func TestSharedMutationExactMode(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/a.yaml": `a: {{ .Values.shared }} {{ .Values.obj.k }} {{ .fromB }}`,
		"templates/b.yaml": `{{ $_ := set .Values "shared" "from-b" }}{{ $_ := merge .Values.obj (dict "k" "merged") }}{{ $_ := set $ "fromB" "scope" }}b`,
		"templates/c.yaml": `{{ $d := dict }}{{ $_ := set $d "k" 1 }}c: {{ $d.k }}`,
	}, "obj: {j: 1}\n")
	top := topFor(t, c)
	before := fmt.Sprint(top)
	for _, par := range []int{1, 4} {
		e := New(Options{Parallelism: par})
		for range 2 {
			got, err := e.Render(context.Background(), c, top)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{
				"c/templates/a.yaml": "a: from-b merged scope",
				"c/templates/b.yaml": "b",
				"c/templates/c.yaml": "c: 1",
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("parallelism %d: got %v", par, got)
			}
		}
		if e.Stats().ExactRenders != 2 {
			t.Fatalf("exact renders %d", e.Stats().ExactRenders)
		}
	}
	if after := fmt.Sprint(top); after != before {
		t.Fatalf("caller values modified:\n%s\n%s", before, after)
	}
}

func TestCancellation(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/loop.yaml": `{{ range $i := until 100000 }}{{ range $j := until 100000 }}{{ end }}{{ end }}`,
	}, "")
	for _, par := range []int{1, 4} {
		e := New(Options{Parallelism: par})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		start := time.Now()
		_, err := e.Render(ctx, c, topFor(t, c))
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("cancellation took %v", d)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(Options{}).Render(ctx, c, topFor(t, c)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
}

func TestOutputLimit(t *testing.T) {
	cases := map[string]string{
		"loop":    `{{ range until 100000 }}0123456789{{ end }}`,
		"include": `{{ define "big" }}{{ range until 100000 }}0123456789{{ end }}{{ end }}{{ include "big" . | len }}`,
		"repeat":  `{{ repeat 100000000 "xx" | len }}`,
		"until":   `{{ until 100000000 | len }}`,
		"indent":  `{{ indent 100000000 "x" | len }}`,
		"rand":    `{{ randAlphaNum 100000000 | len }}`,
	}
	for name, tpl := range cases {
		t.Run(name, func(t *testing.T) {
			c := memChart("c", map[string]string{"templates/x.yaml": tpl}, "")
			_, err := render(t, New(Options{MaxOutputBytes: 10000}), c)
			if !errors.Is(err, ErrOutputLimit) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	// Many files within the per-file limit still exceed the total.
	tpls := map[string]string{}
	for i := range 20 {
		tpls[fmt.Sprintf("templates/f%d.yaml", i)] = strings.Repeat("x", 900)
	}
	if _, err := render(t, New(Options{MaxOutputBytes: 10000}), memChart("c", tpls, "")); !errors.Is(err, ErrOutputLimit) {
		t.Fatalf("total: err = %v", err)
	}
	if _, err := render(t, New(Options{MaxOutputBytes: 20000}), memChart("c", tpls, "")); err != nil {
		t.Fatalf("within limit: %v", err)
	}
}

func TestTplSelfRecursion(t *testing.T) {
	c := memChart("c", map[string]string{"templates/x.yaml": `{{ tpl .Values.a . }}`}, "a: '{{ tpl .Values.a . }}'\n")
	start := time.Now()
	_, err := render(t, New(Options{}), c)
	if !errors.Is(err, ErrTplDepth) {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
	// Legitimate nesting below the limit works.
	c = memChart("c", map[string]string{"templates/x.yaml": `{{ tpl .Values.a . }}`}, "a: '{{ tpl .Values.b . }}'\nb: '{{ tpl .Values.c . }}'\nc: ok\n")
	if out := mustRender(t, New(Options{MaxTplDepth: 3}), c); out["c/templates/x.yaml"] != "ok" {
		t.Fatalf("out %v", out)
	}
	if _, err := render(t, New(Options{MaxTplDepth: 2}), c); !errors.Is(err, ErrTplDepth) {
		t.Fatalf("depth 2: %v", err)
	}
}

func TestMaxIncludeDepth(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/_h.tpl": `{{ define "r" }}{{ if gt (int .) 0 }}{{ include "r" (sub (int .) 1) }}{{ end }}{{ end }}`,
		"templates/x.yaml": `{{ include "r" 10 }}`,
	}, "")
	if _, err := render(t, New(Options{}), c); err != nil {
		t.Fatal(err)
	}
	_, err := render(t, New(Options{MaxIncludeDepth: 5}), c)
	if err == nil || !strings.Contains(err.Error(), "rendering template has a nested reference name: r: unable to execute template") {
		t.Fatalf("err = %v", err)
	}
}

func TestRenderErrorDetails(t *testing.T) {
	c := memChart("c", map[string]string{
		"templates/_h.tpl": `{{ define "sa" }}{{ .Values.serviceAccount.create }}{{ end }}`,
		"templates/x.yaml": "a: 1\nb: {{ include \"sa\" . }}",
	}, "")
	_, err := render(t, New(Options{}), c)
	var re *RenderError
	if !errors.As(err, &re) {
		t.Fatalf("not a RenderError: %T %v", err, err)
	}
	want := RenderError{Template: "c/templates/x.yaml", Location: "c/templates/x.yaml:2:6", Line: 2, Col: 6,
		Msg: "nil pointer evaluating interface {}.create", Expr: ".Values.serviceAccount.create", ValuesPath: "serviceAccount"}
	got := *re
	got.Err, got.text = nil, ""
	if got != want {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	c = memChart("c", map[string]string{"templates/x.yaml": "\n{{ required \"give .Values.x\" .Values.x }}"}, "")
	_, err = render(t, New(Options{}), c)
	if !errors.As(err, &re) || re.Msg != "give .Values.x" || re.Line != 2 || re.Col != 3 {
		t.Fatalf("required: %+v", re)
	}
	c = memChart("c", map[string]string{"templates/x.yaml": "\n\n{{ if }}"}, "")
	_, err = render(t, New(Options{}), c)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 3 || pe.Template != "c/templates/x.yaml" || pe.Msg != "missing value for if" {
		t.Fatalf("parse error: %#v", err)
	}
}

func TestPanicBecomesError(t *testing.T) {
	c := memChart("c", map[string]string{"templates/x.yaml": `{{ .Values.f.Boom }}`}, "")
	top := topFor(t, c)
	top["Values"] = map[string]any{"f": panicker{}}
	_, err := New(Options{}).Render(context.Background(), c, top)
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v", err)
	}
}

type panicker struct{}

func (panicker) Boom() string { panic("boom") }

func TestStrict(t *testing.T) {
	c := memChart("c", map[string]string{"templates/x.yaml": `{{ .Values.nope }}`}, "a: 1\n")
	_, err := render(t, New(Options{Strict: true}), c)
	want := "c/templates/x.yaml:1:10\n  executing \"c/templates/x.yaml\" at <.Values.nope>:\n    map has no entry for key \"nope\""
	if err == nil || err.Error() != want {
		t.Fatalf("err = %q", err)
	}
	c = memChart("c", map[string]string{"templates/x.yaml": `{{ tpl "{{ .Values.nope }}" . }}`}, "a: 1\n")
	if _, err := render(t, New(Options{Strict: true}), c); err == nil || !strings.Contains(err.Error(), `map has no entry for key "nope"`) {
		t.Fatalf("tpl strict: %v", err)
	}
}

func TestCustomFuncs(t *testing.T) {
	c := memChart("c", map[string]string{"templates/x.yaml": `{{ hello }} {{ upper "a" }} {{ include "x" . }}`}, "")
	e := New(Options{Funcs: map[string]any{
		"hello":   func() string { return "hi" },
		"upper":   func(s string) string { return "U" + s },
		"include": func(string, any) string { return "inc" },
	}})
	if out := mustRender(t, e, c); out["c/templates/x.yaml"] != "hi Ua inc" {
		t.Fatalf("out %v", out)
	}
}

func TestLookupOption(t *testing.T) {
	c := memChart("c", map[string]string{"templates/x.yaml": `{{ (lookup "v1" "Secret" "ns" "s").data.k }} {{ lookup "v1" "Pod" "" "" | len }}`}, "")
	e := New(Options{Lookup: func(apiVersion, kind, ns, name string) (map[string]any, error) {
		if kind == "Secret" && name == "s" {
			return map[string]any{"data": map[string]any{"k": "v"}}, nil
		}
		return nil, nil
	}})
	if out := mustRender(t, e, c); out["c/templates/x.yaml"] != "v 0" {
		t.Fatalf("out %v", out)
	}
}

func TestNilChart(t *testing.T) {
	if _, err := New(Options{}).Render(context.Background(), nil, nil); !errors.Is(err, ErrNilChart) {
		t.Fatal(err)
	}
}

func TestOutputLimitDoubling(t *testing.T) {
	for name, tpl := range map[string]string{
		"print":  `{{ $s := "xx" }}{{ range until 40 }}{{ $s = print $s $s }}{{ end }}`,
		"cat":    `{{ $s := "xx" }}{{ range until 40 }}{{ $s = cat $s $s }}{{ end }}`,
		"concat": `{{ $s := list 1 2 }}{{ range until 40 }}{{ $s = concat $s $s }}{{ end }}`,
		"printf": `{{ $s := "xx" }}{{ range until 40 }}{{ $s = printf "%s%s" $s $s }}{{ end }}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := memChart("c", map[string]string{"templates/x.yaml": tpl}, "")
			_, err := render(t, New(Options{MaxOutputBytes: 1 << 20}), c)
			if !errors.Is(err, ErrOutputLimit) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestBadCustomFunc(t *testing.T) {
	c := memChart("c", map[string]string{"templates/x.yaml": `x`}, "")
	_, err := render(t, New(Options{Funcs: map[string]any{"bad": 42}}), c)
	if err == nil || err.Error() != "rendering template failed: value for bad not a function" {
		t.Fatalf("err = %v", err)
	}
}

// TestOwnFuncsAccepted checks, for every combination of the options that
// change the function map, that text/template accepts the engine's own
// functions (New checks only the caller's).
func TestOwnFuncsAccepted(t *testing.T) {
	for i := range 8 {
		opts := Options{Helm3: i&1 != 0, Deterministic: i&2 != 0, EnableDNS: i&4 != 0}
		e := New(opts)
		if e.initErr != nil {
			t.Fatalf("%+v: %v", opts, e.initErr)
		}
		if err := checkFuncs(e.funcs); err != nil {
			t.Errorf("%+v: %v", opts, err)
		}
	}
}

// Every corpus chart renders the same with and without parallelism, and
// twice in a row (deterministic mode).
func TestCorpusParallelEqualsSequential(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir, ids := corpusCharts(t)
	seq := New(Options{Deterministic: true, Parallelism: 1})
	par := New(Options{Deterministic: true, Parallelism: 4})
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			c, top := loadTop(t, filepath.Join(dir, "charts", id), corpusUser(dir, id))
			a, errA := seq.Render(context.Background(), c, top)
			b, errB := par.Render(context.Background(), c, top)
			b2, errB2 := par.Render(context.Background(), c, top)
			if fmt.Sprint(errA) != fmt.Sprint(errB) || fmt.Sprint(errB) != fmt.Sprint(errB2) {
				t.Fatalf("errors differ: %v / %v / %v", errA, errB, errB2)
			}
			if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(b, b2) {
				t.Fatal("outputs differ")
			}
		})
	}
}
