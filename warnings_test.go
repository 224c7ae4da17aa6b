package chartrender

import (
	"context"
	"os"
	"path/filepath"
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

// Symbolic links followed while loading a chart directory are reported as
// Helm logs them (lines checked against helm v4.3.1 and v3.22.0 for a chart
// of the same shape under /tmp).
func TestSymlinkWarnings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "symc")
	for name, content := range map[string]string{
		"Chart.yaml":     "apiVersion: v2\nname: symc\nversion: 0.1.0\n",
		"shared/cm.yaml": "kind: ConfigMap\nmetadata:\n  name: a\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../shared/cm.yaml", filepath.Join(dir, "templates", "cm.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	link, target := filepath.Join(dir, "templates", "cm.yaml"), filepath.Join(real, "shared", "cm.yaml")
	for _, tt := range []struct {
		helm3 bool
		want  string
	}{
		{false, `level=INFO msg="found symbolic link in path. Contents of linked file included and used" path=` + link + ` resolved=` + target},
		{true, `walk.go:75: found symbolic link in path: ` + link + ` resolves to ` + target + `. Contents of linked file included and used`},
	} {
		res, err := RenderPath(context.Background(), dir, Options{Helm3: tt.helm3})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Warnings) != 1 || res.Warnings[0].Kind != warning.SymlinkFollowed || res.Warnings[0].File != link {
			t.Fatalf("helm3=%v: warnings %+v", tt.helm3, res.Warnings)
		}
		if got := res.Warnings[0].String(); got != tt.want {
			t.Errorf("helm3=%v:\ngot  %s\nwant %s", tt.helm3, got, tt.want)
		}
	}
}
