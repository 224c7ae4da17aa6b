package chart_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

const chartYAML = "apiVersion: v2\nname: %s\nversion: 0.1.0\n"

func minimalChartYAML(name string) string { return strings.Replace(chartYAML, "%s", name, 1) }

// classifyFiles is a chart that exercises every classification rule. What
// goes where was checked against helm v4.3.1 (loader.Load of the same
// directory, compared field by field).
func classifyFiles(t testing.TB) map[string]string {
	inner := makeTgz(t,
		tarEntry{name: "inner/Chart.yaml", data: minimalChartYAML("inner")},
		tarEntry{name: "inner/templates/i.yaml", data: "i: 1\n"},
	)
	return map[string]string{
		"Chart.yaml":                  "\ufeff" + minimalChartYAML("top"),
		"Chart.lock":                  "digest: sha256:abc\ndependencies: []\ngenerated: \"2024-01-02T03:04:05Z\"\n",
		"values.yaml":                 "a: 1\nb: {c: 1}\n---\nb: {d: 2}\n",
		"values.schema.json":          `{"type":"object"}`,
		"templates/a.yaml":            "a: 1\n",
		"templates/sub/b.yaml":        "b: 1\n",
		"templates/.hidden.yaml":      "hidden: 1\n",
		"templates/NOTES.txt":         "notes",
		"crds/c.yaml":                 "kind: CustomResourceDefinition\n",
		"README.md":                   "\ufeffreadme",
		".helmignore":                 "*.txt\n",
		"x.txt":                       "ignored",
		"files/a.conf":                "conf",
		"charts/zeta/Chart.yaml":      minimalChartYAML("zeta"),
		"charts/alpha/Chart.yaml":     minimalChartYAML("alpha"),
		"charts/alpha/.helmignore":    "*\n",
		"charts/_skip/Chart.yaml":     "not: [valid",
		"charts/.hidden/Chart.yaml":   "not: [valid",
		"charts/inner-0.1.0.tgz":      string(inner),
		"charts/inner-0.1.0.tgz.prov": "signature",
	}
}

func TestLoadDirClassification(t *testing.T) {
	dir := writeChart(t, "top", classifyFiles(t))
	c, err := chart.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkClassified(t, c, true)
}

func TestLoadArchiveClassification(t *testing.T) {
	files := classifyFiles(t)
	data := tgzOf(t, "top", files)
	c, err := chart.LoadArchive(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	checkClassified(t, c, false)

	p := filepath.Join(t.TempDir(), "top-0.1.0.tgz")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = chart.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	checkClassified(t, c, false)
}

func checkClassified(t *testing.T, c *chart.Chart, dir bool) {
	t.Helper()
	eq := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	eq("Name", c.Name(), "top")
	eq("Values", c.Values, map[string]any{"a": float64(1), "b": map[string]any{"c": float64(1), "d": float64(2)}})
	eq("Schema", string(c.Schema), `{"type":"object"}`)
	if c.Lock == nil || c.Lock.Digest != "sha256:abc" || c.Lock.Generated.Year() != 2024 {
		t.Errorf("Lock = %+v", c.Lock)
	}
	if dir {
		// Lexical walk order; .helmignore drops x.txt and NOTES.txt, and
		// the default rule drops templates/.hidden.yaml.
		eq("Templates", fileNames(c.Templates), []string{"templates/a.yaml", "templates/sub/b.yaml"})
		eq("Files", fileNames(c.Files), []string{".helmignore", "README.md", "charts/inner-0.1.0.tgz.prov", "crds/c.yaml", "files/a.conf"})
	} else {
		// Archives ignore .helmignore and keep tar order (here: sorted).
		eq("Templates", fileNames(c.Templates), []string{"templates/.hidden.yaml", "templates/NOTES.txt", "templates/a.yaml", "templates/sub/b.yaml"})
		eq("Files", fileNames(c.Files), []string{".helmignore", "README.md", "charts/inner-0.1.0.tgz.prov", "crds/c.yaml", "files/a.conf", "x.txt"})
	}
	for _, f := range c.Files {
		if f.Name == "README.md" && string(f.Data) != "readme" {
			t.Errorf("README.md BOM not stripped: %q", f.Data)
		}
	}
	var deps []string
	for _, d := range c.Dependencies() {
		deps = append(deps, d.Name())
		if d.Parent() != c {
			t.Errorf("%s: wrong parent", d.Name())
		}
	}
	// Subcharts in charts/ key order: "_" and "." names skipped.
	eq("Dependencies", deps, []string{"alpha", "inner", "zeta"})
	alpha := c.Dependencies()[0]
	eq("alpha Files", fileNames(alpha.Files), []string{".helmignore"})
	inner := c.Dependencies()[1]
	eq("inner Templates", fileNames(inner.Templates), []string{"templates/i.yaml"})
	eq("inner ChartFullPath", inner.ChartFullPath(), "top/charts/inner")
	var raw []string
	for _, f := range c.Raw {
		raw = append(raw, f.Name)
	}
	for _, want := range []string{"Chart.yaml", "values.yaml", "Chart.lock", "values.schema.json", "charts/zeta/Chart.yaml"} {
		found := false
		for _, r := range raw {
			found = found || r == want
		}
		if !found {
			t.Errorf("Raw lacks %s: %v", want, raw)
		}
	}
}

// Load errors: the texts are helm v4.3.1's (loader.Load / loader.LoadArchive
// on the same input).
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		err   string
		path  string // LoadError.Path of the outermost LoadError, if any
	}{
		{"no-version", map[string]string{"Chart.yaml": "apiVersion: v2\nname: x\n"},
			"validation: chart.metadata.version is required", ""},
		{"api-v9", map[string]string{"Chart.yaml": "apiVersion: v9\nname: x\nversion: 1.0.0\n"},
			"unsupported chart version", "Chart.yaml"},
		{"api-num", map[string]string{"Chart.yaml": "apiVersion: 2\nname: x\nversion: 1.0.0\n"},
			"unsupported chart version", "Chart.yaml"},
		{"api-v3", map[string]string{"Chart.yaml": "apiVersion: v3\nname: x\nversion: 1.0.0\n"},
			"invalid chart apiVersion", "Chart.yaml"},
		{"api-list", map[string]string{"Chart.yaml": "- a\n"},
			"cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type loader.chartBase", "Chart.yaml"},
		{"readme-in-charts", map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/README.md": "x"},
			"error unpacking subchart README.md in p: Chart.yaml file is missing", "charts/README.md"},
		{"bad-subchart", map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/s/Chart.yaml": "apiVersion: v2\nname: s\n"},
			"error unpacking subchart s in p: validation: chart.metadata.version is required", "charts/s"},
		{"tgz-dir", map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/x.tgz/Chart.yaml": minimalChartYAML("x")},
			"error unpacking subchart tar in p: expected x.tgz, got x.tgz/Chart.yaml", "charts/x.tgz"},
		{"bad-tgz", map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/bad.tgz": "not gzip"},
			"error unpacking subchart bad.tgz in p: unexpected EOF", "charts/bad.tgz"},
		{"bad-values", map[string]string{"Chart.yaml": minimalChartYAML("p"), "values.yaml": "- a\n"},
			"cannot load values.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}", "values.yaml"},
		{"bad-lock", map[string]string{"Chart.yaml": minimalChartYAML("p"), "Chart.lock": "generated: notatime\n"},
			`cannot load Chart.lock: error unmarshaling JSON: while decoding JSON: parsing time "notatime" as "2006-01-02T15:04:05Z07:00": cannot parse "notatime" as "2006"`, "Chart.lock"},
		{"ignore-negation", map[string]string{"Chart.yaml": minimalChartYAML("p"), ".helmignore": "*.md\n!keep.md\n", "keep.md": "k"},
			"Chart.yaml file is missing", "Chart.yaml"},
		{"ignore-doublestar", map[string]string{"Chart.yaml": minimalChartYAML("p"), ".helmignore": "a/**/b\n"},
			"double-star (**) syntax is not supported", ".helmignore"},
		{"ignore-badglob", map[string]string{"Chart.yaml": minimalChartYAML("p"), ".helmignore": "[\n"},
			"syntax error in pattern", ".helmignore"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeChart(t, tt.name, tt.files)
			_, err := chart.Load(dir)
			if err == nil || err.Error() != tt.err {
				t.Fatalf("Load error = %v\nwant %s", err, tt.err)
			}
			var le *chart.LoadError
			if tt.path != "" && (!errors.As(err, &le) || le.Path != tt.path) {
				t.Errorf("LoadError path = %+v, want %q", le, tt.path)
			}
		})
	}
}

func TestLoadDirMissingChartYAML(t *testing.T) {
	dir := writeChart(t, "empty", map[string]string{"templates/a.yaml": "a"})
	_, err := chart.LoadDir(dir)
	want := "unable to detect chart at " + filepath.Join(dir, "Chart.yaml") + ": open " + filepath.Join(dir, "Chart.yaml") + ": no such file or directory"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("errors.Is(err, os.ErrNotExist) = false")
	}
}

func TestValidationErrorInSubchart(t *testing.T) {
	dir := writeChart(t, "p", map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/s/Chart.yaml": "apiVersion: v2\nname: ../s\nversion: 1.0.0\n"})
	_, err := chart.Load(dir)
	var ve *chart.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("no ValidationError in %v", err)
	}
	if ve.File != "charts/s/Chart.yaml" || ve.Msg != `chart.metadata.name "../s" is invalid` {
		t.Errorf("ValidationError = %+v", ve)
	}
}

// Archive errors as helm v4.3.1 reports them for LoadArchive (a stream)
// and for Load (a file, where Helm 4 drops the details).
func TestArchiveErrors(t *testing.T) {
	ok := tarEntry{name: "c/Chart.yaml", data: minimalChartYAML("c")}
	tests := []struct {
		name    string
		entries []tarEntry
		stream  string
		illegal bool
	}{
		{"dotdot", []tarEntry{ok, {name: "c/../../x", data: "x"}}, "unable to load chart archive: chart illegally references parent directory", true},
		{"dotdot-name", []tarEntry{ok, {name: "c/..foo", data: "x"}}, "unable to load chart archive: chart illegally references parent directory", true},
		{"abs", []tarEntry{ok, {name: "c//etc/passwd", data: "x"}}, "unable to load chart archive: chart illegally contains absolute paths", true},
		{"loose", []tarEntry{ok, {name: "loose", data: "x"}}, `unable to load chart archive: chart illegally contains content outside the base directory: "loose"`, true},
		{"drive", []tarEntry{ok, {name: `x\c:\foo`, data: "x"}}, "unable to load chart archive: chart contains illegally named files", true},
		{"root-chart-yaml", []tarEntry{{name: "Chart.yaml", data: minimalChartYAML("c")}}, `unable to load chart archive: chart illegally contains content outside the base directory: "Chart.yaml"`, true},
		{"chart-yaml-dir", []tarEntry{ok, {name: "Chart.yaml/x", data: "x"}}, "unable to load chart archive: chart yaml not in base directory", true},
		{"empty", nil, "unable to load chart archive: no files in chart archive", false},
		{"dirs-only", []tarEntry{{name: "c/", typ: '5'}}, "unable to load chart archive: no files in chart archive", false},
		{"no-chart-yaml", []tarEntry{{name: "c/templates/a.yaml", data: "a"}}, "unable to detect chart version, no Chart.yaml found", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := makeTgz(t, tt.entries...)
			_, err := chart.LoadArchive(bytes.NewReader(data))
			if err == nil || err.Error() != tt.stream {
				t.Fatalf("LoadArchive error = %v\nwant %s", err, tt.stream)
			}
			if got := errors.Is(err, chart.ErrIllegalPath); got != tt.illegal {
				t.Errorf("errors.Is(ErrIllegalPath) = %v", got)
			}
			p := filepath.Join(t.TempDir(), "c.tgz")
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = chart.Load(p)
			want := "unable to load chart archive"
			if strings.HasPrefix(tt.stream, "unable to detect") {
				want = tt.stream
			}
			if err == nil || err.Error() != want {
				t.Errorf("Load error = %v, want %s", err, want)
			}
			if got := errors.Is(err, chart.ErrIllegalPath); got != tt.illegal {
				t.Errorf("Load: errors.Is(ErrIllegalPath) = %v", got)
			}
		})
	}
}

func TestArchiveNotGzip(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ file, data, want string }{
		// Helm sniffs a zero-padded 512-byte buffer, so short text files
		// look binary.
		{"c.tgz", "apiVersion: v2\n", "file '%s' does not appear to be a gzipped archive; got 'application/octet-stream'"},
		{"long.tgz", strings.Repeat("text ", 200), "file '%s' does not appear to be a gzipped archive; got 'text/plain; charset=utf-8'"},
		{"c.yaml", "apiVersion: v2\n", "file '%s' seems to be a YAML file, but expected a gzipped archive"},
		{"zero.tgz", "", "file '%s' does not appear to be a gzipped archive; got 'application/octet-stream'"},
		{"bad.tgz", "\x1f\x8b\x08\x00garbage", "unable to load chart archive"},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, tt.file)
		if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(tt.want, "%s", p)
		if _, err := chart.Load(p); err == nil || err.Error() != want {
			t.Errorf("Load(%s) error = %v, want %s", tt.file, err, want)
		}
	}
	_, err := chart.LoadArchive(strings.NewReader("plain text, not gzip"))
	if want := "stream does not appear to be a valid chart file (details: gzip: invalid header)"; err == nil || err.Error() != want {
		t.Errorf("LoadArchive error = %v, want %s", err, want)
	}
}

func TestArchiveDetails(t *testing.T) {
	// Backslash separators, PAX headers, directory entries, a symlink entry
	// (read as an empty file, as Helm does), duplicate entries (both kept,
	// the later Chart.yaml overlaying the earlier) and BOMs.
	data := makeTgz(t,
		tarEntry{name: `c\Chart.yaml`, data: "\ufeff" + minimalChartYAML("c")},
		tarEntry{name: "c/templates/", typ: '5'},
		tarEntry{name: `c\templates\a.yaml`, data: "a: 1\n"},
		tarEntry{name: "c/templates/a.yaml", data: "a: 2\n"},
		tarEntry{name: "c/link.txt", data: "/etc/passwd", typ: '2'},
		tarEntry{name: "c/Chart.yaml", data: "description: second\n"},
	)
	c, err := chart.LoadArchive(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := fileNames(c.Templates); !reflect.DeepEqual(got, []string{"templates/a.yaml", "templates/a.yaml"}) {
		t.Errorf("Templates = %v", got)
	}
	if c.Metadata.Name != "c" || c.Metadata.Description != "second" {
		t.Errorf("Metadata = %+v", c.Metadata)
	}
	if len(c.Files) != 1 || c.Files[0].Name != "link.txt" || len(c.Files[0].Data) != 0 {
		t.Errorf("Files = %v", fileNames(c.Files))
	}
}

func TestLoadFilesDoesNotModifyInput(t *testing.T) {
	in := []*chart.File{
		{Name: "Chart.yaml", Data: []byte(minimalChartYAML("p"))},
		{Name: "charts/s/Chart.yaml", Data: []byte(minimalChartYAML("s"))},
		{Name: "templates/a.yaml", Data: []byte("a")},
	}
	c, err := chart.LoadFiles(in)
	if err != nil {
		t.Fatal(err)
	}
	if in[1].Name != "charts/s/Chart.yaml" {
		t.Errorf("input renamed to %q", in[1].Name)
	}
	if c.Dependencies()[0].Raw[0].Name != "Chart.yaml" {
		t.Errorf("subchart Raw = %v", fileNames(c.Dependencies()[0].Raw))
	}
	c.Templates[0].Name = "changed"
	if in[2].Name != "templates/a.yaml" {
		t.Errorf("chart shares File structs with the input")
	}
}

func TestRequirements(t *testing.T) {
	// apiVersion v1: requirements.yaml fills Dependencies and stays in
	// Files; requirements.lock is the Lock. For v2 neither is kept in Files,
	// but both are still read. Checked against helm v4.3.1.
	v1 := writeChart(t, "v1", map[string]string{
		"Chart.yaml":            "name: v1\nversion: 1.0.0\n",
		"requirements.yaml":     "dependencies:\n- name: sub\n  version: 1.x\n  repository: file://x\n",
		"requirements.lock":     "digest: abc\n",
		"charts/sub/Chart.yaml": "name: sub\nversion: 1.0.0\n",
	})
	c, err := chart.Load(v1)
	if err != nil {
		t.Fatal(err)
	}
	if c.Metadata.APIVersion != "v1" || len(c.Metadata.Dependencies) != 1 || c.Metadata.Dependencies[0].Name != "sub" {
		t.Errorf("v1 metadata = %+v", c.Metadata)
	}
	if got := fileNames(c.Files); !reflect.DeepEqual(got, []string{"requirements.lock", "requirements.yaml"}) {
		t.Errorf("v1 Files = %v", got)
	}
	if c.Lock == nil || c.Lock.Digest != "abc" {
		t.Errorf("v1 Lock = %+v", c.Lock)
	}

	v2 := writeChart(t, "v2", map[string]string{
		"Chart.yaml":        minimalChartYAML("v2"),
		"requirements.yaml": "dependencies:\n- name: sub\n",
		"requirements.lock": "digest: abc\n",
	})
	c, err = chart.Load(v2)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) != 0 || len(c.Metadata.Dependencies) != 1 || c.Lock.Digest != "abc" {
		t.Errorf("v2: Files %v, deps %v, lock %+v", fileNames(c.Files), c.Metadata.Dependencies, c.Lock)
	}
	if err := chart.CheckDependencies(c); err == nil || err.Error() != "found in Chart.yaml, but missing in charts/ directory: sub" {
		t.Errorf("CheckDependencies = %v", err)
	}
}

func TestHelm3Values(t *testing.T) {
	dir := writeChart(t, "p", map[string]string{"Chart.yaml": minimalChartYAML("p"), "values.yaml": "a: 1\n---\nb: 2\n"})
	c4, err := chart.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	c3, err := (&chart.Loader{Helm3: true}).Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c4.Values) != 2 || len(c3.Values) != 1 {
		t.Errorf("values: v4 %v, v3 %v", c4.Values, c3.Values)
	}
}

func TestHelm3LoadsAnyAPIVersion(t *testing.T) {
	// helm v3.22 has no apiVersion check when loading.
	dir := writeChart(t, "p", map[string]string{"Chart.yaml": "apiVersion: v9\nname: p\nversion: 1.0.0\n"})
	if _, err := (&chart.Loader{Helm3: true}).Load(dir); err != nil {
		t.Errorf("Helm3 Load: %v", err)
	}
}
