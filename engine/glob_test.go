package engine

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Expected matches checked against github.com/gobwas/glob v0.2.3 compiled
// with '/' as the separator, as Helm v4.3.1's .Files.Glob compiles it.
func TestGlob(t *testing.T) {
	names := []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/sub/c.txt", "x.yaml", "conf/x.yaml", "a,b", "}", "files/*", "files/ab.txt"}
	cases := []struct {
		pattern string
		want    []string
	}{
		{"files/*", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/*", "files/ab.txt"}},
		{"files/**", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/sub/c.txt", "files/*", "files/ab.txt"}},
		{"**", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/sub/c.txt", "x.yaml", "conf/x.yaml", "a,b", "}", "files/*", "files/ab.txt"}},
		{"*", []string{"x.yaml", "a,b", "}"}},
		{"*.yaml", []string{"x.yaml"}},
		{"**.yaml", []string{"x.yaml", "conf/x.yaml"}},
		{"files/?.txt", []string{"files/a.txt", "files/b.txt"}},
		{"files/[ab].txt", []string{"files/a.txt", "files/b.txt"}},
		{"files/[!a].txt", []string{"files/b.txt"}},
		{"files/[a-c]*", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/ab.txt"}},
		{"files/{a,b}.txt", []string{"files/a.txt", "files/b.txt"}},
		{"files/{a,sub/*}*", []string{"files/a.txt", "files/sub/c.txt", "files/ab.txt"}},
		{"[", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/sub/c.txt", "x.yaml", "conf/x.yaml", "a,b", "}", "files/*", "files/ab.txt"}},
		{"files/[a-", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/sub/c.txt", "x.yaml", "conf/x.yaml", "a,b", "}", "files/*", "files/ab.txt"}},
		{"{a,b", []string(nil)},
		{"files/\\*", []string{"files/*"}},
		{"f*s/*.txt", []string{"files/a.txt", "files/b.txt", "files/ab.txt"}},
		{"**/c.txt", []string{"files/sub/c.txt"}},
		{"files/*/*", []string{"files/sub/c.txt"}},
		{"[a-zA-Z]*", []string{"files/a.txt", "files/b.txt", "files/c.conf", "files/sub/c.txt", "x.yaml", "conf/x.yaml", "a,b", "}", "files/*", "files/ab.txt"}},
		{"}", []string{"}"}},
		{"a,b", []string{"a,b"}},
	}
	for _, tc := range cases {
		m := compileGlob(tc.pattern)
		var got []string
		for _, n := range names {
			if m.match(n) {
				got = append(got, n)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %q, want %q", tc.pattern, got, tc.want)
		}
	}
}

// TestGlobError checks that a pattern on which Helm's glob library slices a
// name beyond its end fails the template call with a *GlobError naming the
// pattern and the name, and that patterns next to it do not fail.
func TestGlobError(t *testing.T) {
	e := New(Options{})
	tests := []struct {
		pattern      string
		wantName     string // "" when the call succeeds
		high, length int
	}{
		{"files/a.txt{", "files/a.txt", 12, 11},
		{"**/*.txt{", "files/a.txt", 5, 4},
		{"files/{a,b}.txt", "", 0, 0},
		{"*{", "", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.pattern, func(t *testing.T) {
			dir := writeChart(t, map[string]string{
				"Chart.yaml":        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
				"files/a.txt":       "a",
				"templates/cm.yaml": `{{ range $k, $_ := .Files.Glob .Values.p }}{{ $k }}{{ end }}`,
				"values.yaml":       "p: " + strconv.Quote(tc.pattern) + "\n",
			})
			_, err := loadRender(t, e, dir, nil)
			if tc.wantName == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ge *GlobError
			if !errors.As(err, &ge) {
				t.Fatalf("got %v, want a *GlobError", err)
			}
			if ge.Pattern != tc.pattern || ge.Name != tc.wantName || ge.High != tc.high || ge.Length != tc.length {
				t.Errorf("got %+v", *ge)
			}
			want := fmt.Sprintf("error calling Glob: runtime error: slice bounds out of range [:%d] with length %d", tc.high, tc.length)
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		})
	}
}

// TestGlobLimit checks that a pattern on which Helm's glob library
// backtracks for an exponential time stops with a *GlobLimitError.
func TestGlobLimit(t *testing.T) {
	m := compileGlob(strings.Repeat("a*", 20))
	name := strings.Repeat("ab/", 100)
	defer func() {
		r := recover()
		if _, ok := r.(*GlobLimitError); !ok {
			t.Fatalf("got %v, want a *GlobLimitError", r)
		}
	}()
	m.match(name)
	t.Fatal("matching did not stop")
}

// FuzzGlob checks that any pattern compiles and matches any name without
// failing, except with the two errors Glob reports.
func FuzzGlob(f *testing.F) {
	for _, s := range []string{"files/*", "**/*.txt{", "{a,b}", "[a-z]*", "{,}*", "***", "?{", "[!]", "\\"} {
		f.Add(s, "files/a.txt")
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		defer func() {
			switch r := recover().(type) {
			case nil, *GlobError, *GlobLimitError:
			default:
				t.Fatalf("%q on %q: %v", pattern, name, r)
			}
		}()
		compileGlob(pattern).matchName(pattern, name)
	})
}
