package engine

import (
	"context"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"text/template"
	"unsafe"

	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

// renderState is the state of one Render shared by its workers.
type renderState struct {
	e       *Engine
	ctx     context.Context
	done    <-chan struct{}
	guarded bool // shared data must not be modified (parallel mode)
	// solo: one worker executes every file of the render (it may report
	// to the budget less often, see farFlush).
	solo bool
	// light: templates run on root data run in the light set (guarded
	// mode, when every print of root data fits the value limit; see
	// rootPrintsFit).
	light bool
	// roots are the maps that count as root data besides worker.cur: the
	// scopes' .Values.
	roots []uintptr
	// rootMask is rootMaskOf(roots).
	rootMask uint64
	// rootTotal bounds the printed size of any root data (see
	// rootPrintsFit), when light.
	rootTotal int64
	// needExact is set when a template in guarded mode tried to modify
	// shared data (or used something only exact mode reproduces); the
	// render then starts over in exact mode.
	needExact atomic.Bool
	b         budget
	// rootPrints adds up the workers' worker.rootPrints.
	rootPrints atomic.Int64

	memo       memoTable // include outputs (memo.go)
	sharedOnce sync.Once
	scopes     []map[string]any
	shared     *rootTable // maps reachable from the scopes
	// sharedAsked is set by the first isShared call of a guarded render.
	sharedAsked atomic.Bool
}

// errNeedExact aborts a guarded render; it never reaches the caller.
var errNeedExact = fmt.Errorf("engine: template modifies shared values")

func (r *renderState) checkCtx() error {
	if r.done == nil {
		return nil
	}
	select {
	case <-r.done:
		return r.ctx.Err()
	default:
		return nil
	}
}

// worker executes templates on its own clone of a set, so that its include
// depth counters and the functions bound to them are never shared between
// goroutines.
type worker struct {
	b        *binding
	r        *renderState
	depth    map[string]int
	tplDepth int
	writers  []*limitWriter // writers given back, for reuse (see worker.done)
	outs     []*limitWriter // the outputs of the templates being executed, innermost last
	cur      []uintptr      // the per-file scope copy being executed and its subchart views (guarded mode)
	m        meter          // steps and bytes not yet added to the render's budget
	// sizeCap is the value limit plus one, the largest uint64 without one,
	// or 0 until checkSizeSlow sets it (the engine's limits never change).
	sizeCap uint64
	g       guard // cycle and depth checks of values given to functions
	// rootMask has the bit addrBit(p) set for every map p of cur and of
	// r.roots (at least: a bit may outlive its map), and curData is
	// cur[0] (the file's data, the most frequent root), for isRoot.
	rootMask uint64
	curData  uintptr
	// mergeName is the merge function being called, for its errors.
	mergeName string
	flushed   usage // steps and bytes added to the render's budget so far

	// Include memoisation (memo.go).
	frames      []memoFrame
	memoFacts   map[memoFactsKey]memoFacts
	kb          []byte  // the key being built
	memoChart   int     // the chart of the file being executed
	memoTmpl    uintptr // its .Template map
	memoFileIdx int     // its index in the render

	// rootPrints counts the calls of the counting print guards.
	rootPrints int64
	// pins are the maps light templates run on that are not root data
	// (see pinSet): no template may modify them.
	pins []uintptr
	fm   template.FuncMap // the functions bound to w, for its light set
}

// binding is a template set together with the worker executing it; include
// and tpl are bound to one, like Helm's closures over its template.
type binding struct {
	w     *worker
	full  *template.Template // fully guarded trees
	light *template.Template // the light set, for root data; nil: none
	// lightOwn names the templates whose light tree differs (see
	// tset.lightOwn).
	lightOwn map[string]bool
	// isolated caches, per tpl string with defines, the clone of set that
	// Helm would build for it on every call. A clone is never modified
	// after it is built, so reusing it is the same as building it again.
	isolated map[string]*binding
}

// maxIsolated bounds the clones a binding keeps for tpl strings with
// defines.
const maxIsolated = 16

func (ts *tset) getWorker(e *Engine, r *renderState) *worker {
	var w *worker
	ts.mu.Lock()
	if n := len(ts.free); n > 0 {
		w = ts.free[n-1]
		ts.free = ts.free[:n-1]
	}
	ts.mu.Unlock()
	if w == nil {
		w = newWorker(e, ts)
	}
	w.r = r
	clear(w.depth)
	w.tplDepth = 0
	w.cur, w.curData = w.cur[:0], 0
	w.pins = w.pins[:0]
	w.m = meter{}
	if r.solo {
		w.m = e.lim.meterAfter(0, 0)
	}
	w.g.clearMemo()
	w.memoReset()
	w.rootPrints = 0
	if r.light {
		w.useLight(e, ts)
	}
	return w
}

// putWorker keeps w for the next render, up to one worker per unit of
// parallelism (plus one), so that clones and their caches survive between
// renders without growing without bound.
func (ts *tset) putWorker(w *worker) {
	w.r = nil
	ts.mu.Lock()
	if len(ts.free) < ts.maxFree {
		ts.free = append(ts.free, w)
	}
	ts.mu.Unlock()
}

func newWorker(e *Engine, ts *tset) *worker {
	full, err := ts.base.Clone()
	if err != nil {
		panic(err) // Clone only fails on a nil template
	}
	w := &worker{depth: map[string]int{}}
	w.b = &binding{w: w, full: full}
	fm := template.FuncMap{}
	if !e.unguarded {
		fm = w.limitFuncs(e.funcs)
		maps.Copy(fm, w.listFuncs(e.funcs))
	}
	maps.Copy(fm, template.FuncMap{
		"include":               w.b.include,
		includePrintName:        w.b.includePrint,
		"tpl":                   w.b.tpl,
		"set":                   w.setKey,
		"unset":                 w.unsetKey,
		"merge":                 w.merge,
		"mergeOverwrite":        w.mergeOverwrite,
		"mustMerge":             w.mustMerge,
		"mustMergeOverwrite":    w.mustMergeOverwrite,
		printGuardName:          w.printGuard,
		printGuardValueName:     w.printGuardValue,
		printGuardRootName:      w.printGuardRoot,
		printGuardRootValueName: w.printGuardRootValue,
	})
	maps.Copy(fm, w.writeFuncs(e, fm))
	for name := range e.opts.Funcs {
		delete(fm, name)
	}
	full.Funcs(fm)
	w.fm = fm
	return w
}

// useLight gives w its clone of ts's light set, once.
func (w *worker) useLight(e *Engine, ts *tset) {
	if w.b.light != nil {
		return
	}
	light, err := ts.lightBase(e).Clone()
	if err != nil {
		panic(err) // Clone only fails on a nil template
	}
	light.Funcs(w.fm)
	w.b.light, w.b.lightOwn = light, ts.lightOwn
}

// setFor returns the set in which templates run with data as dot and $:
// the light set when data is root data and the render allows it.
func (b *binding) setFor(data any) *template.Template {
	if b.light != nil && b.w.r.light && b.w.isRoot(data) {
		return b.light
	}
	return b.full
}

// pinSet is setFor for include, for data that is not root data, when
// the render runs the light set: a small map made by a template whose
// every entry is root data or a scalar (a context made with dict, as in
// {{ include "labels" (dict "context" $ "name" "x") }}) runs in the light
// set as well, with the map pinned (see worker.pins) until the template
// returns: no template may modify it meanwhile, so every field chain from
// dot or $ ends in root data, as light templates assume. A print of the
// map itself is bounded by its entries (see rootsOnly). Only a template
// whose light tree differs from its fully guarded one gains by that, so
// only those run on a pinned map. pinned reports whether the caller must
// unpin the map.
//
//go:noinline
func (b *binding) pinSet(name string, data any) (set *template.Template, pinned bool) {
	w := b.w
	if m, ok := data.(map[string]any); ok && b.lightOwn[name] && w.rootsOnly(m) {
		w.pins = append(w.pins, mapPointer(m))
		return b.light, true
	}
	return b.full, false
}

// maxPinEntries bounds the entries of a map rootsOnly looks at.
const maxPinEntries = 16

// rootsOnly reports whether every entry of m, a map that is not root data,
// is root data (see isRoot), and whether the text fmt prints for m fits
// the value limit when each root map in it prints as large as all root
// data together (rootTotal).
func (w *worker) rootsOnly(m map[string]any) bool {
	if m == nil || len(m) > maxPinEntries {
		return false
	}
	total := int64(5)
	for k, v := range m {
		total += int64(len(k)) + 4
		if n, ok := scalarTreeSize(v); ok {
			total += n
			continue
		}
		if !w.isRoot(v) {
			return false
		}
		total = addSat(total, w.r.rootTotal)
	}
	max := w.r.e.lim.maxValue
	return max <= 0 || total <= max
}

// pinnedMap reports whether the map at p is pinned: a light template runs
// on it (see pinSet), so that no template may modify it.
func (w *worker) pinnedMap(p uintptr) bool {
	return len(w.pins) > 0 && slices.Contains(w.pins, p)
}

// isRoot reports whether v is root data as light templates assume it: a
// scalar, or a map no template of a guarded render can modify whose
// printed size the render measured: the data of the file being executed,
// the views and objects made for it, a scope's .Values.
//
// It is called for every include: the fast path takes the scope's and a
// dict's type and answers false for most maps that are not root data from
// rootMask alone. A map whose bit is set is looked up; the other types are
// left to isRootOther. A stale bit only costs that look-up.
func (w *worker) isRoot(v any) bool {
	var p uintptr
	switch x := v.(type) {
	case common.Values:
		p = mapPointer(x)
	case map[string]any:
		p = mapPointer(x)
	default:
		return isRootOther(w, v)
	}
	return p == 0 || p == w.curData || (w.rootMask&addrBit(p) != 0 && w.rootFind(p))
}

// setRoots sets the root mask and curData for w.cur and w.r.roots, where
// views is the root mask of the file's views (cur past its first two).
func (w *worker) setRoots(views uint64) {
	w.rootMask = w.r.rootMask | views | rootMaskOf(w.cur[:min(2, len(w.cur))])
	w.curData = 0
	if len(w.cur) > 0 {
		w.curData = w.cur[0]
	}
}

// isRootOther is isRoot for the types other than common.Values and
// map[string]any.
//
//go:noinline
func isRootOther(w *worker, v any) bool {
	switch x := v.(type) {
	case chartutil.Values:
		p := mapPointer(x)
		return p == 0 || w.rootFind(p)
	case nil, string, bool, int, int64, float64:
		return true
	}
	return false
}

// rootFind reports whether the map at p is one of w.cur or w.r.roots.
//
//go:noinline
func (w *worker) rootFind(p uintptr) bool {
	return slices.Contains(w.cur, p) || slices.Contains(w.r.roots, p)
}

// rootMaskOf returns the root mask of the maps ps: the bits addrBit of each.
func rootMaskOf(ps []uintptr) uint64 {
	var m uint64
	for _, p := range ps {
		m |= addrBit(p)
	}
	return m
}

// mapPointer is reflect.ValueOf(m).Pointer(), the address that identifies
// the map m, read without reflect: a map value is that pointer.
func mapPointer(m map[string]any) uintptr {
	return *(*uintptr)(unsafe.Pointer(&m))
}

// include executes the named template and returns its output, as Helm's
// include does, with the same recursion guard.
func (b *binding) include(name string, data any) (string, error) {
	w := b.w
	buf := w.newBuf()
	if err := b.includeRun(buf, name, data); err != nil {
		return buf.String(), err
	}
	return w.keep(buf), nil
}

// includePrint is include for an action that prints the result as it is,
// {{ include "name" . }} (see rewriteIncludes): it executes the template
// straight into the output of the template being executed and returns "".
// The output is the same, without the include's own buffer and the two
// copies of the result text/template would make to print it: a chain of
// includes that doubles a large text at each level reaches the output
// limit without building every level first.
func (b *binding) includePrint(name string, data any) (string, error) {
	w := b.w
	if len(w.outs) == 0 {
		return b.include(name, data)
	}
	return "", b.includeRun(w.outs[len(w.outs)-1], name, data)
}

// includeRun executes the named template into out, or writes the output
// remembered from an equal call (see memo.go).
func (b *binding) includeRun(out *limitWriter, name string, data any) error {
	if err := b.w.r.checkCtx(); err != nil {
		return err
	}
	if handled, err := b.includeMemo(out, name, data); handled {
		return err
	}
	return b.includeInto(out, name, data)
}

// includeInto executes the named template into out, with include's
// checks.
func (b *binding) includeInto(out *limitWriter, name string, data any) error {
	w := b.w
	if err := w.r.checkCtx(); err != nil {
		return err
	}
	if !w.r.e.unguarded {
		if err := w.steps(callSteps); err != nil {
			return err
		}
	}
	n := w.depth[name]
	if n > w.r.e.opts.MaxIncludeDepth {
		return fmt.Errorf("rendering template has a nested reference name: %s: %w",
			name, errUnableToExecute)
	}
	w.depth[name] = n + 1
	w.outs = append(w.outs, out)
	set, pinned := b.setFor(data), false
	if set == b.full && b.light != nil && w.r.light {
		set, pinned = b.pinSet(name, data)
	}
	err := set.ExecuteTemplate(out, name, data)
	if pinned {
		w.pins = w.pins[:len(w.pins)-1]
	}
	w.outs = w.outs[:len(w.outs)-1]
	w.depth[name]--
	return err
}

// callSteps is the cost in steps of an include or tpl call, which costs
// about as much as callSteps writes: a chain of includes that doubles its
// calls at each level reaches MaxSteps in well under a second.
const callSteps = 8

var errUnableToExecute = fmt.Errorf("unable to execute template")

// tpl executes text as a template, as Helm's tpl does, without cloning
// and re-parsing the template set: the parsed text is cached, and it runs
// in the current set unless it has defines of its own.
func (b *binding) tpl(text string, vals any) (string, error) {
	w := b.w
	r := w.r
	if err := r.checkCtx(); err != nil {
		return "", err
	}
	if !r.e.unguarded {
		if err := w.steps(callSteps); err != nil {
			return "", err
		}
	}
	if w.tplDepth >= r.e.opts.MaxTplDepth {
		return "", fmt.Errorf("%w: more than %d nested tpl calls", ErrTplDepth, r.e.opts.MaxTplDepth)
	}
	ent := r.e.tpls.get(r.e, text)
	if ent.err != nil {
		return "", fmt.Errorf("cannot parse template %q: %w", text, ent.err)
	}
	if r.guarded && ent.subcharts {
		r.needExact.Store(true)
		return "", errNeedExact
	}
	var t *template.Template
	if ent.isolated {
		nb, err := b.isolatedFor(text, ent)
		if err != nil {
			return "", err
		}
		t = nb.full.Lookup(b.full.Name())
		if t == nil || t.Tree != ent.tree {
			// The string's own tree was empty and did not replace an
			// existing "gotpl"; execute it anyway, as Helm does.
			t = nb.full.New(b.full.Name())
			t.Tree = ent.tree
		}
	} else if set := b.setFor(vals); set == b.light && ent.lightTree(r.e, text) != nil {
		t = set.New(set.Name())
		t.Tree = ent.light
	} else {
		t = b.full.New(b.full.Name())
		t.Tree = ent.tree
	}
	w.tplMemo(ent, vals)
	w.tplDepth++
	buf := w.newBuf()
	w.outs = append(w.outs, buf)
	err := t.Execute(buf, vals)
	w.outs = w.outs[:len(w.outs)-1]
	w.tplDepth--
	if err != nil {
		return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
	}
	return w.done(buf), nil
}

// isolatedFor returns the binding in which a tpl string with defines runs:
// a clone of b's set with the string's trees added and include and tpl
// bound to the clone, as Helm builds it for every tpl call. It is built
// from the fully guarded set and has no light set.
func (b *binding) isolatedFor(text string, ent *tplEntry) (*binding, error) {
	if nb, ok := b.isolated[text]; ok {
		return nb, nil
	}
	clone, err := b.full.Clone()
	if err != nil {
		return nil, fmt.Errorf("cannot clone template: %w", err)
	}
	nb := &binding{w: b.w, full: clone}
	clone.Funcs(template.FuncMap{"include": nb.include, "tpl": nb.tpl, includePrintName: nb.includePrint})
	t := clone.New(b.full.Name())
	for name, tree := range ent.trees {
		if _, err := t.AddParseTree(name, tree); err != nil {
			return nil, fmt.Errorf("cannot parse template %q: %w", text, err)
		}
	}
	if len(b.isolated) < maxIsolated {
		if b.isolated == nil {
			b.isolated = map[string]*binding{}
		}
		b.isolated[text] = nb
	}
	return nb, nil
}

// execFile executes one template file with data and returns its output
// with every "<no value>" removed, or Helm's error.
func (w *worker) execFile(f *planFile, data any) (out string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rendering template failed: %v", p)
		}
	}()
	buf := w.newOut()
	w.outs = append(w.outs[:0], buf) // the outermost; [:0] drops what a panic left
	w.pins = w.pins[:0]
	err = w.b.setFor(data).ExecuteTemplate(buf, f.name, data)
	w.outs = w.outs[:0]
	if err != nil {
		if w.r.needExact.Load() {
			return "", errNeedExact
		}
		if cerr := w.r.ctx.Err(); cerr != nil {
			return "", cerr
		}
		return "", w.r.e.execError(f.name, err)
	}
	return w.done(buf), nil
}

// renderGuarded renders the files of p, possibly in parallel, without
// modifying any shared data. It reports mutated when a template tried to
// modify shared data; the caller then renders again in exact mode.
func (e *Engine) renderGuarded(ctx context.Context, ts *tset, p *plan) (map[string]string, error, bool) {
	r := &renderState{e: e, ctx: ctx, done: ctx.Done(), guarded: true}
	r.scopes = e.scopes(p, p.top)
	views := e.subchartViews(p, r.scopes)
	r.light = e.lightWorthIt(ts, p, r)
	for _, s := range r.scopes {
		if m, ok := asPlainMap(s["Values"]); ok && m != nil {
			r.roots = append(r.roots, reflect.ValueOf(m).Pointer())
		}
	}
	r.rootMask = rootMaskOf(r.roots)
	n := len(p.render)
	outs := make([]string, n)
	errs := make([]error, n)
	var next atomic.Int64
	var firstErr atomic.Int64
	firstErr.Store(int64(n))
	// The shared maps collected up front (see lightWorthIt), read before
	// the workers start: a worker's isShared may fill r.shared later.
	upFront := r.shared
	work := func() {
		w := ts.getWorker(e, r)
		defer ts.putWorker(w)
		defer w.flush()
		if upFront != nil {
			w.g.shared = upFront
		}
		defer func() { r.rootPrints.Add(w.rootPrints) }()
		for {
			i := next.Add(1) - 1
			if i >= int64(n) || i > firstErr.Load() || r.needExact.Load() {
				return
			}
			f := &p.files[p.render[i]]
			scope := r.scopes[f.chart]
			data := make(map[string]any, len(scope)+1)
			maps.Copy(data, scope)
			tobj := e.templateObject(f)
			data["Template"] = tobj
			// The file's .Template is root data too: no template may
			// modify it (see isRoot).
			w.cur = append(w.cur[:0], reflect.ValueOf(data).Pointer(), reflect.ValueOf(tobj).Pointer())
			w.memoFile(data, f.chart, int(i))
			if v := views[i]; v.subs != nil {
				data["Subcharts"] = v.subs
				w.cur = append(w.cur, v.maps...)
			}
			if r.light {
				// Only the light set asks isRoot.
				w.setRoots(views[i].mask)
			}
			out, err := w.execFile(f, e.scopeValue(data))
			w.cur, w.curData = w.cur[:0], 0
			if err != nil {
				errs[i] = err
				for {
					old := firstErr.Load()
					if i >= old || firstErr.CompareAndSwap(old, i) {
						break
					}
				}
				continue
			}
			outs[i] = out
		}
	}
	workers := e.workers(n, p.allSourceBytes())
	if workers <= 1 {
		r.solo = true
		work()
	} else {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(work)
		}
		wg.Wait()
	}
	ts.sharedUsed.Store(r.sharedAsked.Load())
	if r.needExact.Load() {
		return nil, nil, true
	}
	if !r.light {
		ts.rootPrints.Store(r.rootPrints.Load())
	}

	if err := ctx.Err(); err != nil {
		return nil, err, false
	}
	if i := firstErr.Load(); i < int64(n) {
		return map[string]string{}, errs[i], false
	}
	res := make(map[string]string, n)
	for i, fi := range p.render {
		res[p.files[fi].name] = outs[i]
	}
	return res, nil, false
}

// renderExact renders the files of p one after the other exactly as Helm
// does: every file of a chart shares one scope map whose Template entry is
// replaced before each file, and templates may modify the values, which
// later files then see. It works on a deep copy of the values so that the
// caller's maps are never modified.
func (e *Engine) renderExact(ctx context.Context, ts *tset, p *plan) (map[string]string, error) {
	r := &renderState{e: e, ctx: ctx, done: ctx.Done(), solo: true}
	top := deepCopyTop(p.top)
	scopes := e.scopes(p, top)
	for _, s := range scopes {
		s["Chart"] = deepCopy(s["Chart"], map[uintptr]any{})
	}
	w := ts.getWorker(e, r)
	defer ts.putWorker(w)
	res := make(map[string]string, len(p.render))
	for _, fi := range p.render {
		f := &p.files[fi]
		scope := scopes[f.chart]
		scope["Template"] = e.templateObject(f)
		out, err := w.execFile(f, e.scopeValue(scope))
		if err != nil {
			return map[string]string{}, err
		}
		res[f.name] = out
	}
	return res, nil
}

// rootPrintsFit reports whether printing any root data of the render p,
// measured in at most maxVisits values,
// the scopes of its charts, with the data made for each file (.Template,
// the .Subcharts views), fits the value limit and passes the value
// guard's depth check. Then templates that run on root data need no print
// guard for it (see guardPrints): guarded mode never lets a template
// modify root data. Values share parts (a chart's globals are in each of
// its subcharts' values), so their printed size is measured, not assumed
// from the size of the files they come from.
//
// With a non-nil shared, it also adds to shared the maps of the values it
// measures (see rootSizer), for isShared.
func (e *Engine) rootPrintsFit(p *plan, scopes []map[string]any, maxVisits int64,
	shared *rootTable) (fit bool, visited, total int64) {
	maxVisits = min(maxVisits, rootMaxVisits)
	if e.unguarded || len(scopes) == 0 || maxVisits <= 0 {
		return false, 0, 0
	}
	visits := maxVisits
	g := guard{max: e.lim.maxDepth, maxVis: maxVisits, maxStr: math.MaxInt64}
	// A walk that fails reports one more value than it was allowed.
	defer func() {
		visited = maxVisits - visits + g.visits
		if !fit {
			visited = max(visited, maxVisits+1)
		}
	}()
	n := int64(len(scopes))
	var z *rootSizer
	if shared != nil {
		z = &rootSizer{shared: shared, max: e.lim.maxDepth, visits: &visits}
	}
	size := func(v any) (int64, bool) {
		var sz int64
		var ok bool
		if z != nil {
			sz, _, ok = z.size(v, 0)
		} else {
			sz, ok = treeSize(v, 0, e.lim.maxDepth, &visits)
		}
		if ok || visits < 0 {
			return sz, ok
		}
		// Other types than decoded values: the value guard's walk.
		sh, err := g.walk(v, 0, modeFmt)
		return sh.size, err == nil
	}
	// A file's data is its chart's scope, its .Template and its .Subcharts
	// views (the scopes of the subcharts, with their own .Template), so
	// the sum of what the scopes hold bounds every print of root data.
	// A subchart's .Values is a part of its parent's (or empty), so the
	// top chart's .Values bounds each; the scopes share .Release and
	// .Capabilities.
	for i, s := range scopes {
		for k, v := range s {
			switch k {
			case "Subcharts":
				// The other scopes, counted on their own.
				continue
			case "Values", "Release", "Capabilities":
				if i > 0 {
					continue
				}
				sz, ok := size(v)
				if !ok {
					return false, 0, 0
				}
				total = addSat(total, mulSat(n, sz+int64(len(k))+4))
				continue
			case "Files":
				if fs, ok := v.(files); ok {
					for name, data := range fs {
						total += int64(len(name)) + 4*int64(len(data)) + 8
					}
					continue
				}
			}
			sz, ok := size(v)
			if !ok {
				return false, 0, 0
			}
			total = addSat(total, sz+int64(len(k))+4)
		}
	}
	// Each .Template is a map of two paths.
	var longest int64
	for i := range p.files {
		longest = max(longest, int64(len(p.files[i].name)+len(p.files[i].basePath)))
	}
	total = addSat(total, 2*(n+1)*(longest+64))
	return e.lim.maxValue <= 0 || total <= e.lim.maxValue, 0, total
}

// lightWorthIt decides whether the render runs the light set, which it
// may when rootPrintsFit says so. Measuring root data costs about a sixth
// of a guard call per value, and not every print of root data the full
// set counts is spared (a define may print root data it was given in a
// dict), so it is measured when the values to walk (as many as the last
// measure walked) are fewer than four per counted print (as many as the
// last render that did not run the light set made). Which way it decides
// changes no output.
//
// When the last render asked which maps are shared (set, unset and the
// merges ask it), this one needs them too: the walk that collects them
// (see isShared) measures root data on the way, so it is measured
// whenever a print of root data would be spared, and the maps are
// collected before the workers start.
func (e *Engine) lightWorthIt(ts *tset, p *plan, r *renderState) bool {
	prints := ts.rootPrints.Load()
	if !e.unguarded && ts.sharedUsed.Load() {
		// Sized for as many maps as the last render collected.
		shared := newRootTable(int(ts.sharedMaps.Load()))
		fit := false
		if prints > 0 {
			var visits int64
			fit, visits, r.rootTotal = e.rootPrintsFit(p, r.scopes, rootMaxVisits, shared)
			ts.rootVisits.Store(visits)
		}
		// The maps the measure did not reach (other scopes' values, maps
		// within other types, the scopes themselves); collectMaps does not
		// enter a map already collected, whose own maps all are.
		for _, s := range r.scopes {
			collectMaps(reflect.ValueOf(s), shared)
		}
		ts.sharedMaps.Store(int64(shared.n))
		r.sharedOnce.Do(func() { r.shared = shared })
		return fit
	}
	budget := 4 * prints
	if budget <= 0 || ts.rootVisits.Load() > budget {
		return false
	}
	fit, visits, total := e.rootPrintsFit(p, r.scopes, budget, nil)
	ts.rootVisits.Store(visits)
	r.rootTotal = total
	return fit
}

// rootMaxVisits bounds the values rootPrintsFit walks: values that share
// parts so much that their printed form is larger than this many values
// are left to the print guard.
const rootMaxVisits = 1 << 20

// treeSize is an upper estimate of the length of the text fmt prints for
// v, a value of the types values are decoded to, at depth depth. It fails
// on other types, beyond the depth limit max (a value that contains
// itself is infinitely deep) and after *visits values.
func treeSize(v any, depth, max int, visits *int64) (int64, bool) {
	if *visits--; *visits < 0 || depth > max {
		return 0, false
	}
	if n, ok := scalarTreeSize(v); ok {
		return n, true
	}
	switch x := v.(type) {
	case map[string]any:
		return mapSize(x, depth, max, visits)
	case common.Values:
		return mapSize(x, depth, max, visits)
	case chartutil.Values:
		return mapSize(x, depth, max, visits)
	case []any:
		n := int64(2)
		for _, e := range x {
			sz, ok := treeSize(e, depth+1, max, visits)
			if !ok {
				return 0, false
			}
			n += sz + 2
		}
		return n, true
	}
	return 0, false
}

func mapSize(m map[string]any, depth, max int, visits *int64) (int64, bool) {
	n := int64(5)
	for k, e := range m {
		sz, ok := treeSize(e, depth+1, max, visits)
		if !ok {
			return 0, false
		}
		n += sz + int64(len(k)) + 4
	}
	return n, true
}

// fileView is what .Subcharts holds for one file in guarded mode.
type fileView struct {
	subs map[string]any // the file's .Subcharts; nil for a chart without subcharts
	maps []uintptr      // the maps made for it, which templates must not modify
	mask uint64         // rootMaskOf(maps)
}

// subchartViews builds, for each file of p.render, the .Subcharts its
// template sees. In Helm's sequential render a subchart's scope object holds
// the .Template of the last file of that subchart rendered so far; the
// views are copies of the scopes holding exactly that, so that the files
// can render in any order and still see what Helm shows them.
func (e *Engine) subchartViews(p *plan, scopes []map[string]any) []fileView {
	last := make([]int, len(p.charts)) // index into p.files, or -1
	for i := range last {
		last[i] = -1
	}
	out := make([]fileView, len(p.render))
	// A chart's view changes only when a file of one of its subcharts (at
	// any depth) is rendered; files in between share it. Views are never
	// modified, so sharing them between files rendered at once is safe.
	cached := make([]*fileView, len(p.charts))
	for i, fi := range p.render {
		f := &p.files[fi]
		if len(p.charts[f.chart].subs) > 0 {
			if cached[f.chart] == nil {
				v := &fileView{}
				v.subs = e.viewSubs(p, scopes, last, f.chart, &v.maps)
				v.mask = rootMaskOf(v.maps)
				cached[f.chart] = v
			}
			out[i] = *cached[f.chart]
		}
		last[f.chart] = fi
		for a := p.charts[f.chart].parent; a >= 0; a = p.charts[a].parent {
			cached[a] = nil
		}
	}
	return out
}

// viewSubs is the .Subcharts map of chart c for the current file.
func (e *Engine) viewSubs(p *plan, scopes []map[string]any, last []int, c int, made *[]uintptr) map[string]any {
	subs := make(map[string]any, len(p.charts[c].subs))
	*made = append(*made, reflect.ValueOf(subs).Pointer())
	for _, sc := range p.charts[c].subs {
		v := maps.Clone(scopes[sc])
		*made = append(*made, reflect.ValueOf(v).Pointer())
		if fi := last[sc]; fi >= 0 {
			t := e.templateObject(&p.files[fi])
			*made = append(*made, reflect.ValueOf(t).Pointer())
			v["Template"] = t
		}
		if len(p.charts[sc].subs) > 0 {
			v["Subcharts"] = e.viewSubs(p, scopes, last, sc, made)
		}
		subs[p.charts[sc].chart.Name()] = v
	}
	return subs
}
