package chart

import (
	"strings"
	"testing"
)

// Expected results checked against helm v4.3.1's pkg/ignore (Parse +
// AddDefaults + Ignore) on the same rules and paths.
func TestIgnoreRules(t *testing.T) {
	tests := []struct {
		rules string
		path  string
		dir   bool
		want  bool
	}{
		{"", "templates/.hidden.yaml", false, true},
		{"", "templates/x/.hidden.yaml", false, false},
		{"", "charts/sub/templates/.hidden.yaml", false, false},
		{"", "templates/.", false, false},
		{"", ".helmignore", false, false},
		{"*.txt", "a.txt", false, true},
		{"*.txt", "dir/deep/a.txt", false, true},
		{"*.txt", "a.txt.bak", false, false},
		{"  *.txt  ", "a.txt", false, true},
		{"# *.txt", "a.txt", false, false},
		{"/root.md", "root.md", false, true},
		{"/root.md", "files/root.md", false, false},
		{"files/*.bin", "files/y.bin", false, true},
		{"files/*.bin", "files/sub/y.bin", false, false},
		{"files/*", "files/sub", true, true},
		{"sub/", "sub", true, true},
		{"sub/", "sub", false, false},
		{"sub/", "other/sub", true, true},
		{"foo/", "foo", false, false},
		{"*.md\n!keep.md", "keep.md", false, true}, // the first rule decides
		{"*.md\n!keep.md", "other.md", false, true},
		{"*.md\n!keep.md", "Chart.yaml", false, true},
		{"!keep.md", "templates", true, true},
		{"!templates/", "templates/a.yaml", false, true},
		{"!templates/", "templates", true, false},
		{"!*.yaml", "Chart.yaml", false, false},
		{"!*.yaml", "templates/a.yaml", false, false},
		{"!*.yaml", "templates", true, true},
		{"a?c", "abc", false, true},
		{"[a-c]x", "bx", false, true},
		{"[!a-c]x", "bx", false, true}, // Go globs negate with ^, so ! is a member
		{`\*x`, "*x", false, true},
		{"*", "anything/at/all", false, true},
		{".*", ".git", true, true},
		{".*", "a/.b", false, true},
		{"\ufeff*.txt", "a.txt", false, true},
		{"*.txt\r", "a.txt", false, true},
	}
	for _, tt := range tests {
		rs, err := parseIgnore(strings.NewReader(tt.rules))
		if err != nil {
			t.Fatalf("parseIgnore(%q): %v", tt.rules, err)
		}
		if err := rs.add(defaultIgnoreRule); err != nil {
			t.Fatal(err)
		}
		if got := rs.ignore(tt.path, tt.dir); got != tt.want {
			t.Errorf("rules %q: ignore(%q, dir=%v) = %v, want %v", tt.rules, tt.path, tt.dir, got, tt.want)
		}
	}
}

// Error texts checked against helm v4.3.1.
func TestIgnoreRuleErrors(t *testing.T) {
	tests := []struct{ rules, want string }{
		{"a/**/b", "double-star (**) syntax is not supported"},
		{"[", "syntax error in pattern"},
		{"ok\n[z-", "syntax error in pattern"},
		{"!**", "double-star (**) syntax is not supported"},
		{strings.Repeat("x", 70000), "bufio.Scanner: token too long"},
	}
	for _, tt := range tests {
		_, err := parseIgnore(strings.NewReader(tt.rules))
		if err == nil || err.Error() != tt.want {
			t.Errorf("parseIgnore(%.20q) error = %v, want %q", tt.rules, err, tt.want)
		}
	}
}
