package engine

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"sync"
	"sync/atomic"
	"text/template"
)

// renderState is the state of one Render shared by its workers.
type renderState struct {
	e       *Engine
	ctx     context.Context
	done    <-chan struct{}
	guarded bool // shared data must not be modified (parallel mode)
	// needExact is set when a template in guarded mode tried to modify
	// shared data (or used something only exact mode reproduces); the
	// render then starts over in exact mode.
	needExact atomic.Bool
	b         budget

	sharedOnce sync.Once
	scopes     []map[string]any
	shared     map[uintptr]struct{} // maps reachable from the scopes
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
	set      *template.Template
	b        *binding
	r        *renderState
	depth    map[string]int
	tplDepth int
	writers  []*limitWriter // writers given back, for reuse (see worker.done)
	outs     []*limitWriter // the outputs of the templates being executed, innermost last
	cur      []uintptr      // the per-file scope copy being executed and its subchart views (guarded mode)
	m        meter          // steps and bytes not yet added to the render's budget
	g        guard          // cycle and depth checks of values given to functions
	// mergeName is the merge function being called, for its errors.
	mergeName string
	flushed   meter // steps and bytes added to the render's budget so far

	// Include memoisation (memo.go).
	memo      map[string]memoEntry
	memoBytes int
	frames    []memoFrame
	memoFacts map[memoFactsKey]memoFacts
	kb        []byte  // the key being built
	memoChart int     // the chart of the file being executed
	memoTmpl  uintptr // its .Template map
}

// binding is a template set together with the worker executing it; include
// and tpl are bound to one, like Helm's closures over its template.
type binding struct {
	w   *worker
	set *template.Template
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
	w.cur = w.cur[:0]
	w.m = meter{}
	w.g.clearMemo()
	w.memoReset()
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
	set, err := ts.base.Clone()
	if err != nil {
		panic(err) // Clone only fails on a nil template
	}
	w := &worker{set: set, depth: map[string]int{}}
	w.b = &binding{w: w, set: set}
	fm := template.FuncMap{}
	if !e.unguarded {
		fm = w.limitFuncs(e.funcs)
		maps.Copy(fm, w.listFuncs(e.funcs))
	}
	maps.Copy(fm, template.FuncMap{
		"include":            w.b.include,
		includePrintName:     w.b.includePrint,
		"tpl":                w.b.tpl,
		"set":                w.setKey,
		"unset":              w.unsetKey,
		"merge":              w.merge,
		"mergeOverwrite":     w.mergeOverwrite,
		"mustMerge":          w.mustMerge,
		"mustMergeOverwrite": w.mustMergeOverwrite,
		printGuardName:       w.printGuard,
		printGuardValueName:  w.printGuardValue,
	})
	maps.Copy(fm, w.writeFuncs(e, fm))
	for name := range e.opts.Funcs {
		delete(fm, name)
	}
	set.Funcs(fm)
	return w
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
	err := b.set.ExecuteTemplate(out, name, data)
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
		t = nb.set.Lookup(b.set.Name())
		if t == nil || t.Tree != ent.tree {
			// The string's own tree was empty and did not replace an
			// existing "gotpl"; execute it anyway, as Helm does.
			t = nb.set.New(b.set.Name())
			t.Tree = ent.tree
		}
	} else {
		t = b.set.New(b.set.Name())
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
// bound to the clone, as Helm builds it for every tpl call.
func (b *binding) isolatedFor(text string, ent *tplEntry) (*binding, error) {
	if nb, ok := b.isolated[text]; ok {
		return nb, nil
	}
	clone, err := b.set.Clone()
	if err != nil {
		return nil, fmt.Errorf("cannot clone template: %w", err)
	}
	nb := &binding{w: b.w, set: clone}
	clone.Funcs(template.FuncMap{"include": nb.include, "tpl": nb.tpl, includePrintName: nb.includePrint})
	t := clone.New(b.set.Name())
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
	err = w.set.ExecuteTemplate(buf, f.name, data)
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
	n := len(p.render)
	outs := make([]string, n)
	errs := make([]error, n)
	var next atomic.Int64
	var firstErr atomic.Int64
	firstErr.Store(int64(n))
	work := func() {
		w := ts.getWorker(e, r)
		defer ts.putWorker(w)
		defer w.flush()
		for {
			i := next.Add(1) - 1
			if i >= int64(n) || i > firstErr.Load() || r.needExact.Load() {
				return
			}
			f := &p.files[p.render[i]]
			scope := r.scopes[f.chart]
			data := make(map[string]any, len(scope)+1)
			maps.Copy(data, scope)
			data["Template"] = e.templateObject(f)
			w.cur = append(w.cur[:0], reflect.ValueOf(data).Pointer())
			w.memoFile(data, f.chart)
			if v := views[i]; v.subs != nil {
				data["Subcharts"] = v.subs
				w.cur = append(w.cur, v.maps...)
			}
			out, err := w.execFile(f, e.scopeValue(data))
			w.cur = w.cur[:0]
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
		work()
	} else {
		var wg sync.WaitGroup
		for range workers {
			wg.Go(work)
		}
		wg.Wait()
	}
	if r.needExact.Load() {
		return nil, nil, true
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
	r := &renderState{e: e, ctx: ctx, done: ctx.Done()}
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

// fileView is what .Subcharts holds for one file in guarded mode.
type fileView struct {
	subs map[string]any // the file's .Subcharts; nil for a chart without subcharts
	maps []uintptr      // the maps made for it, which templates must not modify
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
