// Package warning describes, as data, what Helm logs on stderr while it
// renders a chart: values that could not be coalesced, non-boolean tags and
// conditions, missing import-values tables, urn: schema references that
// nothing resolves, hooks with unknown events, a deprecated chart, and,
// while loading, the symbolic links followed in a chart directory.
//
// A [Warning] says what happened (its [Kind]) and where (the chart, the
// values path, the template); its String method gives the exact line Helm
// prints for it, in the dialect of the render it came from: Helm v4's
// log/slog lines (`level=WARN msg="returned non-bool value" tag=front
// chart=sub`) or Helm v3's standard-logger lines, which start with the
// source position of the call in Helm (`dependencies.go:95: Warning: Tag
// 'front' for chart sub returned non-bool value`).
//
// Packages chart, values and chartrender report warnings through callbacks
// of this type; chartrender also collects them in Result.Warnings.
package warning
