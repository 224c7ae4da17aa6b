// Package values computes the values a chart is rendered with, the way
// helm template (Helm v4.3.1, or v3.22.0 with the Helm3 options) does.
//
// Values use the JSON data model: map[string]any, []any, string, bool, nil,
// float64 (every number read from YAML or JSON) and int64 (integers from
// --set).
//
// The steps, in helm template's order:
//
//   - Options.Merge builds the user values from the value flags (-f,
//     --set-json, --set, --set-string, --set-file, --set-literal), in Helm's
//     fixed order; Parse and ReadFile read one values file with Helm's YAML
//     1.1 typing.
//   - chart.ProcessDependencies prunes and renames subcharts and applies
//     import-values (it uses the same coalescing code).
//   - Coalesce merges the user values with the defaults of the chart and its
//     subcharts, with Helm's null and global rules.
//   - ToRenderValues wraps the result into the {Values, Release, Chart,
//     Capabilities} object templates see.
//
// Nothing in this package modifies the maps or charts it is given; results
// never share memory with the inputs. Warnings that Helm logs (and never
// prints on stdout) can be collected, as data, through CoalesceOptions.Warn.
package values
