package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"sync/atomic"
	"text/template"

	"github.com/Masterminds/semver/v3"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/godebug"
)

// DefaultMaxIncludeDepth is Helm's limit on nested include calls of one
// template name.
const DefaultMaxIncludeDepth = 1000

// DefaultMaxTplDepth is the default limit on nested tpl calls. Helm has none
// (a value that calls tpl on itself exhausts the stack); this engine stops it.
const DefaultMaxTplDepth = 200

// DefaultMaxValueDepth is the default of Options.MaxValueDepth: the depth
// YAML and JSON decoders allow.
const DefaultMaxValueDepth = 10000

// LookupFunc answers the template function lookup: the object of the given
// apiVersion, kind, namespace and name, or, when name is "", a list object.
// A missing object should be reported as an empty map and a nil error.
type LookupFunc func(apiVersion, kind, namespace, name string) (map[string]any, error)

// Options configures an Engine. The zero value renders as `helm template`
// (Helm v4.3.1) does.
type Options struct {
	// Strict makes a missing map key an error (missingkey=error), as helm
	// lint --strict does. By default a missing key renders as "" (Helm
	// renders it as "<no value>" and then deletes every "<no value>").
	Strict bool
	// Deterministic replaces the random and time-dependent functions with
	// the fixed ones of chartrender's deterministic mode.
	Deterministic bool
	// EnableDNS makes getHostByName resolve names; by default it returns "".
	EnableDNS bool
	// Helm3 renders as Helm v3.22.0: no mustToYaml, mustToJson, mustToToml
	// or duration functions, raw execution error texts, and .Chart is a
	// struct.
	Helm3 bool
	// Funcs are added to the function map last, overriding any function of
	// the same name, like Helm's CustomTemplateFuncs. Functions used with a
	// Parallelism other than 1 must be safe for concurrent use and must not
	// modify their arguments.
	Funcs template.FuncMap
	// Lookup answers the lookup function. Nil gives Helm's client-side
	// behaviour: every lookup returns an empty map.
	Lookup LookupFunc
	// MaxIncludeDepth bounds nested include calls of one name; 0 means
	// DefaultMaxIncludeDepth.
	MaxIncludeDepth int
	// MaxTplDepth bounds nested tpl calls; 0 means DefaultMaxTplDepth.
	MaxTplDepth int
	// MaxOutputBytes, when positive, bounds the total size of the rendered
	// output of one Render.
	MaxOutputBytes int64
	// MaxValueBytes, when positive, bounds the size of every intermediate
	// include or tpl result and of every string or list a function builds
	// (repeat, printf, replace, toYaml, until, append, ...); functions are
	// refused before they build their result. 0 means MaxOutputBytes.
	MaxValueBytes int64
	// MaxBuildBytes, when positive, bounds the bytes one Render writes and
	// builds with functions, added up, so that a loop building large
	// strings stops even if it keeps none of them.
	MaxBuildBytes int64
	// MaxSteps, when positive, bounds the steps of one Render: writes of
	// text and action results, range iterations and calls of the functions
	// that build values.
	MaxSteps int64
	// MaxValueDepth bounds how deeply a value given to a function that
	// walks it (toYaml, printf, deepCopy, merge, ...) may nest; 0 means
	// DefaultMaxValueDepth. A value that contains itself is always refused.
	MaxValueDepth int
	// Parallelism is the number of template files parsed or rendered at
	// once; 0 means runtime.GOMAXPROCS(0), or fewer when the templates are
	// small (one goroutine per 16 KiB of template source, so that a small
	// chart is handled on the calling goroutine). Results never depend on
	// it.
	Parallelism int
	// MaxTemplateSets bounds the template sets the Engine keeps assembled,
	// one for each distinct set of enabled (sub)charts it has rendered;
	// when the cache is full it is emptied. 0 means DefaultMaxTemplateSets.
	MaxTemplateSets int
}

// DefaultMaxTemplateSets is the default of Options.MaxTemplateSets.
const DefaultMaxTemplateSets = 64

// Engine renders the templates of charts. It caches what it parses, so
// rendering the same chart again parses nothing. An Engine is safe for
// concurrent use.
type Engine struct {
	opts       Options
	lim        limits
	unguarded  bool             // benchmarks only: no limit checks, to measure what they cost
	copyTrees  bool             // benchmarks only: the trees it parses run as copies, laid out as the light set's (see lightTrees)
	noMemo     bool             // tests only: execute every include (memo.go)
	noHuge     bool             // GODEBUG=disablethp=1: no huge pages for output chunks (see adviseHuge)
	funcs      template.FuncMap // the complete function map, with placeholders for bound functions
	parseFuncs map[string]any   // the names known at parse time
	writable   map[string]bool  // the functions whose write variant the workers define (see writePrefix)
	parsed     parseCache
	sets       setCache
	tpls       tplCache
	docs       docCache
	// Compiled regular expressions and semver constraints and versions,
	// by their text.
	regexps     compiledCache[*regexp.Regexp]
	constraints compiledCache[*semver.Constraints]
	versions    compiledCache[*semver.Version]
	stats       counters
	initErr     error           // a function in Options.Funcs that text/template refuses
	memoImpure  map[string]bool // functions that keep an include from being remembered (memo.go)
	// autoParallel is set when Options.Parallelism was left at 0: the
	// Engine then uses fewer goroutines for little work (see workers).
	autoParallel bool
}

type counters struct {
	fileParses atomic.Int64 // template files parsed
	assemblies atomic.Int64 // template sets assembled
	tplParses  atomic.Int64 // tpl strings parsed
	exactRuns  atomic.Int64 // renders that fell back to the sequential exact mode
	memoHits   atomic.Int64 // include calls answered from the memo
}

// Stats reports how much work an Engine's caches saved.
type Stats struct {
	// FileParses counts template files parsed.
	FileParses int64
	// Assemblies counts template sets built from parsed files.
	Assemblies int64
	// TplParses counts strings parsed for the tpl function.
	TplParses int64
	// ExactRenders counts renders that ran in the sequential mode because a
	// template modified shared values (for example with set on .Values).
	ExactRenders int64
	// MemoHits counts include calls answered with the output of an equal
	// call earlier in the same render, without executing the template.
	MemoHits int64
}

// Stats returns the Engine's cache counters.
func (e *Engine) Stats() Stats {
	return Stats{
		FileParses:   e.stats.fileParses.Load(),
		Assemblies:   e.stats.assemblies.Load(),
		TplParses:    e.stats.tplParses.Load(),
		ExactRenders: e.stats.exactRuns.Load(),
		MemoHits:     e.stats.memoHits.Load(),
	}
}

// New returns an Engine with the given options.
func New(opts Options) *Engine {
	if opts.MaxIncludeDepth <= 0 {
		opts.MaxIncludeDepth = DefaultMaxIncludeDepth
	}
	if opts.MaxTplDepth <= 0 {
		opts.MaxTplDepth = DefaultMaxTplDepth
	}
	autoParallel := opts.Parallelism <= 0
	if autoParallel {
		opts.Parallelism = runtime.GOMAXPROCS(0)
	}
	if opts.MaxTemplateSets <= 0 {
		opts.MaxTemplateSets = DefaultMaxTemplateSets
	}
	e := &Engine{opts: opts, lim: opts.limits(), autoParallel: autoParallel, noHuge: godebug.THPDisabled(os.Getenv("GODEBUG"))}
	e.funcs = e.funcMap()
	e.writable = e.writableFuncs()
	e.parseFuncs = make(map[string]any, len(e.funcs))
	for k, v := range e.funcs {
		e.parseFuncs[k] = v
	}
	// Only the caller's functions can be refused: the engine's own are
	// checked by the tests, and checking the whole map builds it once more.
	e.initErr = checkFuncs(opts.Funcs)
	if e.initErr != nil {
		e.funcs = nil // never used
	}
	e.memoImpure = e.memoImpureSet()
	e.parsed.init()
	e.sets.init()
	e.tpls.init()
	return e
}

// checkFuncs reports a function map text/template would refuse (it panics
// on a value that is not a function or a bad name), with the text Helm
// gives that panic.
func checkFuncs(fm template.FuncMap) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering template failed: %v", r)
		}
	}()
	template.New("check").Funcs(fm)
	return nil
}

// ErrNilChart is returned by Render for a nil chart.
var ErrNilChart = errors.New("engine: nil chart")

// Render renders every template of c and of its subcharts, recursively,
// and returns their output keyed by template name
// ("<chart full path>/templates/x.yaml"). Files whose base name starts with
// "_" are parsed but not rendered; library charts contribute only those.
// NOTES.txt files are rendered like the others.
//
// vals is the top-level render object with the keys Values, Release,
// Capabilities and Chart, as values.ToRenderValues builds it. Render does
// not modify vals or c.
//
// Errors have Helm's texts; a *ParseError or *RenderError gives the details.
// When ctx is done, Render stops and returns ctx's error.
func (e *Engine) Render(ctx context.Context, c *chart.Chart, vals map[string]any) (map[string]string, error) {
	if c == nil {
		return nil, ErrNilChart
	}
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if e.initErr != nil {
		return map[string]string{}, e.initErr
	}
	p := e.plan(c, vals)
	pfs := e.parseAll(p)
	for _, pf := range pfs {
		if pf.err != nil {
			return map[string]string{}, pf.err
		}
	}
	ts := e.sets.get(e, pfs)
	if !ts.preferExact.Load() {
		out, err, mutated := e.renderGuarded(ctx, ts, p)
		if !mutated {
			return out, err
		}
		ts.preferExact.Store(true)
	}
	e.stats.exactRuns.Add(1)
	return e.renderExact(ctx, ts, p)
}
