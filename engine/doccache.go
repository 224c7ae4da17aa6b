package engine

import (
	"sync"
	"sync/atomic"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// Bounds of the fromYaml cache: strings longer than maxDocBytes are decoded
// on every call; the cache is emptied when it holds maxDocEntries strings
// or maxDocTotal bytes of them.
const (
	maxDocBytes   = 1 << 16
	maxDocEntries = 1 << 12
	maxDocTotal   = 1 << 23
)

// docCache remembers what fromYaml and fromYamlArray decoded. Charts call
// them again and again on the same few strings (Bitnami's common library
// decodes the same rendered values in every template). Templates may
// modify what the functions return, so every call gets its own copy of
// the cached value, which is never handed out itself.
type docCache struct {
	m     sync.Map // docKey -> docEntry
	n     atomic.Int64
	bytes atomic.Int64
}

type docKey struct {
	text  string
	slice bool
}

type docEntry struct {
	v   any
	err error
}

// decode returns a fresh copy of yamlx.UnmarshalSlice(s) (slice) or
// yamlx.UnmarshalMap(s), from the cache when s was decoded before.
func (c *docCache) decode(s string, slice bool) (any, error) {
	k := docKey{s, slice}
	if v, ok := c.m.Load(k); ok {
		ent := v.(docEntry)
		return copyJSON(ent.v), ent.err
	}
	var ent docEntry
	if slice {
		a, err := yamlx.UnmarshalSlice([]byte(s))
		ent = docEntry{a, err}
		if a == nil {
			ent.v = nil
		}
	} else {
		m, err := yamlx.UnmarshalMap([]byte(s))
		ent = docEntry{m, err}
		if m == nil {
			ent.v = nil
		}
	}
	if len(s) <= maxDocBytes {
		if c.n.Add(1) > maxDocEntries || c.bytes.Add(int64(len(s))) > maxDocTotal {
			c.m.Clear()
			c.n.Store(1)
			c.bytes.Store(int64(len(s)))
		}
		c.m.Store(k, ent)
	}
	return copyJSON(ent.v), ent.err
}

// copyJSON copies a decoded document (maps, lists and scalars of the JSON
// data model) so that no map or list is shared with v.
func copyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyJSON(e)
		}
		return m
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = copyJSON(e)
		}
		return a
	}
	return v
}
