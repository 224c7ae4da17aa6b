package chartrendertest_test

import (
	"context"
	"fmt"
	"log"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/chartrendertest"
)

// A chart's golden tests, one golden file per values set. Run `go test
// -update` once to write the files, and review them like code.
func ExampleGolden() {
	_ = func(t *testing.T) { // func TestChart(t *testing.T)
		chartrendertest.Golden(t, "../mychart", chartrender.Options{ReleaseName: "demo"}, "testdata/default.golden")
		chartrendertest.Golden(t, "../mychart", chartrender.Options{
			ReleaseName: "demo",
			ValueFiles:  []string{"testdata/production.yaml"},
		}, "testdata/production.golden", chartrendertest.IgnoreChartVersion())
	}
}

// One Renderer parses the chart once for every case.
func ExampleGoldenRenderer() {
	_ = func(t *testing.T) {
		c, err := chart.Load("../mychart")
		if err != nil {
			t.Fatal(err)
		}
		r := chartrender.NewRenderer(c)
		for _, env := range []string{"dev", "prod"} {
			t.Run(env, func(t *testing.T) {
				t.Parallel()
				chartrendertest.GoldenRenderer(t, r, chartrender.Options{
					ValueFiles: []string{"testdata/" + env + ".yaml"},
				}, "testdata/"+env+".golden")
			})
		}
	}
}

// GoldenChart takes a chart already loaded, e.g. one built in memory.
func ExampleGoldenChart() {
	_ = func(t *testing.T) {
		c, err := chart.LoadFiles([]*chart.File{
			{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: tiny\nversion: 0.1.0\n")},
			{Name: "templates/cm.yaml", Data: []byte("kind: ConfigMap\nmetadata:\n  name: tiny\n")},
		})
		if err != nil {
			t.Fatal(err)
		}
		chartrendertest.GoldenChart(t, c, chartrender.Options{}, "testdata/tiny.golden")
	}
}

// One golden file per template, as `helm template --output-dir` writes
// them, so that a pull request shows which templates' output changed.
func ExampleOutputDirLayout() {
	_ = func(t *testing.T) {
		chartrendertest.Golden(t, "../mychart", chartrender.Options{}, "testdata/golden", chartrendertest.OutputDirLayout())
	}
}

func render(values ...string) []byte {
	res, err := chartrender.RenderPath(context.Background(), "../examples/charts/hello", chartrender.Options{
		ReleaseName: "demo", Values: values, Deterministic: true,
	})
	if err != nil {
		log.Fatal(err)
	}
	out, err := res.Bytes()
	if err != nil {
		log.Fatal(err)
	}
	return out
}

// Diff is the comparison Golden makes, for two renders at hand: only the
// documents that changed are shown, each with the fields that changed.
func ExampleDiff() {
	fmt.Print(chartrendertest.Diff(render(), render("replicaCount=2")))
	// Output:
	// changed Deployment default/demo-hello (hello/templates/deployment.yaml):
	// 	  map[string]any{
	// 	  	"apiVersion": string("apps/v1"),
	// 	  	"kind":       string("Deployment"),
	// 	  	"metadata":   map[string]any{"labels": map[string]any{"app.kubernetes.io/instance": string("demo"), "app.kubernetes.io/managed-by": string("Helm"), "app.kubernetes.io/name": string("hello"), "app.kubernetes.io/version": string("1.0.0"), ...}, "name": string("demo-hello"), "namespace": string("default")},
	// 	  	"spec": map[string]any{
	// 	- 		"replicas": float64(1),
	// 	+ 		"replicas": float64(2),
	// 	  		"selector": map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/instance": string("demo"), "app.kubernetes.io/name": string("hello")}},
	// 	  		"template": map[string]any{"metadata": map[string]any{"annotations": map[string]any{"checksum/config": string("8ba65e6b1cc04890bc6dce0549974b1cb79c12c2307337719b739e819193245a")}, "labels": map[string]any{"app.kubernetes.io/instance": string("demo"), "app.kubernetes.io/name": string("hello")}}, "spec": map[string]any{"containers": []any{map[string]any{"envFrom": []any{map[string]any{"configMapRef": map[string]any{"name": string("demo-hello")}}}, "image": string("nginx:1.0.0"), "imagePullPolicy": string("IfNotPresent"), "name": string("hello"), ...}}}},
	// 	  	},
	// 	  }
}

// A checksum annotation changes whenever the ConfigMap it covers does;
// IgnorePath leaves it out so that only the ConfigMap is reported.
func ExampleIgnorePath() {
	fmt.Print(chartrendertest.Diff(render("greeter.enabled=false"), render("greeter.enabled=false", "greeting=Hi"),
		chartrendertest.IgnorePath(`spec.template.metadata.annotations["checksum/config"]`),
		chartrendertest.IgnorePath(`spec.text`)))
	// Output:
	// changed ConfigMap demo-hello (hello/templates/configmap.yaml):
	// 	  map[string]any{
	// 	  	"apiVersion": string("v1"),
	// 	  	"data": map[string]any{
	// 	- 		"GREETING":     string("Hello"),
	// 	+ 		"GREETING":     string("Hi"),
	// 	  		"INSTALL":      string("true"),
	// 	  		"KUBE_VERSION": string("v1.37.0"),
	// 	  		... // 2 identical entries
	// 	  	},
	// 	  	"kind":     string("ConfigMap"),
	// 	  	"metadata": map[string]any{"labels": map[string]any{"app.kubernetes.io/instance": string("demo"), "app.kubernetes.io/managed-by": string("Helm"), "app.kubernetes.io/name": string("hello"), "app.kubernetes.io/version": string("1.0.0"), ...}, "name": string("demo-hello")},
	// 	  }
}

// A new chart version changes every helm.sh/chart label (and the
// checksums of what they are in); with both ignored nothing differs.
func ExampleIgnoreChartVersion() {
	c, err := chart.Load("../examples/charts/hello")
	if err != nil {
		log.Fatal(err)
	}
	before, _ := chartrender.Render(context.Background(), c, chartrender.Options{Deterministic: true})
	c.Metadata.Version = "0.2.0"
	after, _ := chartrender.Render(context.Background(), c, chartrender.Options{Deterministic: true})
	a, _ := before.Bytes()
	b, _ := after.Bytes()
	fmt.Printf("%q\n", chartrendertest.Diff(a, b,
		chartrendertest.IgnoreChartVersion(),
		chartrendertest.IgnorePath(`spec.template.metadata.annotations["checksum/config"]`)))
	// Output:
	// ""
}

// Any go-cmp option applies to every document's decoded value.
func ExampleCmp() {
	ignoreData := cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return k == "data" || k == "checksum/config" || k == "text" })
	fmt.Printf("%q\n", chartrendertest.Diff(render(), render("greeting=Hi"), chartrendertest.Cmp(ignoreData)))
	// Output:
	// ""
}

// Nondeterministic keeps randAlphaNum, uuidv4, now and the certificate
// functions random, for charts whose tests ignore those fields anyway.
func ExampleNondeterministic() {
	_ = func(t *testing.T) {
		chartrendertest.Golden(t, "../mychart", chartrender.Options{}, "testdata/default.golden",
			chartrendertest.Nondeterministic(),
			chartrendertest.IgnorePath(`data["password"]`))
	}
}
