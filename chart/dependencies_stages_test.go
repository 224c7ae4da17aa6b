package chart_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
)

// The two steps run one after the other give what ProcessDependencies
// gives, on every tree of testdata/dependencies (whose results come from
// Helm), and neither step touches its input.
func TestDependencyStages(t *testing.T) {
	files, _ := filepath.Glob("testdata/dependencies/*.json")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var spec specFile
		if err := json.Unmarshal(data, &spec); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, helm3 := range []bool{false, true} {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			t.Run(fmt.Sprintf("%s/helm3=%v", name, helm3), func(t *testing.T) {
				opts := chart.DependencyOptions{Helm3: helm3}
				c := build(spec.Chart)
				var before strings.Builder
				dump(&before, c, "")

				var want, got strings.Builder
				whole, err := opts.ProcessDependencies(c, spec.User)
				if err != nil {
					want.WriteString("error: " + err.Error())
				} else {
					dump(&want, whole, "")
				}
				enabled, err := opts.EnableDependencies(c, spec.User)
				if err == nil {
					var imported *chart.Chart
					imported, err = opts.ImportValues(enabled)
					if err == nil {
						dump(&got, imported, "")
					}
				}
				if err != nil {
					got.WriteString("error: " + err.Error())
				}
				if diff := cmp.Diff(want.String(), got.String()); diff != "" {
					t.Errorf("(-ProcessDependencies +EnableDependencies, ImportValues):\n%s", diff)
				}
				var after strings.Builder
				dump(&after, c, "")
				if diff := cmp.Diff(before.String(), after.String()); diff != "" {
					t.Errorf("input chart modified:\n%s", diff)
				}
			})
		}
	}
}

func TestImportValuesModes(t *testing.T) {
	sub := &chart.Chart{
		Metadata: &chart.Metadata{Name: "sub", Version: "1.0.0", APIVersion: "v2"},
		Values:   map[string]any{"exports": map[string]any{"data": map[string]any{"a": 1.0}}},
	}
	tests := []struct {
		name     string
		coalesce bool
		want     map[string]any
	}{
		{name: "merge keeps nulls", want: map[string]any{"a": 1.0, "gone": nil, "t": map[string]any{"n": nil}}},
		{name: "coalesce drops nulls", coalesce: true, want: map[string]any{"a": 1.0, "t": map[string]any{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := &chart.Chart{
				Metadata: &chart.Metadata{Name: "parent", Version: "1.0.0", APIVersion: "v2", Dependencies: []*chart.Dependency{
					{Name: "sub", Version: "1.0.0", ImportValues: []any{"data"}},
				}},
				Values: map[string]any{"gone": nil, "t": map[string]any{"n": nil}},
			}
			parent.AddDependency(sub)
			out, err := chart.DependencyOptions{CoalesceImports: tt.coalesce}.ImportValues(parent)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]any{}
			for k, v := range out.Values {
				if k != "sub" {
					got[k] = v
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("values (-want +got):\n%s", diff)
			}
			if len(out.Dependencies()) != 1 {
				t.Errorf("ImportValues pruned the subcharts: %d left", len(out.Dependencies()))
			}
			if _, ok := parent.Values["gone"]; !ok {
				t.Error("input values modified")
			}
		})
	}
}
