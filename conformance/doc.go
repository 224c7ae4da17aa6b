// Package conformance measures chartrender against the real Helm.
//
// It is a separate module so that Helm (helm.sh/helm/v4 v4.3.1) is a
// dependency of the measuring instrument only, never of chartrender itself.
// `go test` here renders every case with both and compares what `helm
// template` would print, byte for byte; where Helm fails, chartrender must
// fail too. Cases come from the shared corpus of real charts
// (../../shared/corpus, or the folder named by CHARTRENDER_CORPUS) and from
// testdata/cases.txt, whose expected outputs were produced by the helm
// v4.3.1 binary (go test -run TestCases -update regenerates them).
//
// The benchmarks measure Helm's SDK and chartrender side by side on the
// largest corpus charts, so that speed is always reported as a ratio from one
// run: go test -run NONE -bench . -benchmem.
package conformance
