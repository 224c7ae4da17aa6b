package unittest

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the unittest package's golden files from helm-unittest")

// demoRuns are the runs of the demo chart whose console output the
// unittest package compares with golden files.
var demoRuns = []struct{ golden, pattern string }{
	{"demo.console.golden", ""},
	{"demo.failing.console.golden", "tests/failing/*_test.yaml"},
	{"demo.color.golden", "--color"},
	{"demo.params-string.golden", "tests/params/string_test.yaml"},
	{"demo.params-bool.golden", "tests/params/bool_test.yaml"},
	{"demo.params-int.golden", "tests/params/int_test.yaml"},
	{"demo.params-apiversion.golden", "tests/params/apiversion_test.yaml"},
}

// TestDemoGolden checks that the golden files of ../../unittest/testdata
// (console output and reports for the demo chart) are what helm-unittest
// v1.1.2 writes. With -update it writes them, and the chart's snapshot
// files, from helm-unittest.
func TestDemoGolden(t *testing.T) {
	bin := oracle(t)
	src := filepath.Join("..", "..", "unittest", "testdata", "charts", "demo")
	dir := t.TempDir()
	copyDir(t, src, filepath.Join(dir, "demo"))
	run := func(args ...string) []byte {
		cmd := exec.Command(bin, append(args, "demo")...)
		cmd.Dir, cmd.Env = dir, append(os.Environ(), "HELM_PLUGIN_DIR="+dir)
		out, _ := cmd.Output()
		return regexp.MustCompile(`(?m)^Time:  .*$`).ReplaceAll(out, []byte("Time:        <elapsed>"))
	}
	patternArgs := func(p string) []string {
		switch {
		case p == "":
			return nil
		case strings.HasPrefix(p, "--"):
			return []string{p}
		}
		return []string{"-f", p}
	}
	if *update {
		_ = filepath.Walk(filepath.Join(dir, "demo"), func(p string, info os.FileInfo, err error) error {
			if err == nil && info.IsDir() && info.Name() == "__snapshot__" {
				os.RemoveAll(p)
				return filepath.SkipDir
			}
			return nil
		})
		for _, r := range demoRuns {
			run(patternArgs(r.pattern)...) // the first run creates the snapshots
		}
	}
	check := func(golden string, got []byte) {
		path := filepath.Join("..", "..", "unittest", "testdata", golden)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(want) != string(got) {
			t.Errorf("helm-unittest's output differs from %s:\n%s", golden, got)
		}
	}
	for _, r := range demoRuns {
		check(r.golden, run(patternArgs(r.pattern)...))
	}
	for _, format := range []string{"JUnit", "NUnit", "XUnit", "Sonar"} {
		file := filepath.Join(dir, format+".xml")
		run("-t", format, "-o", file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		check("demo."+strings.ToLower(format)+".golden", NormalizeReport(data))
	}
	if *update {
		for _, snap := range []string{"tests/__snapshot__/deployment_test.yaml.snap", "tests/__snapshot__/configmap_test.yaml.snap",
			"tests/failing/__snapshot__/all_test.yaml.snap"} {
			data, err := os.ReadFile(filepath.Join(dir, "demo", snap))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(src, snap)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, snap), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func reportGolden(format string) string {
	return filepath.Join("..", "..", "unittest", "testdata", "demo."+strings.ToLower(format)+".golden")
}

// NormalizeReport blanks what changes from run to run and machine to
// machine in a report file: times, dates, host, user, folder, locale and
// Go version. The unittest package's test applies the same rules.
func NormalizeReport(data []byte) []byte {
	data = reportVolatile.ReplaceAll(data, []byte(`$1=""`))
	return reportPlatform.ReplaceAll(data, []byte(`<environment></environment>`))
}

var (
	reportVolatile = regexp.MustCompile(`\b(time|timestamp|run-date|run-time|date|duration|hostname|cwd|machine-name|user|user-domain|current-culture|current-uiculture|platform)="[^"]*"`)
	reportPlatform = regexp.MustCompile(`<environment>[^<]*</environment>`)
)
