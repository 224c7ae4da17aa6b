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

// TestDemoGolden checks that ../../unittest/testdata/demo.console.golden is
// what helm-unittest v1.1.2 prints for the demo chart (with -update, it
// writes it, together with the chart's snapshot files).
func TestDemoGolden(t *testing.T) {
	bin := oracle(t)
	src := filepath.Join("..", "..", "unittest", "testdata", "charts", "demo")
	goldenPath := filepath.Join("..", "..", "unittest", "testdata", "demo.console.golden")
	dir := t.TempDir()
	copyDir(t, src, filepath.Join(dir, "demo"))
	if *update {
		os.RemoveAll(filepath.Join(dir, "demo", "tests", "__snapshot__"))
		run := exec.Command(bin, "demo")
		run.Dir, run.Env = dir, append(os.Environ(), "HELM_PLUGIN_DIR="+dir)
		_ = run.Run() // the first run creates the snapshots
	}
	cmd := exec.Command(bin, "demo")
	cmd.Dir, cmd.Env = dir, append(os.Environ(), "HELM_PLUGIN_DIR="+dir)
	out, _ := cmd.Output()
	out = regexp.MustCompile(`(?m)^Time:  .*$`).ReplaceAll(out, []byte("Time:        <elapsed>"))
	reports := map[string][]byte{}
	for _, format := range []string{"JUnit", "NUnit", "XUnit", "Sonar"} {
		file := filepath.Join(dir, format+".xml")
		rep := exec.Command(bin, "-t", format, "-o", file, "demo")
		rep.Dir, rep.Env = dir, append(os.Environ(), "HELM_PLUGIN_DIR="+dir)
		_ = rep.Run()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		reports[format] = NormalizeReport(data)
	}
	if *update {
		if err := os.WriteFile(goldenPath, out, 0o644); err != nil {
			t.Fatal(err)
		}
		for format, data := range reports {
			if err := os.WriteFile(reportGolden(format), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for _, name := range []string{"deployment_test.yaml.snap", "configmap_test.yaml.snap"} {
			data, err := os.ReadFile(filepath.Join(dir, "demo", "tests", "__snapshot__", name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(src, "tests", "__snapshot__", name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	golden, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(golden) != string(out) {
		t.Errorf("helm-unittest now prints, for the demo chart:\n%s\nthe golden file holds:\n%s", out, golden)
	}
	for format, data := range reports {
		want, err := os.ReadFile(reportGolden(format))
		if err != nil {
			t.Fatal(err)
		}
		if string(want) != string(data) {
			t.Errorf("helm-unittest's %s report now differs from the golden file:\n%s", format, data)
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
