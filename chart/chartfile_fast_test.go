package chart

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// checkFastChartfile compares the direct decoding of Chart.yaml data with
// Helm's round trip through JSON: when the direct one answers, the round
// trip must succeed with the very same Metadata and apiVersion. It reports
// whether the direct decoding answered, for Metadata and for apiVersion.
func checkFastChartfile(t *testing.T, data []byte) (meta, peek bool) {
	t.Helper()
	doc, err := yamlx.Decode(data)
	if err != nil {
		return false, false
	}
	if got, ok := fastMetadata(doc); ok {
		meta = true
		want := new(Metadata)
		if err := decodeYAMLInto(data, want, false); err != nil {
			t.Fatalf("direct decoding accepted what the round trip refuses (%v):\n%s", err, data)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("direct decoding differs from the round trip:\n%#v\n%#v\n%s", got, want, data)
		}
	}
	if got, ok := fastAPIVersion(doc); ok {
		peek = true
		var want chartBase
		if err := decodeYAMLInto(data, &want, false); err != nil {
			t.Fatalf("direct apiVersion accepted what the round trip refuses (%v):\n%s", err, data)
		}
		if got != want.APIVersion {
			t.Fatalf("direct apiVersion %q, round trip %q:\n%s", got, want.APIVersion, data)
		}
	}
	return meta, peek
}

var fastChartfileCases = []struct {
	name       string
	in         string
	meta, peek bool // whether the direct decoding answers
}{
	{"plain", "apiVersion: v2\nname: a\nversion: 1.0.0\n", true, true},
	{"everything", `apiVersion: v2
name: a
version: 1.0.0
home: h
sources: [s1, s2]
keywords: []
description: d
icon: i
condition: c
tags: t
appVersion: "1.0"
kubeVersion: ">=1.2"
type: application
deprecated: true
annotations: {a: b, empty: ""}
maintainers:
  - {name: nm, email: e, url: u, extra: [1, 2.5, true, null, -7, 18446744073709551615]}
dependencies:
  - name: d
    version: 1.2.3
    repository: r
    condition: c
    alias: x
    tags: [t]
    enabled: false
    import-values: [data, {child: a, parent: b}]
unknown: {deep: [1, {x: y}]}
`, true, true},
	{"nulls", "apiVersion: v2\nname: a\nversion:\nsources:\nannotations:\nmaintainers:\n", true, true},
	{"number for a string", "apiVersion: v2\nname: a\nversion: 1.0\n", false, true},
	{"number apiVersion", "apiVersion: 2\nname: a\n", false, false},
	{"key in another case", "apiVersion: v2\nName: a\n", false, true},
	{"apiVersion in another case", "apiversion: v1\napiVersion: v2\nname: a\n", false, false},
	{"NaN under an unknown key", "apiVersion: v2\nname: a\nx: .nan\n", false, false},
	{"list of numbers", "apiVersion: v2\nname: a\nkeywords: [1, 2]\n", false, true},
	{"null in a list", "apiVersion: v2\nname: a\nkeywords: [a, null]\n", false, true},
	{"null maintainer", "apiVersion: v2\nname: a\nmaintainers: [null]\n", false, true},
	{"bool as string", "apiVersion: v2\nname: a\ndeprecated: \"yes\"\n", false, true},
	{"number annotation", "apiVersion: v2\nname: a\nannotations: {a: 1}\n", false, true},
	{"import-values with a number", "apiVersion: v2\nname: a\ndependencies: [{name: d, import-values: [{child: 1}]}]\n", false, true},
	{"not a map", "- a\n- b\n", false, false},
	{"empty", "", false, false},
	{"YAML escape", "apiVersion: v2\nname: \"a\\xff\"\n", true, true},
	{"invalid UTF-8", "apiVersion: v2\nname: a\xff\n", false, false},
}

func TestFastChartfile(t *testing.T) {
	for _, tt := range fastChartfileCases {
		t.Run(tt.name, func(t *testing.T) {
			meta, peek := checkFastChartfile(t, []byte(tt.in))
			if meta != tt.meta || peek != tt.peek {
				t.Errorf("direct decoding answered: metadata %v, apiVersion %v; want %v, %v", meta, peek, tt.meta, tt.peek)
			}
		})
	}
}

// TestFastChartfileCorpus checks every Chart.yaml of the corpus.
func TestFastChartfileCorpus(t *testing.T) {
	files, _ := filepath.Glob("../../shared/corpus/charts/*/Chart.yaml")
	sub, _ := filepath.Glob("../../shared/corpus/charts/*/charts/*/Chart.yaml")
	files = append(files, sub...)
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	direct := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if meta, _ := checkFastChartfile(t, data); meta {
			direct++
		}
	}
	t.Logf("%d of %d Chart.yaml files decoded directly", direct, len(files))
}

// FuzzFastChartfile checks the direct decoding of Chart.yaml against the
// round trip through JSON on arbitrary documents.
func FuzzFastChartfile(f *testing.F) {
	for _, tt := range fastChartfileCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		checkFastChartfile(t, []byte(doc))
	})
}
