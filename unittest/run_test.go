package unittest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// copyTree copies a testdata chart into a temporary folder, so that runs
// may write snapshots.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDemoConsole runs the demo chart's suites and compares the console
// output with what helm-unittest v1.1.2 printed for them (the golden files
// are written by the oracle: conformance/unittest TestDemoGolden -update).
// The failing suite negates every assertion type, so that each failure
// message is compared too.
func TestDemoConsole(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/demo")
	cases := []struct {
		golden string
		files  []string
		color  bool
		snaps  []string
	}{
		{"demo.console.golden", nil, false, []string{"tests/__snapshot__/deployment_test.yaml.snap", "tests/__snapshot__/configmap_test.yaml.snap"}},
		{"demo.failing.console.golden", []string{"tests/failing/*_test.yaml"}, false, []string{"tests/failing/__snapshot__/all_test.yaml.snap"}},
		{"demo.color.golden", nil, true, nil},
		// parameters of the wrong type, named as helm-unittest's decoder names them
		{"demo.params-string.golden", []string{"tests/params/string_test.yaml"}, false, nil},
		{"demo.params-bool.golden", []string{"tests/params/bool_test.yaml"}, false, nil},
		{"demo.params-int.golden", []string{"tests/params/int_test.yaml"}, false, nil},
		{"demo.params-apiversion.golden", []string{"tests/params/apiversion_test.yaml"}, false, nil},
	}
	for _, c := range cases {
		golden, err := os.ReadFile(filepath.Join("testdata", c.golden))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.golden, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, src, filepath.Join(dir, "demo"))
			t.Chdir(dir)
			for _, par := range []int{1, 4} {
				r := &Runner{Parallelism: par, TestFiles: c.files}
				rep, err := r.Run(context.Background(), "demo")
				if err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				(&Console{W: &out, Color: c.color}).Report(rep)
				got := regexp.MustCompile(`(?m)^Time:  .*$`).ReplaceAll(out.Bytes(), []byte("Time:        <elapsed>"))
				if !bytes.Equal(got, golden) {
					t.Errorf("parallelism %d: console output differs from helm-unittest's:\n%s", par, lineDiff(string(golden), string(got)))
				}
				if rep.Passed() {
					t.Error("the demo chart has failing tests, but the report passed")
				}
			}
			// The runs must leave the snapshot files (written by
			// helm-unittest) as they were.
			for _, name := range c.snaps {
				want, _ := os.ReadFile(filepath.Join(src, name))
				got, _ := os.ReadFile(filepath.Join(dir, "demo", name))
				if len(want) == 0 || !bytes.Equal(want, got) {
					t.Errorf("%s changed:\n%s", name, lineDiff(string(want), string(got)))
				}
			}
		})
	}
}

func lineDiff(a, b string) string { return unifiedDiff(a, b) }

// TestSnapshots checks creation, comparison, -u and the removal of
// snapshots that no assertion uses any more.
func TestSnapshots(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/demo")
	dir := t.TempDir()
	copyTree(t, src, filepath.Join(dir, "demo"))
	snap := filepath.Join(dir, "demo", "tests", "__snapshot__", "deployment_test.yaml.snap")
	orig, _ := os.ReadFile(snap)
	if err := os.Remove(snap); err != nil {
		t.Fatal(err)
	}
	run := func(update bool) *Report {
		r := &Runner{UpdateSnapshot: update}
		rep, err := r.Run(context.Background(), filepath.Join(dir, "demo"))
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	verdict := func(rep *Report, test string) bool {
		for _, s := range rep.Charts[0].Suites {
			for _, tr := range s.Tests {
				if tr.Name == test {
					return tr.Passed
				}
			}
		}
		t.Fatalf("no test %q", test)
		return false
	}
	const test = "matches a snapshot"
	if !verdict(run(false), test) {
		t.Error("a new snapshot should pass")
	}
	created, _ := os.ReadFile(snap)
	if !bytes.Equal(created, orig) {
		t.Errorf("created snapshot differs from helm-unittest's:\n%s", lineDiff(string(orig), string(created)))
	}
	changed := bytes.Replace(created, []byte("image: nginx:1.27"), []byte("image: nginx:0.1"), 1)
	if bytes.Equal(changed, created) {
		t.Fatal("snapshot has no image line")
	}
	if err := os.WriteFile(snap, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if verdict(run(false), test) {
		t.Error("a changed snapshot should fail")
	}
	if now, _ := os.ReadFile(snap); !bytes.Equal(now, changed) {
		t.Error("a failing run rewrote the snapshot")
	}
	if !verdict(run(true), test) {
		t.Error("-u should pass")
	}
	if now, _ := os.ReadFile(snap); !bytes.Equal(now, orig) {
		t.Errorf("-u did not restore the snapshot:\n%s", lineDiff(string(orig), string(now)))
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "demo", "tests", "__snapshot__", ".snap-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// TestRunGoTest runs a passing suite of the demo chart through Run, as
// subtests.
func TestRunGoTest(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/demo")
	rep := Run(t, src, TestFiles("tests/passing/*_test.yaml"))
	if len(rep.Charts) != 1 || len(rep.Charts[0].Suites) != 1 {
		t.Fatalf("report: %+v", rep)
	}
	s := rep.Charts[0].Suites[0]
	var got []string
	for _, tr := range s.Tests {
		got = append(got, fmt.Sprintf("%s passed=%v skipped=%v", tr.Name, tr.Passed, tr.Skipped))
	}
	want := []string{"renders a deployment passed=true skipped=false", "renders a service with two ports passed=true skipped=false", "is skipped passed=false skipped=true"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

var (
	reportVolatile = regexp.MustCompile(`\b(time|timestamp|run-date|run-time|date|duration|hostname|cwd|machine-name|user|user-domain|current-culture|current-uiculture|platform)="[^"]*"`)
	reportPlatform = regexp.MustCompile(`<environment>[^<]*</environment>`)
)

// TestReports compares the report files with the ones helm-unittest
// v1.1.2 wrote for the demo chart (testdata/demo.*.golden, with times,
// host and user blanked).
func TestReports(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/demo")
	dir := t.TempDir()
	copyTree(t, src, filepath.Join(dir, "demo"))
	t.Chdir(dir)
	rep, err := (&Runner{}).Run(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"JUnit", "NUnit", "XUnit", "Sonar"} {
		t.Run(format, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(src, "..", "..", "demo."+strings.ToLower(format)+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteReport(&buf, format, rep); err != nil {
				t.Fatal(err)
			}
			got := reportPlatform.ReplaceAll(reportVolatile.ReplaceAll(buf.Bytes(), []byte(`$1=""`)), []byte(`<environment></environment>`))
			if !bytes.Equal(got, want) {
				t.Errorf("differs from helm-unittest's:\n%s", lineDiff(string(want), string(got)))
			}
		})
	}
	var unsupported *UnsupportedFormatError
	if err := WriteReport(&bytes.Buffer{}, "tap", rep); !errors.As(err, &unsupported) {
		t.Errorf("tap: %v", err)
	}
}

// TestRenderDir checks that RenderDir receives the rendered files.
func TestRenderDir(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/demo")
	out := t.TempDir()
	rep, err := (&Runner{TestFiles: []string{"tests/passing/*_test.yaml"}, RenderDir: out}).Run(context.Background(), src)
	if err != nil || !rep.Passed() {
		t.Fatalf("run: %v %+v", err, rep)
	}
	data, err := os.ReadFile(filepath.Join(out, "demo", "templates", "deployment.yaml"))
	if err != nil || !bytes.Contains(data, []byte("kind: Deployment")) {
		t.Fatalf("rendered deployment: %v %q", err, data)
	}
}
