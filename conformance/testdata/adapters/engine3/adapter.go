// Package engine maps the API of Helm v3.22.0's pkg/engine onto
// chartrender's engine package in Helm-3 mode, so that Helm's engine_test.go, funcs_test.go and
// files_test.go run against chartrender unchanged (see helmunit_test.go).
//
// Render converts Helm's chart to chartrender's and renders it with
// chartrender's engine; funcMap is the function map chartrender's engine
// gives templates; files methods call the .Files object chartrender's
// engine gives templates (taken from a render); a ClientProvider becomes
// the engine's lookup function. Helm's unexported helpers that
// chartrender has no counterpart of are declared so that the test files
// compile, and the tests that call them are listed as not applicable. The
// code the v3 and v4 adapters share is in ../shared/engine.go.
package engine

import (
	"context"
	"errors"
	"reflect"
	"text/template"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	helmchart "helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
)

// helm3 selects chartrender's dialect for ../shared/engine.go.
const helm3 = true

// Engine has the fields of Helm v3's Engine; clientProvider is set by
// RenderWithClientProvider.
type Engine struct {
	Strict         bool
	LintMode       bool
	clientProvider *ClientProvider
	EnableDNS      bool
}

func (e Engine) options() (engine.Options, error) {
	if e.LintMode {
		return engine.Options{}, errLintMode
	}
	opts := engine.Options{Helm3: true, Strict: e.Strict, EnableDNS: e.EnableDNS}
	if e.clientProvider != nil {
		opts.Lookup = lookupWith(*e.clientProvider)
	}
	return opts, nil
}

func (e Engine) Render(chrt *helmchart.Chart, values chartutil.Values) (map[string]string, error) {
	opts, err := e.options()
	if err != nil {
		return nil, err
	}
	c, err := convert(chrt)
	if err != nil {
		return nil, err
	}
	top, _ := plain(map[string]any(values)).(map[string]any)
	out, err := engine.New(opts).Render(context.Background(), c, top)
	return out, helmError(err)
}

// helmError maps chartrender's render error onto the error Helm v3's API
// returns: where Helm does not reword text/template's execution error, it
// returns that error itself (a template.ExecError), whose text chartrender's
// *RenderError carries unchanged.
func helmError(err error) error {
	var re *engine.RenderError
	var ee template.ExecError
	if errors.As(err, &re) && errors.As(re.Err, &ee) && ee.Error() == re.Error() {
		return ee
	}
	return err
}

func Render(chrt *helmchart.Chart, values chartutil.Values) (map[string]string, error) {
	return new(Engine).Render(chrt, values)
}

func RenderWithClientProvider(chrt *helmchart.Chart, values chartutil.Values, clientProvider ClientProvider) (map[string]string, error) {
	return Engine{clientProvider: &clientProvider}.Render(chrt, values)
}

// renderable is Helm's unit of its internal render: a template and the
// data it executes with.
type renderable struct {
	tpl      string
	vals     chartutil.Values
	basePath string
}

// render is Helm's internal render of named templates. chartrender's
// engine renders charts, where every template executes with its chart's
// scope object (.Values, .Release, .Chart, ...), so the templates become
// the files of a chart without a name (their names stay as given) and
// their common data is the render object. Templates with different data,
// or data that is not a render object, cannot be expressed.
func (e Engine) render(tpls map[string]renderable) (map[string]string, error) {
	opts, err := e.options()
	if err != nil {
		return nil, err
	}
	c := &chart.Chart{Metadata: &chart.Metadata{}}
	var top chartutil.Values
	for name, r := range tpls {
		if top != nil && !reflect.DeepEqual(top, r.vals) {
			return nil, errors.New("adapter: templates with different data cannot be rendered as one chart")
		}
		top = r.vals
		c.Templates = append(c.Templates, &chart.File{Name: name, Data: []byte(r.tpl)})
	}
	vals, _ := plain(map[string]any(top)).(map[string]any)
	out, err := engine.New(opts).Render(context.Background(), c, vals)
	return out, helmError(err)
}

// Helm's unexported helpers below have no counterpart in chartrender; they
// exist so that the test files compile, and the tests calling them are
// listed as not applicable (errNoCounterpart is in ../shared/engine.go).
func sortTemplates(map[string]renderable) []string { panic(errNoCounterpart) }

func allTemplates(*helmchart.Chart, chartutil.Values) map[string]renderable {
	panic(errNoCounterpart)
}
