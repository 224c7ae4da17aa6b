package chart

import (
	"strings"
	"testing"
)

// Pre-parsing values.yaml files in parallel must not change which error a
// load reports: the root's bad values.yaml comes before a subchart's, and a
// subchart's bad Chart.yaml before its own values.yaml is looked at.
func TestPreparsedValuesKeepErrorOrder(t *testing.T) {
	chartYAML := func(name string) []byte { return []byte("apiVersion: v2\nname: " + name + "\nversion: 0.1.0\n") }
	tests := []struct {
		name  string
		files []*File
		want  string
	}{
		{"root values first", []*File{
			{Name: "Chart.yaml", Data: chartYAML("root")},
			{Name: "values.yaml", Data: []byte("a: [\n")},
			{Name: "charts/sub/Chart.yaml", Data: chartYAML("sub")},
			{Name: "charts/sub/values.yaml", Data: []byte("b: [\n")},
		}, "cannot load values.yaml"},
		{"subchart values", []*File{
			{Name: "Chart.yaml", Data: chartYAML("root")},
			{Name: "values.yaml", Data: []byte("a: 1\n")},
			{Name: "charts/sub/Chart.yaml", Data: chartYAML("sub")},
			{Name: "charts/sub/values.yaml", Data: []byte("b: [\n")},
		}, "error unpacking subchart sub in root: cannot load values.yaml"},
		{"subchart Chart.yaml before its values", []*File{
			{Name: "Chart.yaml", Data: chartYAML("root")},
			{Name: "values.yaml", Data: []byte("a: 1\n")},
			{Name: "charts/sub/Chart.yaml", Data: []byte("name: [\n")},
			{Name: "charts/sub/values.yaml", Data: []byte("b: [\n")},
		}, "error unpacking subchart sub in root: cannot load Chart.yaml"},
	}
	for _, tt := range tests {
		_, err := LoadFiles(tt.files)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error starting %q", tt.name, err, tt.want)
		}
	}
	// And the values themselves are those of the right chart.
	c, err := LoadFiles([]*File{
		{Name: "Chart.yaml", Data: chartYAML("root")},
		{Name: "values.yaml", Data: []byte("who: root\n")},
		{Name: "charts/a/Chart.yaml", Data: chartYAML("a")},
		{Name: "charts/a/values.yaml", Data: []byte("who: a\n")},
		{Name: "charts/a/charts/b/Chart.yaml", Data: chartYAML("b")},
		{Name: "charts/a/charts/b/values.yaml", Data: []byte("who: b\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := c.Dependencies()[0]
	b := a.Dependencies()[0]
	if c.Values["who"] != "root" || a.Values["who"] != "a" || b.Values["who"] != "b" {
		t.Errorf("values went to the wrong charts: %v %v %v", c.Values, a.Values, b.Values)
	}
}
