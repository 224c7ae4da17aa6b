package engine

import (
	"math"
	"reflect"
	"strings"
	"unsafe"

	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

// sizeMode is the encoding whose output size a guard estimates.
type sizeMode uint8

const (
	modeFmt    sizeMode = iota // fmt's %v, as print, printf and toString print
	modeJSON                   // compact JSON
	modeIndent                 // YAML, TOML and indented JSON: every line indented by its depth
)

// guard walks the values given to functions that walk them (encoders,
// printers, copies, merges, comparisons) before the function runs. It
// refuses values that contain themselves or nest deeper than the limit,
// which would make those functions loop forever or overflow the stack, and
// estimates the size of their printed form, so that the function can be
// refused before it builds a result larger than the limit.
//
// Results are memoized per map and list for the worker's current render,
// until a template modifies a map (set, unset, merge), so that printing
// parts of the same large values again and again costs one walk. In
// guarded (parallel) mode the results for maps reachable from the scopes
// outlive modifications: no template may modify those maps, and every map
// they reach is one of them, so their walks cannot change.
type guard struct {
	memo map[memoKey]memoEnt
	// memoed has the bit addrBit(p) set for the address p of every entry
	// of memo.
	memoed uint64
	// shared is the render's set of maps reachable from the scopes
	// (renderState.shared) once this worker has built or read it, in
	// guarded mode only; nil otherwise.
	shared *rootTable
	gen    uint64    // entries of older generations are stale
	path   []uintptr // maps and pointers on the path from the root
	max    int       // depth limit
	visits int64
	maxVis int64 // 0: none
	// strBytes adds up the lengths of the strings walked; a walk stops
	// when it exceeds maxStr (0: never).
	strBytes, maxStr int64
	aborted          bool
}

// memoMinVisits is the size (in values walked) from which a map or list
// is memoized: smaller ones cost less to walk again than to remember, and
// values that share parts grow past it within a few levels.
const memoMinVisits = 32

type memoKey struct {
	p    uintptr
	n    int
	mode sizeMode
}

type memoEnt struct {
	keep   any // keeps the address from being reused while memoized
	gen    uint64
	size   int64
	lines  int64
	height int
	stable bool // a map of guard.shared: valid in every generation
}

// shape is the result of walking a value: the size of its printed form
// with the indentation of its lines counted from the value's own depth,
// the number of indented lines, and its height.
type shape struct {
	size, lines int64
	height      int
}

// reset forgets what was memoized, except the entries of shared maps.
// Resets are frequent (every set and merge), so entries are invalidated by
// generation instead of deleted.
func (g *guard) reset() { g.gen++ }

// clearMemo empties the memo between renders.
func (g *guard) clearMemo() {
	clear(g.memo)
	g.memoed = 0
	g.gen = 0
	g.shared = nil
}

// valid reports whether a memo entry still describes its value.
func (g *guard) valid(e memoEnt) bool { return e.gen == g.gen || e.stable }

// errWalk is how a walk reports a cycle, a depth or an abort; measure turns
// it into a *LimitError naming the function. A walk returns one of the
// three below, never modified: no allocation, and one instruction where
// it is returned.
type errWalk struct{ cycle, depth, size bool }

var (
	walkCycle = &errWalk{cycle: true}
	walkDepth = &errWalk{depth: true}
	walkSize  = &errWalk{size: true}
)

// measure checks the values vs given to fn and returns an estimate of the
// bytes fn's printed result would need. Every caller refuses an estimate
// above the value limit, so the walk stops as soon as the strings it has
// seen add up to more: each is printed whole, at least once (scanning a
// list that holds a 1 MB string a thousand times for JSON escapes would
// otherwise read a gigabyte).
func (w *worker) measure(fn string, mode sizeMode, vs ...any) (int64, error) {
	return w.walkValues(fn, mode, w.r.e.lim.maxValue, vs)
}

// walkValues is measure, stopping when the strings walked add up to more
// than maxStr bytes (0: never).
func (w *worker) walkValues(fn string, mode sizeMode, maxStr int64, vs []any) (int64, error) {
	g := &w.g
	l := &w.r.e.lim
	g.max = l.maxDepth
	g.visits = 0
	g.maxVis = l.maxValue / 2
	g.strBytes, g.maxStr = 0, maxStr
	// No limit (0) as the largest one: str tests each with one comparison.
	if g.maxVis <= 0 {
		g.maxVis = math.MaxInt64
	}
	if g.maxStr <= 0 {
		g.maxStr = math.MaxInt64
	}
	g.path = g.path[:0]
	var total int64
	for _, v := range vs {
		s, err := g.walk(v, 0, mode)
		if err != nil {
			return 0, w.walkError(fn, err)
		}
		total = min(total+s.size, shapeMax)
	}
	return total, nil
}

func (w *worker) walkError(fn string, e *errWalk) error {
	l := &w.r.e.lim
	switch {
	case e.cycle:
		return &LimitError{Func: fn, Err: ErrCycle}
	case e.depth:
		return &LimitError{Func: fn, Option: "MaxValueDepth", Max: int64(l.maxDepth), Err: ErrDepthLimit}
	}
	return &LimitError{Func: fn, Option: w.r.e.valueOption(), Need: max(2*w.g.visits, w.g.strBytes), Max: l.maxValue, Err: ErrOutputLimit}
}

// checkValues is measure without the size: it refuses only cycles, depth
// and values of more than half the value limit in maps, lists and scalars
// walked.
func (w *worker) checkValues(fn string, vs ...any) error {
	// Scalars and empty maps and lists cost one visit each and hold no
	// cycle or depth: unless they are more than the visits allowed, the
	// walk would pass them.
	if maxVis := w.r.e.lim.maxValue / 2; maxVis == 0 || int64(len(vs)) <= maxVis {
		flat := true
		for _, v := range vs {
			if !flatValue(v) {
				flat = false
				break
			}
		}
		if flat {
			return nil
		}
	}
	_, err := w.walkValues(fn, modeFmt, 0, vs)
	return err
}

// flatValue reports whether v is a scalar or an empty map or list of the
// types values are decoded to.
func flatValue(v any) bool {
	switch x := v.(type) {
	case string, nil, bool, int, int64, float64:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func (g *guard) enter(p uintptr, depth int) *errWalk {
	if depth > g.max {
		return walkDepth
	}
	for _, q := range g.path {
		if q == p {
			return walkCycle
		}
	}
	g.path = append(g.path, p)
	return nil
}

func (g *guard) leave() { g.path = g.path[:len(g.path)-1] }

func (g *guard) visit() *errWalk {
	g.visits++
	if g.visits > g.maxVis && g.maxVis > 0 {
		return walkSize
	}
	return nil
}

func scalarSize(v any, mode sizeMode) (int64, bool) {
	if s, ok := v.(string); ok {
		// Most values are strings: one comparison.
		return strSize(s, mode), true
	}
	switch v.(type) {
	case nil:
		return 5, true
	case bool:
		return 5, true
	case int, int64, int32, uint64, uint32, uint, float64, float32:
		return 24, true
	}
	return 0, false
}

// strSize is an upper estimate of a string's printed size.
func strSize(s string, mode sizeMode) int64 {
	switch mode {
	case modeFmt:
		return int64(len(s))
	case modeJSON:
		n := int64(len(s)) + 2
		if len(s) > 64 {
			for i := 0; i < len(s); i++ {
				if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
					n += 5
				}
			}
		}
		return n
	}
	return int64(len(s)) + 2
}

// walk walks v at depth depth. Most values are strings, maps and lists of
// the types values are decoded to: one comparison each; the others are
// left to walkOther.
func (g *guard) walk(v any, depth int, mode sizeMode) (shape, *errWalk) {
	if x, ok := v.(string); ok {
		return g.str(x, mode)
	}
	if x, ok := v.(map[string]any); ok {
		return g.walkMap(x, depth, mode)
	}
	if x, ok := v.([]any); ok {
		return g.walkList(x, depth, mode)
	}
	return g.walkOther(v, depth, mode)
}

// str walks a string: its bytes count towards maxStr, and it is one
// visit. The loops of walkMap and walkList call it for their strings
// (or fmtStr) without a call of walk.
func (g *guard) str(x string, mode sizeMode) (shape, *errWalk) {
	n := int64(len(x))
	g.strBytes += n
	g.visits++
	if g.strBytes > g.maxStr || g.visits > g.maxVis {
		return g.strOver(x, mode)
	}
	switch mode {
	case modeFmt:
		return shape{size: n}, nil
	case modeIndent:
		return shape{size: n + 2, lines: int64(strings.Count(x, "\n"))}, nil
	}
	return shape{size: strSize(x, mode)}, nil
}

// strOver is str for a string past maxStr or maxVis (0: none). A string
// refused for maxStr is not counted as a visit.
//
//go:noinline
func (g *guard) strOver(x string, mode sizeMode) (shape, *errWalk) {
	g.visits--
	if g.strBytes > g.maxStr && g.maxStr > 0 {
		return shape{}, walkSize
	}
	if err := g.visit(); err != nil {
		return shape{}, err
	}
	s := shape{size: strSize(x, mode)}
	if mode == modeIndent {
		s.lines = int64(strings.Count(x, "\n"))
	}
	return s, nil
}

// fmtStr is str for a string of n bytes printed in modeFmt (size n, no
// lines), inlined in the loops of walkMap and walkList: it counts the
// string and reports true when that is all there is to do, and otherwise
// counts nothing and reports false (another mode, or a limit reached:
// str decides).
func (g *guard) fmtStr(n int64, mode sizeMode) bool {
	if mode == modeFmt && g.strBytes+n <= g.maxStr && g.visits < g.maxVis {
		g.strBytes += n
		g.visits++
		return true
	}
	return false
}

// walkOther is walk for the values other than strings, map[string]any and
// []any: the other scalars, the other map types of values, and the rest
// through reflect.
func (g *guard) walkOther(v any, depth int, mode sizeMode) (shape, *errWalk) {
	var s shape
	switch x := v.(type) {
	case nil, bool:
		s.size = 5
	case int, int64, int32, uint64, uint32, uint, float64, float32:
		s.size = 24
	case common.Values:
		return g.walkMap(x, depth, mode)
	case chartutil.Values:
		return g.walkMap(x, depth, mode)
	default:
		return g.walkReflect(reflect.ValueOf(v), depth, mode)
	}
	return s, g.visit()
}

func (g *guard) walkMap(m map[string]any, depth int, mode sizeMode) (shape, *errWalk) {
	if err := g.visit(); err != nil {
		return shape{}, err
	}
	if len(m) == 0 {
		return shape{size: 5}, nil
	}
	p := mapPointer(m)
	k := memoKey{p, len(m), mode}
	if e, ok := g.lookup(k); ok && g.valid(e) {
		if depth+e.height > g.max {
			return shape{}, walkDepth
		}
		return shape{e.size, e.lines, e.height}, nil
	}
	if err := g.enter(p, depth); err != nil {
		return shape{}, err
	}
	before := g.visits
	s := shape{size: 5}
	for key, v := range m {
		var c shape
		var err *errWalk
		if x, ok := v.(string); ok {
			if g.fmtStr(int64(len(x)), mode) {
				s.size = min(s.size+int64(len(x))+int64(len(key))+4, shapeMax)
				s.height = max(s.height, 1)
				continue
			}
			c, err = g.str(x, mode)
		} else {
			c, err = g.walk(v, depth+1, mode)
		}
		if err != nil {
			return shape{}, err
		}
		s.add(c, int64(len(key))+4, mode)
	}
	g.leave()
	if g.visits-before >= memoMinVisits {
		g.remember(k, m, s, g.shared != nil && g.shared.has(p))
	}
	return s, nil
}

// addrBit is the bit of a 64-bit address mask (guard.memoed, a worker's
// root mask) that stands for the address p.
func addrBit(p uintptr) uint64 { return 1 << ((uint64(p) * 0x9e3779b97f4a7c15) >> 58) }

// lookup returns the memo's entry for k. Most maps and lists walked are
// too small to be memoized: when memoed tells that no entry has k's
// address, it does not hash k.
func (g *guard) lookup(k memoKey) (memoEnt, bool) {
	if g.memoed&addrBit(k.p) == 0 {
		return memoEnt{}, false
	}
	e, ok := g.memo[k]
	return e, ok
}

func (g *guard) remember(k memoKey, keep any, s shape, stable bool) {
	if g.memo == nil {
		g.memo = map[memoKey]memoEnt{}
	}
	g.memoed |= addrBit(k.p)
	g.memo[k] = memoEnt{keep, g.gen, s.size, s.lines, s.height, stable}
}

// shapeMax caps the counts of a shape. A value that holds the same map
// twice at each of 64 levels is walked in a few hundred visits (the memo),
// and its printed size would overflow an int64 and pass for small; capped,
// it is refused. Sums of a few capped counts stay far from 1<<63.
const shapeMax = 1 << 60

// add adds a child at depth one below s, with extra bytes of its own
// (key, separators).
func (s *shape) add(c shape, extra int64, mode sizeMode) {
	s.size = min(s.size+c.size+extra, shapeMax)
	if mode == modeIndent {
		s.size = min(s.size+2*c.lines+2, shapeMax)
		s.lines = min(s.lines+c.lines+1, shapeMax)
	}
	s.height = max(s.height, c.height+1)
}

func (g *guard) walkList(l []any, depth int, mode sizeMode) (shape, *errWalk) {
	if err := g.visit(); err != nil {
		return shape{}, err
	}
	if len(l) == 0 {
		return shape{size: 2}, nil
	}
	if depth > g.max {
		return shape{}, walkDepth
	}
	// The array's address, without reflect.ValueOf, which would box the
	// slice header on the heap.
	k := memoKey{uintptr(unsafe.Pointer(unsafe.SliceData(l))), len(l), mode}
	if len(l) > 1 {
		if e, ok := g.lookup(k); ok && e.gen == g.gen {
			if depth+e.height > g.max {
				return shape{}, walkDepth
			}
			return shape{e.size, e.lines, e.height}, nil
		}
	}
	before := g.visits
	s := shape{size: 2}
	for _, v := range l {
		var c shape
		var err *errWalk
		if x, ok := v.(string); ok {
			if g.fmtStr(int64(len(x)), mode) {
				s.size = min(s.size+int64(len(x))+2, shapeMax)
				s.height = max(s.height, 1)
				continue
			}
			c, err = g.str(x, mode)
		} else {
			c, err = g.walk(v, depth+1, mode)
		}
		if err != nil {
			return shape{}, err
		}
		s.add(c, 2, mode)
	}
	if len(l) > 1 && g.visits-before >= memoMinVisits {
		// Lists are not known to be shared: their entries last one
		// generation.
		g.remember(k, &l[0], s, false) // a pointer keeps the array alive without boxing the slice
	}
	return s, nil
}

// walkReflect walks the values of other types (typed maps and slices,
// structs, pointers), without memoization.
func (g *guard) walkReflect(v reflect.Value, depth int, mode sizeMode) (shape, *errWalk) {
	if err := g.visit(); err != nil {
		return shape{}, err
	}
	if !v.IsValid() {
		return shape{size: 5}, nil
	}
	if depth > g.max {
		return shape{}, walkDepth
	}
	s := shape{}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return shape{size: 5}, nil
		}
		return g.walkAny(v.Elem(), depth, mode)
	case reflect.Pointer:
		if v.IsNil() {
			return shape{size: 5}, nil
		}
		if err := g.enter(v.Pointer(), depth); err != nil {
			return shape{}, err
		}
		c, err := g.walkAny(v.Elem(), depth, mode)
		g.leave()
		c.size++
		return c, err
	case reflect.Map:
		if v.IsNil() || v.Len() == 0 {
			return shape{size: 5}, nil
		}
		if err := g.enter(v.Pointer(), depth); err != nil {
			return shape{}, err
		}
		s.size = 5
		it := v.MapRange()
		for it.Next() {
			kc, err := g.walkAny(it.Key(), depth+1, mode)
			if err != nil {
				return shape{}, err
			}
			c, err := g.walkAny(it.Value(), depth+1, mode)
			if err != nil {
				return shape{}, err
			}
			s.add(c, kc.size+2, mode)
		}
		g.leave()
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return shape{size: 4*int64(v.Len()) + 2}, nil
		}
		s.size = 2
		for i := 0; i < v.Len(); i++ {
			c, err := g.walkAny(v.Index(i), depth+1, mode)
			if err != nil {
				return shape{}, err
			}
			s.add(c, 2, mode)
		}
	case reflect.Struct:
		s.size = 2
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			c, err := g.walkAny(v.Field(i), depth+1, mode)
			if err != nil {
				return shape{}, err
			}
			s.add(c, int64(len(t.Field(i).Name))+4, mode)
		}
	case reflect.String:
		return shape{size: strSize(v.String(), mode)}, nil
	default:
		return shape{size: 24}, nil
	}
	return s, nil
}

// walkAny walks a reflect.Value, using the fast paths when the value can be
// turned back into an interface.
func (g *guard) walkAny(v reflect.Value, depth int, mode sizeMode) (shape, *errWalk) {
	if v.IsValid() && v.CanInterface() {
		return g.walk(v.Interface(), depth, mode)
	}
	return g.walkReflect(v, depth, mode)
}
