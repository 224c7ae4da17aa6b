package chartrender

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/internal/yamlx"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/strvals"
)

// hostileCase is one malicious chart: its files (Chart.yaml and
// values.yaml are added when missing) and the error its render must wrap.
type hostileCase struct {
	name  string
	files map[string]string
	opts  Options
	want  []error // the error must wrap one of these; none: no error
	// notRender: the error comes before rendering, so it is not a
	// *RenderError.
	notRender bool
	// maxRSS, if set, is the case's own bound on peak memory (else 1 GiB).
	maxRSS int64
	// renders, if more than one, renders the case that many times with one
	// Renderer, which runs templates in the engine's light set from the
	// second render on when they print root data often (see the engine's
	// print guard); each render must fail the same way.
	renders int
}

func tmplCase(name, tmpl string, want ...error) hostileCase {
	return hostileCase{name: name, files: map[string]string{"templates/t.yaml": tmpl}, want: want}
}

func (hc hostileCase) wants(err error) bool {
	for _, w := range hc.want {
		if errors.Is(err, w) {
			return true
		}
	}
	return false
}

// laughs is a YAML document whose aliases expand to 10^levels values.
func laughs(levels int) string {
	var b strings.Builder
	b.WriteString("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// hostileCases are the classes of hostile input, several shapes each.
// Every one must end in a clean error, quickly, in bounded memory.
var hostileCases = []hostileCase{
	// Strings whose size an argument chooses.
	tmplCase("repeat", `{{ "x" | repeat 2000000000 }}`, engine.ErrOutputLimit),
	tmplCase("printf width", `{{ printf "%999999999d" 1 }}`, engine.ErrOutputLimit),
	tmplCase("printf precision", `{{ printf "%.999999999f" 1.0 }}`, engine.ErrOutputLimit),
	tmplCase("printf star width", `{{ printf "%*d" 999999999 1 }}`, engine.ErrOutputLimit),
	tmplCase("regexReplaceAll", `{{ $s := "x" | repeat 100000 }}{{ regexReplaceAll "x" $s ("y" | repeat 100000) }}`, engine.ErrOutputLimit),
	tmplCase("regexReplaceAll submatch", `{{ $s := "x" | repeat 1000000 }}{{ regexReplaceAll "(x+)" $s "$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1$1" }}`, engine.ErrOutputLimit),
	tmplCase("replace doubling", `{{ $s := "xx" }}{{ range until 40 }}{{ $s = replace "x" "xx" $s }}{{ end }}`, engine.ErrOutputLimit, engine.ErrStepLimit),
	tmplCase("print doubling", `{{ $s := "xx" }}{{ range until 40 }}{{ $s = print $s $s }}{{ end }}`, engine.ErrOutputLimit),
	tmplCase("cat doubling", `{{ $s := "xx" }}{{ range until 40 }}{{ $s = cat $s $s }}{{ end }}`, engine.ErrOutputLimit),
	tmplCase("join doubling", `{{ $s := "xx" }}{{ range until 40 }}{{ $s = join $s (list $s $s) }}{{ end }}`, engine.ErrOutputLimit),
	tmplCase("indent", `{{ "x" | indent 2000000000 }}`, engine.ErrOutputLimit),
	tmplCase("nindent of many lines", `{{ $s := "\n" | repeat 10000000 }}{{ $s | nindent 100 }}`, engine.ErrOutputLimit),
	tmplCase("toYaml doubling", `{{ $l := list "xxxxxxxx" }}{{ range until 40 }}{{ $l = list $l $l }}{{ end }}{{ toYaml $l }}`, engine.ErrOutputLimit),
	tmplCase("toJson of a shared list", `{{ $s := "x" | repeat 1000000 }}{{ $l := list }}{{ range until 1000 }}{{ $l = append $l $s }}{{ end }}{{ toJson $l }}`, engine.ErrOutputLimit),
	tmplCase("toYaml of a shared list", `{{ $s := "x" | repeat 1000000 }}{{ $l := list }}{{ range until 1000 }}{{ $l = append $l $s }}{{ end }}{{ toYaml $l }}`, engine.ErrOutputLimit),
	tmplCase("printf of a shared list", `{{ $s := "x" | repeat 1000000 }}{{ $l := list }}{{ range until 1000 }}{{ $l = append $l $s }}{{ end }}{{ printf "%v" $l }}`, engine.ErrOutputLimit),
	tmplCase("b64enc doubling", `{{ $s := "xx" }}{{ range until 60 }}{{ $s = b64enc $s }}{{ end }}`, engine.ErrOutputLimit),
	// Lists whose length an argument chooses.
	tmplCase("until", `{{ range until 2000000000 }}{{ end }}`, engine.ErrOutputLimit),
	tmplCase("untilStep", `{{ range untilStep 0 2000000000 1 }}{{ end }}`, engine.ErrOutputLimit),
	tmplCase("seq", `{{ seq 2000000000 }}`, engine.ErrOutputLimit),
	tmplCase("concat doubling", `{{ $l := list 1 2 }}{{ range until 40 }}{{ $l = concat $l $l }}{{ end }}`, engine.ErrOutputLimit),
	tmplCase("append loop", `{{ $l := list }}{{ range until 3000000 }}{{ $l = append $l 1 }}{{ end }}`, engine.ErrBuildLimit),
	tmplCase("splitList", `{{ $s := "x" | repeat 100000000 }}{{ splitList "" $s }}`, engine.ErrOutputLimit),
	// Output and intermediate results.
	// Output reaching MaxOutputBytes (256 MiB) costs about that much: the
	// output is kept in chunks, never copied to grow.
	bounded(tmplCase("output bomb", `{{ range until 100000 }}{{ "x" | repeat 100000 }}{{ end }}`, engine.ErrOutputLimit), 512<<20),
	bounded(tmplCase("output bomb of one big string", `{{ $s := "x" | repeat 60000000 }}{{ range until 100 }}{{ $s }}{{ end }}`, engine.ErrOutputLimit), 512<<20),
	bounded(tmplCase("output bomb of small writes", `{{ range until 3000 }}{{ range until 100 }}{{ "x" | repeat 1000 }}{{ end }}{{ end }}`, engine.ErrOutputLimit), 512<<20),
	{name: "output bomb over files", files: manyFiles(30, `{{ range until 10000 }}{{ "x" | repeat 1000 }}{{ end }}`), want: []error{engine.ErrOutputLimit}, maxRSS: 512 << 20},
	// Large pieces of output (text, include results, strings from
	// variables) are kept as they are, not copied: reaching the limit
	// with them costs little memory.
	bounded(tmplCase("output bomb of big text", `{{ range until 1000 }}`+strings.Repeat("x", 3<<20)+`{{ end }}`, engine.ErrOutputLimit), 128<<20),
	bounded(hostileCase{name: "output bomb of a big include", files: map[string]string{"templates/t.yaml": `{{ range until 1000 }}{{ include "big" . }}{{ end }}`,
		"templates/_big.tpl": `{{ define "big" }}` + strings.Repeat("x", 3<<20) + `{{ end }}`}, want: []error{engine.ErrOutputLimit}}, 128<<20),
	bounded(tmplCase("output bomb of a big include result in a variable", `{{ $s := include "big" . }}{{ range until 1000 }}{{ $s }}{{ end }}`+
		`{{ define "big" }}{{ "x" | repeat 3000000 }}{{ end }}`, engine.ErrOutputLimit), 512<<20),
	{name: "include doubling of a big leaf", files: map[string]string{"templates/t.yaml": `{{ include "d30" . }}`,
		"templates/_d.tpl": strings.Replace(includeDoubling(30), "xxxxxxxx", `{{ "x" | repeat 1000000 }}`, 1)}, want: []error{engine.ErrOutputLimit, engine.ErrBuildLimit}, maxRSS: 128 << 20},
	{name: "include doubling", files: map[string]string{"templates/t.yaml": `{{ include "d30" . }}`,
		"templates/_d.tpl": includeDoubling(30)}, want: []error{engine.ErrOutputLimit, engine.ErrStepLimit}},
	// A value limit of 64 MiB: the last string, the one being built and
	// little garbage.
	{name: "tpl doubling", files: map[string]string{"templates/t.yaml": `{{ $s := "xxxx" }}{{ range until 40 }}{{ $s = tpl "{{ .s }}{{ .s }}" (dict "s" $s) }}{{ end }}`},
		want: []error{engine.ErrOutputLimit, engine.ErrBuildLimit}, maxRSS: 384 << 20},
	// 1 GiB built, of 50 MB strings thrown away: collected as it goes.
	bounded(tmplCase("discarded strings", `{{ range until 100000 }}{{ $s := "x" | repeat 50000000 }}{{ end }}`, engine.ErrBuildLimit), 256<<20),
	tmplCase("empty loops", `{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}`, engine.ErrStepLimit),
	tmplCase("self-referencing tpl", `{{ tpl "{{ tpl .t . }}" (dict "t" "{{ tpl .t . }}") }}`, engine.ErrTplDepth),
	// Values that contain themselves or nest deeply.
	tmplCase("set cycle", `{{ $d := dict }}{{ $_ := set $d "self" $d }}{{ printf "%v" $d }}`, engine.ErrCycle),
	tmplCase("set cycle through a list", `{{ $d := dict }}{{ $_ := set $d "l" (list 1 (dict "d" $d)) }}{{ toYaml $d }}`, engine.ErrCycle),
	tmplCase("merge cycle", `{{ $d := dict "a" 1 }}{{ $_ := mergeOverwrite $d (dict "x" (dict "y" $d)) }}{{ deepCopy $d }}`, engine.ErrCycle),
	tmplCase("deep printf", deepChain(20000, `{{ printf "%v" $d }}`), engine.ErrDepthLimit),
	tmplCase("deep toJson", deepChain(20000, `{{ toJson $d }}`), engine.ErrDepthLimit),
	tmplCase("deep toYaml", deepChain(20000, `{{ toYaml $d }}`), engine.ErrDepthLimit),
	tmplCase("deep toToml", deepChain(20000, `{{ toToml $d }}`), engine.ErrDepthLimit),
	tmplCase("deep deepCopy", deepChain(20000, `{{ deepCopy $d }}`), engine.ErrDepthLimit),
	tmplCase("deep merge", deepChain(20000, `{{ merge (dict) $d }}`), engine.ErrDepthLimit),
	tmplCase("deep deepEqual", deepChain(20000, `{{ deepEqual $d $d }}`), engine.ErrDepthLimit),
	tmplCase("deep uniq", deepChain(20000, `{{ uniq (list $d $d) }}`), engine.ErrDepthLimit),
	tmplCase("deep chain by set", `{{ $r := dict }}{{ $c := $r }}{{ range until 1000000 }}{{ $n := dict }}{{ $_ := set $c "n" $n }}{{ $c = $n }}{{ end }}{{ $r }}`, engine.ErrStepLimit),
	tmplCase("deep chain by dict", `{{ $d := dict }}{{ range until 1000000 }}{{ $d = dict "n" $d }}{{ end }}{{ $d }}`, engine.ErrStepLimit),
	// Printing a value text/template formats with fmt: its size is
	// measured before fmt builds the text.
	tmplCase("print a doubled list", doubled(`{{ $l }}`), engine.ErrOutputLimit),
	tmplCase("print a doubled dict", `{{ $d := dict "a" "xxxxxxxx" }}{{ range until 40 }}{{ $d = dict "a" $d "b" $d }}{{ end }}{{ $d }}`, engine.ErrOutputLimit),
	// 64 doublings: a printed size past what an int64 holds.
	tmplCase("print a dict doubled 64 times", `{{ $d := dict "a" "x" }}{{ range until 64 }}{{ $d = dict "a" $d "b" $d }}{{ end }}{{ $d }}`, engine.ErrOutputLimit),
	tmplCase("printf a dict doubled 64 times", `{{ $d := dict "a" "x" }}{{ range until 64 }}{{ $d = dict "a" $d "b" $d }}{{ end }}{{ printf "%v" $d }}`, engine.ErrOutputLimit),
	tmplCase("toJson of a dict doubled 64 times", `{{ $d := dict "a" "x" }}{{ range until 64 }}{{ $d = dict "a" $d "b" $d }}{{ end }}{{ toJson $d }}`, engine.ErrOutputLimit),
	tmplCase("print through dot", doubled(`{{ with $l }}{{ . }}{{ end }}`), engine.ErrOutputLimit),
	tmplCase("print through range", doubled(`{{ range $l }}{{ . }}{{ end }}`), engine.ErrOutputLimit),
	{name: "print through include", files: map[string]string{"templates/t.yaml": doubled(`{{ include "p" $l }}`),
		"templates/_p.tpl": `{{ define "p" }}{{ . }}{{ end }}`}, want: []error{engine.ErrOutputLimit}},
	tmplCase("print through .Values", doubled(`{{ $_ := set .Values "x" $l }}{{ .Values.x }}`), engine.ErrOutputLimit),
	tmplCase("print in tpl", doubled(`{{ tpl "{{ .l }}" (dict "l" $l) }}`), engine.ErrOutputLimit),
	tmplCase("print a field of a pipeline", doubled(`{{ (dict "l" $l).l }}`), engine.ErrOutputLimit),
	tmplCase("print a function result", doubled(`{{ list $l }}`), engine.ErrOutputLimit),
	tmplCase("print through default", doubled(`{{ default "x" $l }}`), engine.ErrOutputLimit),
	tmplCase("print a variable that held a string", doubled(`{{ $s := "x" }}{{ $a := "" }}{{ range until 2 }}{{ $a = $s }}{{ $a }}{{ $s = $l }}{{ end }}`), engine.ErrOutputLimit),
	tmplCase("print a range key", doubled(`{{ range $k, $v := dict "a" $l }}{{ $k }}{{ $v }}{{ end }}`), engine.ErrOutputLimit),
	// The same through templates that run on root data (.Values, .Release,
	// dot or $ in a template file or in a define included with them), which
	// need no guard for it from the second render of a Renderer on, and
	// through every way a big value can reach them.
	rootPrints(tmplCase("print through include with a dict", doubled(`{{ include "p" (dict "l" $l) }}`), engine.ErrOutputLimit),
		"templates/_p.tpl", `{{ define "p" }}{{ .l }}{{ end }}`),
	rootPrints(tmplCase("print through template with a dict", doubled(`{{ template "p" (dict "l" $l) }}`), engine.ErrOutputLimit),
		"templates/_p.tpl", `{{ define "p" }}{{ .l }}{{ end }}`),
	rootPrints(tmplCase("print through a template called by a template", doubled(`{{ include "q" (dict "l" $l) }}`), engine.ErrOutputLimit),
		"templates/_p.tpl", `{{ define "p" }}{{ . }}{{ end }}{{ define "q" }}{{ template "p" .l }}{{ end }}`),
	rootPrints(tmplCase("print through set $ Values", doubled(`{{ $_ := set $ "Values" (dict "x" $l) }}{{ .Values.x }}`), engine.ErrOutputLimit), "", ""),
	rootPrints(tmplCase("print through .Template", doubled(`{{ $_ := set .Template "x" $l }}{{ .Template.x }}`), engine.ErrOutputLimit), "", ""),
	rootPrints(tmplCase("print through merge into .Values", doubled(`{{ $_ := mergeOverwrite .Values (dict "x" $l) }}{{ .Values.x }}`), engine.ErrOutputLimit), "", ""),
	rootPrints(tmplCase("print through set in a define on root data", `{{ include "p" . }}`, engine.ErrOutputLimit),
		"templates/_p.tpl", `{{ define "p" }}`+doubled(`{{ $_ := set . "x" $l }}{{ .x }}`)+`{{ end }}`),
	rootPrints(hostileCase{name: "print through tpl on root data calling a template", files: map[string]string{
		"templates/t.yaml": `{{ tpl .Values.s . }}`, "templates/_p.tpl": `{{ define "p" }}{{ . }}{{ end }}`,
		"values.yaml": "s: '" + doubled(`{{ template "p" $l }}`) + "'\n"}, want: []error{engine.ErrOutputLimit}}, "", ""),
	rootPrints(hostileCase{name: "print of values shared by subcharts", files: sharedGlobals(300, 1<<20, `{{ .Values }}`),
		want: []error{engine.ErrOutputLimit}}, "", ""),
	// Quadratic functions on long lists finish.
	tmplCase("uniq of a long list", `n: {{ $l := until 300000 }}{{ len (uniq (concat $l $l)) }}`),
	tmplCase("without on a long list", `n: {{ len (without (until 300000) 1 2 3) }}`),
	// --set arguments a program passes, longer than any command line (a
	// list of 64 MB took 3 GiB and 40 s to parse): refused by their length,
	// so just over the limit shows it.
	{name: "long --set list", files: map[string]string{"templates/t.yaml": "x"}, opts: Options{Values: []string{"a={" + strings.Repeat("x,", strvals.DefaultMaxBytes/2) + "x}"}},
		want: []error{strvals.ErrTooLong}, notRender: true},
	{name: "long --set-json", files: map[string]string{"templates/t.yaml": "x"}, opts: Options{JSONValues: []string{`{"a":"` + strings.Repeat("x", strvals.DefaultMaxBytes) + `"}`}},
		want: []error{strvals.ErrTooLong}, notRender: true},
	// Aliased subcharts multiplying.
	{name: "subchart aliases", files: aliasTree(101, 100), want: []error{chart.ErrTooManyInstances}, notRender: true},
	// YAML alias expansion.
	{name: "values alias bomb", files: map[string]string{"values.yaml": laughs(9), "templates/t.yaml": "x"}, want: []error{yamlx.ErrExcessiveAliasing}},
	{name: "Chart.yaml alias bomb", files: map[string]string{"Chart.yaml": "apiVersion: v2\nname: hostile\nversion: 0.1.0\nannotations:\n" + indentLines(laughs(7), "  ")},
		want: []error{yamlx.ErrExcessiveAliasing}},
	{name: "Chart.yaml long alias", files: map[string]string{"Chart.yaml": "apiVersion: v2\nname: hostile\nversion: 0.1.0\nkeywords: &k [" +
		strings.Repeat("x", 100000) + "]\nx: [" + strings.Repeat("*k, ", 1000) + "*k]\n"}, want: []error{yamlx.ErrExcessiveAliasing}},
	// Values schemas whose validation would be exponential or build huge
	// errors: refused by the schema's work estimate before validating.
	schemaCase("anyOf tree", schemaTree(40, 2, "anyOf", `{"type":"string"}`), ""),
	schemaCase("allOf tree", schemaTree(40, 2, "allOf", `{"type":"string"}`), ""),
	schemaCase("oneOf tree", schemaTree(40, 2, "oneOf", `{"type":"string"}`), ""),
	schemaCase("wide oneOf tree", schemaTree(8, 12, "oneOf", `{"type":"string"}`), ""),
	schemaCase("anyOf tree the values satisfy", schemaTree(40, 2, "anyOf", `{"type":"object"}`), ""),
	schemaCase("$ref chain", schemaTree(5000, 1, "allOf", `{"type":"string"}`), ""),
	schemaCase("mixed combinators", `{"$defs":{"a":{"anyOf":[{"$ref":"#/$defs/b"},{"oneOf":[{"$ref":"#/$defs/b"},{"$ref":"#/$defs/b"}]}]},`+
		`"b":{"allOf":[{"$ref":"#/$defs/c"},{"anyOf":[{"$ref":"#/$defs/c"},{"$ref":"#/$defs/c"}]}]},`+
		`"c":{"oneOf":[{"$ref":"#/$defs/d"},{"$ref":"#/$defs/d"},{"$ref":"#/$defs/d"}]},`+
		`"d":{"anyOf":[{"$ref":"#/$defs/e"},{"$ref":"#/$defs/e"},{"$ref":"#/$defs/e"}]},`+
		`"e":{"allOf":[{"$ref":"#/$defs/f"},{"$ref":"#/$defs/f"},{"$ref":"#/$defs/f"}]},`+
		`"f":{"anyOf":[{"$ref":"#/$defs/g"},{"$ref":"#/$defs/g"},{"$ref":"#/$defs/g"}]},`+
		`"g":{"oneOf":[{"$ref":"#/$defs/h"},{"$ref":"#/$defs/h"},{"$ref":"#/$defs/h"}]},`+
		`"h":{"anyOf":[{"$ref":"#/$defs/i"},{"$ref":"#/$defs/i"},{"$ref":"#/$defs/i"}]},`+
		`"i":{"allOf":[{"$ref":"#/$defs/j"},{"$ref":"#/$defs/j"},{"$ref":"#/$defs/j"}]},`+
		`"j":{"anyOf":[{"$ref":"#/$defs/k"},{"$ref":"#/$defs/k"},{"$ref":"#/$defs/k"}]},"k":{"type":"string"}},"$ref":"#/$defs/a"}`, ""),
	schemaCase("oneOf over a long list", `{"properties":{"l":{"items":{"oneOf":[{"type":"string"},{"type":"boolean"},`+
		`{"anyOf":[{"type":"string"},{"type":"boolean"}]}]}}}}`, "l: ["+strings.Repeat("1, ", 200000)+"1]\n"),
	schemaCase("anyOf tree over a big map", schemaTree(12, 2, "anyOf", `{"type":"string"}`), bigMapYAML(100000)),
	{name: "fromYaml alias bomb", files: map[string]string{"templates/t.yaml": `{{ fromYaml .Values.b | toYaml }}`,
		"values.yaml": "b: |\n" + indentLines(laughs(9), "  ")}},
}

// schemaCase is a chart whose values.schema.json the values fail in a way
// that would take too long to report.
func schemaCase(name, schemaJSON, values string) hostileCase {
	return hostileCase{name: name, files: map[string]string{"values.schema.json": schemaJSON, "values.yaml": values,
		"templates/t.yaml": "x: 1\n"}, want: []error{schema.ErrLimit}, notRender: true}
}

// schemaTree is a schema of n levels of $defs, each a combinator of fan
// references to the next level, the last level being leaf.
func schemaTree(n, fan int, comb, leaf string) string {
	var b strings.Builder
	b.WriteString(`{"$defs":{`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `"a%d":{"%s":[`, i, comb)
		for j := 0; j < fan; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"$ref":"#/$defs/a%d"}`, i+1)
		}
		b.WriteString("]},")
	}
	fmt.Fprintf(&b, `"a%d":%s},"$ref":"#/$defs/a0"}`, n, leaf)
	return b.String()
}

func bigMapYAML(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "k%d: 1\n", i)
	}
	return b.String()
}

// aliasTree is a chart whose dependency sub appears under n aliases, and
// sub's dependency leaf under m aliases each.
func aliasTree(n, m int) map[string]string {
	deps := func(name string, k int) string {
		var b strings.Builder
		b.WriteString("dependencies:\n")
		for i := 0; i < k; i++ {
			fmt.Fprintf(&b, "- name: %s\n  version: 0.1.0\n  alias: %s%d\n", name, name, i)
		}
		return b.String()
	}
	return map[string]string{
		"Chart.yaml":                              "apiVersion: v2\nname: hostile\nversion: 0.1.0\n" + deps("sub", n),
		"charts/sub/Chart.yaml":                   "apiVersion: v2\nname: sub\nversion: 0.1.0\n" + deps("leaf", m),
		"charts/sub/charts/leaf/Chart.yaml":       "apiVersion: v2\nname: leaf\nversion: 0.1.0\n",
		"charts/sub/charts/leaf/values.yaml":      "a: 1\n",
		"charts/sub/charts/leaf/templates/t.yaml": "x: {{ .Values.a }}\n",
	}
}

// manyFiles is n template files with the same text.
// rootPrints makes hc print root data many times before its own template
// (so that a Renderer runs the light set from its second render on), adds
// the file name with text unless name is "", and renders it three times.
func rootPrints(hc hostileCase, name, text string) hostileCase {
	files := map[string]string{}
	for k, v := range hc.files {
		files[k] = v
	}
	if name != "" {
		files[name] = text
	}
	files["templates/t.yaml"] = `{{ range until 100000 }}{{ $.Release.Name }}{{ end }}` + files["templates/t.yaml"]
	hc.files = files
	hc.renders = 3
	return hc
}

// sharedGlobals is a chart whose n subcharts each get its global value, a
// string of size bytes, and whose template file is tmpl.
func sharedGlobals(n, size int, tmpl string) map[string]string {
	var b strings.Builder
	b.WriteString("apiVersion: v2\nname: hostile\nversion: 0.1.0\ndependencies:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "- name: sub\n  version: 0.1.0\n  alias: sub%d\n", i)
	}
	return map[string]string{
		"Chart.yaml":            b.String(),
		"values.yaml":           "global:\n  s: " + strings.Repeat("x", size) + "\n",
		"charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
		"templates/t.yaml":      tmpl,
	}
}

func manyFiles(n int, tmpl string) map[string]string {
	files := map[string]string{}
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("templates/t%d.yaml", i)] = tmpl
	}
	return files
}

func bounded(hc hostileCase, maxRSS int64) hostileCase {
	hc.maxRSS = maxRSS
	return hc
}

func includeDoubling(n int) string {
	var b strings.Builder
	b.WriteString(`{{ define "d0" }}xxxxxxxx{{ end }}`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `{{ define "d%d" }}{{ include "d%d" . }}{{ include "d%d" . }}{{ end }}`, i, i-1, i-1)
	}
	return b.String()
}

// doubled is a template that builds a list of 2^40 leaves by sharing, in
// $l, then does use.
func doubled(use string) string {
	return `{{ $l := list "xxxxxxxx" }}{{ range until 40 }}{{ $l = list $l $l }}{{ end }}` + use
}

func deepChain(n int, use string) string {
	return fmt.Sprintf(`{{ $d := dict }}{{ range until %d }}{{ $d = dict "n" $d }}{{ end }}%s`, n, use)
}

func indentLines(s, pad string) string {
	return pad + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+pad) + "\n"
}

func (hc hostileCase) chart(t testing.TB) *chart.Chart {
	files := map[string]string{
		"Chart.yaml":  "apiVersion: v2\nname: hostile\nversion: 0.1.0\n",
		"values.yaml": "",
	}
	for k, v := range hc.files {
		files[k] = v
	}
	var fs []*chart.File
	for k, v := range files {
		fs = append(fs, &chart.File{Name: k, Data: []byte(v)})
	}
	c, err := chart.LoadFiles(fs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run renders the case and checks its error.
func (hc hostileCase) run(t testing.TB) {
	if len(hc.want) > 0 && hc.want[0] == yamlx.ErrExcessiveAliasing {
		if err := hc.load(); !hc.wants(err) {
			t.Fatalf("load: got %v, want an error wrapping %v", err, hc.want)
		}
		return
	}
	var err error
	if hc.renders > 1 {
		r := NewRenderer(hc.chart(t))
		for i := 1; i < hc.renders; i++ {
			if _, err := r.Render(context.Background(), hc.opts); !hc.wants(err) {
				t.Fatalf("render %d: got %.2000v, want an error wrapping one of %v", i, err, hc.want)
			}
		}
		_, err = r.Render(context.Background(), hc.opts)
	} else {
		_, err = Render(context.Background(), hc.chart(t), hc.opts)
	}
	if len(hc.want) == 0 {
		if err == nil {
			return
		}
		t.Fatalf("got %v, want no error", err)
	}
	if !hc.wants(err) {
		t.Fatalf("got %.2000v, want an error wrapping one of %v", err, hc.want)
	}
	var re *RenderError
	if !hc.notRender && !errors.As(err, &re) {
		t.Errorf("%T is not a *RenderError", err)
	}
	t.Logf("%.300s", err)
}

func (hc hostileCase) load() error {
	var fs []*chart.File
	fs = append(fs, &chart.File{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: hostile\nversion: 0.1.0\n")})
	for k, v := range hc.files {
		fs = append(fs, &chart.File{Name: k, Data: []byte(v)})
	}
	_, err := chart.LoadFiles(fs)
	return err
}

// TestHostile runs every case in this process, checking the errors; on
// Linux, TestHostileBounded runs each in a child process instead.
func TestHostile(t *testing.T) {
	if name := os.Getenv("CHARTRENDER_HOSTILE_CASE"); name != "" {
		for _, hc := range hostileCases {
			if hc.name == name {
				hc.run(t)
				return
			}
		}
		t.Fatalf("no case %q", name)
	}
	if testing.Short() || raceEnabled || runtime.GOOS == "linux" {
		t.Skip("TestHostileBounded runs the cases (not under the race detector, which makes them slow)")
	}
	for _, hc := range hostileCases {
		t.Run(hc.name, func(t *testing.T) {
			start := time.Now()
			hc.run(t)
			t.Logf("%v", time.Since(start))
		})
	}
}

// TestHostileBounded runs every case in a child process and checks that it
// ends with the expected error, without a crash, within a watchdog's time,
// and that the child's peak resident memory stays under 1 GiB.
func TestHostileBounded(t *testing.T) {
	if testing.Short() || runtime.GOOS != "linux" || raceEnabled {
		t.Skip("needs linux, a few seconds and no race detector")
	}
	if os.Getenv("CHARTRENDER_HOSTILE_CASE") != "" {
		t.Skip("child")
	}
	const maxRSS = 1 << 30
	for _, hc := range hostileCases {
		t.Run(hc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostile$", "-test.count=1")
			cmd.Env = append(os.Environ(), "CHARTRENDER_HOSTILE_CASE="+hc.name)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			took := time.Since(start)
			if ctx.Err() != nil {
				t.Fatalf("still running after %v", took)
			}
			if err != nil {
				t.Fatalf("%v\n%.2000s", err, out)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024
			cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			t.Logf("%v (CPU %v), peak RSS %d MiB", took.Round(time.Millisecond), cpu.Round(time.Millisecond), rss>>20)
			limit := int64(maxRSS)
			if hc.maxRSS > 0 {
				limit = hc.maxRSS
			}
			if rss > limit {
				t.Errorf("peak RSS %d MiB, more than %d MiB", rss>>20, limit>>20)
			}
		})
	}
}

// A failed render leaves the caller's values and chart as they were, even
// when templates modify .Values before failing.
func TestHostileKeepsInputs(t *testing.T) {
	tmpl := `{{ $_ := set .Values "added" 1 }}{{ $_ := set .Values.m "k" (dict "v" 1) }}` +
		`{{ $_ := mergeOverwrite .Values.m (dict "x" 2) }}{{ $_ := unset .Values "l" }}{{ "x" | repeat 2000000000 }}`
	c := hostileCase{files: map[string]string{"templates/t.yaml": tmpl, "values.yaml": "m: {a: 1}\nl: [1, 2]\n"}}.chart(t)
	user := map[string]any{"m": map[string]any{"b": "u"}, "u": []any{1.0}}
	userCopy := map[string]any{"m": map[string]any{"b": "u"}, "u": []any{1.0}}
	valsCopy := map[string]any{"m": map[string]any{"a": 1.0}, "l": []any{1.0, 2.0}}
	_, err := Render(context.Background(), c, Options{UserValues: user})
	if !errors.Is(err, engine.ErrOutputLimit) {
		t.Fatalf("got %v, want ErrOutputLimit", err)
	}
	if diff := cmp.Diff(userCopy, user); diff != "" {
		t.Errorf("UserValues changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(valsCopy, c.Values); diff != "" {
		t.Errorf("chart values changed (-before +after):\n%s", diff)
	}
}
