package coalesce

import (
	"fmt"

	"github.com/chartrender/chartrender/warning"
)

// Tables merges src into dst in place and returns dst; dst wins (Helm's
// CoalesceTables, or MergeTables when opts.Merge is set). Like Helm it also
// writes into src (a null in dst is copied into src) and may make dst share
// subtrees of src, so both maps must be owned by the caller. If src is nil,
// dst is returned; if dst is nil, src is.
//
// In coalesce mode a null in dst deletes the key when src has a non-null
// value there (the user removes a default); in merge mode nulls are kept.
func Tables(dst, src map[string]any, opts Options) map[string]any {
	return tables(dst, src, "", opts.Merge, &opts)
}

func tables(dst, src map[string]any, prefix string, merge bool, o *Options) map[string]any {
	if src == nil {
		return dst
	}
	if dst == nil {
		return src
	}
	// Remember which src keys were non-null before nulls from dst are
	// written into src, to tell "user nulls a default" from "both null".
	var srcNonNil map[string]bool
	if !merge {
		srcNonNil = make(map[string]bool, len(src))
		for k, v := range src {
			if v != nil {
				srcNonNil[k] = true
			}
		}
	}
	for k, v := range dst {
		if v == nil {
			src[k] = nil
		}
	}
	for k, val := range src {
		if o.stop() {
			return dst
		}
		dv, ok := dst[k]
		switch {
		case ok && !merge && dv == nil && srcNonNil[k]:
			delete(dst, k)
		case !ok:
			dst[k] = val
		case isTable(val):
			if dt, ok := dv.(map[string]any); ok {
				tables(dt, val.(map[string]any), concatPrefix(prefix, k), merge, o)
			} else {
				o.warn(warning.Warning{Kind: warning.TableOverwrite, Path: concatPrefix(prefix, k), Value: fmt.Sprint(val)})
			}
		case isTable(dv) && val != nil:
			o.warn(warning.Warning{Kind: warning.NonTableIgnored, Path: concatPrefix(prefix, k), Value: fmt.Sprint(val)})
		}
	}
	return dst
}

// DeepCopy returns a deep copy of v: maps and lists are copied at every
// level, scalars are shared. A nil map stays nil.
func DeepCopy(v map[string]any) map[string]any { return deepCopy(v, nil) }

// deepCopy is DeepCopy that stops early (with a partial copy) when o says
// so; o may be nil.
func deepCopy(v map[string]any, o *Options) map[string]any {
	if v == nil {
		return nil
	}
	out := make(map[string]any, len(v))
	for k, x := range v {
		if o.stop() {
			return out
		}
		out[k] = deepCopyValue(x, o)
	}
	return out
}

func deepCopyValue(v any, o *Options) any {
	switch x := v.(type) {
	case map[string]any:
		return deepCopy(x, o)
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x), cap(x))
		for i, e := range x {
			if o.stop() {
				return out
			}
			out[i] = deepCopyValue(e, o)
		}
		return out
	default:
		return v
	}
}
