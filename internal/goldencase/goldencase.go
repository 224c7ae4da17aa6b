// Package goldencase reads the golden cases that the root package's and the
// CLI's tests share: a cases file of `name arg...` lines, and for each case
// the files helm printed (name.stdout, name.stderr, name.code and, for
// --output-dir runs, name.files listing the files it wrote).
package goldencase

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Case is one line of a cases file: a name and helm template's arguments.
type Case struct {
	Name string
	Args []string
}

// ReadCases reads a cases file; blank lines and lines starting with # are
// skipped.
func ReadCases(t testing.TB, file string) []Case {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []Case
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		cases = append(cases, Case{Name: f[0], Args: f[1:]})
	}
	return cases
}

// Golden is what helm printed for a case.
type Golden struct {
	Stdout, Stderr string
	// Code is the exit code as text, "" when not recorded.
	Code string
	// Files lists the files an --output-dir run wrote (see DumpDir);
	// HasFiles says whether the case recorded them.
	Files    string
	HasFiles bool
}

// Read reads the golden files of case name from dir.
func Read(t testing.TB, dir, name string) Golden {
	t.Helper()
	read := func(ext string) (string, bool) {
		b, err := os.ReadFile(filepath.Join(dir, name+ext))
		if errors.Is(err, fs.ErrNotExist) {
			return "", false
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(b), true
	}
	var g Golden
	g.Stdout, _ = read(".stdout")
	g.Stderr, _ = read(".stderr")
	code, _ := read(".code")
	g.Code = strings.TrimSpace(code)
	g.Files, g.HasFiles = read(".files")
	return g
}

// DumpDir lists every file under dir, in name order, each as a line
// "== <path>" followed by its content: the form of the .files goldens.
func DumpDir(t testing.TB, dir string) string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return nil // nothing was written
			}
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("== " + n + "\n")
		b.Write(data)
	}
	return b.String()
}
