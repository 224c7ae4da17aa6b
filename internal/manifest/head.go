package manifest

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// Head holds the fields of a document that Helm reads to sort it: the same
// shape as Helm's SimpleHead, so decoding errors read the same.
type Head struct {
	APIVersion string    `json:"apiVersion"`
	Kind       string    `json:"kind,omitempty"`
	Metadata   *Metadata `json:"metadata,omitempty"`

	// Namespace and Labels are metadata.namespace and metadata.labels,
	// which Helm does not read: they are filled leniently (scalars as
	// strings, anything else left out) and never cause an error.
	Namespace string            `json:"-"`
	Labels    map[string]string `json:"-"`
}

// Metadata is the part of metadata a Head keeps.
type Metadata struct {
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
}

// Name returns metadata.name, or "" when the document has no metadata.
func (h *Head) Name() string {
	if h == nil || h.Metadata == nil {
		return ""
	}
	return h.Metadata.Name
}

// Annotations returns metadata.annotations, or nil.
func (h *Head) Annotations() map[string]string {
	if h == nil || h.Metadata == nil {
		return nil
	}
	return h.Metadata.Annotations
}

// SimpleHead mirrors Helm's util.SimpleHead exactly (its metadata is an
// anonymous struct), so that encoding/json reports type mismatches with the
// same words as Helm.
type SimpleHead struct {
	Version  string `json:"apiVersion"`
	Kind     string `json:"kind,omitempty"`
	Metadata *struct {
		Name        string            `json:"name"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata,omitempty"`
}

// ParseHead decodes the head of one YAML document the way Helm does with
// sigs.k8s.io/yaml: the YAML (1.1) is converted to JSON, numbers and booleans
// bound for string fields are turned into strings, and the JSON is decoded
// with encoding/json (field names match case-insensitively). Errors read like
// Helm's ("error converting YAML to JSON: ..." or "error unmarshaling JSON:
// while decoding JSON: ..."); helm3 selects Helm v3.22.0's type name in them.
func ParseHead(doc string, helm3 bool) (*Head, error) {
	// Most rendered documents are plain block YAML: read their head
	// fields without building the document.
	if sh, ok := yamlx.ScanHead(doc); ok {
		h := &Head{APIVersion: sh.APIVersion, Kind: sh.Kind, Namespace: sh.Namespace, Labels: sh.Labels}
		if sh.HasMetadata {
			h.Metadata = &Metadata{Name: sh.Name, Annotations: sh.Annotations}
		}
		return h, nil
	}
	return decodeHead(doc, helm3)
}

// decodeHead is ParseHead by decoding the whole document.
func decodeHead(doc string, helm3 bool) (*Head, error) {
	// Decode keeps YAML's integer type, which matters for numbers bound for
	// string fields (12345678 stays "12345678", not "1.2345678e+07").
	v, err := yamlx.Decode([]byte(doc))
	if err != nil {
		return nil, err
	}
	// Helm converts the whole document to JSON, which fails on NaN and
	// infinities anywhere in it; only the head's fields are decoded after
	// that, so only they need converting.
	v = stringify(v, targetHead)
	if err := checkFinite(v); err != nil {
		return nil, err
	}
	data, err := json.Marshal(headFields(v))
	if err != nil {
		return nil, &HeadError{msg: "error converting YAML to JSON: " + err.Error()}
	}
	var sh SimpleHead
	if err := json.Unmarshal(data, &sh); err != nil {
		helmType := "util.SimpleHead"
		if helm3 {
			helmType = "releaseutil.SimpleHead"
		}
		msg := strings.ReplaceAll(err.Error(), "manifest.SimpleHead", helmType)
		return nil, &HeadError{msg: "error unmarshaling JSON: while decoding JSON: " + msg}
	}
	h := &Head{APIVersion: sh.Version, Kind: sh.Kind}
	if sh.Metadata != nil {
		h.Metadata = &Metadata{Name: sh.Metadata.Name, Annotations: sh.Metadata.Annotations}
	}
	h.Namespace, h.Labels = namespaceAndLabels(v)
	return h, nil
}

// namespaceAndLabels reads metadata.namespace and metadata.labels from a
// decoded document (after stringify, so scalar values bound for strings
// are strings), with exact key matches as Kubernetes reads them.
func namespaceAndLabels(v any) (string, map[string]string) {
	doc, _ := v.(map[string]any)
	meta, _ := doc["metadata"].(map[string]any)
	if meta == nil {
		return "", nil
	}
	ns, _ := stringify(meta["namespace"], targetString).(string)
	raw, _ := meta["labels"].(map[string]any)
	if len(raw) == 0 {
		return ns, nil
	}
	labels := make(map[string]string, len(raw))
	for k, e := range raw {
		if s, ok := stringify(e, targetString).(string); ok {
			labels[k] = s
		}
	}
	return ns, labels
}

// HeadError is a document head that does not decode into Helm's SimpleHead.
type HeadError struct{ msg string }

func (e *HeadError) Error() string { return e.msg }

// target says what Go value a YAML node is bound for, as sigs.k8s.io/yaml
// tracks it during its YAML-to-JSON conversion.
type target int

const (
	targetNone target = iota
	targetHead
	targetMetadata
	targetString
	targetStringMap
)

// fieldTarget finds the field of a struct target that a JSON key binds to:
// an exact match, else a case-insensitive one, as encoding/json does.
func fieldTarget(t target, key string) target {
	var fields []struct {
		name string
		t    target
	}
	switch t {
	case targetHead:
		fields = []struct {
			name string
			t    target
		}{{"apiVersion", targetString}, {"kind", targetString}, {"metadata", targetMetadata}}
	case targetMetadata:
		fields = []struct {
			name string
			t    target
		}{{"name", targetString}, {"annotations", targetStringMap}}
	default:
		return targetNone
	}
	for _, f := range fields {
		if f.name == key {
			return f.t
		}
	}
	for _, f := range fields {
		if strings.EqualFold(f.name, key) {
			return f.t
		}
	}
	return targetNone
}

// stringify returns a copy of v in which numbers and booleans bound for
// string fields are strings, as sigs.k8s.io/yaml converts them. The input
// is not modified.
func stringify(v any, t target) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			switch t {
			case targetHead, targetMetadata:
				out[k] = stringify(e, fieldTarget(t, k))
			case targetStringMap:
				out[k] = stringify(e, targetString)
			default:
				out[k] = e
			}
		}
		return out
	case []any:
		// Slices only hold strings in Helm's head when the target is a
		// slice, which SimpleHead has none of.
		return x
	}
	if t != targetString {
		return v
	}
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 32)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case uint64:
		return strconv.FormatUint(x, 10)
	}
	return v
}

// headFields returns the part of a decoded document that decoding into a
// SimpleHead can look at: the top-level keys that match apiVersion, kind or
// metadata case-insensitively (as encoding/json matches them). Anything else
// is ignored by encoding/json, so leaving it out changes no result.
func headFields(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, 3)
	for k, e := range m {
		if strings.EqualFold(k, "apiVersion") || strings.EqualFold(k, "kind") || strings.EqualFold(k, "metadata") {
			out[k] = e
		}
	}
	return out
}

// checkFinite reports the error encoding/json gives for a NaN or infinite
// number anywhere in v.
func checkFinite(v any) error {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if err := checkFinite(e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkFinite(e); err != nil {
				return err
			}
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return &HeadError{msg: "error converting YAML to JSON: json: unsupported value: " + strconv.FormatFloat(x, 'g', -1, 64)}
		}
	}
	return nil
}
