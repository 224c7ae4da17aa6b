package unittest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// chartSuitePaths are the tests charts inside the suitegen chart of
// ../../unittest/testdata, each run with --chart-tests-path.
var chartSuitePaths = []string{"suites-ok", "suites-notes", "suites-unnamed", "suites-empty", "suites-nochart", "suites-missing"}

// TestChartSuitesGolden checks the golden files of the unittest package's
// --chart-tests-path runs (suitegen.*.golden: console output, exit status
// and the snapshot files written) against helm-unittest v1.1.2, or writes
// them with -update.
func TestChartSuitesGolden(t *testing.T) {
	bin := oracle(t)
	src := filepath.Join("..", "..", "unittest", "testdata", "charts", "suitegen")
	for _, p := range chartSuitePaths {
		t.Run(p, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, src, filepath.Join(dir, "suitegen"))
			cmd := exec.Command(bin, "--chart-tests-path", p, "suitegen")
			cmd.Dir, cmd.Env = dir, append(os.Environ(), "HELM_PLUGIN_DIR="+dir)
			out, err := cmd.Output()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			got := ChartSuitesTranscript(out, code, dir)
			golden := filepath.Join("..", "..", "unittest", "testdata", "suitegen."+p+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("helm-unittest's run differs from %s:\n%s", golden, got)
			}
		})
	}
}

// ChartSuitesTranscript is what a suitegen golden file holds: the console
// output with its time blanked, the exit status, and every snapshot file
// under dir with its content. The unittest package builds the same
// transcript from its own run.
func ChartSuitesTranscript(out []byte, code int, dir string) []byte {
	var b bytes.Buffer
	b.Write(regexp.MustCompile(`(?m)^Time:  .*$`).ReplaceAll(out, []byte("Time:        <elapsed>")))
	fmt.Fprintf(&b, "# exit status %d\n", code)
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".snap" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(&b, "# %s\n%s", filepath.ToSlash(rel), data)
		return nil
	})
	return b.Bytes()
}
