package engine

import (
	"errors"
	"fmt"
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
	}
	e := New(Options{})
	for _, tt := range tests {
		trees, err := parse.Parse("t", tt.tmpl, "", "", e.parseFuncs, builtinNames)
		if err != nil {
			t.Fatalf("%s: %v", tt.tmpl, err)
		}
		root := trees["t"].Root
		e.guardPrints(root)
		if got := strings.Contains(root.String(), printGuardName); got != tt.guarded {
			t.Errorf("%s: guarded %v, want %v (%s)", tt.tmpl, got, tt.guarded, root.String())
		}
	}
}

// A user's function of the same name as a function the analysis knows is
// judged by its own result type.
func TestPrintGuardUserFuncs(t *testing.T) {
	e := New(Options{Funcs: map[string]any{"default": func(a ...any) any { return a }}})
	trees, err := parse.Parse("t", `{{ default "a" "b" }}`, "", "", e.parseFuncs, builtinNames)
	if err != nil {
		t.Fatal(err)
	}
	root := trees["t"].Root
	e.guardPrints(root)
	if !strings.Contains(root.String(), printGuardName) {
		t.Errorf("a user's default is not guarded: %s", root)
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
