// Package chartutil maps the API of Helm v3.22.0's pkg/chartutil that
// coalesce_test.go, dependencies_test.go, jsonschema_test.go,
// capabilities_test.go, values_test.go, chartfile_test.go,
// compatible_test.go and validate_name_test.go call
// onto chartrender in Helm-3 mode, so that they run unchanged (see
// helmunit_test.go).
//
// Coalescing converts Helm's chart to chartrender's and returns the result
// as Values. Helm's dependency steps change the chart they are given;
// chartrender's return a new tree, so the adapter runs chartrender's step
// on a converted copy and writes the result back onto Helm's objects: the
// root chart keeps its identity and its dependency entries are updated in
// place (as Helm updates them), subcharts are rebuilt from the Helm charts
// they come from.
package chartutil

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	chartrender "github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
	helmchart "helm.sh/helm/v3/pkg/chart"
)

// Values is Helm v3's values type; PathValue is chartrender's.
type Values map[string]interface{}

func (v Values) AsMap() map[string]interface{} {
	if len(v) == 0 {
		return map[string]interface{}{}
	}
	return v
}

// ErrNoValue is Helm v3's error for a path that leads to no value.
type ErrNoValue struct {
	Key string
}

func (e ErrNoValue) Error() string { return fmt.Sprintf("%q is not a value", e.Key) }

func (v Values) PathValue(path string) (interface{}, error) {
	x, err := values.PathValue(v, path)
	var nv *values.NoValueError
	if errors.As(err, &nv) {
		return nil, ErrNoValue{Key: nv.Key}
	}
	return x, err
}

// ReadValues reads a values document with chartrender's Helm-3 reader.
func ReadValues(data []byte) (Values, error) {
	m, err := values.ParseOptions{Helm3: true}.Parse(data, "values")
	if len(m) == 0 {
		m = map[string]interface{}{}
	}
	return Values(m), err
}

type VersionSet = values.VersionSet

// DefaultCapabilities are chartrender's Helm-3 defaults, those of the
// released helm v3.22.0 binary.
var DefaultCapabilities = values.DefaultCapabilities(true)

var DefaultVersionSet = DefaultCapabilities.APIVersions

func ParseKubeVersion(version string) (*values.KubeVersion, error) {
	return values.ParseOptions{Helm3: true}.ParseKubeVersion(version)
}

// ReadValuesFile reads a values file with chartrender's Helm-3 reader.
func ReadValuesFile(filename string) (Values, error) {
	data, err := os.ReadFile(filename)
	if err != nil {
		return map[string]interface{}{}, err
	}
	return ReadValues(data)
}

// validator is chartrender's schema validator in Helm-3 mode.
func validator() *schema.Validator { return &schema.Validator{Helm3: true} }

// ValidateAgainstSchema validates with chartrender's schema validator. Its
// error lists the failing charts as Helm's does; the line helm template
// puts before the list is the caller's, in Helm as in chartrender's
// ValidationError.
func ValidateAgainstSchema(chrt *helmchart.Chart, values map[string]interface{}) error {
	err := validator().Validate(context.Background(), convert(chrt), values)
	var ve *schema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var sb strings.Builder
	for _, c := range ve.Charts {
		sb.WriteString(c.Error())
	}
	return errors.New(sb.String())
}

// JSONSchemaValidationError is Helm's type for the violations of one
// schema: their list, with a final newline.
type JSONSchemaValidationError struct {
	embeddedErr error
}

func (e JSONSchemaValidationError) Error() string { return e.embeddedErr.Error() + "\n" }

// ValidateAgainstSingleSchema validates with chartrender's schema
// validator.
func ValidateAgainstSingleSchema(values Values, schemaJSON []byte) error {
	err := validator().ValidateAgainstSchema(context.Background(), schemaJSON, values.AsMap())
	var ve *schema.ValuesError
	if errors.As(err, &ve) {
		return JSONSchemaValidationError{err}
	}
	return err
}

// HTTPURLLoader is Helm's loader of schemas by http(s) URL. chartrender
// never touches the network; declared so that the test file compiles,
// and its test is listed as not applicable.
type HTTPURLLoader struct{}

func (*HTTPURLLoader) Load(string) (any, error) { panic(errNoCounterpart) }

func newHTTPURLLoader() *HTTPURLLoader { return &HTTPURLLoader{} }

func (v Values) Table(name string) (Values, error) {
	t, err := values.Table(v, name)
	return Values(t), err
}

type (
	Capabilities   = values.Capabilities
	ReleaseOptions = values.ReleaseOptions
)

// ToRenderValuesWithSchemaValidation coalesces the values, validates them
// (unless skipped) and builds the render object, each with chartrender in
// Helm-3 mode. .Chart, chartrender's copy of Helm v3's metadata struct, is
// given Helm's type.
func ToRenderValuesWithSchemaValidation(chrt *helmchart.Chart, chrtVals map[string]interface{}, options ReleaseOptions, caps *Capabilities, skipSchemaValidation bool) (Values, error) {
	c := convert(chrt)
	vals, err := values.CoalesceOptions{Helm3: true}.Coalesce(c, chrtVals)
	if err != nil {
		return nil, err
	}
	if !skipSchemaValidation {
		if err := validator().Validate(context.Background(), c, vals); err != nil {
			return nil, err
		}
	}
	top := values.RenderOptions{Helm3: true}.ToRenderValues(c, vals, options, caps)
	md := new(helmchart.Metadata)
	if err := recode(top["Chart"], md); err != nil {
		return nil, err
	}
	top["Chart"] = md
	if v, ok := top["Values"].(map[string]interface{}); ok {
		top["Values"] = Values(v)
	}
	return Values(top), nil
}

// convert copies a Helm chart tree (metadata and values) into chartrender's
// types, subcharts included.
func convert(c *helmchart.Chart) *chart.Chart {
	out := &chart.Chart{Values: c.Values, Schema: c.Schema}
	if c.Metadata != nil {
		out.Metadata = &chart.Metadata{Name: c.Metadata.Name, Version: c.Metadata.Version, APIVersion: c.Metadata.APIVersion}
	}
	for _, d := range c.Dependencies() {
		out.AddDependency(convert(d))
	}
	return out
}

func coalesce(printf func(string, ...interface{}), ch *helmchart.Chart, dest map[string]interface{}, prefix string, merge bool) (map[string]interface{}, error) {
	opts := values.CoalesceOptions{Helm3: true}
	if printf != nil {
		opts.Warn = func(w warning.Warning) { printf("%s", w.Message()) }
	}
	if merge {
		return opts.MergeValues(convert(ch), dest)
	}
	return opts.Coalesce(convert(ch), dest)
}

func CoalesceValues(chrt *helmchart.Chart, vals map[string]interface{}) (Values, error) {
	v, err := coalesce(nil, chrt, vals, "", false)
	return Values(v), err
}

func MergeValues(chrt *helmchart.Chart, vals map[string]interface{}) (Values, error) {
	v, err := coalesce(nil, chrt, vals, "", true)
	return Values(v), err
}

// CoalesceTables is Helm's table coalescing of src (defaults) into dst,
// through a chart without subcharts whose values are src. dst is updated.
func CoalesceTables(dst, src map[string]interface{}) map[string]interface{} {
	return tables(dst, src, false)
}

// MergeTables is CoalesceTables in merge mode (nulls are kept).
func MergeTables(dst, src map[string]interface{}) map[string]interface{} {
	return tables(dst, src, true)
}

func tables(dst, src map[string]interface{}, merge bool) map[string]interface{} {
	if dst == nil {
		dst = map[string]interface{}{}
	}
	c := &helmchart.Chart{Metadata: &helmchart.Metadata{Name: "adapter"}, Values: src}
	out, err := coalesce(nil, c, dst, "", merge)
	if err != nil {
		panic(err)
	}
	clear(dst)
	maps.Copy(dst, out)
	return dst
}

// origins maps the marker file the adapter puts in each converted chart's
// Raw files (which chartrender's dependency processing carries along to
// the copies it makes) to the Helm chart it was converted from.
type origins map[*chart.File]*helmchart.Chart

func (o origins) toOurs(hc *helmchart.Chart) (*chart.Chart, error) {
	marker := &chart.File{Name: "adapter-origin"}
	o[marker] = hc
	md, err := metaToOurs(hc.Metadata)
	if err != nil {
		return nil, err
	}
	c := &chart.Chart{Metadata: md, Values: hc.Values, Raw: []*chart.File{marker}}
	for _, d := range hc.Dependencies() {
		if d == nil {
			continue
		}
		sub, err := o.toOurs(d)
		if err != nil {
			return nil, err
		}
		c.AddDependency(sub)
	}
	return c, nil
}

func (o origins) origin(c *chart.Chart) (*helmchart.Chart, error) {
	if len(c.Raw) == 0 || o[c.Raw[0]] == nil {
		return nil, fmt.Errorf("adapter: chart %s has no origin", c.Name())
	}
	return o[c.Raw[0]], nil
}

// writeBack makes dst (a Helm chart) hold the result c: metadata, values
// and subcharts. With inPlace, dst's dependency entries are updated in
// place rather than replaced.
func (o origins) writeBack(dst *helmchart.Chart, c *chart.Chart, inPlace bool) error {
	md, err := metaToHelm(c.Metadata)
	if err != nil {
		return err
	}
	if inPlace && dst.Metadata != nil {
		md.Dependencies = updateEntries(dst.Metadata.Dependencies, md.Dependencies)
		*dst.Metadata = *md
	} else {
		dst.Metadata = md
	}
	dst.Values = c.Values
	var subs []*helmchart.Chart
	for _, d := range c.Dependencies() {
		src, err := o.origin(d)
		if err != nil {
			return err
		}
		n := new(helmchart.Chart)
		*n = *src
		if err := o.writeBack(n, d, false); err != nil {
			return err
		}
		subs = append(subs, n)
	}
	dst.SetDependencies(subs...)
	return nil
}

// updateEntries writes the result entries onto the original ones they come
// from (in order; an entry's name is its alias once processed) and returns
// the originals that remain.
func updateEntries(orig, result []*helmchart.Dependency) []*helmchart.Dependency {
	if result == nil {
		return nil
	}
	out := make([]*helmchart.Dependency, 0, len(result))
	i := 0
	for _, r := range result {
		for i < len(orig) && !sameEntry(orig[i], r) {
			i++
		}
		if i == len(orig) {
			out = append(out, r)
			continue
		}
		e := orig[i]
		e.Name, e.Enabled, e.ImportValues = r.Name, r.Enabled, r.ImportValues
		out = append(out, e)
		i++
	}
	return out
}

func sameEntry(o, r *helmchart.Dependency) bool {
	if o == nil || r == nil {
		return o == r
	}
	name := o.Name
	if o.Alias != "" {
		name = o.Alias
	}
	return (r.Name == name || r.Name == o.Name) && r.Alias == o.Alias && r.Version == o.Version &&
		r.Repository == o.Repository && r.Condition == o.Condition && slices.Equal(r.Tags, o.Tags)
}

// processDependencyEnabled is Helm's first dependency step, for the root
// chart: chartrender's EnableDependencies in Helm-3 mode.
func processDependencyEnabled(c *helmchart.Chart, v map[string]interface{}, path string) error {
	if path != "" {
		return errors.New("adapter: only the root chart is processed")
	}
	o := origins{}
	oc, err := o.toOurs(c)
	if err != nil {
		return err
	}
	out, err := chart.DependencyOptions{Helm3: true}.EnableDependencies(oc, v)
	if err != nil {
		return err
	}
	return o.writeBack(c, out, true)
}

// processDependencyImportValues is Helm's second step: chartrender's
// ImportValues in Helm-3 mode, merging or coalescing.
func processDependencyImportValues(c *helmchart.Chart, merge bool) error {
	o := origins{}
	oc, err := o.toOurs(c)
	if err != nil {
		return err
	}
	out, err := chart.DependencyOptions{Helm3: true, CoalesceImports: !merge}.ImportValues(oc)
	if err != nil {
		return err
	}
	return o.writeBack(c, out, true)
}

// matchedAlias is the alias the adapter gives a dependency entry to find
// the subchart chartrender matched to it.
const matchedAlias = "adapter-matched"

// match runs chartrender's EnableDependencies on a parent holding charts
// and the single entry dep (aliased to matchedAlias) and returns the
// subchart chartrender made for the entry, or nil when none matched.
func match(charts []*helmchart.Chart, dep *helmchart.Dependency) (*chart.Chart, origins, error) {
	o := origins{}
	parent := &chart.Chart{Metadata: &chart.Metadata{Name: "adapter", Version: "0.0.0", APIVersion: "v2",
		Dependencies: []*chart.Dependency{{Name: dep.Name, Version: dep.Version, Alias: matchedAlias}}}}
	for _, hc := range charts {
		if hc == nil {
			continue
		}
		c, err := o.toOurs(hc)
		if err != nil {
			return nil, nil, err
		}
		parent.AddDependency(c)
	}
	out, err := chart.DependencyOptions{Helm3: true}.EnableDependencies(parent, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range out.Dependencies() {
		if d.Name() == matchedAlias {
			return d, o, nil
		}
	}
	return nil, o, nil
}

// getAliasDependency is the subchart chartrender's dependency processing
// makes of the first of charts matching dep by name and version range,
// renamed to dep's alias.
func getAliasDependency(charts []*helmchart.Chart, dep *helmchart.Dependency) *helmchart.Chart {
	d, o, err := match(charts, dep)
	if err != nil || d == nil {
		return nil
	}
	src, err := o.origin(d)
	if err != nil {
		return nil
	}
	n := new(helmchart.Chart)
	*n = *src
	if err := o.writeBack(n, d, false); err != nil {
		return nil
	}
	n.Metadata.Name = dep.Name
	if dep.Alias != "" {
		n.Metadata.Name = dep.Alias
	}
	return n
}

// IsCompatibleRange reports whether chartrender's dependency processing
// matches a subchart of version ver to an entry with the constraint.
func IsCompatibleRange(constraint, ver string) bool {
	sub := &helmchart.Chart{Metadata: &helmchart.Metadata{Name: "sub", Version: ver, APIVersion: "v2"}}
	d, _, err := match([]*helmchart.Chart{sub}, &helmchart.Dependency{Name: "sub", Version: constraint})
	return err == nil && d != nil
}

// LoadChartfile reads a Chart.yaml with chartrender's loader.
func LoadChartfile(filename string) (*helmchart.Metadata, error) {
	b, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	c, err := chart.LoadFiles([]*chart.File{{Name: "Chart.yaml", Data: b}})
	if err != nil {
		return nil, err
	}
	return metaToHelm(c.Metadata)
}

func ValidateReleaseName(name string) error { return chartrender.ValidateReleaseName(name) }

// Helm helpers without a chartrender counterpart: declared so that the
// test files compile; their tests are listed as not applicable.
var errNoCounterpart = errors.New("adapter: Helm helper without a chartrender counterpart")

func concatPrefix(string, string) string { panic(errNoCounterpart) }

func IsChartDir(string) (bool, error) { panic(errNoCounterpart) }

func ValidateMetadataName(string) error { panic(errNoCounterpart) }

// metaToOurs and metaToHelm convert metadata; dependency entries are
// copied field by field, so that nil and empty lists and the Go types of
// import-values stay as they are.
func metaToOurs(m *helmchart.Metadata) (*chart.Metadata, error) {
	if m == nil {
		return nil, nil
	}
	plain := *m
	plain.Dependencies = nil
	out := new(chart.Metadata)
	if err := recode(&plain, out); err != nil {
		return nil, err
	}
	if m.Dependencies != nil {
		out.Dependencies = make([]*chart.Dependency, len(m.Dependencies))
		for i, d := range m.Dependencies {
			if d != nil {
				out.Dependencies[i] = &chart.Dependency{Name: d.Name, Version: d.Version, Repository: d.Repository,
					Condition: d.Condition, Tags: d.Tags, Enabled: d.Enabled, ImportValues: d.ImportValues, Alias: d.Alias}
			}
		}
	}
	return out, nil
}

func metaToHelm(m *chart.Metadata) (*helmchart.Metadata, error) {
	if m == nil {
		return nil, nil
	}
	plain := *m
	plain.Dependencies = nil
	out := new(helmchart.Metadata)
	if err := recode(&plain, out); err != nil {
		return nil, err
	}
	if m.Dependencies != nil {
		out.Dependencies = make([]*helmchart.Dependency, len(m.Dependencies))
		for i, d := range m.Dependencies {
			if d != nil {
				out.Dependencies[i] = &helmchart.Dependency{Name: d.Name, Version: d.Version, Repository: d.Repository,
					Condition: d.Condition, Tags: d.Tags, Enabled: d.Enabled, ImportValues: d.ImportValues, Alias: d.Alias}
			}
		}
	}
	return out, nil
}

func recode(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
