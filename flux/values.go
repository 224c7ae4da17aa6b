package flux

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/chartrender/chartrender/internal/yamlx"
	"github.com/chartrender/chartrender/strvals"
)

// Reasons of a *ValuesReferenceError, usable with errors.Is. Their texts
// are helm-controller's.
var (
	ErrResourceNotFound   = errors.New("resource not found")
	ErrKeyNotFound        = errors.New("key not found")
	ErrUnsupportedRefKind = errors.New("unsupported values reference kind")
	ErrValuesDataRead     = errors.New("failed to read values data")
	ErrValueMerge         = errors.New("failed to merge value")
)

// A ValuesReferenceError is a spec.valuesFrom entry that could not be
// resolved. Its text is the one helm-controller reports, e.g.
// "could not resolve ConfigMap chart values reference 'apps/podinfo-values'
// with key 'values.yaml': configmaps "podinfo-values" not found".
type ValuesReferenceError struct {
	// Reason is one of the Err* reasons above.
	Reason error
	// Kind, Namespace and Name name the referenced object; Key is the
	// values key looked up.
	Kind, Namespace, Name, Key string
	// Optional is the reference's optional field.
	Optional bool
	// Err is the underlying error, or nil.
	Err error
}

func (e *ValuesReferenceError) Error() string {
	var b strings.Builder
	b.WriteString("could not resolve")
	if e.Optional {
		b.WriteString(" optional")
	}
	if e.Kind != "" {
		b.WriteString(" " + e.Kind)
	}
	b.WriteString(" chart values reference")
	b.WriteString(fmt.Sprintf(" '%s/%s'", e.Namespace, e.Name))
	if e.Key != "" {
		b.WriteString(fmt.Sprintf(" with key '%s'", e.Key))
	}
	reason := e.Reason.Error()
	if e.Err != nil {
		reason = e.Err.Error()
	}
	return b.String() + ": " + reason
}

// Is matches the reason.
func (e *ValuesReferenceError) Is(target error) bool { return e.Reason == target }

// Unwrap returns the underlying error.
func (e *ValuesReferenceError) Unwrap() error { return e.Err }

// A NotFoundError is the API server's answer for an object that does not
// exist, e.g. `configmaps "podinfo-values" not found`.
type NotFoundError struct {
	// Resource is the plural resource name, e.g. "configmaps".
	Resource string
	Name     string
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("%s %q not found", e.Resource, e.Name) }

// An ObjectGetter finds the ConfigMaps and Secrets values references name:
// it returns the object, or nil when there is none.
type ObjectGetter interface {
	Get(kind, namespace, name string) *Object
}

// ComposeValues composes the values helm-controller passes to Helm for hr
// from spec.valuesFrom and spec.values, as fluxcd/pkg/chartutil's
// ChartValuesFromReferences does: references without a targetPath are read
// (a ConfigMap's data, a Secret's data and stringData; key valuesKey or
// "values.yaml") and merged in order; spec.values is merged over them;
// then each reference with a targetPath sets its raw text at that path
// with Helm's --set syntax (--set-string for a quoted value, a literal
// string with literal: true). A missing object or key is skipped when the
// reference is optional and is a *ValuesReferenceError otherwise.
// Objects are looked up in the HelmRelease's namespace. Neither hr nor the
// objects are modified.
func ComposeValues(hr *HelmRelease, objs ObjectGetter) (map[string]any, error) {
	return composeValues(hr.Namespace, hr.Spec.Values, hr.Spec.ValuesFrom, objs)
}

func composeValues(namespace string, values map[string]any, refs []ValuesReference, objs ObjectGetter) (map[string]any, error) {
	type pathValue struct {
		ref  ValuesReference
		data string
	}
	var paths []pathValue
	result := map[string]any{}
	seen := map[string]*Object{}
	for _, ref := range refs {
		refErr := func(reason, err error) *ValuesReferenceError {
			return &ValuesReferenceError{Reason: reason, Kind: ref.Kind, Namespace: namespace, Name: ref.Name, Key: ref.Key(), Optional: ref.Optional, Err: err}
		}
		if ref.Kind != "ConfigMap" && ref.Kind != "Secret" {
			return nil, refErr(ErrUnsupportedRefKind, nil)
		}
		index := ref.Kind + namespace + "/" + ref.Name
		obj, ok := seen[index]
		if !ok {
			seen[index] = nil
			obj = objs.Get(ref.Kind, namespace, ref.Name)
			if obj == nil {
				err := refErr(ErrResourceNotFound, &NotFoundError{Resource: strings.ToLower(ref.Kind) + "s", Name: ref.Name})
				if ref.Optional {
					continue
				}
				return nil, err
			}
			seen[index] = obj
		}
		if obj == nil {
			if ref.Optional {
				continue
			}
			return nil, refErr(ErrResourceNotFound, nil)
		}
		data, found, err := objectData(obj, ref.Key())
		if err != nil {
			return nil, specError(obj, err)
		}
		if !found {
			if ref.Optional {
				continue
			}
			return nil, refErr(ErrKeyNotFound, nil)
		}
		if ref.TargetPath != "" {
			paths = append(paths, pathValue{ref, data})
			continue
		}
		m, err := readValues([]byte(data))
		if err != nil {
			return nil, refErr(ErrValuesDataRead, err)
		}
		result = yamlx.MergeMaps(result, m)
	}
	result = yamlx.MergeMaps(result, values)
	if len(paths) == 0 {
		return result, nil
	}
	result = deepCopyMap(result)
	for _, pv := range paths {
		set := replacePathValue
		if pv.ref.Literal {
			set = replacePathLiteral
		}
		if err := set(result, pv.ref.TargetPath, pv.data); err != nil {
			return nil, &ValuesReferenceError{Reason: ErrValueMerge, Kind: pv.ref.Kind, Namespace: namespace, Name: pv.ref.Name, Key: pv.ref.Key(), Optional: pv.ref.Optional, Err: err}
		}
	}
	return result, nil
}

// readValues reads a values document as Helm's common.ReadValues does:
// the first document, as a map.
func readValues(data []byte) (map[string]any, error) {
	v, err := yamlx.Unmarshal(data)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return v, nil
	default:
		return nil, &yamlx.TypeError{Got: jsonType(v), Want: "common.Values"}
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "bool"
	}
	return "number"
}

// objectData returns the text under key in a ConfigMap's data or a
// Secret's data (base64) and stringData, as the API server stores them.
func objectData(o *Object, key string) (string, bool, error) {
	if o.Kind == "Secret" {
		if sd, ok := o.Data["stringData"].(map[string]any); ok {
			if v, ok := sd[key]; ok {
				s, ok := v.(string)
				if !ok {
					return "", false, fmt.Errorf("stringData.%s is not a string", key)
				}
				return s, true, nil
			}
		}
		d, _ := o.Data["data"].(map[string]any)
		v, ok := d[key]
		if !ok {
			return "", false, nil
		}
		s, ok := v.(string)
		if !ok {
			return "", false, fmt.Errorf("data.%s is not a string", key)
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return "", false, fmt.Errorf("data.%s is not valid base64: %w", key, err)
		}
		return string(b), true, nil
	}
	d, _ := o.Data["data"].(map[string]any)
	v, ok := d[key]
	if !ok {
		return "", false, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", false, fmt.Errorf("data.%s is not a string", key)
	}
	return s, true, nil
}

// replacePathValue sets value at path as `--set path=value` does, or as
// --set-string when the value is wrapped in quotes (the quotes removed).
func replacePathValue(values map[string]any, path, value string) error {
	const quotes = `'"`
	single := strings.HasPrefix(value, "'") && strings.HasSuffix(value, "'")
	double := strings.HasPrefix(value, `"`) && strings.HasSuffix(value, `"`)
	if single || double {
		return strvals.ParseIntoString(path+"="+strings.Trim(value, quotes), values)
	}
	return strvals.ParseInto(path+"="+value, values)
}

// literalEscaper escapes the characters --set would read as syntax, so
// that the whole value is kept as one string while the path keeps its
// escapes.
var literalEscaper = strings.NewReplacer(`\`, `\\`, `,`, `\,`, `[`, `\[`, `]`, `\]`, `{`, `\{`, `}`, `\}`)

func replacePathLiteral(values map[string]any, path, value string) error {
	return strvals.ParseIntoString(path+"="+literalEscaper.Replace(value), values)
}

func deepCopyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopy(v)
	}
	return out
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return deepCopyMap(v)
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = deepCopy(v[i])
		}
		return out
	}
	return v
}
