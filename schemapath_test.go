package chartrender

import (
	"context"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// A chart tree without any values schema is validated on the rendering
// goroutine, one with a schema beside the render: both give the same
// result, here with a root schema that accepts everything.
func TestValidationWithoutSchema(t *testing.T) {
	files := func(withSchema bool) []*chart.File {
		fs := []*chart.File{
			{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: p\nversion: 0.1.0\n")},
			{Name: "templates/cm.yaml", Data: []byte("v: {{ .Values.x | default 1 }}\n")},
			{Name: "charts/s/Chart.yaml", Data: []byte("apiVersion: v2\nname: s\nversion: 0.1.0\n")},
			{Name: "charts/s/values.yaml", Data: []byte("y: 2\n")},
			{Name: "charts/s/templates/cm.yaml", Data: []byte("y: {{ .Values.y }}\n")},
		}
		if withSchema {
			fs = append(fs, &chart.File{Name: "values.schema.json", Data: []byte("{}")})
		}
		return fs
	}
	cases := []struct {
		name string
		set  []string
	}{
		{"valid values", nil},
		{"subchart values not a map", []string{"s=5"}},
		{"subchart values a list", []string{"s={1,2}"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var outs [2]string
			for i, withSchema := range []bool{false, true} {
				ch, err := chart.LoadFiles(files(withSchema))
				if err != nil {
					t.Fatal(err)
				}
				if got := hasSchema(ch); got != withSchema {
					t.Fatalf("hasSchema = %v for a chart with schema %v", got, withSchema)
				}
				res, err := Render(context.Background(), ch, Options{Values: c.set})
				if err != nil {
					outs[i] = "error: " + err.Error()
					continue
				}
				for _, m := range res.Manifests {
					outs[i] += m.Content
				}
			}
			if outs[0] != outs[1] {
				t.Errorf("without a schema:\n%s\nwith a permissive schema:\n%s", outs[0], outs[1])
			}
			if outs[0] == "" {
				t.Error("nothing rendered and no error")
			}
		})
	}
}

func TestHasSchema(t *testing.T) {
	leaf := func(name string, schema []byte) *chart.Chart {
		return &chart.Chart{Metadata: &chart.Metadata{Name: name, Version: "0.1.0", APIVersion: "v2"}, Schema: schema}
	}
	deep := leaf("a", nil)
	mid := leaf("b", nil)
	mid.AddDependency(leaf("c", []byte("{}")))
	deep.AddDependency(leaf("d", nil), mid)
	none := leaf("e", nil)
	none.AddDependency(leaf("f", nil))
	cases := []struct {
		name string
		c    *chart.Chart
		want bool
	}{
		{"root schema", leaf("r", []byte("{}")), true},
		{"no schema", leaf("r", nil), false},
		{"schema two levels down", deep, true},
		{"subcharts without schemas", none, false},
	}
	for _, c := range cases {
		if got := hasSchema(c.c); got != c.want {
			t.Errorf("%s: hasSchema = %v, want %v", c.name, got, c.want)
		}
	}
}
