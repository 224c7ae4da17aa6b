// Package chartutil maps the API of Helm v3.22.0's pkg/chartutil that
// coalesce_test.go, dependencies_test.go, jsonschema_test.go,
// capabilities_test.go, values_test.go, chartfile_test.go,
// compatible_test.go and validate_name_test.go call
// onto chartrender in Helm-3 mode, so that they run unchanged (see
// helmunit_test.go).
//
// Coalescing converts Helm's chart to chartrender's and returns the result
// as Values. The dependency steps, version ranges, Chart.yaml reading and
// release names are in ../shared/dependencies.go.
package chartutil

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"strings"

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

// depOptions are those of helm v3.22.0; the dependency steps are in
// ../shared/dependencies.go.
var depOptions = chart.DependencyOptions{Helm3: true}

// concatPrefix is Helm's unexported path helper; declared so that the test
// files compile, its test is listed as not applicable.
func concatPrefix(string, string) string { panic(errNoCounterpart) }
