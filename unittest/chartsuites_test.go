package unittest

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestChartSuites runs the tests charts of testdata/charts/suitegen with
// Runner.ChartTestsPath and compares the console output, the exit status
// and the snapshot files written with helm-unittest v1.1.2's run of the
// same chart (suitegen.*.golden, written by conformance/unittest
// TestChartSuitesGolden -update).
func TestChartSuites(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/suitegen")
	for _, p := range []string{"suites-ok", "suites-notes", "suites-unnamed", "suites-empty", "suites-nochart", "suites-missing"} {
		t.Run(p, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", "suitegen."+p+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			copyTree(t, src, filepath.Join(dir, "suitegen"))
			t.Chdir(dir)
			rep, err := (&Runner{ChartTestsPath: p}).Run(context.Background(), "suitegen")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			(&Console{W: &out}).Report(rep)
			status := 0
			if !rep.Passed() {
				status = 1
			}
			got := regexp.MustCompile(`(?m)^Time:  .*$`).ReplaceAll(out.Bytes(), []byte("Time:        <elapsed>"))
			got = fmt.Appendf(got, "# exit status %d\n", status)
			err = filepath.WalkDir(".", func(f string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || filepath.Ext(f) != ".snap" {
					return err
				}
				data, err := os.ReadFile(f)
				got = fmt.Appendf(got, "# %s\n%s", filepath.ToSlash(f), data)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("run differs from helm-unittest's:\n%s", lineDiff(string(want), string(got)))
			}
		})
	}
}
