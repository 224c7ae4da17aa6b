package fastparse

import (
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"
)

func fn(...any) (any, error) { return nil, nil }

// testFuncs stands for a function map: the parser only asks whether a
// name is there.
var testFuncs = map[string]any{
	"include": fn, "quote": fn, "toYaml": fn, "nindent": fn, "default": fn, "list": fn,
	"dict": fn, "fail": fn, "required": fn, "trunc": fn, "printf": fn, "empty": fn,
	"absent": nil, // present with a nil value: not a function for the parser
}

var builtins = map[string]any{
	"and": true, "call": true, "html": true, "index": true, "slice": true, "js": true, "len": true,
	"not": true, "or": true, "print": true, "printf": true, "println": true, "urlquery": true,
	"eq": true, "ge": true, "gt": true, "le": true, "lt": true, "ne": true,
}

// check parses src both ways and reports whether the fast path answered;
// it fails the test when the answers differ.
func check(t testing.TB, name, src string, funcs ...map[string]any) bool {
	t.Helper()
	want, wantErr := parse.Parse(name, src, "", "", funcs...)
	got, ok, bug := parseTrees(name, src, funcs)
	if bug != nil {
		t.Fatalf("%q: panic %v", src, bug)
	}
	if !ok {
		return false
	}
	if wantErr != nil {
		t.Fatalf("%q: fast path answered, parse.Parse fails: %v", src, wantErr)
	}
	if d := Diff(got, want); d != "" {
		t.Fatalf("%q: %s", src, d)
	}
	return true
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		fast bool // the fast path answers (else parse.Parse must be asked)
	}{
		{"empty", "", true},
		{"text", "hello\nworld\n", true},
		{"spaces only", " \n\t ", true},
		{"dot", "a{{.}}b", true},
		{"field chain", "{{ .Values.image.tag }}", true},
		{"field chain lines", "x\ny\n  {{\n .Values.a.b }}\n", true},
		{"variable", "{{ $x := 1 }}{{ $x }}{{ $x = 2 }}", true},
		{"variable chain", "{{ $x := .a }}{{ $x.b.c }}{{ $.Values.a }}{{ $ }}", true},
		{"assign undeclared", "{{ $y = 2 }}{{ $y }}", true},
		{"self declare", "{{ $z := $z }}", true},
		{"dollar digits", "{{ $1 := 1 }}{{ $1 }}", true},
		{"trim", "a  \n {{- .a -}} \n\t b", true},
		{"trim tabs and CR", "a\r\n\t{{-\t.a\t-}}\r\nb", true},
		{"trim right only", "a {{ .a -}}   b", true},
		{"trim before spaces", "{{ .a   -}}b{{ .b\n-}}\nc", true},
		{"negative number not trim", "{{-3}}{{ -3 }}", true},
		{"comment", "a{{/* c\nd */}}b", true},
		{"comment trimmed", "a \n{{- /* c */ -}}\n b", true},
		{"comment left trim only", "a \n{{- /* c */}}\n b", true},
		{"comments adjacent", "{{/*a*/}}{{/*b*/}}x", true},
		{"comment before define", "{{/* x */}}{{ define \"a\" }}A{{ end }}", true},
		{"if", "{{ if .a }}x{{ end }}", true},
		{"if else", "{{ if .a }}x{{ else }}y{{ end }}", true},
		{"else if chain", "{{ if .a }}1{{ else if .b }}2{{ else if .c }}3{{ else }}4{{ end }}", true},
		{"else with chain", "{{ with .a }}1{{ else with .b }}2{{ else }}3{{ end }}", true},
		{"else if trimmed", "{{- if .a -}}\n1\n{{- else if .b -}}\n2\n{{- end -}}\n", true},
		{"vars of body seen in else", "{{ if .a }}{{ $v := 1 }}{{ else }}{{ $v }}{{ end }}", true},
		{"vars popped", "{{ if $w := .a }}{{ $w }}{{ end }}{{ $q := 1 }}", true},
		{"range", "{{ range .l }}{{ . }}{{ end }}", true},
		{"range decl", "{{ range $i, $v := .l }}{{ $i }}{{ $v }}{{ else }}none{{ end }}", true},
		{"range assign", "{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .l }}{{ end }}", true},
		{"range one decl", "{{ range $v := .l }}{{ $v }}{{ end }}", true},
		{"range tight decl", "{{range $i,$v:=.l}}{{$i}}{{end}}", true},
		{"break continue", "{{ range .l }}{{ if . }}{{ break }}{{ end }}{{ continue }}{{ end }}", true},
		{"with", "{{ with .a }}{{ .b }}{{ end }}", true},
		{"template", "{{ template \"x\" . }}{{ template `y` }}{{ template \"z\"}}", true},
		{"template tight", "{{template \"x\".a}}", true},
		{"block", "a{{ block \"b\" . }}B{{ $ }}{{ end }}c", true},
		{"block in define", "{{ define \"d\" }}{{ block \"b\" .x }}B{{ end }}{{ end }}", true},
		{"define", "{{ define \"a\" }}A{{ .x }}{{ end }}\n{{- define \"b\" -}}\nB\n{{- end -}}\n", true},
		{"define raw name", "{{define `a`}}A{{end}}", true},
		{"define empty then full", "{{ define \"a\" }}{{ end }}{{ define \"a\" }}A{{ end }}", true},
		{"define full then empty", "{{ define \"a\" }}A{{ end }}{{ define \"a\" }} {{/* c */}} {{ end }}", true},
		{"define named as file, file empty", "{{ define \"t\" }}X{{ end }}\n", true},
		{"define scope", "{{ $x := 1 }}{{ define \"a\" }}{{ $ }}{{ end }}{{ $x }}", true},
		{"strings", `{{ "a\"b\\c\u00e9\n" }}{{ "" }}{{ "é" }}`, true},
		{"raw string lines", "{{ `a\nb\r\nc` }}\n{{ .x }}", true},
		{"char constants", `{{ 'a' }}{{ '\n' }}{{ '\'' }}{{ 'é' }}{{ '\u00e9' }}`, true},
		{"numbers", "{{ list 1 -1 +1 0x1F 0X1f 1.5 1e3 1E-3 0b101 0o17 017 1_000 -0 .5 1. 0x1p4 18446744073709551615 9223372036854775808 -9223372036854775808 }}", true},
		{"float overflow", "{{ 1e400 }}", false},
		{"floats as ints", "{{ list 2.0 3e2 -4.0 1e19 }}", true},
		{"bools nil", "{{ list true false nil }}", true},
		{"parens", "{{ (include \"x\" .).a.b }}{{ (.a) }}{{ ((.a)) }}{{ (1) }}", true},
		{"parens decl", "{{ ( $p := 1 ) }}{{ $p }}", true},
		{"pipes", "{{ .a | quote | nindent 2 }}{{.a|quote}}{{ .a |quote}}", true},
		{"trailing pipe", "{{ .a | }}{{ .b |}}", true},
		{"identifier chain", "{{ include.x }}", true},
		{"multi-line action", "{{ include\n  \"x\"\n  . | nindent\n 4 }}\n{{ .y }}", true},
		{"unicode text", "ünïcödé {{ .a }} ✓\n{{ \"✓\" }}", true},
		{"paren tight", "{{ default(.a) }}", false},
		{"dot dot", "{{ .a.b. }}", false},
		{"unclosed action", "{{ .a ", false},
		{"unclosed left", "{{", false},
		{"top end", "{{ end }}", false},
		{"top else", "{{ else }}", false},
		{"unknown function", "{{ nofunc }}", false},
		{"nil function", "{{ absent }}", false},
		{"undefined variable", "{{ $u }}", false},
		{"break outside", "{{ break }}", false},
		{"break in range else", "{{ range . }}{{ else }}{{ break }}{{ end }}", false},
		{"break in define in range", "{{ range . }}{{ block \"b\" . }}{{ break }}{{ end }}{{ end }}", false},
		{"unclosed paren", "{{ (1 }}", false},
		{"extra paren", "{{ 1) }}", false},
		{"non executable", "{{ 1 | 2 }}", false},
		{"double pipe", "{{ .a || .b }}", false},
		{"empty action", "{{ }}", false},
		{"empty action trimmed", "{{- -}}", false},
		{"empty parens", "{{ () }}", false},
		{"redefinition", "{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}", false},
		{"nested define", "{{ if . }}{{ define \"a\" }}{{ end }}{{ end }}", false},
		{"complex", "{{ 1+2i }}", false},
		{"imaginary", "{{ 1i }}", false},
		{"unicode identifier", "{{ .héllo }}", false},
		{"integer overflow", "{{ 99999999999999999999 }}", false},
		{"bad escape", `{{ "\q" }}`, false},
		{"newline in string", "{{ \"a\nb\" }}", false},
		{"long char", "{{ 'ab' }}", false},
		{"comment without delimiter", "{{/* x */ }}", false},
		{"unclosed comment", "{{/* x }}", false},
		{"range three decls", "{{ range $i, $v, $w := . }}{{ end }}", false},
		{"with two decls", "{{ with $x, $y := . }}{{ end }}", false},
		{"range decl and arg", "{{ $x := 1 }}{{ range $i, $x }}{{ end }}", false},
		{"number field", "{{ .a.1 }}", false},
		{"literal field", "{{ \"a\".b }}", false},
		{"else range", "{{ range . }}{{ else if . }}{{ end }}", false},
		{"else with in if", "{{ if . }}{{ else with . }}{{ end }}", false},
		{"two else", "{{ if . }}{{ else }}{{ else }}{{ end }}", false},
		{"keyword argument", "{{ quote if }}", false},
		{"bad character", "{{ .a-}}", false},
		{"colon", "{{ $x : 1 }}", false},
		{"unclosed string", "{{ \"a }}", false},
		{"raw unclosed", "{{ `a }}", false},
		{"eof in if", "{{ if . }}x", false},
		{"define no end", "{{ define \"a\" }}x", false},
		{"define else", "{{ define \"a\" }}x{{ else }}{{ end }}", false},
		{"template without name", "{{ template . }}", false},
		{"control bytes in text", "a\x00{\x01b}}\x00", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fast := check(t, "t", tc.src, testFuncs, builtins)
			if fast != tc.fast {
				_, err := parse.Parse("t", tc.src, "", "", testFuncs, builtins)
				t.Errorf("fast path %v, want %v (parse.Parse error: %v)", fast, tc.fast, err)
			}
		})
	}
}

// TestBreakAsFunction: with functions named break and continue, they are
// function calls, not keywords.
func TestBreakAsFunction(t *testing.T) {
	funcs := map[string]any{"break": fn, "continue": fn}
	for _, src := range []string{"{{ break }}{{ continue 1 }}", "{{ range . }}{{ break }}{{ end }}"} {
		if !check(t, "t", src, funcs) {
			t.Errorf("%q: no fast path", src)
		}
	}
}

// TestExecErrors executes the trees of both parsers: errors must name the
// same template, line, column and context, also in defines, whose nodes do
// not point to their tree in the fast parser's output.
func TestExecErrors(t *testing.T) {
	src := "line1\n{{ define \"d\" }}\n  {{ fail \"in define\" }}\n{{ end }}\n" +
		"{{- if .a }}\n   {{ .a.b.c }}{{ end }}\n{{ template \"d\" . }}"
	funcs := template.FuncMap{"fail": func(s string) (string, error) { return "", errors.New(s) }}
	run := func(trees map[string]*parse.Tree, name string, data any) string {
		root := template.New("root").Funcs(funcs)
		for n, tr := range trees {
			if _, err := root.AddParseTree(n, tr); err != nil {
				t.Fatal(err)
			}
		}
		err := root.ExecuteTemplate(io.Discard, name, data)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		return err.Error()
	}
	fast, ok := Parse("c/templates/x.yaml", src, map[string]any{"fail": funcs["fail"]})
	if !ok {
		t.Fatal("no fast path")
	}
	std, err := parse.Parse("c/templates/x.yaml", src, "", "", map[string]any{"fail": funcs["fail"]})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data any
		want string
	}{
		{"c/templates/x.yaml", map[string]any{"a": map[string]any{"b": 1}}, "x.yaml:6:8"},
		{"c/templates/x.yaml", map[string]any{}, "x.yaml:3:5"},
		{"d", nil, "x.yaml:3:5"},
	} {
		got, want := run(fast, tc.name, tc.data), run(std, tc.name, tc.data)
		if got != want {
			t.Errorf("%s: error %q, want %q", tc.name, got, want)
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("%s: error %q lacks %q", tc.name, got, tc.want)
		}
	}
}

// TestCopy: trees from the fast path copy as parse.Parse's do.
func TestCopy(t *testing.T) {
	src := "{{ define \"a\" }}{{ range $i, $v := . }}{{ $v.x | quote }}{{ end }}{{ end }}{{ if . }}x{{ else }}y{{ end }}"
	fast, ok := Parse("t", src, testFuncs)
	if !ok {
		t.Fatal("no fast path")
	}
	std, _ := parse.Parse("t", src, "", "", testFuncs)
	cf, cs := map[string]*parse.Tree{}, map[string]*parse.Tree{}
	for n := range std {
		cf[n], cs[n] = fast[n].Copy(), std[n].Copy()
	}
	if d := Diff(cf, cs); d != "" {
		t.Fatal(d)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "a{{.}}b", "{{ .Values.a.b | quote }}", "{{- if .a -}}\n1{{ else if .b }}2{{ else }}3{{ end }}",
		"{{ range $i, $v := .l }}{{ break }}{{ end }}", "{{ define \"a\" }}A{{ end }}{{ template \"a\" . }}",
		"{{ block \"b\" . }}B{{ end }}", "{{/* c */}}{{- /* d */ -}}", "{{ (include \"x\" .).a }}",
		"{{ list 1 -1 0x1F 1.5 1e3 'a' \"s\" `r` true nil }}", "{{ $x := 1 }}{{ $x = 2 }}{{ $x.y }}",
		"{{ with $w := .a }}{{ $w }}{{ else with .b }}{{ end }}", "{{ .a | }}", "{{ 1+2i }}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		check(t, "f", src, testFuncs, builtins)
	})
}

// TestMemoryBounded: chunks are sized from the number of left delimiters,
// which a text can have by the million where they make no nodes (here in
// a comment); the memory a parse takes stays near the text's size.
func TestMemoryBounded(t *testing.T) {
	src := "{{/*" + strings.Repeat("{{", 1<<20) + "*/}}{{ .a }}"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if !check(t, "t", src) {
		t.Fatal("no fast path")
	}
	runtime.ReadMemStats(&after)
	// parse.Parse's own allocations are counted too: its lexer keeps the text.
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(4*len(src)+1<<20); got > limit {
		t.Errorf("parsing %d bytes allocated %d bytes, want at most %d", len(src), got, limit)
	}
}
