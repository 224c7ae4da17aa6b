package engine

import (
	"encoding/binary"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"
	"unsafe"

	"github.com/chartrender/chartrender/chart"
)

// Cache bounds. When a cache is full it is emptied and refilled, which keeps
// memory bounded without bookkeeping on the hot path.
const (
	maxParsedFiles = 1 << 14
	maxTplEntries  = 1 << 13
	maxTplBytes    = 1 << 16 // longer tpl strings are parsed on every call
	maxTplTotal    = 1 << 25 // total bytes of cached tpl strings
)

// builtinNames are text/template's predefined functions, which the parser
// must know about (the parser only checks that a name maps to non-nil).
var builtinNames = map[string]any{
	"and": true, "call": true, "html": true, "index": true, "slice": true, "js": true, "len": true,
	"not": true, "or": true, "print": true, "printf": true, "println": true, "urlquery": true,
	"eq": true, "ge": true, "gt": true, "le": true, "lt": true, "ne": true,
}

// parsedFile is one template file parsed once: its trees (the file's own
// and its defines), or its parse error in Helm's words.
type parsedFile struct {
	id    uint64
	name  string
	src   string
	trees map[string]*parse.Tree // fully guarded
	err   error
	// rootPrinting names the trees whose light variant differs from the
	// fully guarded one: those with actions that print root data (see
	// prepareFull). The light set runs every other tree as it is in trees.
	rootPrinting map[string]bool
	// The light variants (see guardPrints), made from the source again
	// the first time a render runs a light set with this file.
	lightOnce sync.Once
	light     map[string]*parse.Tree
	calls     treeCalls
}

// lightTrees returns the light variants of pf's trees and their calls.
func (pf *parsedFile) lightTrees(e *Engine) (map[string]*parse.Tree, treeCalls) {
	pf.lightOnce.Do(func() {
		trees, err := e.parseTrees(pf.name, pf.src)
		if err != nil {
			// pf parsed, so this cannot fail; without light trees the
			// file's own fully guarded ones run.
			pf.light = pf.trees
			return
		}
		light, calls := e.prepareLight(trees)
		// A light tree without root prints is the fully guarded tree
		// node for node: the light set shares that one. The others are
		// kept as copies: the parser allocates the nodes of all of a
		// file's trees together (see fastparse), so that keeping one tree
		// of the fresh parse would keep the whole parse alive, the shared
		// trees' nodes among those of the kept ones. The copy holds the
		// light trees' nodes alone, packed, and the fresh parse becomes
		// garbage. The copied nodes still name the fresh tree as theirs,
		// for the positions in error messages, which need its text but
		// not its nodes.
		for name, t := range light {
			kept := pf.trees[name]
			if pf.rootPrinting[name] || kept == nil {
				kept = t.Copy()
			}
			light[name] = kept
			for _, m := range []map[*parse.Tree][]string{calls.onRoot, calls.all} {
				if c, ok := m[t]; ok {
					delete(m, t)
					m[kept] = c
				}
			}
			t.Root = nil
		}
		pf.light, pf.calls = light, calls
	})
	return pf.light, pf.calls
}

type identKey struct {
	f    *chart.File
	name string
}

type identEntry struct {
	data unsafe.Pointer
	n    int
	pf   *parsedFile
}

// parseCache maps (template name, content) to its parsedFile. A fast path
// keyed by the *chart.File and its data slice skips hashing the content
// when the same loaded chart is rendered again.
type parseCache struct {
	mu     sync.RWMutex
	ident  map[identKey]identEntry
	byText map[string]map[string]*parsedFile // name -> source -> parsed
	count  int
	nextID atomic.Uint64
}

func (c *parseCache) init() {
	c.ident = map[identKey]identEntry{}
	c.byText = map[string]map[string]*parsedFile{}
}

// parseAll returns the parsed files of p, in p's order, from the cache or
// parsed now. Files not in the cache are parsed on up to
// Options.Parallelism goroutines; which of them are parsed, and the result,
// do not depend on scheduling.
func (e *Engine) parseAll(p *plan) []*parsedFile {
	pfs := make([]*parsedFile, len(p.files))
	var missing []int
	for i, f := range p.files {
		if pfs[i] = e.parsed.lookup(f.name, f.file); pfs[i] == nil {
			missing = append(missing, i)
		}
	}
	workers := e.workers(len(missing), p.sourceBytes(missing))
	if workers <= 1 {
		for _, i := range missing {
			pfs[i] = e.parsed.get(e, p.files[i].name, p.files[i].file)
		}
		return pfs
	}
	// Largest files first, so that one big file does not finish last.
	slices.SortStableFunc(missing, func(a, b int) int {
		return len(p.files[b].file.Data) - len(p.files[a].file.Data)
	})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(missing) {
					return
				}
				i := missing[k]
				pfs[i] = e.parsed.get(e, p.files[i].name, p.files[i].file)
			}
		})
	}
	wg.Wait()
	return pfs
}

// lookup returns the parse of file f under name when this very file was
// parsed before (the fast path of get), or nil.
func (c *parseCache) lookup(name string, f *chart.File) *parsedFile {
	dp := unsafe.Pointer(unsafe.SliceData(f.Data))
	c.mu.RLock()
	defer c.mu.RUnlock()
	if ie, ok := c.ident[identKey{f, name}]; ok && ie.data == dp && ie.n == len(f.Data) {
		return ie.pf
	}
	return nil
}

func (c *parseCache) get(e *Engine, name string, f *chart.File) *parsedFile {
	dp := unsafe.Pointer(unsafe.SliceData(f.Data))
	k := identKey{f, name}
	c.mu.RLock()
	if ie, ok := c.ident[k]; ok && ie.data == dp && ie.n == len(f.Data) {
		c.mu.RUnlock()
		return ie.pf
	}
	pf := c.byText[name][string(f.Data)]
	c.mu.RUnlock()
	if pf == nil {
		pf = e.parseFile(name, string(f.Data))
		pf.id = c.nextID.Add(1)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.count >= maxParsedFiles || len(c.ident) >= 2*maxParsedFiles {
		c.init()
		c.count = 0
	}
	byName := c.byText[name]
	if byName == nil {
		byName = map[string]*parsedFile{}
		c.byText[name] = byName
	}
	if old := byName[pf.src]; old != nil {
		pf = old // another goroutine parsed it first; keep one identity
	} else {
		byName[pf.src] = pf
		c.count++
	}
	c.ident[k] = identEntry{data: dp, n: len(f.Data), pf: pf}
	return pf
}

// parseFile parses one template file as Helm does (t.New(name).Parse(src)),
// and prepares its trees for execution.
func (e *Engine) parseFile(name, src string) *parsedFile {
	e.stats.fileParses.Add(1)
	pf := &parsedFile{name: name, src: src}
	trees, err := e.parseTrees(name, src)
	if err != nil {
		pf.err = newParseError(name, err)
		return pf
	}
	pf.rootPrinting = e.prepareFull(trees)
	if e.copyTrees {
		for name, t := range trees {
			trees[name] = t.Copy()
			t.Root = nil
		}
	}
	pf.trees = trees
	return pf
}

// prepareFull prepares parsed trees for execution, fully guarded (see
// guardPrints). The actions the light variant would leave unguarded get
// the counting guards, from which a render learns what the light set
// would spare (see lightWorthIt). It returns the names of the trees that
// have such actions, the only ones whose light variant differs.
func (e *Engine) prepareFull(trees map[string]*parse.Tree) map[string]bool {
	var rootPrinting map[string]bool
	for name, t := range trees {
		addTicks(t.Root)
		gl := e.analyse(t.Root, true)
		gf := gl.full()
		gf.rootPrints = gl.lightPrints(t.Root)
		if len(gf.rootPrints) > 0 {
			if rootPrinting == nil {
				rootPrinting = map[string]bool{}
			}
			rootPrinting[name] = true
		}
		gf.guard(t.Root, gf.top())
	}
	return rootPrinting
}

// prepareLight prepares parsed trees for execution as their light
// variants (see guardPrints), and returns them with the names their {{
// template }} actions call.
func (e *Engine) prepareLight(trees map[string]*parse.Tree) (map[string]*parse.Tree, treeCalls) {
	calls := treeCalls{onRoot: map[*parse.Tree][]string{}, all: map[*parse.Tree][]string{}}
	for _, t := range trees {
		addTicks(t.Root)
		gl := e.analyse(t.Root, true)
		if c := gl.templateCalls(t.Root); len(c) > 0 {
			calls.onRoot[t] = c
		}
		if c := gl.full().templateCalls(t.Root); len(c) > 0 {
			calls.all[t] = c
		}
		gl.guard(t.Root, gl.top())
	}
	return trees, calls
}

// treeCalls holds, for the light trees of one text, the names their {{
// template }} actions call: onRoot, as the light set runs the tree (on
// root data), those called with data not known to be root data; all, as
// the fully guarded tree of the same text runs (on any data), every one.
// The light set must answer those names with fully guarded trees (see
// lightSet).
type treeCalls struct {
	onRoot, all map[*parse.Tree][]string
}

// addTicks puts an empty text node at the start of every range body. It
// prints nothing and does not show in error messages, but executing it
// writes zero bytes to the output writer, which checks for cancellation.
func addTicks(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			addTicks(c)
		}
	case *parse.IfNode:
		addTicks(n.List)
		addTicks(n.ElseList)
	case *parse.WithNode:
		addTicks(n.List)
		addTicks(n.ElseList)
	case *parse.RangeNode:
		addTicks(n.List)
		addTicks(n.ElseList)
		if n.List != nil {
			tick := &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte{}}
			n.List.Nodes = append([]parse.Node{tick}, n.List.Nodes...)
		}
	}
}

// tset is a template set assembled from parsed files in Helm's order. It is
// never executed itself: workers execute clones of it with their own
// functions bound.
type tset struct {
	base *template.Template // fully guarded trees
	pfs  []*parsedFile
	// light holds the light trees where sound (see lightSet), made the
	// first time a render runs them.
	lightOnce sync.Once
	light     *template.Template
	// lightOwn names the templates whose light tree is not the fully
	// guarded one: those that print root data without a guard.
	lightOwn    map[string]bool
	preferExact atomic.Bool // a previous render had to fall back to exact mode
	// rootPrints is how many prints of root data the last render that did
	// not run the light set guarded: what running it would save, against
	// which the render weighs the cost of measuring root data first.
	rootPrints atomic.Int64
	// rootVisits is how many values the last measure of root data walked
	// (see lightWorthIt).
	rootVisits atomic.Int64
	// sharedUsed: the last guarded render asked which maps are shared
	// (see isShared), so the next one collects them up front, in the walk
	// that measures root data.
	sharedUsed atomic.Bool
	// sharedMaps is how many maps the last render that collected them up
	// front collected, the size its successor's table starts at.
	sharedMaps atomic.Int64

	mu      sync.Mutex
	free    []*worker // idle workers, at most maxFree
	maxFree int
}

type setCache struct {
	mu   sync.Mutex
	sets map[string]*tset
}

func (c *setCache) init() { c.sets = map[string]*tset{} }

func (c *setCache) get(e *Engine, pfs []*parsedFile) *tset {
	key := make([]byte, 0, 8*len(pfs))
	for _, pf := range pfs {
		key = binary.LittleEndian.AppendUint64(key, pf.id)
	}
	c.mu.Lock()
	ts := c.sets[string(key)]
	c.mu.Unlock()
	if ts != nil {
		return ts
	}
	ts = e.assemble(pfs)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.sets[string(key)]; old != nil {
		return old
	}
	if len(c.sets) >= e.opts.MaxTemplateSets {
		c.init()
	}
	c.sets[string(key)] = ts
	return ts
}

// assemble builds the template set like Helm's render loop: templates are
// added in order, so later defines win, except that an empty define never
// replaces a non-empty one. Its light set is made when a render first
// runs it (see lightBase).
func (e *Engine) assemble(pfs []*parsedFile) *tset {
	e.stats.assemblies.Add(1)
	ts := &tset{base: e.assembleSet(pfs, nil), pfs: pfs, maxFree: e.opts.Parallelism + 1}
	return ts
}

// assembleSet adds the trees of pfs to a new set in Helm's order: each
// file's pf.trees, or what light returns for it.
func (e *Engine) assembleSet(pfs []*parsedFile, light func(pf *parsedFile) map[string]*parse.Tree) *template.Template {
	root := template.New("gotpl").Funcs(e.funcs)
	if e.opts.Strict {
		root.Option("missingkey=error")
	} else {
		root.Option("missingkey=zero")
	}
	for _, pf := range pfs {
		trees := pf.trees
		if light != nil {
			trees = light(pf)
		}
		// The file's own tree first, then its defines; the order among
		// distinct names does not matter.
		if t, ok := trees[pf.name]; ok {
			root.AddParseTree(pf.name, t)
		}
		for name, t := range trees {
			if name != pf.name {
				root.AddParseTree(name, t)
			}
		}
	}
	return root
}

// lightBase returns the light set of ts, making it the first time.
func (ts *tset) lightBase(e *Engine) *template.Template {
	ts.lightOnce.Do(func() {
		calls := treeCalls{onRoot: map[*parse.Tree][]string{}, all: map[*parse.Tree][]string{}}
		light := e.assembleSet(ts.pfs, func(pf *parsedFile) map[string]*parse.Tree {
			trees, c := pf.lightTrees(e)
			maps.Copy(calls.onRoot, c.onRoot)
			maps.Copy(calls.all, c.all)
			return trees
		})
		lightSet(ts.base, light, calls)
		ts.light = light
		ts.lightOwn = map[string]bool{}
		for _, t := range light.Templates() {
			if ft := ts.base.Lookup(t.Name()); ft == nil || ft.Tree != t.Tree {
				ts.lightOwn[t.Name()] = true
			}
		}
	})
	return ts.light
}

// lightSet makes the light set sound for {{ template }} actions, which
// text/template answers by name without the engine: a light tree assumes
// that it runs on root data, so every name that some tree of the light set
// may call with other data gets its fully guarded tree in the light set,
// and so, in turn, does every name that a fully guarded tree there calls.
func lightSet(full, light *template.Template, calls treeCalls) {
	if len(calls.onRoot) == 0 {
		return
	}
	var bad []string
	for _, t := range light.Templates() {
		bad = append(bad, calls.onRoot[t.Tree]...)
	}
	done := map[string]bool{}
	for len(bad) > 0 {
		name := bad[len(bad)-1]
		bad = bad[:len(bad)-1]
		if done[name] {
			continue
		}
		done[name] = true
		ft, lt := full.Lookup(name), light.Lookup(name)
		if ft == nil || lt == nil {
			continue
		}
		bad = append(bad, calls.all[lt.Tree]...)
		lt.Tree = ft.Tree
	}
}

// tplEntry is a parsed tpl string.
type tplEntry struct {
	tree *parse.Tree // the tree to execute
	// light is its light variant (see guardPrints), made the first time
	// it could run; nil when it must not: it has {{ template }} actions
	// with data not known to be root data.
	lightOnce sync.Once
	light     *parse.Tree
	trees     map[string]*parse.Tree // all trees, when isolated
	err       error                  // the parse error, unwrapped
	// isolated: the string has defines (or names "gotpl"), so it must run
	// in its own clone of the set, as Helm runs every tpl call.
	isolated  bool
	subcharts bool
}

// tplCache holds parsed tpl strings. It is bounded by count; strings longer
// than maxTplBytes are not cached.
type tplCache struct {
	m     sync.Map // string -> *tplEntry
	n     atomic.Int64
	bytes atomic.Int64
}

func (c *tplCache) init() {}

func (c *tplCache) get(e *Engine, text string) *tplEntry {
	if v, ok := c.m.Load(text); ok {
		return v.(*tplEntry)
	}
	ent := e.parseTpl(text)
	if len(text) > maxTplBytes {
		return ent
	}
	if c.n.Add(1) > maxTplEntries || c.bytes.Add(int64(len(text))) > maxTplTotal {
		c.m.Clear()
		c.n.Store(1)
		c.bytes.Store(int64(len(text)))
	}
	if v, loaded := c.m.LoadOrStore(text, ent); loaded {
		return v.(*tplEntry)
	}
	return ent
}

// lightTree returns the light variant of the tpl string text of ent, or
// nil when it has none.
func (ent *tplEntry) lightTree(e *Engine, text string) *parse.Tree {
	ent.lightOnce.Do(func() {
		trees, err := e.parseTrees("gotpl", text)
		if err != nil || ent.isolated {
			return
		}
		light, calls := e.prepareLight(trees)
		if t := light["gotpl"]; len(calls.onRoot[t]) == 0 {
			ent.light = t
		}
	})
	return ent.light
}

func (e *Engine) parseTpl(text string) *tplEntry {
	e.stats.tplParses.Add(1)
	ent := &tplEntry{subcharts: strings.Contains(text, "Subcharts")}
	trees, err := e.parseTrees("gotpl", text)
	if err != nil {
		ent.err = err
		return ent
	}
	e.prepareFull(trees)
	ent.tree = trees["gotpl"]
	ent.trees = trees
	ent.isolated = len(trees) > 1 || strings.Contains(text, "gotpl")
	return ent
}
