package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The golden files compared here were produced by running helm v4.3.1
// (v3.22.0 for --helm3 cases) with the same arguments, by
// testdata/gen-golden.sh at the repository root; see testdata/README.md.
// They cover the library cases (../../testdata/cases.txt) and the
// command-line cases (testdata/cli_cases.txt).

type cliCase struct {
	name string
	args []string
}

func readCases(t *testing.T, file string) []cliCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []cliCase
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		cases = append(cases, cliCase{name: f[0], args: f[1:]})
	}
	return cases
}

func readFileOr(t *testing.T, name string) (string, bool) {
	t.Helper()
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return "", false
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b), true
}

func dumpDir(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("== " + n + "\n")
		b.Write(data)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	t.Chdir("../..") // cases use paths relative to the repository root
	for _, set := range []struct{ cases, golden string }{
		{"testdata/cases.txt", "testdata/golden"},
		{"examples/chartrender/testdata/cli_cases.txt", "examples/chartrender/testdata/golden"},
	} {
		for _, c := range readCases(t, set.cases) {
			t.Run(c.name, func(t *testing.T) {
				base := filepath.Join(set.golden, c.name)
				wantOut, _ := readFileOr(t, base+".stdout")
				wantErr, _ := readFileOr(t, base+".stderr")
				wantCode, _ := readFileOr(t, base+".code")
				wantFiles, hasFiles := readFileOr(t, base+".files")

				tmp := filepath.Join(t.TempDir(), "out")
				args := []string{"template"}
				for _, a := range c.args {
					switch {
					case a == "EMPTY":
						a = ""
					case strings.Contains(a, "OUT"):
						a = strings.ReplaceAll(a, "OUT", tmp)
					}
					args = append(args, a)
				}
				var stdout, stderr bytes.Buffer
				getenv := func(string) string { return "" }
				code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, getenv)

				gotOut := strings.ReplaceAll(stdout.String(), tmp, "OUT")
				gotErr := strings.ReplaceAll(stderr.String(), tmp, "OUT")
				// The command is named chartrender, not helm.
				wantErr = strings.ReplaceAll(wantErr, "helm template", "chartrender template")
				if got, want := code, strings.TrimSpace(wantCode); want != "" && (got != 0) != (want != "0") {
					t.Errorf("exit code %d, helm %s", got, want)
				}
				if diff := cmp.Diff(wantOut, gotOut); diff != "" {
					t.Errorf("stdout mismatch (-helm +chartrender):\n%s", diff)
				}
				if diff := cmp.Diff(wantErr, gotErr); diff != "" {
					t.Errorf("stderr mismatch (-helm +chartrender):\n%s", diff)
				}
				if hasFiles {
					if diff := cmp.Diff(wantFiles, dumpDir(t, tmp)); diff != "" {
						t.Errorf("output dir mismatch (-helm +chartrender):\n%s", diff)
					}
				}
			})
		}
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"template", "--help"}, nil, &stdout, &stderr, os.Getenv); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if !strings.Contains(stdout.String(), "chartrender template [NAME] [CHART] [flags]") {
		t.Errorf("help text missing usage line:\n%s", stdout.String())
	}
}
