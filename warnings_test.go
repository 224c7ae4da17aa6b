package chartrender

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/warning"
)

// Result.Warnings hold, as data, what helm printed on stderr for the same
// render (the golden stderr files come from the helm binaries).
func TestResultWarnings(t *testing.T) {
	tests := []struct {
		name  string
		chart string
		opts  Options
		kinds []warning.Kind
	}{
		{"depwarn", "testdata/charts/depwarn", Options{Values: []string{"table=scalar", "other.m=5"}},
			[]warning.Kind{warning.TagNotBool, warning.ConditionNotBool, warning.ImportMissingTable, warning.TableOverwrite}},
		{"depwarn-v3", "testdata/charts/depwarn", Options{Values: []string{"table=scalar", "other.m=5"}, Helm3: true},
			[]warning.Kind{warning.TagNotBool, warning.ConditionNotBool, warning.ImportMissingTable, warning.TableOverwrite}},
		{"deprecated", "testdata/charts/deprecated", Options{}, []warning.Kind{warning.Deprecated}},
		{"basic", "testdata/charts/basic", Options{}, []warning.Kind{warning.UnknownHook}},
		{"urnref", "testdata/charts/urnref", Options{}, []warning.Kind{warning.UnresolvedURN, warning.UnresolvedURN}},
		{"urnref-v3", "testdata/charts/urnref", Options{Helm3: true}, []warning.Kind{warning.UnresolvedURN, warning.UnresolvedURN}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var streamed []warning.Warning
			tt.opts.OnWarning = func(w warning.Warning) { streamed = append(streamed, w) }
			res, err := RenderPath(context.Background(), tt.chart, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(streamed, res.Warnings); diff != "" {
				t.Errorf("OnWarning and Result.Warnings differ:\n%s", diff)
			}
			var kinds []warning.Kind
			var lines strings.Builder
			for _, w := range res.Warnings {
				kinds = append(kinds, w.Kind)
				lines.WriteString(w.String() + "\n")
			}
			if diff := cmp.Diff(tt.kinds, kinds); diff != "" {
				t.Errorf("kinds (-want +got):\n%s", diff)
			}
			want, err := os.ReadFile("testdata/golden/" + tt.name + ".stderr")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), lines.String()); diff != "" {
				t.Errorf("lines differ from helm's stderr (-helm +ours):\n%s", diff)
			}
		})
	}
}

// A Renderer reports the schema's warnings on every render, also when the
// compiled schema comes from its cache.
func TestSchemaWarningsEveryRender(t *testing.T) {
	c, err := chart.Load("testdata/charts/urnref")
	if err != nil {
		t.Fatal(err)
	}
	r := NewRenderer(c)
	for i := range 3 {
		res, err := r.Render(context.Background(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 2 || res.Warnings[0].Detail != "urn:example:port" || res.Warnings[1].Detail != "urn:example:name" {
			t.Errorf("render %d: warnings %v", i+1, res.Warnings)
		}
	}
}
