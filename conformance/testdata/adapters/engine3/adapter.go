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
// compile, and the tests that call them are listed as not applicable.
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"text/template"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	helmchart "helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
)

// Engine has the fields of Helm v3's Engine; clientProvider is set by
// RenderWithClientProvider.
type Engine struct {
	Strict         bool
	LintMode       bool
	clientProvider *ClientProvider
	EnableDNS      bool
}

// ClientProvider is Helm's interface for the clients lookup uses.
type ClientProvider interface {
	GetClientFor(apiVersion, kind string) (dynamic.NamespaceableResourceInterface, bool, error)
}

// errLintMode: chartrender renders as helm template does and has no lint
// mode (in which Helm's required and fail do not fail).
var errLintMode = errors.New("adapter: chartrender has no lint mode")

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

// lookupWith answers lookup through a ClientProvider (chartrender has no
// Kubernetes client; the engine takes a function of apiVersion, kind,
// namespace and name): a named object or the list, an empty map when the
// API says it is not found.
func lookupWith(p ClientProvider) engine.LookupFunc {
	return func(apiVersion, kind, namespace, name string) (map[string]any, error) {
		c, namespaced, err := p.GetClientFor(apiVersion, kind)
		if err != nil {
			return nil, err
		}
		var client dynamic.ResourceInterface = c
		if namespaced && namespace != "" {
			client = c.Namespace(namespace)
		}
		var content map[string]any
		if name != "" {
			obj, err := client.Get(context.Background(), name, metav1.GetOptions{})
			if err != nil {
				return notFound(err)
			}
			content = obj.UnstructuredContent()
		} else {
			obj, err := client.List(context.Background(), metav1.ListOptions{})
			if err != nil {
				return notFound(err)
			}
			content = obj.UnstructuredContent()
		}
		return content, nil
	}
}

func notFound(err error) (map[string]any, error) {
	if apierrors.IsNotFound(err) {
		return map[string]any{}, nil
	}
	return nil, err
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
// listed as not applicable.
var errNoCounterpart = errors.New("adapter: Helm internal without a chartrender counterpart")

func sortTemplates(map[string]renderable) []string { panic(errNoCounterpart) }

func allTemplates(*helmchart.Chart, chartutil.Values) map[string]renderable {
	panic(errNoCounterpart)
}

// funcMap is the function map of chartrender's engine in Helm-3 mode.
func funcMap() template.FuncMap { return engine.New(engine.Options{Helm3: true}).FuncMap() }

// files is .Files built from a map, as Helm's tests build it; its methods
// call those of the .Files object chartrender's engine gives templates.
type files map[string][]byte

// object renders a chart whose files are f and returns the .Files object
// its template saw.
func (f files) object() reflect.Value {
	c := &chart.Chart{
		Metadata:  &chart.Metadata{Name: "files"},
		Templates: []*chart.File{{Name: "templates/capture", Data: []byte(`{{ capture .Files }}`)}},
	}
	for name, data := range f {
		c.Files = append(c.Files, &chart.File{Name: name, Data: data})
	}
	var got any
	capture := func(v any) string { got = v; return "" }
	e := engine.New(engine.Options{Helm3: true, Parallelism: 1, Funcs: template.FuncMap{"capture": capture}})
	if _, err := e.Render(context.Background(), c, map[string]any{}); err != nil {
		panic(err)
	}
	return reflect.ValueOf(got)
}

func (f files) call(method string, args ...any) reflect.Value {
	m := f.object().MethodByName(method)
	if !m.IsValid() {
		panic("adapter: .Files has no method " + method)
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	return m.Call(in)[0]
}

func (f files) GetBytes(name string) []byte { return f.call("GetBytes", name).Bytes() }

func (f files) Get(name string) string { return f.call("Get", name).String() }

func (f files) Glob(pattern string) files {
	return files(f.call("Glob", pattern).Convert(reflect.TypeFor[map[string][]byte]()).Interface().(map[string][]byte))
}

func (f files) AsConfig() string { return f.call("AsConfig").String() }

func (f files) AsSecrets() string { return f.call("AsSecrets").String() }

func (f files) Lines(path string) []string { return f.call("Lines", path).Interface().([]string) }

// convert copies a Helm chart tree into chartrender's types.
func convert(hc *helmchart.Chart) (*chart.Chart, error) {
	c := &chart.Chart{Values: hc.Values, Schema: hc.Schema}
	if hc.Metadata != nil {
		b, err := json.Marshal(hc.Metadata)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &c.Metadata); err != nil {
			return nil, err
		}
	}
	for _, f := range hc.Templates {
		c.Templates = append(c.Templates, &chart.File{Name: f.Name, Data: f.Data})
	}
	for _, f := range hc.Files {
		c.Files = append(c.Files, &chart.File{Name: f.Name, Data: f.Data})
	}
	for _, d := range hc.Dependencies() {
		sub, err := convert(d)
		if err != nil {
			return nil, err
		}
		c.AddDependency(sub)
	}
	return c, nil
}

// plain turns Helm's Values maps, at any depth, into the plain maps
// chartrender's API takes.
func plain(v any) any {
	switch v := v.(type) {
	case chartutil.Values:
		return plain(map[string]any(v))
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = plain(x)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, x := range v {
			l[i] = plain(x)
		}
		return l
	}
	return v
}
