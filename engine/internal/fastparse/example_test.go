package fastparse_test

import (
	"fmt"
	"slices"
	"text/template/parse"

	"github.com/chartrender/chartrender/engine/internal/fastparse"
)

func ExampleParse() {
	src := "{{ define \"name\" }}{{ .Values.name | quote }}{{ end }}name: {{ include \"name\" . }}"
	funcs := map[string]any{"quote": fmt.Sprint, "include": fmt.Sprint}
	trees, ok := fastparse.Parse("chart/templates/a.yaml", src, funcs)
	if !ok {
		// Not sure, or not valid: parse.Parse answers, with its error.
		trees, _ = parse.Parse("chart/templates/a.yaml", src, "", "", funcs)
	}
	want, _ := parse.Parse("chart/templates/a.yaml", src, "", "", funcs)
	var names []string
	for name, t := range trees {
		names = append(names, name+": "+t.Root.String())
	}
	slices.Sort(names)
	fmt.Println(ok, fastparse.Diff(trees, want) == "")
	for _, n := range names {
		fmt.Println(n)
	}
	// Output:
	// true true
	// chart/templates/a.yaml: name: {{include "name" .}}
	// name: {{.Values.name | quote}}
}
