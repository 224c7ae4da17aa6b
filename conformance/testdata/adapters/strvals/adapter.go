// Package strvals maps the API of Helm's pkg/strvals onto chartrender's
// strvals package, so that Helm's own tests of that package can run against
// chartrender unchanged (see helmunit_test.go). Helm's internal setIndex
// has no counterpart; the test that calls it is not run.
package strvals

import (
	"errors"
	"strings"

	cr "github.com/chartrender/chartrender/strvals"
	"sigs.k8s.io/yaml"
)

const (
	MaxIndex           = cr.MaxIndex
	MaxNestedNameLevel = cr.MaxNestedNameLevel
)

type RunesValueReader = cr.RunesValueReader

func Parse(s string) (map[string]any, error)              { return cr.Parse(s) }
func ParseString(s string) (map[string]any, error)        { return cr.ParseString(s) }
func ParseInto(s string, dest map[string]any) error       { return cr.ParseInto(s, dest) }
func ParseIntoString(s string, dest map[string]any) error { return cr.ParseIntoString(s, dest) }
func ParseJSON(s string, dest map[string]any) error       { return cr.ParseJSON(s, dest) }
func ParseLiteral(s string) (map[string]any, error)       { return cr.ParseLiteral(s) }
func ParseLiteralInto(s string, dest map[string]any) error {
	return cr.ParseLiteralInto(s, dest)
}
func ParseFile(s string, reader RunesValueReader) (map[string]any, error) {
	return cr.ParseFile(s, reader)
}
func ParseIntoFile(s string, dest map[string]any, reader RunesValueReader) error {
	return cr.ParseIntoFile(s, dest, reader)
}

// ToYAML is Helm's helper: Parse, then sigs.k8s.io/yaml.
func ToYAML(s string) (string, error) {
	m, err := Parse(s)
	if err != nil {
		return "", err
	}
	d, err := yaml.Marshal(m)
	return strings.TrimSuffix(string(d), "\n"), err
}

// setIndex is Helm's internal list setter; chartrender has none.
func setIndex([]any, int, any) ([]any, error) {
	return nil, errors.New("not applicable: Helm's internal setIndex")
}
