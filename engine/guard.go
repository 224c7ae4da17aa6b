package engine

import (
	"errors"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/Masterminds/sprig/v3"

	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

// The functions that modify a map argument. In guarded (parallel) mode a
// worker refuses to modify a map that other templates can see, and the
// render starts over in exact mode, which reproduces Helm's sequential
// semantics. Within the rules, they behave exactly as sprig's.
type sprigMapFuncs struct {
	set            func(map[string]any, string, any) map[string]any
	unset          func(map[string]any, string) map[string]any
	merge          func(map[string]any, ...map[string]any) any
	mergeOverwrite func(map[string]any, ...map[string]any) any
	mustMerge      func(map[string]any, ...map[string]any) (any, error)
	mustMergeOver  func(map[string]any, ...map[string]any) (any, error)
	dict           func(...any) map[string]any
}

// sprigMaps takes sprig's map functions from its function map the first
// time a template modifies a map, not when the program starts.
var sprigMaps = sync.OnceValue(func() sprigMapFuncs {
	fm := sprig.TxtFuncMap()
	return sprigMapFuncs{
		set:            fm["set"].(func(map[string]any, string, any) map[string]any),
		unset:          fm["unset"].(func(map[string]any, string) map[string]any),
		merge:          fm["merge"].(func(map[string]any, ...map[string]any) any),
		mergeOverwrite: fm["mergeOverwrite"].(func(map[string]any, ...map[string]any) any),
		mustMerge:      fm["mustMerge"].(func(map[string]any, ...map[string]any) (any, error)),
		mustMergeOver:  fm["mustMergeOverwrite"].(func(map[string]any, ...map[string]any) (any, error)),
		dict:           fm["dict"].(func(...any) map[string]any),
	}
})

func (w *worker) refuse() error {
	w.r.needExact.Store(true)
	return errNeedExact
}

func (w *worker) setKey(d map[string]any, key string, value any) (map[string]any, error) {
	if w.r.guarded && (w.isShared(reflect.ValueOf(d)) || w.pinnedMap(mapPointer(d))) {
		return nil, w.refuse()
	}
	w.memoMutate(d, false)
	if w.r.e.unguarded {
		return sprigMaps().set(d, key, value), nil
	}
	if err := w.charge(entryBytes); err != nil {
		return nil, err
	}
	if err := w.nest(value); err != nil {
		return nil, err
	}
	if err := w.checkValues("set", value); err != nil {
		return nil, err
	}
	if d != nil && reaches(value, reflect.ValueOf(d).Pointer()) {
		return nil, &LimitError{Func: "set", Err: ErrCycle, Mutates: true}
	}
	w.g.reset()
	return sprigMaps().set(d, key, value), nil
}

func (w *worker) unsetKey(d map[string]any, key string) (map[string]any, error) {
	if w.r.guarded && (w.isShared(reflect.ValueOf(d)) || w.pinnedMap(mapPointer(d))) {
		return nil, w.refuse()
	}
	w.memoMutate(d, false)
	w.g.reset()
	return sprigMaps().unset(d, key), nil
}

// mergeStep merges the sources one by one, checking before each that the
// merge will write only into maps no other template can see.
func (w *worker) mergeStep(dst map[string]any, srcs []map[string]any,
	one func(map[string]any, ...map[string]any) (any, error)) (any, error) {
	w.memoMutate(dst, true)
	check := !w.r.e.unguarded
	// deep: a source holds a map or a list that is not empty, which the
	// merge may put into dst (see scalarSources).
	deep := false
	if check {
		if err := w.nest(srcs); err != nil {
			return nil, err
		}
		// mergo recurses where both sides hold maps, following the
		// sources: a source that contains itself or nests too deeply would
		// overflow the stack. dst was checked when it was built or merged
		// into (no template function can make a value contain itself).
		if deep = !scalarSources(srcs, w.r.e.lim.maxValue/2); deep {
			for _, src := range srcs {
				if err := w.checkValues(w.mergeName, src); err != nil {
					return nil, err
				}
			}
		}
		w.g.reset()
	}
	if !w.r.guarded {
		res, err := one(dst, srcs...)
		if err == nil && deep {
			err = w.checkMerged(dst)
		}
		return res, err
	}
	var res any = dst
	for _, src := range srcs {
		if w.mergeTouchesShared(reflect.ValueOf(dst), reflect.ValueOf(src)) {
			return nil, w.refuse()
		}
		v, err := one(dst, src)
		if err == nil && deep {
			err = w.checkMerged(dst)
		}
		if err != nil {
			return v, err
		}
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil // sprig's "" after a failed merge
		}
		dst, res = m, m
	}
	return res, nil
}

// scalarSources reports whether every value of every source is a scalar
// or an empty list, and the sources hold fewer than maxVis values in all
// (0: no limit). Merged into dst, such sources only set keys of dst itself
// to values that hold nothing, so dst cannot come to contain itself or
// nest deeper than before: neither they nor the merged dst need a walk.
// An empty map does not count: it may be dst itself.
func scalarSources(srcs []map[string]any, maxVis int64) bool {
	var n int64
	for _, src := range srcs {
		if n += int64(len(src)) + 1; maxVis > 0 && n >= maxVis {
			return false
		}
		for _, v := range src {
			if _, isMap := v.(map[string]any); isMap || !flatValue(v) {
				return false
			}
		}
	}
	return true
}

// checkMerged refuses a merge that made dst contain itself.
func (w *worker) checkMerged(dst map[string]any) error {
	err := w.checkValues(w.mergeName, dst)
	if err != nil {
		// Declared here: errors.As takes its address, which moves it to
		// the heap, an allocation a merge that passes need not make.
		var le *LimitError
		if errors.As(err, &le) && le.Err == ErrCycle {
			le.Mutates = true
		}
	}
	return err
}

func noErr(f func(map[string]any, ...map[string]any) any) func(map[string]any, ...map[string]any) (any, error) {
	return func(d map[string]any, s ...map[string]any) (any, error) { return f(d, s...), nil }
}

func (w *worker) merge(dst map[string]any, srcs ...map[string]any) (any, error) {
	w.mergeName = "merge"
	return w.mergeStep(dst, srcs, noErr(sprigMaps().merge))
}

func (w *worker) mergeOverwrite(dst map[string]any, srcs ...map[string]any) (any, error) {
	w.mergeName = "mergeOverwrite"
	return w.mergeStep(dst, srcs, noErr(sprigMaps().mergeOverwrite))
}

func (w *worker) mustMerge(dst map[string]any, srcs ...map[string]any) (any, error) {
	w.mergeName = "mustMerge"
	return w.mergeStep(dst, srcs, sprigMaps().mustMerge)
}

func (w *worker) mustMergeOverwrite(dst map[string]any, srcs ...map[string]any) (any, error) {
	w.mergeName = "mustMergeOverwrite"
	return w.mergeStep(dst, srcs, sprigMaps().mustMergeOver)
}

// mergeTouchesShared reports whether merging src into dst (with mergo, as
// sprig does) could write into a shared map: dst itself when src has keys,
// and recursively every map of dst that mergo descends into because src
// has a map under the same key. Pointers and structs are treated as shared.
func (w *worker) mergeTouchesShared(dst, src reflect.Value) bool {
	dst, src = elem(dst), elem(src)
	if src.Kind() != reflect.Map || src.Len() == 0 || dst.Kind() != reflect.Map || dst.IsNil() {
		return dst.Kind() == reflect.Pointer || dst.Kind() == reflect.Struct
	}
	if w.isShared(dst) || w.pinnedMap(dst.Pointer()) {
		return true
	}
	it := src.MapRange()
	for it.Next() {
		sv := elem(it.Value())
		switch sv.Kind() {
		case reflect.Map, reflect.Pointer, reflect.Struct:
		default:
			continue
		}
		if !it.Key().Type().AssignableTo(dst.Type().Key()) {
			continue
		}
		dv := elem(dst.MapIndex(it.Key()))
		switch dv.Kind() {
		case reflect.Map:
			if w.mergeTouchesShared(dv, sv) {
				return true
			}
		case reflect.Pointer, reflect.Struct:
			return true
		}
	}
	return false
}

func elem(v reflect.Value) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	return v
}

// isShared reports whether the map m may be seen by other template files:
// it is reachable from a scope object, or it is the scope copy of the file
// being executed or one of the subchart scope views made for it.
func (w *worker) isShared(m reflect.Value) bool {
	if m.Kind() != reflect.Map || m.IsNil() {
		return false
	}
	p := m.Pointer()
	if slices.Contains(w.cur, p) {
		return true
	}
	r := w.r
	if !r.sharedAsked.Load() {
		r.sharedAsked.Store(true)
	}
	r.sharedOnce.Do(func() {
		t := newRootTable(0)
		for _, s := range r.scopes {
			collectMaps(reflect.ValueOf(s), t)
		}
		r.shared = t
	})
	if r.guarded {
		w.g.shared = r.shared // built: the guard's memo may keep their walks
	}
	return r.shared.has(p)
}

// collectMaps adds the address of every map reachable from v to seen. It
// does not enter a map already in seen: every map reachable from one in
// seen is in seen too (rootSizer keeps to that as well).
func collectMaps(v reflect.Value, seen *rootTable) {
	switch x := v.Interface().(type) {
	case map[string]any:
		collectPlain(x, seen)
		return
	case common.Values:
		collectPlain(x, seen)
		return
	case chartutil.Values:
		collectPlain(x, seen)
		return
	case []any:
		for _, e := range x {
			collectAny(e, seen)
		}
		return
	case string, bool, float64, int64, int, nil, files, []byte, []string:
		return
	}
	v = elem(v)
	switch v.Kind() {
	case reflect.Map:
		if v.IsNil() {
			return
		}
		if !seen.add(v.Pointer(), -1) {
			return
		}
		it := v.MapRange()
		for it.Next() {
			if it.Value().CanInterface() {
				collectMaps(it.Value(), seen)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if v.Index(i).CanInterface() {
				collectMaps(v.Index(i), seen)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() && v.Elem().CanInterface() {
			collectMaps(v.Elem(), seen)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanInterface() {
				collectMaps(v.Field(i), seen)
			}
		}
	}
}

func collectAny(v any, seen *rootTable) {
	switch x := v.(type) {
	case string, bool, float64, int64, int, nil:
		return
	case map[string]any:
		collectPlain(x, seen)
		return
	}
	collectMaps(reflect.ValueOf(v), seen)
}

func collectPlain(m map[string]any, seen *rootTable) {
	if m == nil || !seen.add(reflect.ValueOf(m).Pointer(), -1) {
		return
	}
	for _, v := range m {
		collectAny(v, seen)
	}
}

// reaches reports whether the map at address target can be reached from v
// through maps and lists, so that storing v in that map would make it
// contain itself.
func reaches(v any, target uintptr) bool {
	var seen map[uintptr]bool
	// Lists already walked, by their first element and length: a list
	// shared many times over (list $l $l, doubled) is walked once.
	var seenLists map[[2]uintptr]bool
	var walk func(v any) bool
	walk = func(v any) bool {
		var m map[string]any
		switch x := v.(type) {
		case map[string]any:
			m = x
		case common.Values:
			m = x
		case chartutil.Values:
			m = x
		case []any:
			if len(x) == 0 {
				return false
			}
			k := [2]uintptr{uintptr(unsafe.Pointer(unsafe.SliceData(x))), uintptr(len(x))}
			if seenLists[k] {
				return false
			}
			if seenLists == nil {
				seenLists = map[[2]uintptr]bool{}
			}
			seenLists[k] = true
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
			return false
		default:
			return false
		}
		if m == nil {
			return false
		}
		p := reflect.ValueOf(m).Pointer()
		if p == target {
			return true
		}
		if seen[p] {
			return false
		}
		if seen == nil {
			seen = map[uintptr]bool{}
		}
		seen[p] = true
		for _, e := range m {
			if walk(e) {
				return true
			}
		}
		return false
	}
	return walk(v)
}

// rootSizer is treeSize for root data that also collects the maps it
// walks into shared, for isShared, and walks a map met again (values share
// parts: a chart's globals are in each of its subcharts' values) only
// once. A map goes into shared only once every map it reaches is in it, so
// that a walk that stops early leaves shared as collectMaps expects it.
type rootSizer struct {
	shared *rootTable // with the measures of the maps walked whole
	max    int        // depth limit
	visits *int64     // values left to walk
}

type sizeHeight struct {
	size   int64
	height int
}

// size returns treeSize(v, depth, ...) and the height of v. The scalars
// of a map or list are measured in its loop, without a call each.
func (z *rootSizer) size(v any, depth int) (int64, int, bool) {
	if *z.visits--; *z.visits < 0 || depth > z.max {
		return 0, 0, false
	}
	// Mostly maps and lists: the loops measure their scalars.
	if l, ok := v.([]any); ok {
		return z.list(l, depth)
	}
	m, ok := asPlainMap(v)
	if !ok {
		n, ok := scalarTreeSize(v)
		return n, 0, ok
	}
	if m == nil {
		return 5, 0, true
	}
	p := mapPointer(m)
	if len(m) == 0 {
		// Shared all the same: a template must not set a key in it.
		z.shared.add(p, -1)
		return 5, 0, true
	}
	// Every entry lies one level down.
	if depth+1 > z.max {
		return 0, 0, false
	}
	if i := z.shared.find(p); i >= 0 {
		s := z.shared.recs[i]
		if depth+s.height > z.max {
			return 0, 0, false
		}
		return s.size, s.height, true
	}
	n, h := int64(5), 1
	for k, e := range m {
		n += int64(len(k)) + 4
		if sz, ok := scalarTreeSize(e); ok {
			if *z.visits--; *z.visits < 0 {
				return 0, 0, false
			}
			n += sz
			continue
		}
		sz, eh, ok := z.size(e, depth+1)
		if !ok {
			return 0, 0, false
		}
		// Capped as shapes are: a map held twice at each of many levels
		// is measured once per level, and its size doubles each time.
		n = min(n+sz, shapeMax)
		h = max(h, eh+1)
	}
	z.shared.measured(p, sizeHeight{n, h})
	return n, h, true
}

// list is size for a list of depth depth, which size has counted.
func (z *rootSizer) list(l []any, depth int) (int64, int, bool) {
	n, h := int64(2), 0
	if len(l) == 0 {
		return n, h, true
	}
	if depth+1 > z.max {
		return 0, 0, false
	}
	h = 1
	for _, e := range l {
		if sz, ok := scalarTreeSize(e); ok {
			if *z.visits--; *z.visits < 0 {
				return 0, 0, false
			}
			n += sz + 2
			continue
		}
		sz, eh, ok := z.size(e, depth+1)
		if !ok {
			return 0, 0, false
		}
		n = min(n+sz+2, shapeMax)
		h = max(h, eh+1)
	}
	return n, h, true
}

// scalarTreeSize is treeSize of a scalar; it reports false for the other
// values.
func scalarTreeSize(v any) (int64, bool) {
	switch x := v.(type) {
	case nil, bool:
		return 5, true
	case string:
		return int64(len(x)), true
	case float64, int, int64:
		return 24, true
	}
	return 0, false
}
