package engine

import (
	"reflect"
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
