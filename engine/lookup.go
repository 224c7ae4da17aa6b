package engine

import (
	"github.com/chartrender/chartrender/internal/coalesce"
)

// ObjectLookup returns a LookupFunc that finds objects among the given
// Kubernetes objects (each a map as decoded from YAML or JSON, with
// apiVersion, kind and metadata), so that templates using lookup can be
// rendered, and tested, as if those objects were in a cluster.
//
// As with Helm against a cluster, a lookup with a name returns the object
// with that apiVersion, kind, namespace (metadata.namespace, "" for
// cluster-scoped objects) and name, or an empty map; a lookup with an empty
// name returns a list object {apiVersion, kind: <kind>List, metadata, items}
// holding every match (every namespace when namespace is ""). Each call
// returns fresh copies, so templates cannot change the objects given.
func ObjectLookup(objects ...map[string]any) LookupFunc {
	return func(apiVersion, kind, namespace, name string) (map[string]any, error) {
		var items []any
		for _, o := range objects {
			if str(o["apiVersion"]) != apiVersion || str(o["kind"]) != kind {
				continue
			}
			md, _ := o["metadata"].(map[string]any)
			ns, n := str(md["namespace"]), str(md["name"])
			if name != "" {
				if ns == namespace && n == name {
					return coalesce.DeepCopy(o), nil
				}
				continue
			}
			if namespace == "" || ns == namespace {
				items = append(items, coalesce.DeepCopy(o))
			}
		}
		if name != "" {
			return map[string]any{}, nil
		}
		if items == nil {
			items = []any{}
		}
		return map[string]any{
			"apiVersion": apiVersion,
			"kind":       kind + "List",
			"metadata":   map[string]any{},
			"items":      items,
		}, nil
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
