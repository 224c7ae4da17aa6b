package engine

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
	"unsafe"

	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

// Include memoisation.
//
// Charts call the same defines with the same data again and again (bitnami
// charts call common.names.fullname or common.labels.standard dozens of
// times per render). In guarded (parallel) mode the workers of a render
// remember, for the rest of the render, the output of each include call
// and give it back when the same define is included again with equal data,
// without executing it. This is sound because the output of a define is a function
// of its data alone, under conditions the worker checks:
//
//   - Data is compared by value, except maps that no template can modify in
//     guarded mode (those reachable from the scopes, and the per-file maps of
//     the file being executed), which are compared by identity. Data holding
//     anything else (a []string, a time, ...), or too large, is not
//     remembered.
//   - The root data of a file (what . is at the top of a template file)
//     differs from file to file of a chart only in .Template and .Subcharts.
//     A call whose data holds the root counts as equal for every file of the
//     chart only when an analysis of the define (memoShape, memoAnalyzer)
//     shows that nothing it executes can see those two entries; otherwise
//     the root is compared by identity, as for one file.
//   - Nothing executed during the call may call a function whose result is
//     not a function of its arguments (random, clock, lookup, DNS, the
//     caller's own functions), modify a map the call's data holds, or run a
//     tpl string with defines of its own; a call that did any of this is
//     not remembered, nor is any call enclosing it. A call or tpl that sees
//     per-file data makes every enclosing call per-file too.
//   - The budget a call spent (steps and bytes) is charged again when its
//     output is reused, so that the limits stop a render as they would
//     without the memo.

// memoEntry is the remembered output of one include call.
type memoEntry struct {
	out     []byte // never modified
	charge  meter  // what a hit charges (see memoCharge)
	perFile bool   // the output depends on per-file data
	refs    []any  // keeps the objects the key names by address
}

// memoFrame is an include call being executed with memoisation.
type memoFrame struct {
	nostore bool      // something executed makes the output unfit to keep
	perFile bool      // something executed saw per-file data
	maps    []uintptr // the maps of the call's data compared by value
}

// memoLimits bound the memo of one render and the data compared.
const (
	maxMemoEntries = 1 << 14
	maxMemoBytes   = 32 << 20
	maxMemoNodes   = 512      // values visited to build one key
	maxMemoKey     = 64 << 10 // bytes of one key
	maxMemoDepth   = 32
	maxMemoFacts   = 1 << 12
)

// memoFile tells the worker the root data of the file it executes next,
// its chart and its index in the render. Per-file data is keyed by the
// index, never by address: the maps of a file already executed may be
// collected and their addresses reused.
func (w *worker) memoFile(root map[string]any, chart, file int) {
	w.memoChart, w.memoFileIdx = chart, file
	w.memoTmpl = 0
	if t, ok := asPlainMap(root["Template"]); ok {
		w.memoTmpl = reflect.ValueOf(t).Pointer()
	}
}

// memoReset forgets the calls of the previous render.
func (w *worker) memoReset() {
	w.frames = w.frames[:0]
}

// taint marks every open call: nostore when its output must not be kept,
// perFile when it depends on per-file data.
func (w *worker) taint(nostore, perFile bool) {
	for i := range w.frames {
		if nostore {
			w.frames[i].nostore = true
		}
		if perFile {
			w.frames[i].perFile = true
		}
	}
}

// memoMutate is told that a template function is about to modify map d
// (and, for merge, the maps below it): an open call whose data holds one of
// them must not be kept.
func (w *worker) memoMutate(d any, deep bool) {
	if len(w.frames) == 0 {
		return
	}
	budget := maxMemoNodes
	var hit func(v any, depth int) bool
	hit = func(v any, depth int) bool {
		budget--
		if budget < 0 || depth > maxMemoDepth {
			return true
		}
		switch x := v.(type) {
		case []any:
			if !deep {
				return false
			}
			for _, e := range x {
				if hit(e, depth+1) {
					return true
				}
			}
			return false
		}
		m, ok := asPlainMap(v)
		if !ok || m == nil {
			return false
		}
		p := reflect.ValueOf(m).Pointer()
		for i := range w.frames {
			if slices.Contains(w.frames[i].maps, p) {
				return true
			}
		}
		if deep {
			for _, e := range m {
				if hit(e, depth+1) {
					return true
				}
			}
		}
		return false
	}
	if hit(d, 0) {
		w.taint(true, false)
	}
}

// callKey is what a worker learns about the data of a call: the key under
// which its output is remembered, and what the analysis must know.
type callKey struct {
	ok      bool   // the data can be compared
	hasRoot bool   // the data holds the file's root data
	perFile bool   // the data holds other per-file maps (compared by identity)
	shape   string // where the root is, for the analysis (see memoShape)
	maps    []uintptr
	refs    []any // the values compared by identity that may not outlive the render
}

// keyOf writes the key of data into w.kb and describes it.
func (w *worker) keyOf(data any) callKey {
	k := callKey{ok: true}
	w.kb = w.kb[:0]
	nodes := 0
	var walk func(v any, depth int) (shape string)
	walk = func(v any, depth int) string {
		nodes++
		if nodes > maxMemoNodes || depth > maxMemoDepth {
			k.ok = false
			return "A"
		}
		switch x := v.(type) {
		case nil:
			w.kb = append(w.kb, 'n')
			return "C"
		case string:
			if len(w.kb)+len(x) > maxMemoKey {
				k.ok = false
				return "A"
			}
			w.kb = append(w.kb, 's')
			w.kb = strconv.AppendInt(w.kb, int64(len(x)), 10)
			w.kb = append(w.kb, ':')
			w.kb = append(w.kb, x...)
			return "C"
		case bool:
			if x {
				w.kb = append(w.kb, 'T')
			} else {
				w.kb = append(w.kb, 'F')
			}
			return "C"
		case int:
			w.kb = append(w.kb, 'i')
			w.kb = strconv.AppendInt(w.kb, int64(x), 10)
			w.kb = append(w.kb, ';')
			return "C"
		case int64:
			w.kb = append(w.kb, 'I')
			w.kb = strconv.AppendInt(w.kb, x, 10)
			w.kb = append(w.kb, ';')
			return "C"
		case float64:
			w.kb = append(w.kb, 'f')
			w.kb = strconv.AppendUint(w.kb, math.Float64bits(x), 16)
			w.kb = append(w.kb, ';')
			return "C"
		case []any:
			w.kb = append(w.kb, '[')
			shape := "C"
			for _, e := range x {
				if walk(e, depth+1) != "C" {
					shape = "A"
				}
			}
			w.kb = append(w.kb, ']')
			return shape
		}
		var tag byte
		var m map[string]any
		switch x := v.(type) {
		case map[string]any:
			tag, m = 'm', x
		case common.Values:
			tag, m = 'V', x
		case chartutil.Values:
			tag, m = 'H', x
		default:
			rv := reflect.ValueOf(v)
			switch rv.Kind() {
			case reflect.Pointer, reflect.Map:
				// Objects of the scopes (.Capabilities, .Files, the
				// chart's metadata) and results of functions
				// (semver, splitn): templates cannot modify them.
				// The entry keeps them, so that their address is not
				// reused while it is in the memo.
				k.refs = append(k.refs, v)
				w.kb = append(w.kb, 'p')
				w.kb = strconv.AppendUint(w.kb, uint64((*[2]uintptr)(unsafe.Pointer(&v))[0]), 16)
				w.kb = append(w.kb, '.')
				w.kb = strconv.AppendUint(w.kb, uint64(rv.Pointer()), 16)
				w.kb = append(w.kb, ';')
				return "C"
			}
			k.ok = false
			return "A"
		}
		if m == nil {
			w.kb = append(w.kb, tag, '0')
			return "C"
		}
		p := reflect.ValueOf(m).Pointer()
		if len(w.cur) > 0 && p == w.cur[0] {
			k.hasRoot = true
			w.kb = append(w.kb, 'R')
			w.kb = strconv.AppendInt(w.kb, int64(w.memoChart), 10)
			w.kb = append(w.kb, ';')
			return "R"
		}
		if p == w.memoTmpl {
			k.perFile = true
			w.kb = append(w.kb, 'T')
			w.kb = strconv.AppendInt(w.kb, int64(w.memoFileIdx), 10)
			w.kb = append(w.kb, ';')
			return "C"
		}
		if w.isShared(reflect.ValueOf(m)) {
			// A map of the scopes, or a .Subcharts view of this
			// file; both live until the render ends.
			if slices.Contains(w.cur, p) {
				k.perFile = true
			}
			w.kb = append(w.kb, 'S')
			w.kb = strconv.AppendUint(w.kb, uint64(p), 16)
			w.kb = append(w.kb, ';')
			return "C"
		}
		k.maps = append(k.maps, p)
		keys := make([]string, 0, len(m))
		for key := range m {
			keys = append(keys, key)
		}
		slices.Sort(keys)
		w.kb = append(w.kb, tag, '{')
		var sb strings.Builder
		for _, key := range keys {
			if len(w.kb)+len(key) > maxMemoKey {
				k.ok = false
				return "A"
			}
			w.kb = strconv.AppendInt(w.kb, int64(len(key)), 10)
			w.kb = append(w.kb, ':')
			w.kb = append(w.kb, key...)
			if s := walk(m[key], depth+1); s != "C" {
				sb.WriteString(strconv.Quote(key))
				sb.WriteByte(':')
				sb.WriteString(s)
				sb.WriteByte(',')
			}
		}
		w.kb = append(w.kb, '}')
		switch {
		case sb.Len() == 0:
			return "C"
		case tag != 'm':
			// Helm's Values types have methods, which a field
			// name may call: nothing is known of their fields.
			return "A"
		}
		return "{" + sb.String() + "}"
	}
	k.shape = walk(data, 0)
	k.maps = slices.Clone(k.maps)
	return k
}

// memoFacts is what the analysis found about a tree executed with data of
// a given shape.
type memoFacts struct {
	impure bool // it may call a function whose result is not a function of its arguments
	sees   bool // it may see the .Template or .Subcharts of the root data
}

type memoFactsKey struct {
	tree  *parse.Tree
	shape string
}

// facts analyses tree for data of the given shape, once per worker.
func (w *worker) facts(tree *parse.Tree, shape string) memoFacts {
	fk := memoFactsKey{tree, shape}
	if f, ok := w.memoFacts[fk]; ok {
		return f
	}
	a := memoAnalyzer{w: w, names: w.r.e.memoImpure}
	a.tree(tree, parseShape(shape), 0)
	f := memoFacts{impure: a.impure, sees: a.sees}
	if w.memoFacts == nil || len(w.memoFacts) >= maxMemoFacts {
		w.memoFacts = map[memoFactsKey]memoFacts{}
	}
	w.memoFacts[fk] = f
	return f
}

// includeMemo executes the named define into out (include's work), or
// writes its remembered output. It reports handled false when the call is
// not for the memo; the caller then executes it as usual.
func (b *binding) includeMemo(out *limitWriter, name string, data any) (handled bool, err error) {
	w := b.w
	if !w.r.guarded || w.r.e.noMemo || b != w.b {
		if b != w.b {
			w.taint(true, false) // a tpl string's own defines
		}
		return false, nil
	}
	t := b.full.Lookup(name)
	if t == nil || t.Tree == nil {
		return false, nil // include's own error
	}
	k := w.keyOf(data)
	if !k.ok {
		w.taint(true, false)
		return false, nil
	}
	f := w.facts(t.Tree, k.shape)
	if f.impure {
		w.taint(true, false)
		return false, nil
	}
	w.kb = append(w.kb, 0)
	w.kb = append(w.kb, name...)
	perFile := k.perFile || (k.hasRoot && f.sees)
	if perFile {
		w.kb = append(w.kb, 0, 'F')
		w.kb = strconv.AppendInt(w.kb, int64(w.memoFileIdx), 10)
		w.taint(false, true)
	}
	memo := &w.r.memo
	e, ok := memo.get(w.kb)
	if !ok && k.hasRoot && !perFile {
		// An equal call found to depend on per-file data.
		n := len(w.kb)
		w.kb = append(w.kb, 0, 'F')
		w.kb = strconv.AppendInt(w.kb, int64(w.memoFileIdx), 10)
		e, ok = memo.get(w.kb)
		w.kb = w.kb[:n]
	}
	if ok {
		w.r.e.stats.memoHits.Add(1)
		if e.perFile {
			w.taint(false, true)
		}
		return true, out.writeMemo(e.out, e.charge)
	}
	key := string(w.kb)
	start, chunks := len(out.buf), len(out.full)
	before := w.spent()
	w.frames = append(w.frames, memoFrame{maps: k.maps})
	err = b.includeInto(out, name, data)
	fr := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	if err != nil || fr.nostore || len(out.full) != chunks {
		return true, err
	}
	if fr.perFile && !perFile {
		if !k.hasRoot {
			return true, nil
		}
		key = key + "\x00F" + strconv.Itoa(w.memoFileIdx)
	}
	after := w.spent()
	res := out.buf[start:]
	memo.put(key, res, memoEntry{charge: memoCharge(after.steps-before.steps, after.built-before.built, len(res)),
		perFile: perFile || fr.perFile, refs: k.refs})
	return true, nil
}

// memoTable is the memo of one render, shared by its workers: a call's
// key holds nothing that differs between workers (maps compared by
// identity are the render's, and the root data is per chart or per file).
type memoTable struct {
	mu    sync.RWMutex
	m     map[string]memoEntry
	bytes int
}

func (t *memoTable) get(key []byte) (memoEntry, bool) {
	t.mu.RLock()
	e, ok := t.m[string(key)]
	t.mu.RUnlock()
	return e, ok
}

// put remembers out (copied) under key, within the table's bounds.
func (t *memoTable) put(key string, out []byte, e memoEntry) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.m[key]; ok || len(t.m) >= maxMemoEntries || t.bytes+len(key)+len(out) > maxMemoBytes {
		return
	}
	if t.m == nil {
		t.m = map[string]memoEntry{}
	}
	e.out = slices.Clone(out)
	t.bytes += len(key) + len(out)
	t.m[key] = e
}

// tplMemo is told that a tpl string is about to run with vals inside
// remembered calls.
func (w *worker) tplMemo(ent *tplEntry, vals any) {
	if len(w.frames) == 0 {
		return
	}
	if ent.isolated {
		w.taint(true, false)
		return
	}
	k := w.keyOf(vals)
	if !k.ok {
		w.taint(true, false)
		return
	}
	f := w.facts(ent.tree, k.shape)
	w.taint(f.impure, k.perFile || (k.hasRoot && f.sees))
}

// spent is what the worker has charged to the budget so far.
func (w *worker) spent() usage {
	return usage{steps: w.flushed.steps + w.m.steps, built: w.flushed.built + w.m.built()}
}

// memoImpureNames are the functions whose result is not a function of
// their arguments, or which do more than compute it.
var memoImpureNames = []string{
	"randAlphaNum", "randAlpha", "randAscii", "randNumeric", "randBytes", "randInt", "uuidv4", "shuffle",
	"now", "ago", "bcrypt", "htpasswd", "encryptAES", "genPrivateKey", "genCA", "genCAWithKey",
	"genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
	"lookup", "getHostByName",
}

// memoImpureSet is the set of impure names of an engine: the ones above,
// keys and values unless their order is fixed, and every function of
// Options.Funcs.
func (e *Engine) memoImpureSet() map[string]bool {
	m := map[string]bool{}
	for _, n := range memoImpureNames {
		m[n] = true
	}
	if !e.opts.Deterministic {
		m["keys"], m["values"] = true, true
	}
	for n := range e.opts.Funcs {
		m[n] = true
	}
	return m
}
