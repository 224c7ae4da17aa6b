package chartrendertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
)

// fakeT records what a golden test reports instead of failing.
type fakeT struct {
	testing.TB
	errors, fatals []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}

// rewrite is -update for one call.
func rewrite() Option {
	return optionFunc(func(c *config) { c.updateFlagSet, c.update = true, true })
}

const kps = "../../shared/corpus/charts/kube-prometheus-stack"

// A golden test of kube-prometheus-stack (125 documents, 6,900 lines) in
// which one value changes names the one document and the one field that
// changed, and nothing else. The golden file is written by the renderer
// (what -update does), whose output the conformance suite compares with
// Helm's.
func TestGoldenKubePrometheusStack(t *testing.T) {
	if _, err := os.Stat(kps); err != nil {
		t.Skip("corpus absent:", err)
	}
	c, err := chart.Load(kps)
	if err != nil {
		t.Fatal(err)
	}
	r := chartrender.NewRenderer(c)
	golden := filepath.Join(t.TempDir(), "kps.golden")
	opts := chartrender.Options{ReleaseName: "kps", Namespace: "monitoring"}
	GoldenRenderer(t, r, opts, golden, rewrite())

	// Unchanged: passes.
	ft := &fakeT{TB: t}
	GoldenRenderer(ft, r, opts, golden)
	if len(ft.errors)+len(ft.fatals) != 0 {
		t.Fatalf("same render reported %q %q", ft.errors, ft.fatals)
	}

	// One value changed.
	opts.Values = []string{"alertmanager.alertmanagerSpec.replicas=3"}
	ft = &fakeT{TB: t}
	GoldenRenderer(ft, r, opts, golden)
	want := golden + ` differs from the render (-golden +rendered; run "go test -update" to accept the render):
changed Alertmanager monitoring/kps-kube-prometheus-stack-alertmanager (kube-prometheus-stack/templates/alertmanager/alertmanager.yaml):
	  map[string]any{
	  	"apiVersion": string("monitoring.coreos.com/v1"),
	  	"kind":       string("Alertmanager"),
	  	"metadata":   map[string]any{"labels": map[string]any{"app": string("kube-prometheus-stack-alertmanager"), "app.kubernetes.io/instance": string("kps"), "app.kubernetes.io/managed-by": string("Helm"), "app.kubernetes.io/part-of": string("kube-prometheus-stack"), ...}, "name": string("kps-kube-prometheus-stack-alertmanager"), "namespace": string("monitoring")},
	  	"spec": map[string]any{
	  		... // 11 identical entries
	  		"paused":      bool(false),
	  		"portName":    string("http-web"),
	- 		"replicas":    float64(1),
	+ 		"replicas":    float64(3),
	  		"retention":   string("120h"),
	  		"routePrefix": string("/"),
	  		... // 3 identical entries
	  	},
	  }
`
	if len(ft.fatals) != 0 || len(ft.errors) != 1 || ft.errors[0] != want {
		t.Errorf("got fatals %q and errors:\n%s\nwant one error:\n%s", ft.fatals, strings.Join(ft.errors, "\n--\n"), want)
	}
}
