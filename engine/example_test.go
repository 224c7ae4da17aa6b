package engine_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/values"
)

func exampleChart() *chart.Chart {
	return &chart.Chart{
		Metadata: &chart.Metadata{APIVersion: "v2", Name: "demo", Version: "1.0.0"},
		Templates: []*chart.File{
			{Name: "templates/_helpers.tpl", Data: []byte(`{{ define "demo.name" }}{{ .Chart.Name }}-{{ .Release.Name }}{{ end }}`)},
			{Name: "templates/cm.yaml", Data: []byte(`name: {{ include "demo.name" . }}
greeting: {{ tpl .Values.greeting . | quote }}
`)},
		},
	}
}

func Example() {
	c := exampleChart()
	vals := map[string]any{"greeting": "hello from {{ .Release.Namespace }}"}
	top := values.ToRenderValues(c, vals, values.ReleaseOptions{Name: "rel", Namespace: "prod", IsInstall: true}, nil)

	e := engine.New(engine.Options{})
	out, err := e.Render(context.Background(), c, top)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(out["demo/templates/cm.yaml"])
	// Output:
	// name: demo-rel
	// greeting: "hello from prod"
}

func ExampleRenderError() {
	c := exampleChart()
	c.Templates = append(c.Templates, &chart.File{Name: "templates/deploy.yaml",
		Data: []byte("image: {{ required \"image.tag is required\" .Values.image.tag }}")})
	top := values.ToRenderValues(c, map[string]any{"greeting": "hi", "image": map[string]any{}}, values.ReleaseOptions{Name: "rel"}, nil)

	_, err := engine.New(engine.Options{}).Render(context.Background(), c, top)
	fmt.Println(err)
	var re *engine.RenderError
	if errors.As(err, &re) {
		fmt.Println(re.Template, re.Line, re.Col)
	}
	// Output:
	// execution error at (demo/templates/deploy.yaml:1:10): image.tag is required
	// demo/templates/deploy.yaml 1 10
}

func ExampleOptions_deterministic() {
	c := &chart.Chart{
		Metadata:  &chart.Metadata{APIVersion: "v2", Name: "demo", Version: "1.0.0"},
		Templates: []*chart.File{{Name: "templates/secret.yaml", Data: []byte(`password: {{ randAlphaNum 8 }} id: {{ uuidv4 }}`)}},
	}
	top := values.ToRenderValues(c, nil, values.ReleaseOptions{Name: "rel"}, nil)
	out, _ := engine.New(engine.Options{Deterministic: true}).Render(context.Background(), c, top)
	fmt.Println(out["demo/templates/secret.yaml"])
	// Output:
	// password: xxxxxxxx id: 00000000-0000-4000-8000-000000000000
}
