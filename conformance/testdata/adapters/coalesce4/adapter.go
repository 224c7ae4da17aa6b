// Package util maps the coalescing API of Helm v4's pkg/chart/common/util
// onto chartrender's values package, so that Helm's coalesce_test.go runs
// against chartrender unchanged (see helmunit_test.go): Helm's chart objects
// are converted to chartrender's, and the results back to common.Values.
package util

import (
	"errors"
	"maps"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
	"helm.sh/helm/v4/pkg/chart/common"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// convert copies a Helm chart tree (metadata and values) into chartrender's
// types, subcharts included.
func convert(c *helmchart.Chart) *chart.Chart {
	out := &chart.Chart{Values: c.Values}
	if c.Metadata != nil {
		out.Metadata = &chart.Metadata{Name: c.Metadata.Name, Version: c.Metadata.Version, APIVersion: c.Metadata.APIVersion}
	}
	for _, d := range c.Dependencies() {
		out.AddDependency(convert(d))
	}
	return out
}

func run(chrt any, vals map[string]any, merge bool, printf func(string, ...any)) (common.Values, error) {
	c, ok := chrt.(*helmchart.Chart)
	if !ok {
		return nil, errors.New("adapter: not a *chart.Chart")
	}
	opts := values.CoalesceOptions{}
	if printf != nil {
		opts.Warn = func(w warning.Warning) { printf("%s", w.Message()) }
	}
	var out map[string]any
	var err error
	if merge {
		out, err = opts.MergeValues(convert(c), vals)
	} else {
		out, err = opts.Coalesce(convert(c), vals)
	}
	return common.Values(out), err
}

func CoalesceValues(chrt any, vals map[string]any) (common.Values, error) {
	return run(chrt, vals, false, nil)
}

func MergeValues(chrt any, vals map[string]any) (common.Values, error) {
	return run(chrt, vals, true, nil)
}

func coalesce(printf func(string, ...any), ch *helmchart.Chart, dest map[string]any, prefix string, merge bool) (map[string]any, error) {
	return run(ch, dest, merge, printf)
}

// CoalesceTables is Helm's table coalescing of src (defaults) into dst,
// through a chart without subcharts whose values are src. dst is updated.
func CoalesceTables(dst, src map[string]any) map[string]any { return tables(dst, src, false) }

// MergeTables is CoalesceTables in merge mode (nulls are kept).
func MergeTables(dst, src map[string]any) map[string]any { return tables(dst, src, true) }

func tables(dst, src map[string]any, merge bool) map[string]any {
	if dst == nil {
		dst = map[string]any{}
	}
	c := &chart.Chart{Metadata: &chart.Metadata{Name: "adapter"}, Values: src}
	var out map[string]any
	var err error
	if merge {
		out, err = values.MergeValues(c, dst)
	} else {
		out, err = values.Coalesce(c, dst)
	}
	if err != nil {
		panic(err)
	}
	clear(dst)
	maps.Copy(dst, out)
	return dst
}

// concatPrefix is Helm's internal path helper; chartrender has none.
func concatPrefix(string, string) string { panic("not applicable") }
