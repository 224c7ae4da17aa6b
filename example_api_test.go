package chartrender_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"text/template"
	"time"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/warning"
)

// exampleChart is a chart held in memory with one template and values.
func exampleChart(tmpl, values string) *chart.Chart {
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: demo\nversion: 0.1.0\n")},
		{Name: "values.yaml", Data: []byte(values)},
		{Name: "templates/demo.yaml", Data: []byte(tmpl)},
	})
	if err != nil {
		log.Fatal(err)
	}
	return c
}

func ExampleWithLookup() {
	c := exampleChart(`{{- $s := lookup "v1" "Secret" .Release.Namespace "db" -}}
password: {{ if $s }}{{ index $s.data "password" }}{{ else }}{{ randAlphaNum 8 | b64enc }}{{ end }}`, "")
	existing := map[string]any{
		"apiVersion": "v1", "kind": "Secret",
		"metadata": map[string]any{"name": "db", "namespace": "default"},
		"data":     map[string]any{"password": "c2VjcmV0"},
	}
	r := chartrender.NewRenderer(c, chartrender.WithLookup(engine.ObjectLookup(existing)))
	res, err := r.Render(context.Background(), chartrender.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Manifests[0].Content)
	// Output:
	// password: c2VjcmV0
}

func ExampleWithParallelism() {
	c := exampleChart(`replicas: {{ .Values.replicas }}`, "replicas: 2\n")
	// One template file at a time, and at most 8 assembled template sets.
	r := chartrender.NewRenderer(c, chartrender.WithParallelism(1), chartrender.WithTemplateSetCache(8))
	res, err := r.Render(context.Background(), chartrender.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Manifests[0].Content)
	// Output:
	// replicas: 2
}

func ExampleWithFuncs() {
	c := exampleChart(`greeting: {{ shout .Values.name }}`, "name: world\n")
	r := chartrender.NewRenderer(c, chartrender.WithFuncs(template.FuncMap{"shout": strings.ToUpper}))
	res, err := r.Render(context.Background(), chartrender.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Manifests[0].Content)

	// Names Helm already defines are refused unless WithFuncOverrides is used.
	_, err = chartrender.NewRenderer(c, chartrender.WithFuncs(template.FuncMap{"upper": strings.ToLower})).Render(context.Background(), chartrender.Options{})
	fmt.Println(err)
	// Output:
	// greeting: WORLD
	// template functions upper would replace Helm's; use WithFuncOverrides to replace them
}

func ExampleResult_Get() {
	res, err := chartrender.RenderPath(context.Background(), "examples/charts/hello", chartrender.Options{ReleaseName: "demo", Namespace: "prod"})
	if err != nil {
		log.Fatal(err)
	}
	d := res.Get("Deployment", "demo-hello")
	fmt.Println(d.Source, d.Namespace, d.Labels["app.kubernetes.io/instance"])
	// Output:
	// hello/templates/deployment.yaml prod demo
}

func ExampleResult_ByKind() {
	res, err := chartrender.RenderPath(context.Background(), "examples/charts/hello", chartrender.Options{ReleaseName: "demo"})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range res.ByKind("ConfigMap") {
		fmt.Println(m.Name)
	}
	// Output:
	// demo-greeter
	// demo-hello
}

func ExampleManifest_Object() {
	res, err := chartrender.RenderPath(context.Background(), "examples/charts/hello", chartrender.Options{Values: []string{"replicaCount=3"}})
	if err != nil {
		log.Fatal(err)
	}
	obj, err := res.Get("Deployment", "release-name-hello").Object()
	if err != nil {
		log.Fatal(err)
	}
	spec := obj["spec"].(map[string]any)
	fmt.Println(spec["replicas"])
	// Output:
	// 3
}

func ExampleManifest_Decode() {
	res, err := chartrender.RenderPath(context.Background(), "examples/charts/hello", chartrender.Options{})
	if err != nil {
		log.Fatal(err)
	}
	// Any type with encoding/json tags works, e.g. appsv1.Deployment.
	var d struct {
		Spec struct {
			Replicas int32 `json:"replicas"`
			Template struct {
				Spec struct {
					Containers []struct {
						Name  string `json:"name"`
						Image string `json:"image"`
					} `json:"containers"`
				} `json:"spec"`
			} `json:"template"`
		} `json:"spec"`
	}
	if err := res.Get("Deployment", "release-name-hello").Decode(&d); err != nil {
		log.Fatal(err)
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		fmt.Println(d.Spec.Replicas, c.Name, c.Image)
	}
	// Output:
	// 1 hello nginx:1.0.0
}

// Warnings Helm would log on stderr come back as data, and each formats as
// Helm's line.
func Example_warnings() {
	res, err := chartrender.RenderPath(context.Background(), "testdata/charts/depwarn", chartrender.Options{
		Values: []string{"other.m=5"},
		// As they happen (also when the render then fails), as the CLI
		// prints them:
		OnWarning: func(w warning.Warning) { fmt.Fprintln(os.Stderr, w) },
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range res.Warnings {
		fmt.Printf("%s chart=%q path=%q\n  %s\n", w.Kind, w.Chart, w.Path, w)
	}
	// Output:
	// TagNotBool chart="sub" path="tags.front"
	//   level=WARN msg="returned non-bool value" tag=front chart=sub
	// ConditionNotBool chart="sub" path="sub.enabled"
	//   level=WARN msg="returned non-bool value" path=sub.enabled chart=sub
	// ImportMissingTable chart="sub" path="sub.missing.table"
	//   level=WARN msg="ImportValues missing table from chart" chart=sub error="\"missing\" is not a table"
	// TableOverwrite chart="" path="depwarn.other.m"
	//   level=INFO msg="warning: cannot overwrite table with non table for depwarn.other.m (map[a:1])"
}

func ExampleError() {
	c := exampleChart("image: {{ .Values.image.tag }}\n", "")
	_, err := chartrender.NewRenderer(c).Render(context.Background(), chartrender.Options{})
	var e *chartrender.Error
	if errors.As(err, &e) {
		fmt.Printf("%s:%d:%d value %q\n", e.Template, e.Line, e.Column, e.ValuesPath)
	}
	// The errors of the packages underneath stay reachable.
	var re *engine.RenderError
	fmt.Println(errors.As(err, &re), re.Expr)
	// Output:
	// demo/templates/demo.yaml:1:17 value "image"
	// true .Values.image.tag
}

func ExampleWithFuncOverrides() {
	c := exampleChart(`stamp: {{ now | date "2006" }}`, "")
	// Replace Helm's now, e.g. to pin it in a test.
	fixed := func() time.Time { return time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) }
	r := chartrender.NewRenderer(c, chartrender.WithFuncOverrides(template.FuncMap{"now": fixed}))
	res, err := r.Render(context.Background(), chartrender.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Manifests[0].Content)
	// Output:
	// stamp: 2024
}

func ExampleRenderError() {
	c := exampleChart("a: {{ fail \"not configured\" }}\n", "")
	_, err := chartrender.NewRenderer(c).Render(context.Background(), chartrender.Options{})
	// Errors after the templates ran are RenderErrors: `helm template`
	// suggests --debug for them, whose output is in Debug.
	var re *chartrender.RenderError
	fmt.Println(errors.As(err, &re))
	fmt.Println(err)
	// Output:
	// true
	// execution error at (demo/templates/demo.yaml:1:6): not configured
}

func ExampleValidateReleaseName() {
	fmt.Println(chartrender.ValidateReleaseName("my-app"))
	fmt.Println(chartrender.ValidateReleaseName("My_App") != nil)
	// Output:
	// <nil>
	// true
}
