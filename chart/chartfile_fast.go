package chart

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// Helm decodes Chart.yaml in three steps: YAML to a generic tree, the tree
// to JSON, JSON into the struct. The JSON round trip is three quarters of
// the time, and a chart load decodes each Chart.yaml once and the root's
// twice (apiVersion first). The functions here fill the struct straight
// from the tree when the tree holds nothing the round trip could change or
// refuse: keys spelled exactly as the JSON names (or matching no field, not
// even ignoring case), values of the field's own type, valid UTF-8 strings
// and, where a value is skipped, only what JSON can encode. Anything else
// reports false, and the caller takes the round trip, so errors and odd
// inputs are decoded exactly as before.

// decodeMetadata decodes Chart.yaml data into a new Metadata.
func decodeMetadata(data []byte, helm3 bool) (*Metadata, error) {
	if doc, err := yamlx.Decode(data); err == nil {
		if m, ok := fastMetadata(doc); ok {
			return m, nil
		}
	}
	m := new(Metadata)
	return m, decodeYAMLInto(data, m, helm3)
}

// metadataKeys are the JSON names of Metadata's fields.
var metadataKeys = []string{"name", "home", "sources", "version", "description", "keywords", "maintainers", "icon", "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion", "dependencies", "type"}

var (
	maintainerKeys = []string{"name", "email", "url"}
	dependencyKeys = []string{"name", "version", "repository", "condition", "tags", "enabled", "import-values", "alias"}
)

// fastMetadata fills a Metadata from the decoded tree of Chart.yaml; false
// when the JSON round trip might decode it differently.
func fastMetadata(doc any) (*Metadata, bool) {
	top, ok := doc.(map[string]any)
	if !ok || !plainKeys(top, metadataKeys) {
		return nil, false
	}
	m := new(Metadata)
	for k, v := range top {
		if v == nil {
			continue // JSON's null leaves a field as it is
		}
		switch k {
		case "name":
			ok = setString(&m.Name, v)
		case "home":
			ok = setString(&m.Home, v)
		case "version":
			ok = setString(&m.Version, v)
		case "description":
			ok = setString(&m.Description, v)
		case "icon":
			ok = setString(&m.Icon, v)
		case "apiVersion":
			ok = setString(&m.APIVersion, v)
		case "condition":
			ok = setString(&m.Condition, v)
		case "tags":
			ok = setString(&m.Tags, v)
		case "appVersion":
			ok = setString(&m.AppVersion, v)
		case "kubeVersion":
			ok = setString(&m.KubeVersion, v)
		case "type":
			ok = setString(&m.Type, v)
		case "sources":
			m.Sources, ok = stringList(v)
		case "keywords":
			m.Keywords, ok = stringList(v)
		case "deprecated":
			m.Deprecated, ok = v.(bool)
		case "annotations":
			m.Annotations, ok = stringMap(v)
		case "maintainers":
			m.Maintainers, ok = maintainerList(v)
		case "dependencies":
			m.Dependencies, ok = dependencyList(v)
		default:
			ok = jsonSafe(v, 0)
		}
		if !ok {
			return nil, false
		}
	}
	return m, true
}

// fastAPIVersion reads apiVersion from the decoded tree of Chart.yaml as
// decoding it into chartBase would; false when the round trip might differ.
func fastAPIVersion(doc any) (string, bool) {
	top, ok := doc.(map[string]any)
	if !ok || !plainKeys(top, []string{"apiVersion"}) {
		return "", false
	}
	var v string
	for k, e := range top {
		switch {
		case e == nil:
		case k == "apiVersion":
			ok = setString(&v, e)
		default:
			ok = jsonSafe(e, 0)
		}
		if !ok {
			return "", false
		}
	}
	return v, true
}

// plainKeys reports whether every key of m is valid UTF-8 and either one of
// names or equal to none of them ignoring case (JSON would match those to a
// field too, in an order of its own).
func plainKeys(m map[string]any, names []string) bool {
	for k := range m {
		if !utf8.ValidString(k) {
			return false
		}
		for _, n := range names {
			if k != n && strings.EqualFold(k, n) {
				return false
			}
		}
	}
	return true
}

func setString(dst *string, v any) bool {
	s, ok := v.(string)
	if !ok || !utf8.ValidString(s) {
		return false
	}
	*dst = s
	return true
}

// stringList is a list of strings as JSON decodes it: an empty list is an
// empty slice, not nil.
func stringList(v any) ([]string, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(l))
	for i, e := range l {
		if !setString(&out[i], e) {
			return nil, false
		}
	}
	return out, true
}

func stringMap(v any) (map[string]string, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	out := make(map[string]string, len(m))
	for k, e := range m {
		var s string
		if !utf8.ValidString(k) || !setString(&s, e) {
			return nil, false
		}
		out[k] = s
	}
	return out, true
}

func maintainerList(v any) ([]*Maintainer, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]*Maintainer, len(l))
	for i, e := range l {
		m, ok := e.(map[string]any)
		if !ok || !plainKeys(m, maintainerKeys) {
			return nil, false
		}
		mt := new(Maintainer)
		for k, x := range m {
			switch {
			case x == nil:
			case k == "name":
				ok = setString(&mt.Name, x)
			case k == "email":
				ok = setString(&mt.Email, x)
			case k == "url":
				ok = setString(&mt.URL, x)
			default:
				ok = jsonSafe(x, 0)
			}
			if !ok {
				return nil, false
			}
		}
		out[i] = mt
	}
	return out, true
}

func dependencyList(v any) ([]*Dependency, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]*Dependency, len(l))
	for i, e := range l {
		m, ok := e.(map[string]any)
		if !ok || !plainKeys(m, dependencyKeys) {
			return nil, false
		}
		d := new(Dependency)
		for k, x := range m {
			switch {
			case x == nil:
			case k == "name":
				ok = setString(&d.Name, x)
			case k == "version":
				ok = setString(&d.Version, x)
			case k == "repository":
				ok = setString(&d.Repository, x)
			case k == "condition":
				ok = setString(&d.Condition, x)
			case k == "alias":
				ok = setString(&d.Alias, x)
			case k == "tags":
				d.Tags, ok = stringList(x)
			case k == "enabled":
				d.Enabled, ok = x.(bool)
			case k == "import-values":
				d.ImportValues, ok = importValues(x)
			default:
				ok = jsonSafe(x, 0)
			}
			if !ok {
				return nil, false
			}
		}
		out[i] = d
	}
	return out, true
}

// importValues takes the forms the round trip leaves as they are: strings,
// and maps of strings to strings.
func importValues(v any) ([]any, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]any, len(l))
	for i, e := range l {
		switch x := e.(type) {
		case string:
			if !utf8.ValidString(x) {
				return nil, false
			}
			out[i] = x
		case map[string]any:
			m := make(map[string]any, len(x))
			for k, s := range x {
				var str string
				if !utf8.ValidString(k) || !setString(&str, s) {
					return nil, false
				}
				m[k] = str
			}
			out[i] = m
		default:
			return nil, false
		}
	}
	return out, true
}

// jsonSafe reports whether JSON encodes v without an error (a value the
// decoding then skips).
func jsonSafe(v any, depth int) bool {
	if depth > 64 {
		return false
	}
	switch x := v.(type) {
	case nil, bool, int, int64, uint64, string:
		return true
	case float64:
		return !math.IsNaN(x) && !math.IsInf(x, 0)
	case []any:
		for _, e := range x {
			if !jsonSafe(e, depth+1) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range x {
			if !jsonSafe(e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}
