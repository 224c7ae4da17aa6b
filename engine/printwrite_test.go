package engine

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// writeCalls calls every function of writeNames with arguments it takes.
var writeCalls = map[string]string{
	"repeat": `repeat 3 "ab"`, "printf": `printf "%05d|%v" 7 .Values.m`, "print": `print 1 "a" .Values.missing`,
	"println": `println "a" 2`, "cat": `cat "a" nil 1`, "quote": `quote "a" 1`, "squote": `squote "a"`,
	"indent": `indent 2 "a\nb"`, "nindent": `.Values.s | nindent 4`, "replace": `replace "a" "bb" "aXa"`,
	"regexReplaceAll": `regexReplaceAll "(a+)" "aaXa" "<$1>"`, "regexReplaceAllLiteral": `regexReplaceAllLiteral "a" "aXa" "$1"`,
	"mustRegexReplaceAll": `mustRegexReplaceAll "a" "aXa" "b"`, "mustRegexReplaceAllLiteral": `mustRegexReplaceAllLiteral "a" "aXa" "$"`,
	"join": `join "," (list 1 "x" nil)`, "toYaml": `toYaml .Values.m`, "toYamlPretty": `toYamlPretty .Values.m`,
	"toJson": `toJson .Values.m`, "toPrettyJson": `toPrettyJson .Values.m`, "toRawJson": `toRawJson (dict "a" "<")`,
	"toString": `toString .Values.m`, "toToml": `toToml .Values.m`, "mustToYaml": `mustToYaml .Values.m`,
	"mustToJson": `mustToJson .Values.m`, "mustToPrettyJson": `mustToPrettyJson .Values.m`,
	"mustToRawJson": `mustToRawJson .Values.m`, "mustToToml": `mustToToml .Values.m`, "b64enc": `b64enc "x"`,
	"b32enc": `b32enc "x"`, "upper": `upper "aB"`, "lower": `"aB" | lower`, "title": `title "a b"`,
	"wrap": `wrap 3 "aaa bbb ccc"`, "wrapWith": `wrapWith 3 "|" "aaa bbb"`,
}

// withoutWrites returns an Engine with opts that prints every result
// through text/template, as the engine did before write variants.
func withoutWrites(opts Options) *Engine {
	e := New(opts)
	e.writable = nil
	return e
}

// An action printing a function's result through its write variant
// renders exactly what text/template prints, errors included, in every
// function map a worker can have (both dialects, deterministic, and the
// unguarded map of the overhead benchmark).
func TestPrintWrite(t *testing.T) {
	var names []string
	for _, name := range writeNames {
		names = append(names, name)
		if writeCalls[name] == "" {
			t.Errorf("no call of %s", name)
		}
	}
	sort.Strings(names)
	helpers := `{{ define "h" }}<{{ toJson . }}{{ "x" | repeat 2 }}>{{ end }}`
	tests := []struct{ name, tmpl string }{
		{"every function", ""}, // every function of the engine's writable set
		{"in a range, an include and tpl", `{{ range until 2 }}{{ upper "a" }}{{ include "h" (list 1) }}{{ end }}` +
			`{{ tpl "{{ quote .Values.s }}{{ include \"h\" 2 }}" . }}{{ tpl "{{ define \"x\" }}{{ b64enc . }}{{ end }}{{ include \"x\" \"y\" }}" . }}`},
		{"strings printed by the print guard", `{{ .Values.s }}|{{ .Values.m.b.c }}|{{ with .Values.m }}{{ .a }}{{ end }}|` +
			`{{ range .Values.l }}{{ . }},{{ end }}|{{ $x := .Values.l }}{{ index $x 0 }}|{{ tpl "{{ .s }}{{ .s }}" (dict "s" .Values.s) }}|{{ .Values.missing }}`},
		{"no value", `{{ print .Values.missing }}|{{ printf "%v" .Values.missing }}|{{ toString .Values.missing }}|{{ cat "<no value>" }}`},
		{"an error of the function", `a{{ regexReplaceAll "[" "a" "b" }}`},
		{"an error it returns", `a{{ mustRegexReplaceAll "[" "a" "b" }}`},
		{"wrong arguments", `a{{ repeat 3 }}`},
		{"wrong type", `a{{ indent "x" "y" }}`},
		{"an error in a piped argument", `{{ .Values.nope.x | quote }}`},
		{"fail after a write", `{{ upper "a" }}{{ fail "stop" }}`},
		{"required", `{{ required "need b" .Values.b | quote }}`},
	}
	configs := []struct {
		name  string
		opts  Options
		plain bool
	}{
		{"v4", Options{}, false}, {"v3", Options{Helm3: true}, false}, {"deterministic", Options{Deterministic: true}, false},
		{"v3 deterministic", Options{Helm3: true, Deterministic: true}, false}, {"unguarded", Options{}, true},
	}
	if v4 := New(Options{}); len(v4.writable) != len(writeNames) {
		t.Errorf("Helm 4 has write variants of %d functions of %d", len(v4.writable), len(writeNames))
	}
	for _, cf := range configs {
		e, plain := New(cf.opts), withoutWrites(cf.opts)
		e.unguarded, plain.unguarded = cf.plain, cf.plain
		for _, tt := range tests {
			if tt.tmpl == "" {
				var all strings.Builder
				for _, name := range names {
					if e.writable[name] {
						fmt.Fprintf(&all, "%s: {{ %s }}\n", name, writeCalls[name])
					}
				}
				tt.tmpl = all.String()
			}
			render1 := func(e *Engine) (string, error) {
				out, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tt.tmpl, "templates/_h.tpl": helpers},
					"m: {a: [1, x], b: {c: true}}\ns: \"l1\\nl2\"\nl: [a, b, <no value>]\n"))
				return out["c/templates/t.yaml"], err
			}
			got, gotErr := render1(e)
			want, wantErr := render1(plain)
			if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("%s, %s: got\n%s\n%v\nwant\n%s\n%v", cf.name, tt.name, got, gotErr, want, wantErr)
			}
			if tt.name == "every function" && gotErr != nil {
				t.Errorf("%s: %v", cf.name, gotErr)
			}
			if gotErr != nil && strings.Contains(gotErr.Error(), "_chartrender") {
				t.Errorf("%s, %s: error names the variant: %v", cf.name, tt.name, gotErr)
			}
		}
	}
}

// A function's result over the output limit is refused where the action
// is, and the error names its position; a caller's own function of the same
// name is called as it is.
func TestPrintWriteLimits(t *testing.T) {
	e := New(Options{MaxOutputBytes: 4000, MaxValueBytes: 3000})
	out, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": `{{ range until 3 }}{{ "x" | repeat 1500 }}{{ end }}`}, ""))
	var le *LimitError
	if !errors.As(err, &le) || le.Err != ErrOutputLimit || le.Option != "MaxOutputBytes" {
		t.Fatalf("got %v, %v; want an output limit error", out, err)
	}
	if !strings.Contains(err.Error(), "c/templates/t.yaml:1:") || !strings.Contains(err.Error(), "repeat") {
		t.Errorf("error does not name the position and the function: %v", err)
	}
	own := New(Options{Funcs: map[string]any{"upper": func(s string) string { return "own:" + s }}})
	if !own.writable["quote"] || own.writable["upper"] {
		t.Fatalf("writable: %v", own.writable)
	}
	got := mustRender(t, own, memChart("c", map[string]string{"templates/t.yaml": `{{ upper "a" }}{{ quote "b" }}`}, ""))
	if got["c/templates/t.yaml"] != `own:a"b"` {
		t.Errorf("got %q", got["c/templates/t.yaml"])
	}
}
