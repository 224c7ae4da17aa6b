package chartrender

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// objectCache holds a Manifest's decoded document.
type objectCache struct {
	once sync.Once
	obj  map[string]any
	err  error
}

// Object returns the document decoded as Kubernetes tools read it (the
// YAML-to-JSON conversion of sigs.k8s.io/yaml): maps are map[string]any,
// sequences []any, numbers float64, and the rest string, bool or nil. An
// empty document gives an empty map.
//
// The document is decoded on the first call and the same map is returned
// afterwards, also to copies of the Manifest; it is safe to call from
// several goroutines. The map is shared: callers must not modify it (use
// [Manifest.Decode] for a private copy).
func (m *Manifest) Object() (map[string]any, error) {
	if m.obj == nil {
		return m.decodeObject()
	}
	m.obj.once.Do(func() { m.obj.obj, m.obj.err = m.decodeObject() })
	return m.obj.obj, m.obj.err
}

func (m *Manifest) decodeObject() (map[string]any, error) {
	obj, err := yamlx.UnmarshalMap([]byte(m.Content))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.Source, err)
	}
	return obj, nil
}

// Decode stores the document in the value into points to, through its
// encoding/json tags, as sigs.k8s.io/yaml.Unmarshal does: a caller's own
// Kubernetes types (appsv1.Deployment, ...) work without chartrender
// importing them. Integers keep their exact value.
func (m *Manifest) Decode(into any) error {
	v, err := yamlx.Decode([]byte(m.Content))
	if err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w", m.Source, err)
	}
	return nil
}

// Get returns the first document, among the manifests and then the hooks,
// with the given kind and metadata.name, or nil.
func (r *Result) Get(kind, name string) *Manifest {
	for i := range r.Manifests {
		if m := &r.Manifests[i]; m.Kind == kind && m.Name == name {
			return m
		}
	}
	for i := range r.Hooks {
		if m := &r.Hooks[i].Manifest; m.Kind == kind && m.Name == name {
			return m
		}
	}
	return nil
}

// ByKind returns the documents of one kind, manifests first and then
// hooks, in output order.
func (r *Result) ByKind(kind string) []*Manifest {
	var out []*Manifest
	for i := range r.Manifests {
		if m := &r.Manifests[i]; m.Kind == kind {
			out = append(out, m)
		}
	}
	for i := range r.Hooks {
		if m := &r.Hooks[i].Manifest; m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}
