package engine

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
)

// bigList declares $big, a list whose printed text is about 9 kB while it
// holds 8 strings: it shares its halves.
const bigList = `{{ $big := list "xxxxxxxx" }}{{ range until 10 }}{{ $big = list $big $big }}{{ end }}`

// Every way of printing a map or a list is measured before fmt formats it,
// however the action is written, and the error names the position and the
// expression printed, not the guard.
func TestPrintGuardRefuses(t *testing.T) {
	tests := []struct{ name, tmpl, expr string }{
		{"variable", `{{ $big }}`, "<$big>"},
		{"dot", `{{ with $big }}{{ . }}{{ end }}`, "<.>"},
		{"range element", `{{ range $k, $v := dict "a" $big }}{{ $v }}{{ end }}`, "<$v>"},
		{"range single variable", `{{ range $v := list $big }}{{ $v }}{{ end }}`, "<$v>"},
		{"with variable", `{{ with $x := $big }}{{ $x }}{{ end }}`, "<$x>"},
		// $a holds a string in the first round and the list in the second.
		{"assigned later in a loop", `{{ $s := "x" }}{{ $a := "" }}{{ range until 2 }}{{ $a = $s }}{{ $a }}{{ $s = $big }}{{ end }}`, "<$a>"},
		{"declared later in a loop", `{{ $s := "x" }}{{ range until 2 }}{{ $a := $s }}{{ $a }}{{ $s = $big }}{{ end }}`, "<$a>"},
		{"default", `{{ default "x" $big }}`, "<(default \"x\" $big)>"},
		{"ternary after another type's test", `{{ typeIs "[]interface {}" $big | ternary $big "x" }}`, "<(typeIs \"[]interface {}\" $big | ternary $big \"x\")>"},
		{"default in a pipeline", `{{ $big | default "x" }}`, "<($big | default \"x\")>"},
		{"ternary", `{{ ternary $big "x" true }}`, "<(ternary $big \"x\" true)>"},
		{"coalesce", `{{ coalesce "" $big }}`, "<(coalesce \"\" $big)>"},
		{"required", `{{ required "m" $big }}`, "<(required \"m\" $big)>"},
		{"and", `{{ and 1 $big }}`, "<(and 1 $big)>"},
		{"or", `{{ or "" $big }}`, "<(or \"\" $big)>"},
		{"index", `{{ index (list $big) 0 }}`, "<(index (list $big) 0)>"},
		{"parenthesized", `{{ ($big) }}`, "<(($big))>"},
		{"field of a pipeline", `{{ (dict "l" $big).l }}`, "<(dict \"l\" $big).l>"},
		{".Values", `{{ $_ := set .Values "x" $big }}{{ .Values.x }}`, "<.Values.x>"},
		{"variable field", `{{ $d := dict "l" $big }}{{ $d.l }}`, "<$d.l>"},
	}
	e := New(Options{MaxValueBytes: 4000})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": bigList + tt.tmpl}, ""))
			var le *LimitError
			if !errors.Is(err, ErrOutputLimit) || !errors.As(err, &le) || le.Func != "print" {
				t.Fatalf("got %v, want print's *LimitError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "c/templates/t.yaml:1:") || !strings.Contains(msg, tt.expr) {
				t.Errorf("error does not name the position and %s: %v", tt.expr, msg)
			}
			if strings.Contains(msg, "_chartrender") {
				t.Errorf("error names the guard: %v", msg)
			}
			var re *RenderError
			if errors.As(err, &re) && strings.Contains(re.Expr+re.Msg, "_chartrender") {
				t.Errorf("RenderError names the guard: Expr %q, Msg %q", re.Expr, re.Msg)
			}
		})
	}
}

// Actions that can only print a scalar are left unguarded; the others are
// guarded.
func TestPrintGuardStatic(t *testing.T) {
	tests := []struct {
		tmpl    string
		guarded bool
	}{
		{`{{ "}}" }}`, false},
		{"{{ `{{` }}", false},
		{`{{ 3 }}`, false},
		{`{{ true }}`, false},
		{`{{ include "x" . }}`, false},
		{`{{ .Values.a | quote }}`, false},
		{`{{ printf "%v" .Values.a }}`, false},
		{`{{ default "a" "b" }}`, false},
		{`{{ .Values.a | toString | default "b" }}`, false},
		{`{{ ternary "a" 3 .Values.c }}`, false},
		{`{{ $s := include "x" . }}{{ $s }}`, false},
		{`{{ $s := "a" }}{{ $s = printf "%s" $s }}{{ $s }}`, false},
		{`{{ $s := "a" }}{{ $t := $s }}{{ $t }}`, false},
		{`{{ range $k, $v := .Values.m }}{{ $k }}{{ end }}`, false},
		{`{{ $s := default "a" (include "x" .) }}{{ $s }}`, false},
		{`{{ .Capabilities.KubeVersion }}`, false},
		{`{{ typeIs "string" .Values.a | ternary .Values.a (.Values.a | toYaml) }}`, false},
		{`{{ $v := typeIs "string" .value | ternary .value (.value | toYaml) }}{{ $v }}`, false},
		{`{{ with .Values.a }}{{ typeIs "string" . | ternary . "x" }}{{ end }}`, false},
		{`{{ $x := .Values.a }}{{ typeIs "string" $x | ternary $x "" }}`, false},

		{`{{ .Values.a }}`, true},
		{`{{ . }}`, true},
		{`{{ $ }}`, true},
		{`{{ $.Values.a }}`, true},
		{`{{ range $k, $v := .Values.m }}{{ $v }}{{ end }}`, true},
		{`{{ range $v := .Values.m }}{{ $v }}{{ end }}`, true},
		{`{{ $s := "a" }}{{ $s = .Values.a }}{{ $s }}`, true},
		{`{{ $s := .Values.a | default "a" }}{{ $s }}`, true},
		{`{{ default "a" .Values.a }}`, true},
		{`{{ required "m" .Values.a }}`, true},
		{`{{ coalesce .Values.a "b" }}`, true},
		{`{{ index .Values.l 0 }}`, true},
		{`{{ list 1 }}`, true},
		{`{{ first (list 1) }}`, true},
		{`{{ with $x := "a" }}{{ $x }}{{ $x := .Values.b }}{{ $x }}{{ end }}`, true},
		{`{{ typeIs "string" .Values.a | ternary .Values.b "x" }}`, true},
		{`{{ typeIs "string" .Values.a | ternary .Values.a .Values.b }}`, true},
		{`{{ typeIs "map" .Values.a | ternary .Values.a "x" }}`, true},
		{`{{ kindIs "string" .Values.a | ternary .Values.a "x" }}`, true},
		{`{{ typeIs "string" (.Values.a) | ternary (.Values.a) "x" }}`, true},
		{`{{ ternary .Values.a "x" (typeIs "string" .Values.a) }}`, true},
		{`{{ typeIs "string" .Values.a | not | ternary .Values.a "x" }}`, true},
	}
	e := New(Options{})
	for _, tt := range tests {
		trees, err := parse.Parse("t", tt.tmpl, "", "", e.parseFuncs, builtinNames)
		if err != nil {
			t.Fatalf("%s: %v", tt.tmpl, err)
		}
		root := trees["t"].Root
		e.guardPrints(root, false, nil)
		if got := strings.Contains(root.String(), printGuardName); got != tt.guarded {
			t.Errorf("%s: guarded %v, want %v (%s)", tt.tmpl, got, tt.guarded, root.String())
		}
	}
}

// A user's function of the same name as a function the analysis knows is
// judged by its own result type.
func TestPrintGuardUserFuncs(t *testing.T) {
	tests := []struct {
		name, tmpl string
		funcs      map[string]any
	}{
		{"default", `{{ default "a" "b" }}`, map[string]any{"default": func(a ...any) any { return a }}},
		{"typeIs", `{{ typeIs "string" .a | ternary .a "x" }}`, map[string]any{"typeIs": func(string, any) bool { return true }}},
	}
	for _, tt := range tests {
		e := New(Options{Funcs: tt.funcs})
		trees, err := parse.Parse("t", tt.tmpl, "", "", e.parseFuncs, builtinNames)
		if err != nil {
			t.Fatal(err)
		}
		root := trees["t"].Root
		e.guardPrints(root, false, nil)
		if !strings.Contains(root.String(), printGuardName) {
			t.Errorf("a user's %s is not guarded: %s", tt.name, root)
		}
	}
}

// {{ include "name" . }} writes the included output straight into the
// output (includePrint); it renders exactly as {{ include "name" . | print }},
// which is not rewritten, errors included.
func TestIncludePrint(t *testing.T) {
	helpers := `{{ define "leaf" }}[{{ .Values.a }}{{ .Values.missing }}]{{ end }}` +
		`{{ define "two" }}{{ include "leaf" . }}-{{ include "leaf" . }}{{ end }}` +
		`{{ define "ind" }}a:
{{ include "two" . | indent 2 }}{{ end }}` +
		`{{ define "bad" }}x{{ include "leaf" . }}{{ required "need b" .Values.b }}{{ end }}` +
		`{{ define "deep" }}{{ include "bad" . }}{{ end }}`
	tests := []struct{ name, direct, printed string }{
		{"leaf", `{{ include "leaf" . }}`, `{{ include "leaf" . | print }}`},
		{"nested", `<{{ include "two" . }}>`, `<{{ include "two" . | print }}>`},
		{"indented", `{{ include "ind" . }}`, `{{ include "ind" . | print }}`},
		{"in a range", `{{ range until 3 }}{{ include "two" $ }};{{ end }}`, `{{ range until 3 }}{{ include "two" $ | print }};{{ end }}`},
		{"in a variable", `{{ $s := include "two" . }}{{ $s }}{{ include "leaf" . }}`, `{{ $s := include "two" . }}{{ $s }}{{ include "leaf" . | print }}`},
		{"in tpl", `{{ tpl "{{ include \"two\" . }}" . }}`, `{{ tpl "{{ include \"two\" . | print }}" . }}`},
		{"in tpl with a define", `{{ tpl "{{ define \"x\" }}{{ include \"leaf\" . }}{{ end }}{{ include \"x\" . }}" . }}`,
			`{{ tpl "{{ define \"x\" }}{{ include \"leaf\" . | print }}{{ end }}{{ include \"x\" . | print }}" . }}`},
		{"error", `{{ include "bad" . }}`, `{{ include "bad" . | print }}`},
		{"nested error", `a{{ include "deep" . }}`, `a{{ include "deep" . | print }}`},
		{"missing template", `{{ include "nope" . }}`, `{{ include "nope" . | print }}`},
	}
	for _, helm3 := range []bool{false, true} {
		e := New(Options{Helm3: helm3})
		for _, tt := range tests {
			render1 := func(tmpl string) (string, error) {
				out, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tmpl, "templates/_h.tpl": helpers}, "a: 1\n"))
				return out["c/templates/t.yaml"], err
			}
			got, gotErr := render1(tt.direct)
			want, wantErr := render1(tt.printed)
			if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("%s (helm3 %v): got %q, %v; want %q, %v", tt.name, helm3, got, gotErr, want, wantErr)
			}
			if gotErr != nil && strings.Contains(gotErr.Error(), "_chartrender") {
				t.Errorf("%s: error names the rewritten include: %v", tt.name, gotErr)
			}
		}
	}
}

// The light variant of a template, which runs on root data, leaves
// unguarded the actions that print root data: field chains from dot or $,
// and variables, dot in with and range, and results of index, default and
// the like that only ever hold such values. Every other action that may
// print a map or a list keeps the guard.
func TestPrintGuardLight(t *testing.T) {
	tests := []struct {
		tmpl    string
		guarded bool
	}{
		{`{{ .Values.a }}`, false},
		{`{{ . }}`, false},
		{`{{ $ }}`, false},
		{`{{ $.Values.a }}`, false},
		{`{{ $x := .Values.a }}{{ $x }}`, false},
		{`{{ $x := .Values.a }}{{ $x.b }}`, false},
		{`{{ with .Values.a }}{{ . }}{{ .b }}{{ end }}`, false},
		{`{{ range .Values.l }}{{ . }}{{ end }}`, false},
		{`{{ range $k, $v := .Values.m }}{{ $v }}{{ end }}`, false},
		{`{{ index .Values.m "k" }}`, false},
		{`{{ default .Values.a .Values.b }}`, false},
		{`{{ .Values.a | default "x" }}`, false},
		{`{{ with $x := .Values.a }}{{ $x }}{{ end }}`, false},
		{`{{ with dict }}{{ $.Values.a }}{{ end }}`, false},
		{`{{ get .Values "a" }}`, false},
		{`{{ dig "a" "b" "x" .Values }}`, false},
		{`{{ .Values | dig "a" "b" "x" }}`, false},
		{`{{ (.Values.a).b }}`, false},
		{`{{ ((.Values.a).b).c | default 0 }}`, false},
		{`{{ (get .Values "a").b }}`, false},

		{`{{ $d := dict }}{{ $d }}`, true},
		{`{{ with dict "a" 1 }}{{ . }}{{ end }}`, true},
		{`{{ with dict "a" 1 }}{{ .a }}{{ end }}`, true},
		{`{{ range list .Values.a }}{{ . }}{{ end }}`, true},
		{`{{ $x := .Values.a }}{{ $x = list 1 }}{{ $x }}`, true},
		{`{{ $x := .Values.a }}{{ range until 2 }}{{ $x }}{{ $x = list 1 }}{{ end }}`, true},
		{`{{ $y := list 1 }}{{ $x := .Values.a }}{{ range until 2 }}{{ $x }}{{ $x = $y }}{{ end }}`, true},
		{`{{ range $k, $v := .Values.m }}{{ $v = list 1 }}{{ $v }}{{ end }}`, true},
		{`{{ index (list .Values.a) 0 }}`, true},
		{`{{ default (list 1) .Values.a }}`, true},
		{`{{ (dict "a" .Values.a).a }}`, true},
		{`{{ get (dict "a" (list 1)) "a" }}`, true},
		{`{{ dig "a" (list 1) .Values }}`, true},
		{`{{ dig "a" "x" (dict "a" (list 1)) }}`, true},
		{`{{ (get (dict "a" (dict)) "a").b }}`, true},
		{`{{ ($x := .Values).a }}`, true},
		{`{{ first .Values.l }}`, true},
		{`{{ with $x := list 1 }}{{ $x }}{{ end }}`, true},
	}
	e := New(Options{})
	for _, tt := range tests {
		trees, err := parse.Parse("t", tt.tmpl, "", "", e.parseFuncs, builtinNames)
		if err != nil {
			t.Fatalf("%s: %v", tt.tmpl, err)
		}
		light, err := parse.Parse("t", tt.tmpl, "", "", e.parseFuncs, builtinNames)
		if err != nil {
			t.Fatalf("%s: %v", tt.tmpl, err)
		}
		e.prepareFull(trees)
		e.prepareLight(light)
		root := light["t"].Root
		if got := strings.Contains(root.String(), printGuardName); got != tt.guarded {
			t.Errorf("%s: guarded %v, want %v (%s)", tt.tmpl, got, tt.guarded, root.String())
		}
		// The full variant guards every action the light one leaves
		// unguarded for root data.
		if full := trees["t"].Root.String(); !tt.guarded && strings.Contains(tt.tmpl, ".Values") && !strings.Contains(full, printGuardName) {
			t.Errorf("%s: the full variant is unguarded: %s", tt.tmpl, full)
		}
	}
}

// forceLight makes the next renders of e's template sets measure root data
// and run the light set when it fits, however few prints it would spare.
func forceLight(e *Engine) {
	e.sets.mu.Lock()
	defer e.sets.mu.Unlock()
	for _, ts := range e.sets.sets {
		ts.rootPrints.Store(1 << 20)
		ts.rootVisits.Store(0)
	}
}

// lightSets counts e's template sets whose last render measured root data
// and found that it fits.
func lightSets(e *Engine) int {
	e.sets.mu.Lock()
	defer e.sets.mu.Unlock()
	n := 0
	for _, ts := range e.sets.sets {
		if v := ts.rootVisits.Load(); v > 0 && v <= 1<<20 {
			n++
		}
	}
	return n
}

// Shapes that would get a big value past a print guard that trusts root
// data: data that is not root data given to a define by include, by a
// template action or by tpl, templates that try to make root data big
// (which sends the render to exact mode, where every template is fully
// guarded), and root data too big to print. Each is refused by the print
// guard, in the first render and in renders that run the light set.
func TestPrintGuardLightRefuses(t *testing.T) {
	const p = `{{ define "p" }}{{ . }}{{ end }}`
	tests := []struct {
		name  string
		files map[string]string
		vals  string
	}{
		{"include with a dict", map[string]string{"t.yaml": bigList + `{{ include "p" (dict "l" $big) }}`,
			"_p.tpl": `{{ define "p" }}{{ .l }}{{ end }}`}, ""},
		{"include of a big value", map[string]string{"t.yaml": bigList + `{{ include "p" $big }}`, "_p.tpl": p}, ""},
		{"template with a dict", map[string]string{"t.yaml": bigList + `{{ template "q" (dict "l" $big) }}`,
			"_p.tpl": `{{ define "q" }}{{ .l }}{{ end }}`}, ""},
		{"template through template", map[string]string{"t.yaml": bigList + `{{ template "q" (dict "l" $big) }}`,
			"_p.tpl": p + `{{ define "q" }}{{ template "p" .l }}{{ end }}`}, ""},
		{"template through include", map[string]string{"t.yaml": bigList + `{{ include "q" (dict "l" $big) }}`,
			"_p.tpl": p + `{{ define "q" }}{{ template "p" .l }}{{ end }}`}, ""},
		{"template of root data calling with other data", map[string]string{"t.yaml": `{{ include "q" . }}`,
			"_p.tpl": p + `{{ define "q" }}` + bigList + `{{ template "p" $big }}{{ end }}`}, ""},
		{"get of a dict", map[string]string{"t.yaml": bigList + `{{ get (dict "l" $big) "l" }}`}, ""},
		{"dig of a dict", map[string]string{"t.yaml": bigList + `{{ dig "l" "x" (dict "l" $big) }}`}, ""},
		{"dig with a big default", map[string]string{"t.yaml": bigList + `{{ dig "none" $big .Values.m }}`}, "m: {a: 1}\n"},
		{"field of a dict's entry", map[string]string{"t.yaml": bigList + `{{ (get (dict "m" (dict "l" $big)) "m").l }}`}, ""},
		{"tpl with a dict", map[string]string{"t.yaml": bigList + `{{ tpl "{{ .l }}" (dict "l" $big) }}`}, ""},
		{"tpl on root data calling a template", map[string]string{"t.yaml": `{{ tpl .Values.s . }}`, "_p.tpl": p},
			"s: '{{ $b := list \"xxxxxxxx\" }}{{ range until 10 }}{{ $b = list $b $b }}{{ end }}{{ template \"p\" $b }}'\n"},
		{"tpl with a define on root data", map[string]string{"t.yaml": `{{ tpl .Values.s . }}`},
			"s: '{{ define \"z\" }}{{ .l }}{{ end }}{{ $b := list \"xxxxxxxx\" }}{{ range until 10 }}{{ $b = list $b $b }}{{ end }}{{ include \"z\" (dict \"l\" $b) }}'\n"},
		{"set $ Values", map[string]string{"t.yaml": bigList + `{{ $_ := set $ "Values" (dict "x" $big) }}{{ .Values.x }}`}, ""},
		{"set .Values", map[string]string{"t.yaml": bigList + `{{ $_ := set .Values "x" $big }}{{ .Values.x }}`}, ""},
		{"set .Template", map[string]string{"t.yaml": bigList + `{{ $_ := set .Template "x" $big }}{{ .Template.x }}`}, ""},
		{"set dot in with", map[string]string{"t.yaml": bigList + `{{ with .Values.m }}{{ $_ := set . "x" $big }}{{ .x }}{{ end }}`}, "m: {a: 1}\n"},
		{"mergeOverwrite into .Values", map[string]string{"t.yaml": bigList + `{{ $_ := mergeOverwrite .Values (dict "m" (dict "x" $big)) }}{{ .Values.m.x }}`}, "m: {a: 1}\n"},
		// A define given a dict of root data runs in the light set with
		// the dict pinned: modifying it sends the render to exact mode.
		{"set in a define on a dict of root data", map[string]string{"t.yaml": `{{ include "q" (dict "c" $ "n" "x") }}`,
			"_p.tpl": `{{ define "q" }}` + bigList + `{{ $_ := set . "x" $big }}{{ .x }}{{ end }}`}, ""},
		{"unset and set in a define on a dict of root data", map[string]string{"t.yaml": `{{ include "q" (dict "c" $ "x" "y") }}`,
			"_p.tpl": `{{ define "q" }}` + bigList + `{{ $_ := unset . "x" }}{{ $_ = set . "x" $big }}{{ .x }}{{ end }}`}, ""},
		{"merge into a define's dict of root data", map[string]string{"t.yaml": `{{ include "q" (dict "c" $) }}`,
			"_p.tpl": `{{ define "q" }}` + bigList + `{{ $_ := merge . (dict "x" $big) }}{{ .x }}{{ end }}`}, ""},
		{"set through an include on the same dict", map[string]string{"t.yaml": `{{ include "q" (dict "c" $) }}`,
			"_p.tpl": `{{ define "q" }}{{ include "r" . }}{{ .x }}{{ end }}{{ define "r" }}` + bigList + `{{ $_ := set . "x" $big }}{{ end }}`}, ""},
		{"mergeOverwrite into a map holding the dict", map[string]string{"t.yaml": `{{ include "q" (dict "c" $) }}`,
			"_p.tpl": `{{ define "q" }}` + bigList + `{{ $_ := mergeOverwrite (dict "p" .) (dict "p" (dict "x" $big)) }}{{ .x }}{{ end }}`}, ""},
		{"dict of root data too big to print", map[string]string{"t.yaml": `{{ include "p" (dict "a" $.Values "b" $.Values "c" $.Values) }}`, "_p.tpl": p},
			"s: " + strings.Repeat("x", 1500) + "\n"},
		{"dict of a string too big to print", map[string]string{"t.yaml": `{{ $s := repeat 1500 "x" }}{{ include "p" (dict "c" $ "a" $s "b" $s "d" $s) }}`, "_p.tpl": p}, ""},
		{"set in a define on root data", map[string]string{"t.yaml": `{{ include "q" . }}`,
			"_p.tpl": `{{ define "q" }}` + bigList + `{{ $_ := set . "x" $big }}{{ .x }}{{ end }}`}, ""},
		// Helm renders b.yaml before a.yaml.
		{"exact mode across files", map[string]string{"b.yaml": bigList + `{{ $_ := set .Values "x" $big }}`,
			"a.yaml": `{{ include "q" . }}`, "_p.tpl": `{{ define "q" }}{{ .Values.x }}{{ end }}`}, ""},
		{"root variable reassigned", map[string]string{"t.yaml": bigList + `{{ $x := .Values }}{{ $x = $big }}{{ $x }}`}, ""},
		{"range element reassigned", map[string]string{"t.yaml": bigList + `{{ range $k, $v := .Values }}{{ $v = $big }}{{ $v }}{{ end }}`}, "a: 1\n"},
		{"root data too big to print", map[string]string{"t.yaml": `{{ .Values.a }}{{ .Values }}`},
			"a: 1\ns: " + strings.Repeat("x", 5000) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			templates := map[string]string{}
			for k, v := range tt.files {
				templates["templates/"+k] = v
			}
			e := New(Options{MaxValueBytes: 4000})
			c := memChart("c", templates, tt.vals)
			for i := range 3 {
				_, err := render(t, e, c)
				var le *LimitError
				if !errors.Is(err, ErrOutputLimit) || !errors.As(err, &le) || le.Func != "print" {
					t.Fatalf("render %d: got %v, want print's *LimitError", i, err)
				}
				forceLight(e)
			}
		})
	}
}

// Templates that print root data run in the light set once the render
// has measured root data, with the same output.
func TestPrintGuardLightRuns(t *testing.T) {
	templates := map[string]string{
		"templates/t.yaml": `a: {{ .Values.a }} m: {{ .Values.m }} {{ include "p" . }} {{ tpl "{{ .Values.l }}" . }}` +
			`{{ range .Values.l }}{{ . }}{{ end }} {{ template "p" . }} {{ include "p" (dict "Values" .Values) }}` +
			` {{ include "q" (dict "c" $ "n" "x" "v" $.Values "i" 1) }}`,
		"templates/_p.tpl": `{{ define "p" }}[{{ .Values.m }}]{{ end }}` +
			`{{ define "q" }}{{ .c.Values.m }} {{ .n }} {{ .v.l }} {{ .i }} {{ $.v.a }} {{ template "p" .c }} {{ include "p" (dict "Values" .v) }}{{ end }}`,
	}
	c := memChart("c", templates, "a: 1\nm: {k: v, p: [1, 2]}\nl: [x, z]\n")
	e := New(Options{})
	want := mustRender(t, e, c)
	forceLight(e)
	for range 2 {
		if got := mustRender(t, e, c); got["c/templates/t.yaml"] != want["c/templates/t.yaml"] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	if lightSets(e) != 1 {
		t.Errorf("the render did not run the light set")
	}
	if strings.Count(want["c/templates/t.yaml"], "map[") != 7 {
		t.Errorf("the output does not print the maps: %q", want["c/templates/t.yaml"])
	}
}

// Every corpus chart renders the same when its templates run in the light
// set as in its first render (fully guarded), in both dialects; most run
// it.
func TestCorpusLightSet(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir, ids := corpusCharts(t)
	for _, helm3 := range []bool{false, true} {
		ran, charts := 0, 0
		for _, id := range ids {
			t.Run(fmt.Sprintf("%s/helm3=%v", id, helm3), func(t *testing.T) {
				c, top := loadTopHelm(t, filepath.Join(dir, "charts", id), corpusUser(dir, id), helm3)
				e := New(Options{Deterministic: true, Parallelism: 2, Helm3: helm3})
				want, wantErr := e.Render(context.Background(), c, top)
				forceLight(e)
				got, err := e.Render(context.Background(), c, top)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Fatalf("light set: error %v, want %v", err, wantErr)
				}
				if !reflect.DeepEqual(got, want) {
					for name := range want {
						if got[name] != want[name] {
							t.Errorf("%s differs in the light set:\n%s\nwant:\n%s", name, got[name], want[name])
						}
					}
					t.FailNow()
				}
				charts++
				ran += lightSets(e)
			})
		}
		if charts > 10 && ran < charts/2 {
			t.Errorf("helm3 %v: only %d of %d charts ran the light set", helm3, ran, charts)
		}
	}
}

// TestLightTreesShared checks that the light variant of a file keeps its
// own tree only where an action prints root data, shares the fully guarded
// tree elsewhere, and keeps the {{ template }} calls of the shared trees.
func TestLightTreesShared(t *testing.T) {
	src := `{{ define "roots" }}{{ .Values.x }}{{ end }}` +
		`{{ define "scalars" }}{{ "lit" }}{{ template "roots" (dict "Values" (dict "x" 1)) }}{{ end }}` +
		`{{ define "guarded" }}{{ $m := dict "a" 1 }}{{ $m }}{{ end }}`
	tests := []struct {
		name   string
		shared bool
	}{
		{"roots", false},
		{"scalars", true},
		{"guarded", true},
		{"f.yaml", true},
	}
	e := New(Options{})
	pf := e.parseFile("f.yaml", src)
	if pf.err != nil {
		t.Fatal(pf.err)
	}
	light, calls := pf.lightTrees(e)
	for _, tt := range tests {
		if got := light[tt.name] == pf.trees[tt.name]; got != tt.shared {
			t.Errorf("%s: light tree shared = %v, want %v", tt.name, got, tt.shared)
		}
	}
	if got := calls.onRoot[light["scalars"]]; !slices.Equal(got, []string{"roots"}) {
		t.Errorf("calls on root of scalars = %q, want [roots]", got)
	}
	if got := calls.all[light["scalars"]]; !slices.Equal(got, []string{"roots"}) {
		t.Errorf("all calls of scalars = %q, want [roots]", got)
	}
}

// TestLightTreesCompact checks that the light variants of a file keep no
// more memory than their own trees need: one small tree that prints root
// data, among many large ones that do not, must not keep the fresh parse
// of the whole file alive (its nodes are allocated together).
func TestLightTreesCompact(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{{ define "roots" }}{{ .Values.x }}{{ end }}`)
	for i := range 300 {
		fmt.Fprintf(&b, `{{ define "d%d" }}`, i)
		for range 20 {
			b.WriteString(`{{ $x := list 1 2 }}{{ if $x }}{{ "a" | quote }}{{ else }}{{ len $x }}{{ end }}`)
		}
		b.WriteString(`{{ end }}`)
	}
	e := New(Options{})
	heap := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	pf := e.parseFile("f.yaml", b.String())
	if pf.err != nil {
		t.Fatal(pf.err)
	}
	parsed := heap()
	light, _ := pf.lightTrees(e)
	kept := heap()
	if light["roots"] == pf.trees["roots"] || light["d0"] != pf.trees["d0"] {
		t.Fatalf("light trees not as expected")
	}
	// A second parse kept alive would double what the first one holds.
	if parse, lightGrowth := int64(parsed)-int64(before), int64(kept)-int64(parsed); lightGrowth > parse/10 {
		t.Errorf("the light trees keep %d bytes; the file's parse takes %d", lightGrowth, parse)
	}
	runtime.KeepAlive(pf)
}

// Errors in templates that run in the light set, whose trees are copies,
// name the same positions as in the first render, which runs the fully
// guarded trees.
func TestLightErrors(t *testing.T) {
	tests := []struct {
		name, tmpl string
	}{
		{"fail", "a: {{ .Values.a }}\nb: {{ fail \"boom\" }}"},
		{"required", "a: {{ .Values.a }}\n  b: {{ required \"b is required\" .Values.b }}"},
		{"index", "a: {{ .Values.a }}\n{{ index .Values.l 5 }}"},
		{"nil pointer", "a: {{ .Values.a }}\n{{ .Values.m.x.y }}"},
		{"include", "a: {{ .Values.a }}\n\n  {{ include \"none\" . }}"},
		{"define", "{{ include \"d\" . }}{{ define \"d\" }}{{ .Values.a }}\n  {{ fail .Values.a }}{{ end }}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := memChart("c", map[string]string{"templates/t.yaml": tt.tmpl}, "a: x\nl: [1]\nm: {}\n")
			e := New(Options{})
			_, want := render(t, e, c)
			if want == nil {
				t.Fatal("the first render did not fail")
			}
			forceLight(e)
			for range 2 {
				if _, err := render(t, e, c); fmt.Sprint(err) != fmt.Sprint(want) {
					t.Fatalf("light render: %v, want %v", err, want)
				}
			}
			if lightSets(e) != 1 {
				t.Errorf("the render did not run the light set")
			}
		})
	}
}

// TestRootsOnly checks which maps made by templates a light template may
// run on (see pinSet): small maps whose every entry is root data, as
// long as printing them fits the value limit.
func TestRootsOnly(t *testing.T) {
	data := map[string]any{"Values": map[string]any{"a": 1}}
	vals := data["Values"].(map[string]any)
	r := &renderState{e: New(Options{MaxValueBytes: 1000}), light: true, rootTotal: 300}
	r.roots = []uintptr{mapPointer(vals)}
	r.rootMask = rootMaskOf(r.roots)
	w := &worker{r: r, cur: []uintptr{mapPointer(data)}}
	w.setRoots(0)
	many := map[string]any{}
	for i := range maxPinEntries + 1 {
		many[fmt.Sprint(i)] = i
	}
	tests := []struct {
		name string
		m    map[string]any
		want bool
	}{
		{"context and scalars", map[string]any{"context": data, "name": "x", "n": 1, "f": 1.5, "b": true, "nil": nil}, true},
		{"values", map[string]any{"v": vals, "w": vals}, true},
		{"empty", map[string]any{}, true},
		{"nil", nil, false},
		{"a list", map[string]any{"context": data, "l": []any{1}}, false},
		{"a map made by a template", map[string]any{"context": data, "d": map[string]any{}}, false},
		{"root data too often", map[string]any{"a": data, "b": data, "c": vals, "d": data}, false},
		{"a long string", map[string]any{"s": strings.Repeat("x", 1000)}, false},
		{"too many entries", many, false},
	}
	for _, tt := range tests {
		if got := w.rootsOnly(tt.m); got != tt.want {
			t.Errorf("%s: rootsOnly = %v, want %v", tt.name, got, tt.want)
		}
	}
}
