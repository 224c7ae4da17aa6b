package unittest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput runs suites that are broken in various ways: each must give
// an error that names the suite file (and the test, when one is at fault)
// and never panic or touch the snapshot file.
func TestBadInput(t *testing.T) {
	src, _ := filepath.Abs("testdata/charts/demo")
	cases := []struct {
		name      string
		suite     string
		snapshot  string // content of the suite's snapshot file, if any
		chartErr  string // expected in the chart's error (the suite file does not parse)
		suiteErr  string // expected in the suite's error
		assertMsg string // expected in a failed assertion's message
	}{
		{name: "malformed yaml", suite: "suite: [\n", chartErr: "yaml:"},
		{name: "unknown assertion", suite: "suite: s\ntests:\n  - it: t\n    asserts:\n      - isFoo: {}\n", chartErr: "Assertion type `isFoo` is invalid"},
		{name: "no asserts", suite: "suite: s\ntests:\n  - it: t\n", chartErr: "no asserts found"},
		{name: "bad path", suite: "suite: s\ntemplates: [deployment.yaml]\ntests:\n  - it: t\n    asserts:\n      - equal: {path: \"a[?(@.x ==\", value: 1}\n", assertMsg: "invalid path"},
		{name: "bad regex", suite: "suite: s\ntemplates: [deployment.yaml]\ntests:\n  - it: t\n    asserts:\n      - matchRegex: {path: kind, pattern: \"(\"}\n", assertMsg: "missing closing )"},
		{name: "missing template", suite: "suite: s\ntemplates: [nothere.yaml]\ntests:\n  - it: t\n    asserts:\n      - hasDocuments: {count: 1}\n", assertMsg: "not exists or not selected"},
		{name: "huge set index", suite: "suite: s\ntemplates: [deployment.yaml]\ntests:\n  - it: t\n    set:\n      env[100000000].name: x\n    asserts:\n      - hasDocuments: {count: 1}\n"},
		{name: "bad snapshot file", suite: "suite: s\ntemplates: [deployment.yaml]\ntests:\n  - it: t\n    asserts:\n      - matchSnapshot: {}\n", snapshot: "{{{ not yaml", suiteErr: "yaml:"},
		{name: "post renderer", suite: "suite: s\ntemplates: [deployment.yaml]\npostRenderer: {cmd: /bin/true}\ntests:\n  - it: t\n    asserts:\n      - hasDocuments: {count: 1}\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "demo")
			copyTree(t, src, dir)
			suiteFile := filepath.Join(dir, "tests", "bad_test.yaml")
			if err := os.WriteFile(suiteFile, []byte(c.suite), 0o644); err != nil {
				t.Fatal(err)
			}
			snap := filepath.Join(dir, "tests", "__snapshot__", "bad_test.yaml.snap")
			if c.snapshot != "" {
				if err := os.WriteFile(snap, []byte(c.snapshot), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := (&Runner{TestFiles: []string{"tests/bad_test.yaml"}}).Run(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			cr := rep.Charts[0]
			if rep.Passed() {
				t.Fatal("a broken suite passed")
			}
			if c.chartErr != "" {
				var se *SuiteError
				if !errors.As(cr.Err, &se) || !strings.HasSuffix(se.File, "bad_test.yaml") || !strings.Contains(se.Error(), c.chartErr) {
					t.Fatalf("chart error %v, want a *SuiteError for bad_test.yaml containing %q", cr.Err, c.chartErr)
				}
				return
			}
			if cr.Err != nil {
				t.Fatalf("chart error: %v", cr.Err)
			}
			s := cr.Suites[0]
			if !strings.HasSuffix(s.File, "bad_test.yaml") {
				t.Errorf("suite file %q", s.File)
			}
			if c.suiteErr != "" {
				if s.Err == nil || !strings.Contains(s.Err.Error(), c.suiteErr) {
					t.Fatalf("suite error %v, want one containing %q", s.Err, c.suiteErr)
				}
				if data, _ := os.ReadFile(snap); string(data) != c.snapshot {
					t.Error("the snapshot file was changed")
				}
				return
			}
			tr := s.Tests[0]
			if tr.Passed || tr.Name != "t" {
				t.Fatalf("test %+v", tr)
			}
			if c.assertMsg != "" {
				msg := strings.Join(tr.Asserts[0].Info, "\n")
				if !strings.Contains(msg, c.assertMsg) {
					t.Errorf("message %q, want one containing %q", msg, c.assertMsg)
				}
			} else if tr.Err == nil && (len(tr.Asserts) == 0 || tr.Asserts[0].Passed) {
				t.Errorf("no error: %+v", tr)
			}
		})
	}
}
