package engine

import (
	"encoding/json"
	"errors"
	"maps"
	"text/template"

	"github.com/Masterminds/sprig/v3"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// boundFuncs are the functions every worker binds to its own state; the
// base function map holds placeholders of the same signatures.
var boundFuncs = []string{
	"include", "tpl",
	"set", "unset", "merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite",
}

// funcMap builds the complete function map of e in Helm's order: sprig
// without env and expandenv, Helm's functions, the deterministic
// replacements, the limits, and the caller's functions last.
func (e *Engine) funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")

	helm := template.FuncMap{
		"toToml":        toTOML,
		"fromToml":      fromTOML,
		"toYaml":        yamlx.ToYAML,
		"indent":        indentFunc,
		"nindent":       nindentFunc,
		"quote":         quoteFunc,
		"squote":        squoteFunc,
		"toYamlPretty":  yamlx.ToYAMLPretty,
		"fromYaml":      e.fromYAML,
		"fromYamlArray": e.fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,

		// Placeholders; every worker binds its own.
		"include":            func(string, any) (string, error) { return "", errNotBound },
		"tpl":                func(string, any) (string, error) { return "", errNotBound },
		"set":                f["set"],
		"unset":              f["unset"],
		"merge":              f["merge"],
		"mergeOverwrite":     f["mergeOverwrite"],
		"mustMerge":          f["mustMerge"],
		"mustMergeOverwrite": f["mustMergeOverwrite"],

		"required": required,
		"fail":     fail,
		"lookup":   e.lookupFunc(),
	}
	if !e.opts.Helm3 {
		helm["mustToToml"] = mustToTOML
		helm["mustToYaml"] = mustToYAML
		helm["mustToJson"] = mustToJSON
		maps.Copy(helm, durationFuncs())
	}
	maps.Copy(f, helm)
	maps.Copy(f, e.compiledFuncs(f))

	if !e.opts.EnableDNS {
		f["getHostByName"] = func(string) string { return "" }
	}
	if e.opts.Deterministic {
		maps.Copy(f, deterministicFuncs())
	}
	maps.Copy(f, e.opts.Funcs)
	return f
}

var errNotBound = errors.New("engine: function used outside a render")

// lookupFunc returns the lookup function: Helm's client-side placeholder
// (an empty map) unless the options provide one.
func (e *Engine) lookupFunc() func(string, string, string, string) (map[string]any, error) {
	l := e.opts.Lookup
	if l == nil {
		return func(string, string, string, string) (map[string]any, error) {
			return map[string]any{}, nil
		}
	}
	return func(apiVersion, kind, namespace, name string) (map[string]any, error) {
		m, err := l(apiVersion, kind, namespace, name)
		if m == nil {
			m = map[string]any{}
		}
		return m, err
	}
}

// required fails when val is nil or the empty string, with Helm's marker
// around the message so that the error names the outermost call site.
func required(warn string, val any) (any, error) {
	if val == nil {
		return val, errors.New(warnWrap(warn))
	}
	if s, ok := val.(string); ok && s == "" {
		return val, errors.New(warnWrap(warn))
	}
	return val, nil
}

// fail always fails with msg.
func fail(msg string) (string, error) {
	return "", errors.New(warnWrap(msg))
}

const (
	warnStart = "HELM_ERR_START"
	warnEnd   = "HELM_ERR_END"
)

func warnWrap(s string) string { return warnStart + s + warnEnd }

func mustToYAML(v any) (string, error) { return yamlx.MustToYAML(v) }

func toTOML(v any) (string, error) {
	s, err := encodeTOML(v)
	if err != nil {
		if tomlPanics(err) {
			return "", err
		}
		return err.Error(), nil
	}
	return s, nil
}

func mustToTOML(v any) (string, error) { return encodeTOML(v) }

func fromTOML(s string) map[string]any {
	m, err := decodeTOML(s)
	if err != nil {
		if m == nil {
			m = map[string]any{}
		}
		m["Error"] = err.Error()
		return m
	}
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// fromYAML is Helm's fromYaml: the map a YAML document holds, or a map
// holding the error under "Error".
func (e *Engine) fromYAML(s string) map[string]any {
	v, err := e.docs.decode(s, false)
	if err != nil {
		return map[string]any{"Error": err.Error()}
	}
	m, _ := v.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// fromYAMLArray is Helm's fromYamlArray: the list a YAML document holds,
// or a list holding the error.
func (e *Engine) fromYAMLArray(s string) []any {
	v, err := e.docs.decode(s, true)
	if err != nil {
		return []any{err.Error()}
	}
	a, _ := v.([]any)
	if a == nil {
		// A null document leaves Helm's initial empty slice as it is.
		a = []any{}
	}
	return a
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func mustToJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func fromJSON(s string) map[string]any {
	m := map[string]any{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(s string) []any {
	a := []any{}
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		a = []any{err.Error()}
	}
	return a
}
