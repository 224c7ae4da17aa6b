package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/internal/goldencase"
)

// The golden files compared here were produced by running helm v4.3.1
// (v3.22.0 for --helm3 cases) with the same arguments, by
// testdata/gen-golden.sh at the repository root; see testdata/README.md.
// They cover the library cases (../../testdata/cases.txt) and the
// command-line cases (testdata/cli_cases.txt).

func TestGolden(t *testing.T) {
	t.Chdir("../..") // cases use paths relative to the repository root
	for _, set := range []struct{ cases, golden string }{
		{"testdata/cases.txt", "testdata/golden"},
		{"examples/chartrender/testdata/cli_cases.txt", "examples/chartrender/testdata/golden"},
	} {
		for _, c := range goldencase.ReadCases(t, set.cases) {
			t.Run(c.Name, func(t *testing.T) {
				want := goldencase.Read(t, set.golden, c.Name)
				wantOut, wantErr, wantCode := want.Stdout, want.Stderr, want.Code

				tmp := filepath.Join(t.TempDir(), "out")
				args := []string{"template"}
				for _, a := range c.Args {
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
				if want.HasFiles {
					if diff := cmp.Diff(want.Files, goldencase.DumpDir(t, tmp)); diff != "" {
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
