package coalesce

import "github.com/chartrender/chartrender/warning"

// Values coalesces the values of chart c and all of its subcharts with the
// user-supplied values (Helm's CoalesceValues, or MergeValues when
// opts.Merge is set). user and the charts' default values are not modified;
// the result is a new tree. Subtrees of the result may be shared with each
// other (Helm's global-table quirk), but never with the inputs.
//
// On error the partially coalesced tree is returned with it, as Helm does.
func Values[T any](t Tree[T], c T, user map[string]any, opts Options) (map[string]any, error) {
	if opts.Ctx != nil {
		if err := opts.Ctx.Err(); err != nil {
			return nil, err
		}
	}
	dest := deepCopy(user, &opts)
	if dest == nil {
		dest = map[string]any{}
	}
	dest, err := coalesce(t, c, dest, "", &opts)
	if opts.err != nil {
		return dest, opts.err
	}
	return dest, err
}

// coalesce fills dest (owned) with the values of c and its subcharts; dest
// wins over the chart defaults.
func coalesce[T any](t Tree[T], c T, dest map[string]any, prefix string, o *Options) (map[string]any, error) {
	coalesceValues(t, c, dest, prefix, o)
	return coalesceDeps(t, c, dest, prefix, o)
}

// coalesceDeps coalesces each subchart's values into dest[<subchart name>].
func coalesceDeps[T any](t Tree[T], c T, dest map[string]any, prefix string, o *Options) (map[string]any, error) {
	for _, sub := range t.Deps(c) {
		if o.stop() {
			return dest, o.err
		}
		name := t.Name(sub)
		cur, ok := dest[name]
		if !ok {
			cur = map[string]any{}
			dest[name] = cur
		} else if !isTable(cur) {
			return dest, &TypeMismatchError{Key: name, Value: cur}
		}
		dv := cur.(map[string]any)
		subPrefix := concatPrefix(prefix, t.Name(c))
		coalesceGlobals(dv, dest, subPrefix, o)
		res, err := coalesce(t, sub, dv, subPrefix, o)
		dest[name] = res
		if err != nil {
			return dest, err
		}
	}
	return dest, nil
}

// coalesceGlobals copies the parent's globals (src) into the subchart's
// values (dest). Tables are copied one level deep only, so deeper tables end
// up shared between parent and child, exactly as in Helm.
func coalesceGlobals(dest, src map[string]any, prefix string, o *Options) {
	var dg, sg map[string]any
	if g, ok := dest[GlobalKey]; !ok {
		dg = map[string]any{}
	} else if dg, ok = g.(map[string]any); !ok {
		o.warn(warning.Warning{Kind: warning.GlobalsNotTable, Path: GlobalKey, Detail: "destination"})
		return
	}
	if g, ok := src[GlobalKey]; !ok {
		sg = map[string]any{}
	} else if sg, ok = g.(map[string]any); !ok {
		o.warn(warning.Warning{Kind: warning.GlobalsNotTable, Path: GlobalKey, Detail: "source"})
		return
	}
	for key, val := range sg {
		if srcTable, ok := val.(map[string]any); ok {
			vv := shallowCopy(srcTable)
			destv, ok := dg[key]
			if !ok {
				dg[key] = vv
				continue
			}
			destTable, ok := destv.(map[string]any)
			if !ok {
				o.warn(warning.Warning{Kind: warning.GlobalConflict, Path: key})
				continue
			}
			// The parent's table wins; always merge mode here (the result
			// is coalesced again afterwards).
			tables(vv, destTable, concatPrefix(prefix, key), true, o)
			dg[key] = vv
		} else if dv, ok := dg[key]; ok && isTable(dv) {
			o.warn(warning.Warning{Kind: warning.GlobalIsTable, Path: key})
		} else {
			dg[key] = val
		}
	}
	dest[GlobalKey] = dg
}

// coalesceValues merges a deep copy of c's default values into v (owned);
// v wins.
func coalesceValues[T any](t Tree[T], c T, v map[string]any, prefix string, o *Options) {
	subPrefix := concatPrefix(prefix, t.Name(c))
	defaults := deepCopy(t.Values(c), o)
	clean := !o.Merge && !o.Helm3
	for key, val := range defaults {
		if o.stop() {
			return
		}
		value, ok := v[key]
		if !ok {
			if clean {
				if val == nil {
					continue
				}
				if sub, ok := val.(map[string]any); ok {
					cleanNil(sub)
				}
			}
			v[key] = val
			continue
		}
		if value == nil && !o.Merge {
			// A user null deletes the key and blocks the default.
			delete(v, key)
			continue
		}
		dest, ok := value.(map[string]any)
		if !ok {
			continue
		}
		src, ok := val.(map[string]any)
		if !ok {
			if val != nil {
				o.warn(warning.Warning{Kind: warning.DefaultNotTable, Path: subPrefix + "." + key})
			}
			continue
		}
		merge := o.Merge || isSubchart(t, c, key)
		if !merge && !o.Helm3 {
			cleanNil(src)
		}
		tables(dest, src, concatPrefix(subPrefix, key), merge, o)
	}
}

func isSubchart[T any](t Tree[T], c T, key string) bool {
	for _, sub := range t.Deps(c) {
		if t.Name(sub) == key {
			return true
		}
	}
	return false
}

// cleanNil deletes null entries from m and its nested tables, in place.
func cleanNil(m map[string]any) {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		} else if sub, ok := v.(map[string]any); ok {
			cleanNil(sub)
		}
	}
}

func shallowCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
