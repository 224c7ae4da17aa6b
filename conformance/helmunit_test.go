package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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
	Name string // adapter folder and package name
	// ModDir is the module the tests run in: "" for this one (Helm v4),
	// "helm3unit" for the nested module that requires Helm v3.22.0.
	ModDir string
	Module string            // module@version
	Pkg    string            // package folder in the module
	Skip   map[string]string // test name -> why it cannot apply
	Files  []string          // the _test.go files to copy; all when empty
	// Excluded names the package's other _test.go files (when Files is
	// set) and why none of their tests can apply.
	Excluded map[string]string
	// Shared lists files of testdata/adapters/shared that the adapter uses
	// too: code the v3 and v4 adapters have in common, written for Helm v4.
	// Their package clause becomes the adapter's, and for Helm v3 the
	// import of Helm v4's chart package becomes v3's.
	Shared []string
	// Needs lists tests that depend on this machine: the function returns
	// why the test cannot run here, or "" when it can.
	Needs map[string]func() string
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
		Name: "schema4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/common/util",
		Files: []string{"jsonschema_test.go"},
		Skip: map[string]string{
			"TestHTTPURLLoader_Load": "tests Helm's loader of schemas over HTTP; chartrender never touches the network (a $ref to an http URL fails unless the caller gives a Loader)",
		},
	},
	{
		Name: "rendervalues4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/common/util",
		Files: []string{"values_test.go"},
	},
	{
		Name: "common4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/common",
		Files: []string{"capabilities_test.go", "values_test.go"},
		Excluded: map[string]string{
			"errors_test.go": "tests that Helm's own error types do not panic when printed; chartrender returns its own error types",
		},
		Skip: map[string]string{
			"TestDefaultCapabilities": defaultCapsReason,
		},
	},
	{
		Name: "chart4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/v2",
		Files:  []string{"metadata_test.go", "dependency_test.go"},
		Shared: []string{"metadata.go"},
		Excluded: map[string]string{
			"chart_test.go": "tests Helm's Chart type as a Go API (its JSON form, and accessors on charts built from Helm's common.File); not adapted: chartrender's Chart has its own tests, and the CRD and path rules reach the output, which the conformance cases compare",
			"fuzz_test.go":  "fuzz targets only (go-fuzz-headers), no tests; chartrender's chart package has its own fuzz target",
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
		Name: "engine4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/engine",
		Shared: []string{"engine.go"},
		Skip: map[string]string{
			"TestSortTemplates":                 "tests Helm's unexported sortTemplates helper; chartrender's order (deeper paths first, then names descending) is internal to its engine",
			"TestAllTemplates":                  "tests Helm's unexported allTemplates helper (the list of renderables of a chart tree), which chartrender's engine has no counterpart of",
			"TestRenderInternals":               "calls Helm's internal render with bare templates whose data is not a render object (dot is {Name, Value}); chartrender's engine renders charts, where dot is always the chart's scope (.Values, .Release, ...)",
			"TestParallelRenderInternals":       "calls Helm's internal render with a different dot for each call ({val: ...}), not a render object; chartrender's engine renders charts, where dot is the chart's scope",
			"TestFailErrors":                    "its second half renders in Helm's LintMode (helm lint: fail does not fail), which chartrender does not have",
			"TestAlterFuncMap_require":          "its second half renders in Helm's LintMode (helm lint: required does not fail), which chartrender does not have",
			"TestTraceableError_SimpleForm":     "tests Helm's unexported parser of text/template error strings; chartrender builds its error traces from structured errors and has no such parser",
			"TestTraceableError_ExecutingForm":  "tests Helm's unexported parser of text/template error strings; chartrender builds its error traces from structured errors and has no such parser",
			"TestTraceableError_NoTemplateForm": "tests Helm's unexported parser of text/template error strings; chartrender builds its error traces from structured errors and has no such parser",
		},
		Needs: map[string]func() string{
			"TestRenderWithDNS": needsDNS,
		},
	},
	{
		Name: "util4", Module: "helm.sh/helm/v4@v4.3.1", Pkg: "pkg/chart/v2/util",
		Files:  []string{"dependencies_test.go", "chartfile_test.go", "compatible_test.go", "validate_name_test.go"},
		Shared: []string{"dependencies.go"},
		Excluded: map[string]string{
			"create_test.go": "tests helm create's chart scaffolding, which chartrender does not have",
			"expand_test.go": "tests unpacking a chart archive into a directory (helm pull --untar), which chartrender does not do",
			"save_test.go":   "tests writing charts and archives (helm package), which chartrender does not do",
		},
		Skip: map[string]string{
			"TestLoadDependency":                        "checks only what Helm's own loader (the test's loadChart) reads; no function of this package is called (chartrender's loader runs Helm's loader tests in pkg/chart/v2/loader)",
			"TestDependentChartWithSubChartsHelmignore": "only loads a chart with Helm's own loader; no function of this package is called",
			"TestDependentChartsWithSubChartsSymlink":   "checks only what Helm's own loader reads through a symlink; no function of this package is called",
			"TestIsChartDir":                            "tests Helm's IsChartDir helper (helm create/package/lint check a directory); chartrender has no such check: it loads a chart or says why it cannot",
			"TestValidateMetadataName":                  "tests Helm's Kubernetes object name check (metadata.name), which chartrender does not apply",
		},
	},
	{
		Name: "chartutil3", ModDir: "helm3unit", Module: "helm.sh/helm/v3@v3.22.0", Pkg: "pkg/chartutil",
		Files:  []string{"coalesce_test.go", "dependencies_test.go", "jsonschema_test.go", "capabilities_test.go", "values_test.go", "chartfile_test.go", "compatible_test.go", "validate_name_test.go"},
		Shared: []string{"dependencies.go"},
		Excluded: map[string]string{
			"create_test.go": "tests helm create's chart scaffolding, which chartrender does not have",
			"errors_test.go": "tests that Helm's own error types do not panic when printed; chartrender returns its own error types",
			"expand_test.go": "tests unpacking a chart archive into a directory (helm pull --untar), which chartrender does not do",
			"save_test.go":   "tests writing charts and archives (helm package), which chartrender does not do",
		},
		Skip: map[string]string{
			"TestConcatPrefix":                          "tests Helm's unexported concatPrefix helper, which chartrender has no counterpart of",
			"TestDefaultCapabilities":                   defaultCapsReason,
			"TestDefaultCapabilitiesHelmVersion":        defaultCapsReason,
			"TestHTTPURLLoader_Load":                    "tests Helm's loader of schemas over HTTP; chartrender never touches the network (a $ref to an http URL fails unless the caller gives a Loader)",
			"TestLoadDependency":                        "checks only what Helm's own loader (the test's loadChart) reads; no function of this package is called (chartrender's loader runs Helm's loader tests in pkg/chart/loader)",
			"TestDependentChartWithSubChartsHelmignore": "only loads a chart with Helm's own loader; no function of this package is called",
			"TestDependentChartsWithSubChartsSymlink":   "checks only what Helm's own loader reads through a symlink; no function of this package is called",
			"TestIsChartDir":                            "tests Helm's IsChartDir helper (helm create/package/lint check a directory); chartrender has no such check: it loads a chart or says why it cannot",
			"TestValidateMetadataName":                  "tests Helm's Kubernetes object name check (metadata.name), which chartrender does not apply",
		},
	},
	{
		Name: "chart3", ModDir: "helm3unit", Module: "helm.sh/helm/v3@v3.22.0", Pkg: "pkg/chart",
		Files:  []string{"metadata_test.go", "dependency_test.go"},
		Shared: []string{"metadata.go"},
		Excluded: map[string]string{
			"chart_test.go": "tests Helm's Chart type as a Go API (its JSON form, and accessors on charts built from Helm's File type); not adapted: chartrender's Chart has its own tests, and the CRD and path rules reach the output, which the conformance cases compare",
			"fuzz_test.go":  "fuzz targets only (go-fuzz-headers), no tests; chartrender's chart package has its own fuzz target",
		},
	},
	{
		Name: "loader3", ModDir: "helm3unit", Module: "helm.sh/helm/v3@v3.22.0", Pkg: "pkg/chart/loader",
		Skip: map[string]string{
			"TestLoadDirWithDevNull": "needs the testdata symlink to /dev/null, which Go module zips drop: from the module cache it fails for Helm's own loader too",
			"TestLoadArchiveFiles":   "tests Helm's LoadArchiveFiles, which lists an archive's files without loading a chart; chartrender's archive reader only returns loaded charts",
		},
	},
	{
		Name: "engine3", ModDir: "helm3unit", Module: "helm.sh/helm/v3@v3.22.0", Pkg: "pkg/engine",
		Shared: []string{"engine.go"},
		Skip: map[string]string{
			"TestSortTemplates":           "tests Helm's unexported sortTemplates helper; chartrender's order (deeper paths first, then names descending) is internal to its engine",
			"TestAllTemplates":            "tests Helm's unexported allTemplates helper (the list of renderables of a chart tree), which chartrender's engine has no counterpart of",
			"TestRenderInternals":         "calls Helm's internal render with bare templates whose data is not a render object (dot is {Name, Value}); chartrender's engine renders charts, where dot is always the chart's scope (.Values, .Release, ...)",
			"TestParallelRenderInternals": "calls Helm's internal render with a different dot for each call ({val: ...}), not a render object; chartrender's engine renders charts, where dot is the chart's scope",
			"TestFailErrors":              "its second half renders in Helm's LintMode (helm lint: fail does not fail), which chartrender does not have",
			"TestAlterFuncMap_require":    "its second half renders in Helm's LintMode (helm lint: required does not fail), which chartrender does not have",
		},
		Needs: map[string]func() string{
			"TestRenderWithDNS": needsDNS,
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
	// The temporary package must be inside the module whose dependencies
	// it uses; it is removed afterwards.
	modDir := s.ModDir
	if modDir == "" {
		modDir = "."
	}
	dir, err := os.MkdirTemp(modDir, "helmunit-"+s.Name+"-")
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
	for _, f := range s.Shared {
		b, err := os.ReadFile(filepath.Join("testdata", "adapters", "shared", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), sharedFor(b, adapter, s.Module), 0o644); err != nil {
			t.Fatal(err)
		}
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
	skip := maps.Clone(s.Skip)
	for n, why := range s.Needs {
		if reason := why(); reason != "" {
			if skip == nil {
				skip = map[string]string{}
			}
			skip[n] = reason
		}
	}
	if len(skip) > 0 {
		var names []string
		for n := range skip {
			names = append(names, "^"+n+"$")
		}
		args = append(args, "-skip", strings.Join(names, "|"))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = modDir
	out, err := cmd.CombinedOutput()
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
	what := s.Pkg
	if len(s.Files) > 0 {
		what += " (" + strings.Join(s.Files, ", ") + ")"
	}
	fmt.Printf("%s %s: %d passed, %d failed, %d not applicable\n", s.Module, what, passed, failed, len(skip))
	for _, n := range slices.Sorted(maps.Keys(skip)) {
		fmt.Printf("  not applicable: %s: %s\n", n, skip[n])
	}
	for _, f := range slices.Sorted(maps.Keys(s.Excluded)) {
		fmt.Printf("  not applicable: all of %s: %s\n", f, s.Excluded[f])
	}
	if err != nil || failed > 0 || passed == 0 {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// needsDNS: Helm's test resolves helm.sh through getHostByName with DNS
// enabled, which needs a resolver (Helm's own test fails without one).
func needsDNS() string {
	if _, err := net.LookupHost("helm.sh"); err != nil {
		return "resolves helm.sh, and this machine has no DNS (" + err.Error() + "); Helm's own test fails here too"
	}
	return ""
}

// defaultCapsReason: Helm's defaults come from ldflags of its release build.
const defaultCapsReason = "expects the defaults of a Helm package built without the release ldflags (Kubernetes v1.20.0 and the bare Helm minor version); chartrender reproduces the released helm binary's defaults, which the conformance cases check against the binary"

var packageClause = regexp.MustCompile(`(?m)^package ([a-z0-9]+)$`)

// sharedFor adapts a shared adapter file to the adapter whose source is
// adapter, in the Helm module mod.
func sharedFor(shared, adapter []byte, mod string) []byte {
	pkg := packageClause.FindSubmatch(adapter)
	out := packageClause.ReplaceAll(shared, []byte("package "+string(pkg[1])))
	if strings.HasPrefix(mod, "helm.sh/helm/v3@") {
		out = bytes.ReplaceAll(out, []byte(`"helm.sh/helm/v4/pkg/chart/v2"`), []byte(`"helm.sh/helm/v3/pkg/chart"`))
	}
	return out
}
