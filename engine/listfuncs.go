package engine

import (
	"hash/maphash"
	"math"
	"reflect"
	"sort"
	"text/template"
)

// uniq, without and has compare elements with reflect.DeepEqual, as
// sprig's do, but find equal elements through a hash of each element's
// contents instead of comparing every pair, so that long lists take linear
// time. Results, their order and the errors of unsupported arguments are
// sprig's.

func (w *worker) listFuncs(base template.FuncMap) template.FuncMap {
	out := template.FuncMap{}
	if f, ok := base["uniq"].(func(any) []any); ok {
		out["uniq"] = func(l any) []any {
			if !isList(l) {
				return f(l)
			}
			refuse(w.checkValues("uniq", l))
			return uniqList(l)
		}
	}
	if f, ok := base["mustUniq"].(func(any) ([]any, error)); ok {
		out["mustUniq"] = func(l any) ([]any, error) {
			if !isList(l) {
				return f(l)
			}
			if err := w.checkValues("mustUniq", l); err != nil {
				return nil, err
			}
			return uniqList(l), nil
		}
	}
	if f, ok := base["without"].(func(any, ...any) []any); ok {
		out["without"] = func(l any, omit ...any) []any {
			if !isList(l) {
				return f(l, omit...)
			}
			refuse(w.checkValues("without", l, omit))
			return withoutList(l, omit)
		}
	}
	if f, ok := base["mustWithout"].(func(any, ...any) ([]any, error)); ok {
		out["mustWithout"] = func(l any, omit ...any) ([]any, error) {
			if !isList(l) {
				return f(l, omit...)
			}
			if err := w.checkValues("mustWithout", l, omit); err != nil {
				return nil, err
			}
			return withoutList(l, omit), nil
		}
	}
	for _, name := range []string{"has", "mustHas"} {
		switch f := base[name].(type) {
		case func(any, any) bool:
			out[name] = func(needle, l any) bool {
				refuse(w.checkValues(name, needle, l))
				return f(needle, l)
			}
		case func(any, any) (bool, error):
			out[name] = func(needle, l any) (bool, error) {
				if err := w.checkValues(name, needle, l); err != nil {
					return false, err
				}
				return f(needle, l)
			}
		}
	}
	return out
}

func isList(l any) bool {
	if l == nil {
		return false
	}
	k := reflect.TypeOf(l).Kind()
	return k == reflect.Slice || k == reflect.Array
}

func items(l any) []any {
	if s, ok := l.([]any); ok {
		return s
	}
	v := reflect.ValueOf(l)
	out := make([]any, v.Len())
	for i := range out {
		out[i] = v.Index(i).Interface()
	}
	return out
}

// valueSet finds values equal (reflect.DeepEqual) to those added to it.
type valueSet struct {
	seed    maphash.Seed
	buckets map[uint64][]any
}

func newValueSet() *valueSet {
	return &valueSet{seed: maphash.MakeSeed(), buckets: map[uint64][]any{}}
}

func (s *valueSet) has(v any) (uint64, bool) {
	var h maphash.Hash
	h.SetSeed(s.seed)
	hashValue(&h, reflect.ValueOf(v), 0)
	k := h.Sum64()
	for _, e := range s.buckets[k] {
		if reflect.DeepEqual(v, e) {
			return k, true
		}
	}
	return k, false
}

func (s *valueSet) add(k uint64, v any) { s.buckets[k] = append(s.buckets[k], v) }

func uniqList(l any) []any {
	dest := []any{}
	s := newValueSet()
	for _, v := range items(l) {
		if k, ok := s.has(v); !ok {
			s.add(k, v)
			dest = append(dest, v)
		}
	}
	return dest
}

func withoutList(l any, omit []any) []any {
	s := newValueSet()
	for _, v := range omit {
		if k, ok := s.has(v); !ok {
			s.add(k, v)
		}
	}
	res := []any{}
	for _, v := range items(l) {
		if _, ok := s.has(v); !ok {
			res = append(res, v)
		}
	}
	return res
}

// hashValue hashes v so that values reflect.DeepEqual considers equal hash
// the same. Values it cannot see into (functions, channels, pointers past
// a small depth) hash by type only; equal hashes are always confirmed with
// reflect.DeepEqual.
func hashValue(h *maphash.Hash, v reflect.Value, depth int) {
	if !v.IsValid() {
		h.WriteByte(0)
		return
	}
	h.WriteString(v.Type().String())
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		h.WriteString(v.String())
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		maphash.WriteComparable(h, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		maphash.WriteComparable(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if f == 0 {
			f = 0 // +0 and -0 are equal
		}
		if !math.IsNaN(f) {
			maphash.WriteComparable(h, f)
		}
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			hashValue(h, v.Elem(), depth+1)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			h.WriteByte(2)
			return
		}
		n := v.Len()
		maphash.WriteComparable(h, n)
		for i := 0; i < n && i < 64; i++ {
			hashValue(h, v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			h.WriteByte(2)
			return
		}
		maphash.WriteComparable(h, v.Len())
		// Only the keys, in order: values may be large.
		if v.Type().Key().Kind() == reflect.String && v.Len() <= 64 {
			keys := make([]string, 0, v.Len())
			for _, k := range v.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			for _, k := range keys {
				h.WriteString(k)
				hashValue(h, v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())), depth+1)
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			hashValue(h, v.Field(i), depth+1)
		}
	}
}
