// Package chartrendertest keeps golden-file tests of Helm charts, the way Go
// programmers keep golden files: a test renders a chart and compares the
// output with a file in testdata; `go test -update` rewrites the file.
//
//	func TestChart(t *testing.T) {
//		chartrendertest.Golden(t, "../mychart", chartrender.Options{
//			Values: []string{"replicaCount=3"},
//		}, "testdata/replicas.golden")
//	}
//
// The golden file holds exactly what `helm template` prints. The comparison
// is per document, keyed by source template, kind, namespace and name, on
// the decoded values (so key order and quoting do not matter): a failure
// names only the documents that changed, each with a go-cmp diff of its
// fields, and the documents added or removed. (A render that differs from
// the golden file in formatting only passes.)
//
// Renders are deterministic by default (Options.Deterministic), so that
// generated passwords and certificates compare. Noise that changes anyway
// can be left out of the comparison with ready options ([IgnorePath] for a
// field such as a checksum annotation, [IgnoreChartVersion] for the
// helm.sh/chart label) or any go-cmp option ([Cmp]). [OutputDirLayout] keeps
// one golden file per template, as `helm template --output-dir` lays them
// out, for readable pull-request diffs.
//
// The package registers the -update flag on the standard flag set; a test
// package using it must not define its own.
package chartrendertest
