// Package golden shows how a chart's authors can keep golden-file tests of
// their chart with package chartrendertest: render the chart once per
// values set and compare the output with files kept in the repository. A
// failure names only the documents that changed, with a diff of their
// fields. Parse once, render many: one Renderer serves every case, and the
// cases run in parallel.
//
// Run it with `go test ./examples/golden`; `go test ./examples/golden
// -update` rewrites the golden files from the current chart. (In this
// repository the golden files were produced by helm v4.3.1 itself, and
// chartrender's output is the same.)
package golden
