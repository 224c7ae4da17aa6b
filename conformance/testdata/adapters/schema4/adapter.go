// Package util maps the schema validation API of Helm v4's
// pkg/chart/common/util onto chartrender's schema package, so that Helm's
// jsonschema_test.go runs against chartrender unchanged (see
// helmunit_test.go).
package util

import (
	"errors"
	"strings"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/schema"
	ci "helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// ValidateAgainstSchema validates with chartrender's schema.Validate. Its
// error lists the failing charts as Helm's does; the line helm template
// puts before the list is the caller's, in Helm as in chartrender's
// ValidationError.
func ValidateAgainstSchema(ch ci.Charter, values map[string]any) error {
	hc, ok := ch.(*helmchart.Chart)
	if !ok {
		return errors.New("adapter: not a *chart.Chart")
	}
	err := schema.Validate(convert(hc), values)
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

// ValidateAgainstSingleSchema validates with chartrender's
// schema.ValidateAgainstSchema.
func ValidateAgainstSingleSchema(values common.Values, schemaJSON []byte) error {
	err := schema.ValidateAgainstSchema(schemaJSON, values.AsMap())
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

func (*HTTPURLLoader) Load(string) (any, error) {
	panic(errors.New("adapter: chartrender loads no schema from the network"))
}

func newHTTPURLLoader() *HTTPURLLoader { return &HTTPURLLoader{} }

// convert copies a Helm chart tree (metadata, values and schema) into
// chartrender's types.
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
