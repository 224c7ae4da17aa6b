// Shared by the util4 and chartutil3 adapters (see Shared in
// ../../../helmunit_test.go): Helm's dependency steps, version ranges,
// Chart.yaml reading and release names, with chartrender's code. Helm's
// steps change the chart they are given; chartrender's return a new tree,
// so the result is written back onto Helm's objects: the root chart keeps
// its identity and its dependency entries are updated in place (as Helm
// updates them), subcharts are rebuilt from the Helm charts they come
// from. The adapter sets depOptions.
package shared

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	chartrender "github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// origins maps the marker file the adapter puts in each converted chart's
// Raw files (which chartrender's dependency processing carries along to
// the copies it makes) to the Helm chart it was converted from.
type origins map[*chart.File]*helmchart.Chart

func (o origins) toOurs(hc *helmchart.Chart) (*chart.Chart, error) {
	marker := &chart.File{Name: "adapter-origin"}
	o[marker] = hc
	md, err := metaToOurs(hc.Metadata)
	if err != nil {
		return nil, err
	}
	c := &chart.Chart{Metadata: md, Values: hc.Values, Raw: []*chart.File{marker}}
	for _, d := range hc.Dependencies() {
		if d == nil {
			continue
		}
		sub, err := o.toOurs(d)
		if err != nil {
			return nil, err
		}
		c.AddDependency(sub)
	}
	return c, nil
}

func (o origins) origin(c *chart.Chart) (*helmchart.Chart, error) {
	if len(c.Raw) == 0 || o[c.Raw[0]] == nil {
		return nil, fmt.Errorf("adapter: chart %s has no origin", c.Name())
	}
	return o[c.Raw[0]], nil
}

// writeBack makes dst (a Helm chart) hold the result c: metadata, values
// and subcharts. With inPlace, dst's dependency entries are updated in
// place rather than replaced.
func (o origins) writeBack(dst *helmchart.Chart, c *chart.Chart, inPlace bool) error {
	md, err := metaToHelm(c.Metadata)
	if err != nil {
		return err
	}
	if inPlace && dst.Metadata != nil {
		md.Dependencies = updateEntries(dst.Metadata.Dependencies, md.Dependencies)
		*dst.Metadata = *md
	} else {
		dst.Metadata = md
	}
	dst.Values = c.Values
	var subs []*helmchart.Chart
	for _, d := range c.Dependencies() {
		src, err := o.origin(d)
		if err != nil {
			return err
		}
		n := new(helmchart.Chart)
		*n = *src
		if err := o.writeBack(n, d, false); err != nil {
			return err
		}
		subs = append(subs, n)
	}
	dst.SetDependencies(subs...)
	return nil
}

// updateEntries writes the result entries onto the original ones they come
// from (in order; an entry's name is its alias once processed) and returns
// the originals that remain.
func updateEntries(orig, result []*helmchart.Dependency) []*helmchart.Dependency {
	if result == nil {
		return nil
	}
	out := make([]*helmchart.Dependency, 0, len(result))
	i := 0
	for _, r := range result {
		for i < len(orig) && !sameEntry(orig[i], r) {
			i++
		}
		if i == len(orig) {
			out = append(out, r)
			continue
		}
		e := orig[i]
		e.Name, e.Enabled, e.ImportValues = r.Name, r.Enabled, r.ImportValues
		out = append(out, e)
		i++
	}
	return out
}

func sameEntry(o, r *helmchart.Dependency) bool {
	if o == nil || r == nil {
		return o == r
	}
	name := o.Name
	if o.Alias != "" {
		name = o.Alias
	}
	return (r.Name == name || r.Name == o.Name) && r.Alias == o.Alias && r.Version == o.Version &&
		r.Repository == o.Repository && r.Condition == o.Condition && slices.Equal(r.Tags, o.Tags)
}

// processDependencyEnabled is Helm's first dependency step, for the root
// chart: chartrender's EnableDependencies with the adapter's depOptions.
func processDependencyEnabled(c *helmchart.Chart, v map[string]any, path string) error {
	if path != "" {
		return errors.New("adapter: only the root chart is processed")
	}
	o := origins{}
	oc, err := o.toOurs(c)
	if err != nil {
		return err
	}
	out, err := depOptions.EnableDependencies(oc, v)
	if err != nil {
		return err
	}
	return o.writeBack(c, out, true)
}

// processDependencyImportValues is Helm's second step: chartrender's
// ImportValues with the adapter's depOptions, in merge or coalescing mode.
func processDependencyImportValues(c *helmchart.Chart, merge bool) error {
	o := origins{}
	oc, err := o.toOurs(c)
	if err != nil {
		return err
	}
	opts := depOptions
	opts.CoalesceImports = !merge
	out, err := opts.ImportValues(oc)
	if err != nil {
		return err
	}
	return o.writeBack(c, out, true)
}

// matchedAlias is the alias the adapter gives a dependency entry to find
// the subchart chartrender matched to it.
const matchedAlias = "adapter-matched"

// match runs chartrender's EnableDependencies on a parent holding charts
// and the single entry dep (aliased to matchedAlias) and returns the
// subchart chartrender made for the entry, or nil when none matched.
func match(charts []*helmchart.Chart, dep *helmchart.Dependency) (*chart.Chart, origins, error) {
	o := origins{}
	parent := &chart.Chart{Metadata: &chart.Metadata{Name: "adapter", Version: "0.0.0", APIVersion: "v2",
		Dependencies: []*chart.Dependency{{Name: dep.Name, Version: dep.Version, Alias: matchedAlias}}}}
	for _, hc := range charts {
		if hc == nil {
			continue
		}
		c, err := o.toOurs(hc)
		if err != nil {
			return nil, nil, err
		}
		parent.AddDependency(c)
	}
	out, err := depOptions.EnableDependencies(parent, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range out.Dependencies() {
		if d.Name() == matchedAlias {
			return d, o, nil
		}
	}
	return nil, o, nil
}

// getAliasDependency is the subchart chartrender's dependency processing
// makes of the first of charts matching dep by name and version range,
// renamed to dep's alias.
func getAliasDependency(charts []*helmchart.Chart, dep *helmchart.Dependency) *helmchart.Chart {
	d, o, err := match(charts, dep)
	if err != nil || d == nil {
		return nil
	}
	src, err := o.origin(d)
	if err != nil {
		return nil
	}
	n := new(helmchart.Chart)
	*n = *src
	if err := o.writeBack(n, d, false); err != nil {
		return nil
	}
	n.Metadata.Name = dep.Name
	if dep.Alias != "" {
		n.Metadata.Name = dep.Alias
	}
	return n
}

// IsCompatibleRange reports whether chartrender's dependency processing
// matches a subchart of version ver to an entry with the constraint.
func IsCompatibleRange(constraint, ver string) bool {
	sub := &helmchart.Chart{Metadata: &helmchart.Metadata{Name: "sub", Version: ver, APIVersion: "v2"}}
	d, _, err := match([]*helmchart.Chart{sub}, &helmchart.Dependency{Name: "sub", Version: constraint})
	return err == nil && d != nil
}

// LoadChartfile reads a Chart.yaml with chartrender's loader.
func LoadChartfile(filename string) (*helmchart.Metadata, error) {
	b, err := os.ReadFile(filename)
	if err != nil {
		return nil, err
	}
	c, err := chart.LoadFiles([]*chart.File{{Name: "Chart.yaml", Data: b}})
	if err != nil {
		return nil, err
	}
	return metaToHelm(c.Metadata)
}

func ValidateReleaseName(name string) error { return chartrender.ValidateReleaseName(name) }

// Helm helpers without a chartrender counterpart: declared so that the
// test files compile; their tests are listed as not applicable.
var errNoCounterpart = errors.New("adapter: Helm helper without a chartrender counterpart")

func IsChartDir(string) (bool, error) { panic(errNoCounterpart) }

func ValidateMetadataName(string) error { panic(errNoCounterpart) }

// metaToOurs and metaToHelm convert metadata; dependency entries are
// copied field by field, so that nil and empty lists and the Go types of
// import-values stay as they are.
func metaToOurs(m *helmchart.Metadata) (*chart.Metadata, error) {
	if m == nil {
		return nil, nil
	}
	plain := *m
	plain.Dependencies = nil
	out := new(chart.Metadata)
	if err := recode(&plain, out); err != nil {
		return nil, err
	}
	if m.Dependencies != nil {
		out.Dependencies = make([]*chart.Dependency, len(m.Dependencies))
		for i, d := range m.Dependencies {
			if d != nil {
				out.Dependencies[i] = &chart.Dependency{Name: d.Name, Version: d.Version, Repository: d.Repository,
					Condition: d.Condition, Tags: d.Tags, Enabled: d.Enabled, ImportValues: d.ImportValues, Alias: d.Alias}
			}
		}
	}
	return out, nil
}

func metaToHelm(m *chart.Metadata) (*helmchart.Metadata, error) {
	if m == nil {
		return nil, nil
	}
	plain := *m
	plain.Dependencies = nil
	out := new(helmchart.Metadata)
	if err := recode(&plain, out); err != nil {
		return nil, err
	}
	if m.Dependencies != nil {
		out.Dependencies = make([]*helmchart.Dependency, len(m.Dependencies))
		for i, d := range m.Dependencies {
			if d != nil {
				out.Dependencies[i] = &helmchart.Dependency{Name: d.Name, Version: d.Version, Repository: d.Repository,
					Condition: d.Condition, Tags: d.Tags, Enabled: d.Enabled, ImportValues: d.ImportValues, Alias: d.Alias}
			}
		}
	}
	return out, nil
}

func recode(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
