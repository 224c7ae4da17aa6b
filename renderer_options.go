package chartrender

import (
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/chartrender/chartrender/engine"
)

// A RendererOption configures a [Renderer]; pass them to [NewRenderer].
// Options are values: they can be kept, combined in slices and reused for
// many Renderers.
type RendererOption interface {
	apply(*rendererConfig)
}

type optionFunc func(*rendererConfig)

func (f optionFunc) apply(c *rendererConfig) { f(c) }

// rendererConfig is what the options of a Renderer set.
type rendererConfig struct {
	lookup      engine.LookupFunc
	funcs       template.FuncMap
	parallelism int
	maxSets     int
	err         error // the first invalid option
}

// WithLookup answers the lookup template function with l, for example with
// engine.ObjectLookup for objects a test provides. Without it every lookup
// finds nothing, as in `helm template`.
func WithLookup(l engine.LookupFunc) RendererOption {
	return optionFunc(func(c *rendererConfig) { c.lookup = l })
}

// WithFuncs adds template functions, e.g. for a tool that renders charts
// written for it. A name that Helm, sprig or text/template already defines
// is refused (the Renderer's renders then fail with a *FuncNameError), so
// that a chart cannot silently mean something else than in Helm; use
// [WithFuncOverrides] to replace such a function on purpose. The functions
// must be safe for concurrent use and must not modify their arguments.
// Several WithFuncs options add up.
func WithFuncs(funcs template.FuncMap) RendererOption {
	return optionFunc(func(c *rendererConfig) {
		var shadowing []string
		known := engine.FuncNames()
		for name := range funcs {
			if _, found := slices.BinarySearch(known, name); found {
				shadowing = append(shadowing, name)
			}
		}
		if len(shadowing) > 0 {
			slices.Sort(shadowing)
			if c.err == nil {
				c.err = &FuncNameError{Names: shadowing}
			}
			return
		}
		c.addFuncs(funcs)
	})
}

// WithFuncOverrides adds template functions like [WithFuncs], and lets them
// replace functions of the same name from Helm or sprig. Output rendered
// with a replaced function may differ from Helm's.
func WithFuncOverrides(funcs template.FuncMap) RendererOption {
	return optionFunc(func(c *rendererConfig) { c.addFuncs(funcs) })
}

func (c *rendererConfig) addFuncs(funcs template.FuncMap) {
	if c.funcs == nil {
		c.funcs = make(template.FuncMap, len(funcs))
	}
	for k, v := range funcs {
		c.funcs[k] = v
	}
}

// WithParallelism sets how many template files one render executes at
// once; n <= 0 means one per CPU (runtime.GOMAXPROCS), or fewer for a chart
// with little template source. The output never depends on it.
func WithParallelism(n int) RendererOption {
	return optionFunc(func(c *rendererConfig) { c.parallelism = n })
}

// WithTemplateSetCache bounds how many assembled template sets the Renderer
// keeps for each combination of the options that select template
// functions (Deterministic, EnableDNS, Helm3, MaxOutputBytes). A chart
// assembles one set for each distinct combination of enabled subcharts the
// values select; when the cache is full it is emptied. n <= 0 means
// engine.DefaultMaxTemplateSets.
func WithTemplateSetCache(n int) RendererOption {
	return optionFunc(func(c *rendererConfig) { c.maxSets = n })
}

// A FuncNameError reports template functions given to [WithFuncs] whose
// names Helm, sprig or text/template already define.
type FuncNameError struct {
	// Names are the refused names, sorted.
	Names []string
}

func (e *FuncNameError) Error() string {
	return fmt.Sprintf("template functions %s would replace Helm's; use WithFuncOverrides to replace them", strings.Join(e.Names, ", "))
}
