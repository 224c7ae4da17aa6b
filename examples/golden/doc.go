// Package golden shows how a chart's authors can keep golden-file tests of
// their chart with chartrender: render the chart once per values set and
// compare the output with files kept in the repository. Parse once, render
// many: one Renderer serves every case, and the cases run in parallel.
//
// Run it with `go test ./examples/golden`; `go test ./examples/golden
// -update` rewrites the golden files from the current chart. (In this
// repository the golden files were produced by helm v4.3.1 itself, and
// chartrender's output is byte-identical to them.)
package golden
