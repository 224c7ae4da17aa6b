package engine

import (
	"encoding/base64"
	"path"
	"sort"
	"strings"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/yamlx"
)

// files is .Files: a chart's non-template files by path. Its name is
// Helm's, so `typeOf .Files` prints "engine.files" as in Helm.
type files map[string][]byte

func newFiles(from []*chart.File) files {
	fs := make(files, len(from))
	for _, f := range from {
		if f == nil {
			continue
		}
		fs[f.Name] = f.Data
	}
	return fs
}

// GetBytes returns the contents of the named file, or an empty slice when
// there is no such file.
func (f files) GetBytes(name string) []byte {
	if v, ok := f[name]; ok {
		return v
	}
	return []byte{}
}

// Get returns the contents of the named file as a string, or "" when there
// is no such file.
func (f files) Get(name string) string {
	return string(f.GetBytes(name))
}

// Glob returns the files whose path matches pattern, as Helm's glob
// library (gobwas/glob, "/" as the separator) matches them, quirks
// included (see glob.go): "*" and "?" do not cross "/", "**" does, "[...]"
// and "{a,b}" as usual. An invalid pattern matches every file. Where the
// library fails on a name with an out-of-range slice, Glob panics with a
// *GlobError, which text/template reports as the call's error ("error
// calling Glob: runtime error: ..."), as in Helm. Helm meets the names in
// random order and fails at the first such name; Glob takes them in byte
// order.
func (f files) Glob(pattern string) files {
	m := compileGlob(pattern)
	nf := files{}
	for _, name := range f.sortedNames() {
		if m.matchName(pattern, name) {
			nf[name] = f[name]
		}
	}
	return nf
}

// AsConfig returns the files as YAML, keyed by base name, for the data of a
// ConfigMap. Files with the same base name overwrite one another.
func (f files) AsConfig() string {
	if f == nil {
		return ""
	}
	m := make(map[string]string, len(f))
	for _, k := range f.sortedNames() {
		m[path.Base(k)] = string(f[k])
	}
	return yamlx.ToYAML(m)
}

// AsSecrets returns the files base64-encoded as YAML, keyed by base name,
// for the data of a Secret.
func (f files) AsSecrets() string {
	if f == nil {
		return ""
	}
	m := make(map[string]string, len(f))
	for _, k := range f.sortedNames() {
		m[path.Base(k)] = base64.StdEncoding.EncodeToString(f[k])
	}
	return yamlx.ToYAML(m)
}

// sortedNames returns the paths in f in order, so that when base names
// collide the result is the same on every run (in Helm it is random).
func (f files) sortedNames() []string {
	names := make([]string, 0, len(f))
	for k := range f {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Lines returns the lines of the named file, without one final newline. A
// missing or empty file has no lines.
func (f files) Lines(name string) []string {
	if f == nil || len(f[name]) == 0 {
		return []string{}
	}
	s := string(f[name])
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}
