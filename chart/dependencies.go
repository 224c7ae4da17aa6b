package chart

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/chartrender/chartrender/internal/coalesce"
	"github.com/chartrender/chartrender/warning"
)

// DependencyOptions control ProcessDependencies.
type DependencyOptions struct {
	// Helm3 imitates Helm v3.22.0 instead of v4.3.1: chart-default nulls are
	// kept while coalescing, warnings use v3's wording, and the copies made
	// for aliased subcharts share their own subcharts (and those subcharts'
	// dependency entries) as v3 does.
	Helm3 bool
	// Warn, when set, receives the warnings Helm logs while processing
	// (non-bool tags or conditions, missing import-values tables, coalescing
	// conflicts). Helm prints them on stderr (warning.Warning's String
	// method gives the line); they never affect the output.
	Warn func(warning.Warning)
	// MaxInstances bounds the subchart instances the tree may hold once
	// aliases have copied subcharts (each level of aliases multiplies the
	// copies below it). 0 means DefaultMaxInstances; a negative value means
	// no limit. Helm has no such limit.
	MaxInstances int
	// CoalesceImports merges import-values in coalescing mode, as Helm's
	// chartutil.ProcessDependencies does: null values are dropped from the
	// parents' values. By default they are merged keeping nulls, as
	// ProcessDependenciesWithMerge does, which helm template uses.
	CoalesceImports bool
}

// DefaultMaxInstances is the default of DependencyOptions.MaxInstances:
// far more subcharts than real chart trees hold.
const DefaultMaxInstances = 10_000

// ErrTooManyInstances is wrapped by the error of a chart tree whose aliases
// multiply into more than DependencyOptions.MaxInstances subcharts.
var ErrTooManyInstances = errors.New("too many subchart instances")

// ProcessDependencies applies Chart.yaml's dependency rules to c with the
// user-supplied values, as helm template does before rendering (Helm's
// chartutil.ProcessDependencies): subcharts are matched to their entries by
// name and version range, renamed by alias (one chart may appear under
// several aliases), enabled or disabled by tags and conditions, pruned when
// disabled (from the subcharts and from Metadata.Dependencies), and
// import-values are merged into the parents' values.
//
// It returns a new tree and leaves c untouched: every Chart and Metadata is
// copied, Dependency entries are copied, and files, templates and values
// maps are shared (they are never modified). The result is safe to render;
// c can be processed again with other values.
//
// Errors come from coalescing (e.g. "type mismatch on sub: %!t(int64=5)",
// a *coalesce.TypeMismatchError, which package values exports as
// values.TypeMismatchError) and are returned unwrapped. helm v4 template
// wraps them as "chart dependencies processing failed: <err>"; that is the
// caller's job (helm v3 prints them unwrapped).
func ProcessDependencies(c *Chart, userValues map[string]any) (*Chart, error) {
	return DependencyOptions{}.ProcessDependencies(c, userValues)
}

// ProcessDependencies is the package-level ProcessDependencies with these
// options.
func (o DependencyOptions) ProcessDependencies(c *Chart, userValues map[string]any) (*Chart, error) {
	return o.ProcessDependenciesContext(context.Background(), c, userValues)
}

// ProcessDependenciesContext is ProcessDependencies with a context: when
// ctx is done, the work stops (it is checked for every chart and every few
// hundred values keys) and ctx's error is returned.
func (o DependencyOptions) ProcessDependenciesContext(ctx context.Context, c *Chart, userValues map[string]any) (*Chart, error) {
	if c == nil {
		return nil, errors.New("chart is nil")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := &depProcessor{opts: o, ctx: ctx}
	// Helm mutates the tree it is given. Work the same way on a private copy
	// with the same shape, so that Helm's sharing quirks (aliased copies
	// sharing metadata) play out identically without touching c.
	memo := make(map[*Chart]*Chart)
	root := cloneTree(c, memo)
	if err := p.enabled(root, userValues, ""); err != nil {
		return nil, err
	}
	if err := p.importValues(root); err != nil {
		return nil, err
	}
	return root, nil
}

// EnableDependencies runs the first step of ProcessDependencies alone
// (Helm's processDependencyEnabled): aliases, tags and conditions, and the
// pruning of disabled subcharts. Like ProcessDependencies it returns a new
// tree and leaves c untouched.
func (o DependencyOptions) EnableDependencies(c *Chart, userValues map[string]any) (*Chart, error) {
	if c == nil {
		return nil, errors.New("chart is nil")
	}
	p := &depProcessor{opts: o}
	root := cloneTree(c, make(map[*Chart]*Chart))
	if err := p.enabled(root, userValues, ""); err != nil {
		return nil, err
	}
	return root, nil
}

// ImportValues runs the second step of ProcessDependencies alone (Helm's
// processDependencyImportValues): the import-values of every chart of the
// tree, bottom-up, into its parent's values. Like ProcessDependencies it
// returns a new tree and leaves c untouched.
func (o DependencyOptions) ImportValues(c *Chart) (*Chart, error) {
	if c == nil {
		return nil, errors.New("chart is nil")
	}
	p := &depProcessor{opts: o}
	root := cloneTree(c, make(map[*Chart]*Chart))
	if err := p.importValues(root); err != nil {
		return nil, err
	}
	return root, nil
}

// coalesceTree is how package coalesce walks a chart tree (read-only).
var coalesceTree = coalesce.Tree[*Chart]{
	Name:   (*Chart).Name,
	Values: func(c *Chart) map[string]any { return c.Values },
	Deps:   (*Chart).Dependencies,
}

type depProcessor struct {
	ctx       context.Context // nil: none
	opts      DependencyOptions
	instances int // subchart copies made for aliases so far
}

func (p *depProcessor) ctxErr() error {
	if p.ctx == nil {
		return nil
	}
	return p.ctx.Err()
}

func (p *depProcessor) maxInstances() int {
	switch {
	case p.opts.MaxInstances == 0:
		return DefaultMaxInstances
	case p.opts.MaxInstances < 0:
		return 0
	}
	return p.opts.MaxInstances
}

func (p *depProcessor) warn(w warning.Warning) {
	if p.opts.Warn != nil {
		w.Helm3 = p.opts.Helm3
		p.opts.Warn(w)
	}
}

func (p *depProcessor) coalesceOptions(merge bool) coalesce.Options {
	return coalesce.Options{Merge: merge, Helm3: p.opts.Helm3, Warn: p.opts.Warn, Ctx: p.ctx}
}

// cloneTree copies every Chart and Metadata reachable from c, keeping the
// shape (and any sharing) of the original.
func cloneTree(c *Chart, memo map[*Chart]*Chart) *Chart {
	if c == nil {
		return nil
	}
	if n, ok := memo[c]; ok {
		return n
	}
	n := new(Chart)
	*n = *c
	memo[c] = n
	n.Metadata = copyMetadata(c.Metadata)
	if c.dependencies != nil {
		n.dependencies = make([]*Chart, len(c.dependencies))
		for i, d := range c.dependencies {
			nd := cloneTree(d, memo)
			n.dependencies[i] = nd
			if nd != nil {
				if p, ok := memo[d.parent]; ok {
					nd.parent = p
				}
			}
		}
	}
	return n
}

// copyMetadata copies m and its dependency entries.
func copyMetadata(m *Metadata) *Metadata {
	if m == nil {
		return nil
	}
	md := *m
	if m.Dependencies != nil {
		md.Dependencies = make([]*Dependency, len(m.Dependencies))
		for i, d := range m.Dependencies {
			if d != nil {
				dc := *d
				md.Dependencies[i] = &dc
			}
		}
	}
	return &md
}

func chartVersion(c *Chart) string {
	if c == nil || c.Metadata == nil {
		return ""
	}
	return c.Metadata.Version
}

// compatibleRange reports whether version satisfies the semver constraint
// (Helm's IsCompatibleRange); unparsable input never matches.
func compatibleRange(constraint, version string) bool {
	v, err := semver.NewVersion(version)
	if err != nil {
		return false
	}
	c, err := semver.NewConstraint(constraint)
	if err != nil {
		return false
	}
	return c.Check(v)
}

// aliasDependency returns a copy of the first chart matching dep by name and
// version range, renamed to dep's alias, or nil.
func (p *depProcessor) aliasDependency(charts []*Chart, dep *Dependency) *Chart {
	for _, c := range charts {
		if c == nil || c.Name() != dep.Name || !compatibleRange(dep.Version, chartVersion(c)) {
			continue
		}
		out := new(Chart)
		*out = *c
		if p.opts.Helm3 {
			// v3 copies the metadata struct only: the dependency entries
			// and the subcharts stay shared with c.
			md := *c.Metadata
			out.Metadata = &md
		} else {
			out.Metadata = copyMetadata(c.Metadata)
			out.SetDependencies()
			for _, d := range c.dependencies {
				if d == nil {
					continue
				}
				dc := new(Chart)
				*dc = *d
				out.AddDependency(dc)
			}
		}
		if dep.Alias != "" {
			out.Metadata.Name = dep.Alias
		}
		return out
	}
	return nil
}

// enabled applies aliases, tags and conditions to c's subcharts and prunes
// the disabled ones, recursively (Helm's processDependencyEnabled). v is the
// user values at the root and the parent's coalesced values below it; path is
// the dotted prefix of c's conditions.
func (p *depProcessor) enabled(c *Chart, v map[string]any, path string) error {
	if err := p.ctxErr(); err != nil {
		return err
	}
	if c.Metadata == nil || c.Metadata.Dependencies == nil {
		return nil
	}
	reqs := c.Metadata.Dependencies

	// Loaded subcharts that match no entry (by name and version) are kept
	// as they are and always enabled.
	var deps []*Chart
unmanaged:
	for _, existing := range c.dependencies {
		for _, req := range reqs {
			if req != nil && existing.Name() == req.Name && compatibleRange(req.Version, chartVersion(existing)) {
				continue unmanaged
			}
		}
		deps = append(deps, existing)
	}
	for _, req := range reqs {
		if req == nil {
			continue
		}
		if d := p.aliasDependency(c.dependencies, req); d != nil {
			p.instances++
			if max := p.maxInstances(); max > 0 && p.instances > max {
				return fmt.Errorf("%w: the aliases of %s and its subcharts make more than %d (raise DependencyOptions.MaxInstances)",
					ErrTooManyInstances, c.Name(), max)
			}
			deps = append(deps, d)
		}
		if req.Alias != "" {
			req.Name = req.Alias
		}
	}
	c.SetDependencies(deps...)

	for _, r := range reqs {
		if r != nil {
			r.Enabled = true
		}
	}
	cvals, err := coalesce.Values(coalesceTree, c, v, p.coalesceOptions(false))
	if err != nil {
		return err
	}
	p.tags(reqs, cvals)
	p.conditions(reqs, cvals, path)

	disabled := make(map[string]bool)
	for _, r := range reqs {
		if r != nil && !r.Enabled {
			disabled[r.Name] = true
		}
	}
	keep := []*Chart{}
	for _, d := range c.dependencies {
		if !disabled[d.Name()] {
			keep = append(keep, d)
		}
	}
	var keepReqs []*Dependency
	for _, r := range reqs {
		if r == nil || !disabled[r.Name] {
			keepReqs = append(keepReqs, r)
		}
	}
	for _, d := range keep {
		if err := p.enabled(d, cvals, path+d.Name()+"."); err != nil {
			return err
		}
	}
	// Like Helm, an empty list becomes nil, which later skips import-values.
	c.Metadata.Dependencies = keepReqs
	c.SetDependencies(keep...)
	return nil
}

// tags applies the top-level "tags" table: any true tag enables an entry,
// otherwise any false tag disables it.
func (p *depProcessor) tags(reqs []*Dependency, cvals map[string]any) {
	if reqs == nil {
		return
	}
	vt, err := coalesce.Table(cvals, "tags")
	if err != nil {
		return
	}
	for _, r := range reqs {
		if r == nil {
			continue
		}
		var hasTrue, hasFalse bool
		for _, k := range r.Tags {
			b, ok := vt[k]
			if !ok {
				continue
			}
			bv, ok := b.(bool)
			if !ok {
				p.warn(warning.Warning{Kind: warning.TagNotBool, Chart: r.Name, Path: "tags." + k, Detail: k})
				continue
			}
			if bv {
				hasTrue = true
			} else {
				hasFalse = true
			}
		}
		r.Enabled = hasTrue || !hasFalse
	}
}

// conditions applies each entry's condition: the first of its
// comma-separated paths that holds a bool decides.
func (p *depProcessor) conditions(reqs []*Dependency, cvals map[string]any, path string) {
	for _, r := range reqs {
		if r == nil {
			continue
		}
		for _, cond := range strings.Split(strings.TrimSpace(r.Condition), ",") {
			if cond == "" {
				continue
			}
			vv, err := coalesce.PathValue(cvals, path+cond)
			if err != nil {
				var nv *coalesce.NoValueError
				if !errors.As(err, &nv) {
					p.warn(warning.Warning{Kind: warning.ConditionError, Chart: r.Name, Path: cond, Detail: err.Error()})
				}
				continue
			}
			if bv, ok := vv.(bool); ok {
				r.Enabled = bv
				break
			}
			p.warn(warning.Warning{Kind: warning.ConditionNotBool, Chart: r.Name, Path: cond})
		}
	}
}

// importValues runs import-values bottom-up over the tree (Helm's
// processDependencyImportValues, in merge mode as helm template uses it
// unless CoalesceImports is set).
func (p *depProcessor) importValues(c *Chart) error {
	if err := p.ctxErr(); err != nil {
		return err
	}
	for _, d := range c.dependencies {
		if err := p.importValues(d); err != nil {
			return err
		}
	}
	return p.processImportValues(c)
}

// processImportValues merges the tables c's dependency entries import into
// c's values; c's own values win. The entries are rewritten to their
// normalised {child, parent} form.
func (p *depProcessor) processImportValues(c *Chart) error {
	if c.Metadata == nil || c.Metadata.Dependencies == nil {
		return nil
	}
	merge := p.coalesceOptions(!p.opts.CoalesceImports)
	cvals, err := coalesce.Values(coalesceTree, c, nil, merge)
	if err != nil {
		return err
	}
	b := make(map[string]any)
	for _, r := range c.Metadata.Dependencies {
		if r == nil {
			continue
		}
		var out []any
		for _, riv := range r.ImportValues {
			switch iv := riv.(type) {
			case map[string]any:
				child := fmt.Sprintf("%v", iv["child"])
				parent := fmt.Sprintf("%v", iv["parent"])
				out = append(out, map[string]string{"child": child, "parent": parent})
				vv, err := coalesce.Table(cvals, r.Name+"."+child)
				if err != nil {
					p.warn(warning.Warning{Kind: warning.ImportMissingTable, Chart: r.Name, Path: r.Name + "." + child, Detail: err.Error(), FromChart: true})
					continue
				}
				b = coalesce.Tables(b, pathToMap(parent, nonNilTable(vv)), merge)
			case string:
				child := "exports." + iv
				out = append(out, map[string]string{"child": child, "parent": "."})
				vm, err := coalesce.Table(cvals, r.Name+"."+child)
				if err != nil {
					p.warn(warning.Warning{Kind: warning.ImportMissingTable, Chart: r.Name, Path: r.Name + "." + child, Detail: err.Error()})
					continue
				}
				b = coalesce.Tables(b, nonNilTable(vm), merge)
			}
		}
		r.ImportValues = out
	}
	// Imported values rank below the chart's own: merge b into (a copy of)
	// cvals, not the other way round. In coalescing mode Helm first drops
	// the nulls of cvals.
	own := coalesce.DeepCopy(cvals)
	if p.opts.CoalesceImports {
		dropNulls(own)
	}
	c.Values = coalesce.Tables(own, b, merge)
	return nil
}

// dropNulls deletes the null values of m and of the tables in it.
func dropNulls(m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			delete(m, k)
		case map[string]any:
			dropNulls(v)
		}
	}
}

// nonNilTable mirrors Helm's Values.AsMap: an empty table is replaced by a
// fresh map (which matters, because the result is merged into in place).
func nonNilTable(m map[string]any) map[string]any {
	if len(m) == 0 {
		return map[string]any{}
	}
	return m
}

// pathToMap nests data under the dotted path; "." means the root.
func pathToMap(path string, data map[string]any) map[string]any {
	if path == "." {
		return data
	}
	keys := strings.Split(path, ".")
	cur := data
	for i := len(keys) - 1; i >= 0; i-- {
		cur = map[string]any{keys[i]: cur}
	}
	return cur
}
