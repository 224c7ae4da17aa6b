package chartrender

import (
	"context"
	"errors"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
)

func TestErrorLocation(t *testing.T) {
	files := func(extra ...*chart.File) []*chart.File {
		return append([]*chart.File{{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: e\nversion: 0.1.0\n")}}, extra...)
	}
	tpl := func(src string) *chart.File { return &chart.File{Name: "templates/t.yaml", Data: []byte(src)} }
	tests := []struct {
		name  string
		files []*chart.File
		opts  Options
		want  Error // Err is not compared
		// under is checked with errors.As through the Error.
		under func(error) bool
	}{
		{"required", files(tpl("a: 1\nb: {{ required \"b is required\" .Values.b }}\n")), Options{},
			Error{Template: "e/templates/t.yaml", Line: 2, Column: 6},
			func(err error) bool { var re *engine.RenderError; return errors.As(err, &re) }},
		{"missing value", files(tpl("a: {{ .Values.image.tag }}\n")), Options{},
			Error{Template: "e/templates/t.yaml", Line: 1, Column: 13, ValuesPath: "image"},
			func(err error) bool { var re *RenderError; return errors.As(err, &re) }},
		{"parse error", files(tpl("a: 1\n{{ if }}\n")), Options{},
			Error{Template: "e/templates/t.yaml", Line: 2},
			func(err error) bool { var pe *engine.ParseError; return errors.As(err, &pe) }},
		{"invalid YAML", files(tpl("a: b: c\n")), Options{},
			Error{Template: "e/templates/t.yaml"},
			func(err error) bool { var re *RenderError; return errors.As(err, &re) }},
		{"schema", files(tpl("a: 1\n"),
			&chart.File{Name: "values.schema.json", Data: []byte(`{"properties": {"port": {"type": "integer"}}}`)}),
			Options{Values: []string{"port=high"}},
			Error{ValuesPath: "port"},
			func(err error) bool { var se *schema.ValidationError; return errors.As(err, &se) }},
		{"values file", files(tpl("a: 1\n")),
			Options{ValueFiles: []string{"bad.yaml"}, ReadFile: func(string) ([]byte, error) { return []byte("a: [\n"), nil }},
			Error{File: "bad.yaml"},
			func(err error) bool { var pe *values.ParseError; return errors.As(err, &pe) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := chart.LoadFiles(tt.files)
			if err != nil {
				t.Fatal(err)
			}
			_, err = NewRenderer(c).Render(context.Background(), tt.opts)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not an *Error", err, err)
			}
			got := *e
			got.Err = nil
			if got != tt.want {
				t.Errorf("got %+v, want %+v (error %q)", got, tt.want, err)
			}
			if e.Error() != e.Err.Error() {
				t.Errorf("Error() = %q, the error underneath says %q", e.Error(), e.Err.Error())
			}
			if !tt.under(err) {
				t.Errorf("errors.As does not reach the package error under %v", err)
			}
		})
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RenderPath(ctx, "examples/charts/hello", Options{}); err != context.Canceled {
		t.Errorf("canceled render: %v (%T), want context.Canceled itself", err, err)
	}
	var e *Error
	if _, err := RenderPath(context.Background(), "testdata/no-such-chart", Options{}); !errors.As(err, &e) {
		t.Errorf("missing chart: %v is not an *Error", err)
	}
}
