package golden_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestHelloChart(t *testing.T) {
	c, err := chart.Load("../charts/hello")
	if err != nil {
		t.Fatal(err)
	}
	r := chartrender.NewRenderer(c)

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
			res, err := r.Render(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if _, err := res.WriteTo(&got); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join("testdata", tc.name+".yaml")
			if *update {
				if err := os.WriteFile(file, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got.String()); diff != "" {
				t.Errorf("%s differs from %s (-want +got):\n%s", tc.name, file, diff)
			}
		})
	}
}
