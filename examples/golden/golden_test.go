package golden_test

import (
	"path/filepath"
	"testing"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/chartrendertest"
)

func TestHelloChart(t *testing.T) {
	c, err := chart.Load("../charts/hello")
	if err != nil {
		t.Fatal(err)
	}
	r := chartrender.NewRenderer(c) // parse once for every case

	cases := []struct {
		name string
		opts chartrender.Options
	}{
		{"defaults", chartrender.Options{ReleaseName: "hello"}},
		{"production", chartrender.Options{ReleaseName: "hello", Namespace: "prod",
			Values: []string{"replicaCount=3,greeter.enabled=false"}}},
		{"upgrade-with-crds", chartrender.Options{ReleaseName: "hello", IsUpgrade: true, IncludeCRDs: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			chartrendertest.GoldenRenderer(t, r, tc.opts, filepath.Join("testdata", tc.name+".yaml"))
		})
	}
}

// The same production render kept as one file per template, as
// `helm template --output-dir` writes them.
func TestHelloChartFiles(t *testing.T) {
	chartrendertest.Golden(t, "../charts/hello", chartrender.Options{ReleaseName: "hello", Namespace: "prod",
		Values: []string{"replicaCount=3,greeter.enabled=false"}},
		"testdata/production-files", chartrendertest.OutputDirLayout())
}
