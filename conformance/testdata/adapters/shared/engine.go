// Shared by the engine4 and engine3 adapters (see Shared in
// ../../../helmunit_test.go): the lookup function made from a
// ClientProvider, the .Files object, the chart conversion and funcMap, with
// chartrender's engine. The adapter sets helm3.
package shared

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
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// ClientProvider is Helm's interface for the clients lookup uses.
type ClientProvider interface {
	GetClientFor(apiVersion, kind string) (dynamic.NamespaceableResourceInterface, bool, error)
}

// errLintMode: chartrender renders as helm template does and has no lint
// mode (in which Helm's required and fail do not fail).
var errLintMode = errors.New("adapter: chartrender has no lint mode")

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

var errNoCounterpart = errors.New("adapter: Helm internal without a chartrender counterpart")

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
	e := engine.New(engine.Options{Helm3: helm3, Parallelism: 1, Funcs: template.FuncMap{"capture": capture}})
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

// plain turns Helm's Values maps (common.Values in v4, chartutil.Values in
// v3), at any depth, into the plain maps chartrender's API takes.
func plain(v any) any {
	switch v := v.(type) {
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
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String && rv.Type().Elem().Kind() == reflect.Interface {
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[it.Key().String()] = plain(it.Value().Interface())
		}
		return m
	}
	return v
}

// funcMap is the function map chartrender's engine gives templates.
func funcMap() template.FuncMap { return engine.New(engine.Options{Helm3: helm3}).FuncMap() }
