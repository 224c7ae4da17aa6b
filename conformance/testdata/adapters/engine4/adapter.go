// Package engine maps the API of Helm v4's pkg/engine onto chartrender's
// engine package, so that Helm's engine_test.go, funcs_test.go and
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
	"fmt"
	"math"
	"reflect"
	"text/template"
	"time"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	ci "helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// helm3 selects chartrender's dialect for ../shared/engine.go.
const helm3 = false

// Engine has the fields of Helm's Engine; clientProvider is set by
// RenderWithClientProvider.
type Engine struct {
	Strict              bool
	LintMode            bool
	clientProvider      *ClientProvider
	EnableDNS           bool
	CustomTemplateFuncs template.FuncMap
}

func (e Engine) options() (engine.Options, error) {
	if e.LintMode {
		return engine.Options{}, errLintMode
	}
	opts := engine.Options{Strict: e.Strict, EnableDNS: e.EnableDNS, Funcs: e.CustomTemplateFuncs}
	if e.clientProvider != nil {
		opts.Lookup = lookupWith(*e.clientProvider)
	}
	return opts, nil
}

func (e Engine) Render(chrt ci.Charter, values common.Values) (map[string]string, error) {
	return e.RenderWithContext(context.Background(), chrt, values)
}

func (e Engine) RenderWithContext(ctx context.Context, chrt ci.Charter, values common.Values) (map[string]string, error) {
	opts, err := e.options()
	if err != nil {
		return nil, err
	}
	hc, ok := chrt.(*helmchart.Chart)
	if !ok {
		return nil, fmt.Errorf("adapter: %T is not a *chart.Chart", chrt)
	}
	c, err := convert(hc)
	if err != nil {
		return nil, err
	}
	top, _ := plain(map[string]any(values)).(map[string]any)
	return engine.New(opts).Render(ctx, c, top)
}

func Render(chrt ci.Charter, values common.Values) (map[string]string, error) {
	return new(Engine).Render(chrt, values)
}

func RenderWithClientProvider(chrt ci.Charter, values common.Values, clientProvider ClientProvider) (map[string]string, error) {
	return Engine{clientProvider: &clientProvider}.Render(chrt, values)
}

// renderable is Helm's unit of its internal render: a template and the
// data it executes with.
type renderable struct {
	tpl      string
	vals     common.Values
	basePath string
}

// render is Helm's internal render of named templates. chartrender's
// engine renders charts, where every template executes with its chart's
// scope object (.Values, .Release, .Chart, ...), so the templates become
// the files of a chart without a name (their names stay as given) and
// their common data is the render object. Templates with different data,
// or data that is not a render object, cannot be expressed.
func (e Engine) render(ctx context.Context, tpls map[string]renderable) (map[string]string, error) {
	opts, err := e.options()
	if err != nil {
		return nil, err
	}
	c := &chart.Chart{Metadata: &chart.Metadata{}}
	var top common.Values
	for name, r := range tpls {
		if top != nil && !reflect.DeepEqual(top, r.vals) {
			return nil, errors.New("adapter: templates with different data cannot be rendered as one chart")
		}
		top = r.vals
		c.Templates = append(c.Templates, &chart.File{Name: name, Data: []byte(r.tpl)})
	}
	vals, _ := plain(map[string]any(top)).(map[string]any)
	return engine.New(opts).Render(ctx, c, vals)
}

// Helm's unexported helpers below have no counterpart in chartrender; they
// exist so that the test files compile, and the tests calling them are
// listed as not applicable (errNoCounterpart is in ../shared/engine.go).
func sortTemplates(map[string]renderable) []string { panic(errNoCounterpart) }

func allTemplates(ci.Charter, common.Values) map[string]renderable { panic(errNoCounterpart) }

type TraceableError struct {
	location         string
	message          string
	executedFunction string
}

func parseTemplateSimpleErrorString(string) (TraceableError, bool) { panic(errNoCounterpart) }

func parseTemplateExecutingAtErrorType(string) (TraceableError, bool) { panic(errNoCounterpart) }

func parseTemplateNoTemplateError(string, string) (TraceableError, bool) { panic(errNoCounterpart) }

// The bounds of the duration helpers, which Helm's tests use as inputs: the
// whole and fractional seconds a time.Duration can hold.
const (
	maxDurationSeconds      = int64(math.MaxInt64 / int64(time.Second))
	minDurationSeconds      = int64(math.MinInt64 / int64(time.Second))
	maxDurationSecondsFloat = float64(math.MaxInt64) / float64(time.Second)
	minDurationSecondsFloat = float64(math.MinInt64) / float64(time.Second)
)
