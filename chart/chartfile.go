package chart

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// decodeYAMLInto decodes a YAML document into the struct (or pointer)
// target points to, the way sigs.k8s.io/yaml.Unmarshal does: YAML 1.1
// typing, then a JSON round trip. On the way, a scalar that lands in a
// string field becomes a string: integers in decimal, floats with
// strconv.FormatFloat(f, 'g', -1, 32), bools as "true"/"false". Unknown
// keys are ignored and keys match field names case-insensitively. Error
// texts are the ones Helm prints (Helm 3's when helm3 is set).
func decodeYAMLInto(data []byte, target any, helm3 bool) error {
	doc, err := yamlx.Decode(data)
	if err != nil {
		return err
	}
	doc = coerceForType(doc, reflect.TypeOf(target))
	js, err := json.Marshal(doc)
	if err != nil {
		return errors.New("error converting YAML to JSON: " + err.Error())
	}
	if err := json.Unmarshal(js, target); err != nil {
		return errors.New("error unmarshaling JSON: while decoding JSON: " + jsonErrorText(err, helm3))
	}
	return nil
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// coerceForType walks a decoded YAML tree alongside the Go type it will be
// decoded into and turns scalars that meet a string-typed destination into
// strings, as sigs.k8s.io/yaml's convertToJSONableObject does. t may be nil
// (no destination known).
func coerceForType(v any, t reflect.Type) any {
	for t != nil && t.Kind() == reflect.Pointer {
		if t.Implements(jsonUnmarshalerType) || t.Implements(textUnmarshalerType) {
			return coerceForType(v, nil)
		}
		t = t.Elem()
	}
	if t != nil && (reflect.PointerTo(t).Implements(jsonUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType)) {
		t = nil
	}
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			var et reflect.Type
			if t != nil {
				switch t.Kind() {
				case reflect.Struct:
					if f, ok := jsonField(t, k); ok {
						et = f.Type
					}
				case reflect.Map:
					et = t.Elem()
				}
			}
			out[k] = coerceForType(e, et)
		}
		return out
	case []any:
		var et reflect.Type
		if t != nil && t.Kind() == reflect.Slice {
			et = t.Elem()
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = coerceForType(e, et)
		}
		return out
	}
	if t == nil || t.Kind() != reflect.String {
		return v
	}
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	}
	return v
}

// jsonField finds the struct field a JSON key decodes into: an exact match
// of the JSON name first, else a case-insensitive one.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	var fold reflect.StructField
	found := false
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f, true
		}
		if !found && strings.EqualFold(name, key) {
			fold, found = f, true
		}
	}
	return fold, found
}

// jsonErrorText is err's text with Go type names spelled as in Helm's
// packages: v2.Maintainer rather than chart.Maintainer in Helm 4 (Helm 3's
// package is named chart, like this one).
func jsonErrorText(err error, helm3 bool) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err.Error()
	}
	typ := helmTypeName(te.Type, helm3)
	if te.Struct != "" || te.Field != "" {
		return "json: cannot unmarshal " + te.Value + " into Go struct field " + te.Struct + "." + te.Field + " of type " + typ
	}
	return "json: cannot unmarshal " + te.Value + " into Go value of type " + typ
}

func helmTypeName(t reflect.Type, helm3 bool) string {
	if t == nil {
		return "<nil>"
	}
	s := strings.ReplaceAll(t.String(), "chart.chartBase", "loader.chartBase")
	if helm3 {
		return s
	}
	return strings.ReplaceAll(s, "chart.", "v2.")
}

// chartBase is the part of Chart.yaml Helm reads first, to pick a loader.
type chartBase struct {
	APIVersion string `json:"apiVersion,omitempty"`
}

// peekAPIVersion reads only apiVersion from Chart.yaml data.
func peekAPIVersion(data []byte) (string, error) {
	if doc, err := yamlx.Decode(data); err == nil {
		if v, ok := fastAPIVersion(doc); ok {
			return v, nil
		}
	}
	var cb chartBase
	if err := decodeYAMLInto(data, &cb, false); err != nil {
		return "", err
	}
	return cb.APIVersion, nil
}
