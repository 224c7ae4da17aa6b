package engine

import (
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

// plan is what one Render works through: the template files of the chart
// tree in Helm's parse order and the charts they belong to.
type plan struct {
	top    map[string]any
	charts []planChart // in Helm's recursion order: children before parents
	files  []planFile  // every template, sorted as Helm parses them
	render []int       // indexes into files of the templates to execute
}

type planChart struct {
	chart  *chart.Chart
	parent int   // index of the parent chart, -1 for the root
	subs   []int // indexes of the subcharts, in dependency order
	files  files // the chart's .Files
}

type planFile struct {
	name     string // <chart full path>/<file name>
	file     *chart.File
	chart    int // index into plan.charts
	basePath string
}

// plan walks the chart tree the way Helm's recAllTpls does.
func (e *Engine) plan(c *chart.Chart, top map[string]any) *plan {
	p := &plan{top: top}
	byName := map[string]int{}
	seen := map[*chart.Chart]bool{}
	var walk func(c *chart.Chart, parent int) int
	walk = func(c *chart.Chart, parent int) int {
		seen[c] = true
		idx := len(p.charts)
		p.charts = append(p.charts, planChart{chart: c, parent: parent, files: newFiles(c.Files)})
		for _, d := range c.Dependencies() {
			if d == nil || seen[d] {
				continue // a cycle cannot come from a loaded chart; do not loop
			}
			sub := walk(d, idx)
			p.charts[idx].subs = append(p.charts[idx].subs, sub)
		}
		full := c.ChartFullPath()
		lib := c.IsLibrary()
		for _, t := range c.Templates {
			if t == nil {
				continue
			}
			if lib && !strings.HasPrefix(filepath.Base(t.Name), "_") {
				continue
			}
			f := planFile{name: path.Join(full, t.Name), file: t, chart: idx, basePath: path.Join(full, "templates")}
			if i, ok := byName[f.name]; ok {
				p.files[i] = f
				continue
			}
			byName[f.name] = len(p.files)
			p.files = append(p.files, f)
		}
		return idx
	}
	walk(c, -1)
	sort.Slice(p.files, func(i, j int) bool { return helmBefore(p.files[i].name, p.files[j].name) })
	for i, f := range p.files {
		if !strings.HasPrefix(path.Base(f.name), "_") {
			p.render = append(p.render, i)
		}
	}
	return p
}

// helmBefore orders template names as Helm parses and executes them: deeper
// paths first, then by name, descending.
func helmBefore(a, b string) bool {
	ca, cb := strings.Count(a, "/"), strings.Count(b, "/")
	if ca != cb {
		return ca > cb
	}
	return a > b
}

// scopes builds the scope object of every chart of p from the top-level
// render values top, as Helm's recAllTpls does. The result is indexed like
// p.charts.
func (e *Engine) scopes(p *plan, top map[string]any) []map[string]any {
	out := make([]map[string]any, len(p.charts))
	caps := e.helmCapabilities(top["Capabilities"])
	var build func(i int, parent map[string]any)
	build = func(i int, parent map[string]any) {
		pc := &p.charts[i]
		subs := map[string]any{}
		s := make(map[string]any, 7)
		s["Chart"] = e.chartObject(pc.chart)
		s["Files"] = pc.files
		s["Release"] = top["Release"]
		s["Capabilities"] = caps
		s["Values"] = e.asValues(map[string]any{})
		s["Subcharts"] = subs
		if parent == nil {
			s["Values"] = e.asValues(top["Values"])
		} else if vs, ok := e.table(parent, "Values."+pc.chart.Name()); ok {
			s["Values"] = vs
		}
		out[i] = s
		for _, sub := range pc.subs {
			build(sub, s)
			subs[p.charts[sub].chart.Name()] = out[sub]
		}
	}
	build(0, nil)
	return out
}

// asValues converts a map to the named map type Helm uses for .Values and
// scope objects; anything else is returned unchanged.
func (e *Engine) asValues(v any) any {
	m, ok := asPlainMap(v)
	if !ok {
		return v
	}
	if e.opts.Helm3 {
		return chartutil.Values(m)
	}
	return common.Values(m)
}

// scopeValue wraps a scope map in Helm's named type.
func (e *Engine) scopeValue(m map[string]any) any {
	if e.opts.Helm3 {
		return chartutil.Values(m)
	}
	return common.Values(m)
}

func asPlainMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case common.Values:
		return m, true
	case chartutil.Values:
		return m, true
	}
	return nil, false
}

// table looks a dotted path up in m like Helm's Values.Table: every step
// must be a map.
func (e *Engine) table(m map[string]any, dotted string) (any, bool) {
	cur := m
	for _, k := range strings.Split(dotted, ".") {
		v, ok := cur[k]
		if !ok {
			return nil, false
		}
		next, ok := asPlainMap(v)
		if !ok {
			return nil, false
		}
		cur = next
	}
	return e.asValues(cur), true
}

// chartObject is .Chart: a map in Helm 4, a struct in Helm 3.
func (e *Engine) chartObject(c *chart.Chart) any {
	if e.opts.Helm3 {
		return c.TemplateDataV3()
	}
	return c.TemplateData()
}

// templateObject is .Template for one file.
func (e *Engine) templateObject(f *planFile) any {
	m := map[string]any{"Name": f.name, "BasePath": f.basePath}
	return e.scopeValue(m)
}
