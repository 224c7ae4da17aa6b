// Package common maps the capabilities and values API of Helm v4's
// pkg/chart/common onto chartrender's values package, so that Helm's
// capabilities_test.go and values_test.go run against chartrender
// unchanged (see helmunit_test.go).
package common

import "github.com/chartrender/chartrender/values"

type VersionSet = values.VersionSet

// DefaultCapabilities are chartrender's defaults, those of the released
// helm v4.3.1 binary.
var DefaultCapabilities = values.DefaultCapabilities(false)

var DefaultVersionSet = DefaultCapabilities.APIVersions

func ParseKubeVersion(version string) (*values.KubeVersion, error) {
	return values.ParseKubeVersion(version)
}

// Values is Helm's values type; its methods are chartrender's.
type Values map[string]any

// ReadValues reads a values document with chartrender's reader.
func ReadValues(data []byte) (Values, error) {
	m, err := values.Parse(data, "values")
	if len(m) == 0 {
		m = map[string]any{}
	}
	return Values(m), err
}

// ReadValuesFile reads a values file with chartrender's reader.
func ReadValuesFile(filename string) (Values, error) {
	m, err := values.ReadFile(filename)
	if err != nil {
		return map[string]any{}, err
	}
	return Values(m), nil
}

func (v Values) Table(name string) (Values, error) {
	t, err := values.Table(v, name)
	return Values(t), err
}

func (v Values) PathValue(path string) (any, error) { return values.PathValue(v, path) }
