// Package coalesce implements Helm's value coalescing: how a chart's default
// values, its subcharts' defaults and the values a user supplies are combined
// into the tree templates see as .Values.
//
// It is shared by package values (rendering) and package chart (dependency
// conditions and import-values), so it does not know the chart types: a chart
// tree is reached through a [Tree] of accessor functions.
//
// The algorithm mirrors Helm v4.3.1 (pkg/chart/common/util/coalesce.go) and,
// with [Options.Helm3], Helm v3.22.0 (pkg/chartutil/coalesce.go), including
// their quirks: nulls, the shallow copy of global tables, and the order of
// warnings aside, the results are the same. Helm mutates the maps it works on;
// this package does so only on copies it owns. [Values] deep-copies the user
// values and each chart's defaults once, exactly where Helm does, and never
// writes to anything it was given. The lower-level [Tables] works in place and
// is meant for trees the caller owns.
package coalesce
