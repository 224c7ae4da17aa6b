package engine

import (
	"reflect"

	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

// deepCopyTop copies the top-level render values for exact mode, where
// templates may modify them: Values, Release and Chart are copied deeply
// (maps and lists; a map reached twice is copied once, so aliasing is
// kept), Capabilities is copied as a struct.
func deepCopyTop(top map[string]any) map[string]any {
	memo := map[uintptr]any{}
	out := make(map[string]any, len(top))
	for k, v := range top {
		switch k {
		case "Capabilities":
			out[k] = copyStructPointer(v)
		default:
			out[k] = deepCopy(v, memo)
		}
	}
	return out
}

// deepCopy copies the maps and lists of the JSON data model (and the
// engine's named map types) in v; other values are shared.
func deepCopy(v any, memo map[uintptr]any) any {
	switch x := v.(type) {
	case map[string]any:
		if x == nil {
			return x
		}
		return copyMap(x, memo)
	case common.Values:
		if x == nil {
			return x
		}
		return common.Values(copyMap(x, memo))
	case chartutil.Values:
		if x == nil {
			return x
		}
		return chartutil.Values(copyMap(x, memo))
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e, memo)
		}
		return out
	}
	return v
}

func copyMap(m map[string]any, memo map[uintptr]any) map[string]any {
	p := reflect.ValueOf(m).Pointer()
	if c, ok := memo[p]; ok {
		return c.(map[string]any)
	}
	out := make(map[string]any, len(m))
	memo[p] = out
	for k, v := range m {
		out[k] = deepCopy(v, memo)
	}
	return out
}

// copyStructPointer returns a pointer to a copy of *v when v points to a
// struct, so that nothing a template does reaches the caller's struct.
func copyStructPointer(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return v
	}
	cp := reflect.New(rv.Elem().Type())
	cp.Elem().Set(rv.Elem())
	return cp.Interface()
}
