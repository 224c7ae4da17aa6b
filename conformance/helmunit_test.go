package conformance

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Helm's unit tests for the packages chartrender reimplements run against
// chartrender unchanged: at test time the _test.go files of a Helm package
// are copied from the module cache (never into the repository) into a
// temporary package of this module whose only other file is an adapter
// (testdata/adapters/<name>/adapter.go) mapping Helm's API onto
// chartrender's, and `go test` runs there. Tests that exercise Helm
// internals chartrender does not have are skipped, each with its reason.

// helmUnitSuite is one Helm package run through an adapter.
type helmUnitSuite struct {
	Name   string            // adapter folder and package name
	Module string            // module@version
	Pkg    string            // package folder in the module
	Skip   map[string]string // test name -> why it cannot apply
	Files  []string          // the _test.go files to copy; all when empty
}

var helmUnitSuites = []helmUnitSuite{
	{
		Name: "strvals", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/strvals",
		Skip: map[string]string{
			"TestSetIndex": "tests Helm's unexported setIndex helper, which chartrender's parser has no counterpart of",
		},
	},
	{
		Name: "coalesce4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/common/util",
		Files: []string{"coalesce_test.go"},
		Skip: map[string]string{
			"TestConcatPrefix": "tests Helm's unexported concatPrefix helper, which chartrender has no counterpart of",
		},
	},
	{
		Name: "loader4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/v2/loader",
		Skip: map[string]string{
			"TestLoadDirWithDevNull": "needs the testdata symlink to /dev/null, which Go module zips drop: from the module cache it fails for Helm's own loader too",
			"TestLoadInvalidArchive": "expects the v2 loader's own archive errors; helm template (which chartrender reproduces) loads through pkg/chart/loader and prints \"unable to load chart archive\" / \"unable to detect chart version, no Chart.yaml found\" for these archives (checked with the v4.3.1 binary)",
		},
	},
	{
		Name: "strvals", Module: "helm.sh/helm/v3@v3.22.0", Pkg: "pkg/strvals",
		Skip: map[string]string{
			"TestSetIndex": "tests Helm's unexported setIndex helper, which chartrender's parser has no counterpart of",
		},
	},
}

func TestHelmUnitTests(t *testing.T) {
	for _, s := range helmUnitSuites {
		t.Run(s.Module+"/"+s.Pkg, func(t *testing.T) { runHelmUnitSuite(t, s) })
	}
}

var testResult = regexp.MustCompile(`^--- (PASS|FAIL|SKIP): (Test[^ /]*) `)

func runHelmUnitSuite(t *testing.T, s helmUnitSuite) {
	src := filepath.Join(helmModuleDir(t, s.Module), filepath.FromSlash(s.Pkg))
	// The temporary package must be inside this module to use its
	// dependencies; it is removed afterwards.
	dir, err := os.MkdirTemp(".", "helmunit-"+s.Name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.CopyFS(filepath.Join(dir, "testdata"), os.DirFS(filepath.Join(src, "testdata"))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	adapter, err := os.ReadFile(filepath.Join("testdata", "adapters", s.Name, "adapter.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "adapter.go"), adapter, 0o644); err != nil {
		t.Fatal(err)
	}
	tests, err := filepath.Glob(filepath.Join(src, "*_test.go"))
	if err != nil || len(tests) == 0 {
		t.Fatalf("no tests in %s: %v", src, err)
	}
	if len(s.Files) > 0 {
		tests = tests[:0]
		for _, f := range s.Files {
			tests = append(tests, filepath.Join(src, f))
		}
	}
	for _, f := range tests {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"test", "-count=1", "-v", "./" + filepath.Base(dir)}
	if len(s.Skip) > 0 {
		var names []string
		for n := range s.Skip {
			names = append(names, "^"+n+"$")
		}
		args = append(args, "-skip", strings.Join(names, "|"))
	}
	out, err := exec.Command("go", args...).CombinedOutput()
	passed, failed := 0, 0
	for line := range strings.SplitSeq(string(out), "\n") {
		m := testResult.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		switch m[1] {
		case "PASS":
			passed++
		case "FAIL":
			failed++
		}
	}
	fmt.Printf("%s %s: %d passed, %d failed, %d not applicable\n", s.Module, s.Pkg, passed, failed, len(s.Skip))
	for n, why := range s.Skip {
		fmt.Printf("  not applicable: %s: %s\n", n, why)
	}
	if err != nil || failed > 0 || passed == 0 {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}
