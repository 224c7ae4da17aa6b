package chart_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"path"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// FuzzLoadArchive feeds arbitrary archives to LoadArchive. With gz false
// the input is taken as a tar stream and gzipped first, so that mutations
// reach the tar layer. Loading must not panic, must respect the limits, and
// a chart that loads must hold only clean relative paths.
func FuzzLoadArchive(f *testing.F) {
	f.Add(tgzOf(f, "c", map[string]string{"Chart.yaml": minimalChartYAML("c"), "templates/a.yaml": "a: 1", "values.yaml": "a: 1\n---\nb: 2"}), true)
	f.Add(tgzOf(f, "c", map[string]string{"Chart.yaml": minimalChartYAML("c"), "charts/s/Chart.yaml": minimalChartYAML("s"), "charts/_x/y": "z", "charts/a.prov": "p"}), true)
	f.Add(makeTgz(f, tarEntry{name: `c\Chart.yaml`, data: minimalChartYAML("c")}, tarEntry{name: "c/../x", data: "x"}), true)
	f.Add(makeTgz(f, tarEntry{name: "c/Chart.yaml", data: minimalChartYAML("c")}, tarEntry{name: "c/charts/n.tgz", data: string(tgzOf(f, "n", map[string]string{"Chart.yaml": minimalChartYAML("n")}))}), true)
	f.Add([]byte("not an archive"), true)
	l := &chart.Loader{MaxTotalSize: 1 << 20, MaxFiles: 1000, MaxDepth: 8}
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		if !gz {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(data)
			zw.Close()
			data = buf.Bytes()
		}
		c, err := l.LoadArchive(bytes.NewReader(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		checkTree(t, c, 0)
	})
}

func checkTree(t *testing.T, c *chart.Chart, depth int) {
	if depth > 8 {
		t.Fatalf("subcharts nested %d deep", depth)
	}
	for _, f := range c.Raw {
		if path.IsAbs(f.Name) || path.Clean(f.Name) != f.Name || f.Name == ".." || strings.HasPrefix(f.Name, "../") {
			t.Fatalf("unsafe file name %q", f.Name)
		}
	}
	if _, err := json.Marshal(c.TemplateData()); err != nil {
		t.Fatalf("TemplateData: %v", err)
	}
	for _, d := range c.Dependencies() {
		checkTree(t, d, depth+1)
	}
}

// FuzzChartfile feeds arbitrary Chart.yaml documents to the loader. It must
// not panic; metadata that loads must be valid, stay valid when validated
// again, and give .Chart objects that marshal.
func FuzzChartfile(f *testing.F) {
	for _, tt := range chartYAMLCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		c, err := chart.LoadFiles([]*chart.File{{Name: "Chart.yaml", Data: []byte(doc)}})
		if err != nil {
			return
		}
		before, _ := json.Marshal(c.Metadata)
		if err := c.Metadata.Validate(); err != nil {
			t.Fatalf("loaded metadata fails validation: %v", err)
		}
		after, _ := json.Marshal(c.Metadata)
		if !bytes.Equal(before, after) {
			t.Fatalf("validation is not idempotent:\n%s\n%s", before, after)
		}
		if _, err := json.Marshal(c.TemplateData()); err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(c.TemplateDataV3()); err != nil {
			t.Fatal(err)
		}
	})
}
