package unittest

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseSuites(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		strict  bool
		suites  int
		wantErr string
	}{
		{"one", "suite: a\ntests:\n  - it: x\n    asserts:\n      - isKind: {of: Pod}\n", false, 1, ""},
		{"two documents", "suite: a\ntests:\n  - it: x\n    asserts: [{exists: {path: a}}]\n---\nsuite: b\ntests:\n  - it: y\n    asserts: [{notExists: {path: a}}]\n", false, 2, ""},
		{"no tests", "suite: a\n", false, 1, "no tests found"},
		{"no asserts", "suite: a\ntests:\n  - it: x\n", false, 1, "no asserts found"},
		{"unknown assertion", "suite: a\ntests:\n  - it: x\n    asserts: [{bogus: {}}]\n", false, 0, "Assertion type `bogus` is invalid"},
		{"two assertion types", "suite: a\ntests:\n  - it: x\n    asserts: [{equal: {path: a, value: 1}, exists: {path: a}}]\n", false, 0, "is declared duplicately"},
		{"strict unknown field", "suite: a\nbogus: 1\ntests:\n  - it: x\n    asserts: [{exists: {path: a}}]\n", true, 1, "field bogus not found"},
		{"lenient unknown field", "suite: a\nbogus: 1\ntests:\n  - it: x\n    asserts: [{exists: {path: a}}]\n", false, 1, ""},
		{"selector without path", "suite: a\ntests:\n  - it: x\n    asserts: [{exists: {path: a}, documentSelector: {value: 1}}]\n", false, 0, "documentSelector.path"},
		{"bad yaml", "suite: [\n", false, 0, "yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ss, err := ParseSuites("f_test.yaml", []byte(c.text), c.strict)
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("error: %v", err)
				}
			} else {
				var se *SuiteError
				if err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.As(err, &se) || se.File != "f_test.yaml" {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
			}
			if c.wantErr == "" && len(ss) != c.suites {
				t.Fatalf("%d suites, want %d", len(ss), c.suites)
			}
		})
	}
}

func TestBuildSetPath(t *testing.T) {
	cases := []struct {
		path string
		want map[string]any
		err  bool
	}{
		{"a.b", map[string]any{"a": map[string]any{"b": 1}}, false},
		{"a[1]", map[string]any{"a": []any{nil, 1}}, false},
		{"a[0].b", map[string]any{"a": []any{map[string]any{"b": 1}}}, false},
		{"a.[b.c/d]", map[string]any{"a": map[string]any{"b.c/d": 1}}, false},
		{"", nil, true},
		{"a[x]", nil, true},
		{"a=b", nil, true},
		{"a[b.c]", nil, true},
	}
	for _, c := range cases {
		got, err := buildSetPath(1, c.path)
		if (err != nil) != c.err {
			t.Errorf("%q: error %v", c.path, err)
			continue
		}
		if !c.err && !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %#v, want %#v", c.path, got, c.want)
		}
	}
}

func FuzzParseSuites(f *testing.F) {
	f.Add("suite: a\ntests:\n  - it: x\n    set: {a.b: 1}\n    asserts:\n      - equal: {path: a, value: 1}\n        not: true\n")
	f.Add("suite: a\n---\nsuite: b\n")
	f.Fuzz(func(t *testing.T, s string) {
		ss, _ := ParseSuites("f", []byte(s), true)
		for _, su := range ss {
			for _, tt := range su.Tests {
				if tt == nil {
					continue
				}
				for k := range tt.Set {
					_, _ = buildSetPath(1, k)
				}
			}
		}
	})
}
