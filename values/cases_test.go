package values_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/coalesce"
	"github.com/chartrender/chartrender/internal/yamlx"
	"github.com/chartrender/chartrender/values"
)

// A case file under testdata/cases holds a chart (Chart.yaml, values.yaml,
// charts/<sub>/...), optional user values ("user.yaml", passed as -f, and
// "set", one --set argument per line), and what helm template printed for a
// root template
//
//	values: {{ toJson .Values }}
//	deps: {{ range .Chart.Dependencies }}{{ .Name }}:{{ .Enabled }}:{{ .ImportValues }};{{ end }}
//
// in "want" (or its error in "error"), and, where Helm v3.22.0 differs, in
// "want-helm3" / "error-helm3". Every expectation was produced by running
// helm v4.3.1 and v3.22.0 on the case (TestUpdateCasesFromHelm with
// -update-from-helm regenerates them); none was written by hand.
type testCase struct {
	name     string
	sections map[string]string
	order    []string
}

var sectionRE = regexp.MustCompile(`(?m)^-- (.+?) --\n`)

func readCase(t *testing.T, file string) *testCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tc := &testCase{name: strings.TrimSuffix(filepath.Base(file), ".txt"), sections: map[string]string{}}
	text := string(data)
	locs := sectionRE.FindAllStringSubmatchIndex(text, -1)
	for i, loc := range locs {
		name := text[loc[2]:loc[3]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		tc.sections[name] = text[loc[1]:end]
		tc.order = append(tc.order, name)
	}
	return tc
}

// buildChart assembles a chart tree from case files without the loader:
// Chart.yaml supplies name, version and dependencies; subcharts are the
// charts/<name>/ directories, in name order.
func buildChart(t *testing.T, files map[string]string) *chart.Chart {
	t.Helper()
	meta, err := yamlx.UnmarshalMap([]byte(files["Chart.yaml"]))
	if err != nil {
		t.Fatalf("Chart.yaml: %v", err)
	}
	md := &chart.Metadata{APIVersion: str(meta["apiVersion"]), Name: str(meta["name"]), Version: str(meta["version"])}
	if deps, ok := meta["dependencies"].([]any); ok {
		md.Dependencies = []*chart.Dependency{}
		for _, d := range deps {
			m := d.(map[string]any)
			dep := &chart.Dependency{Name: str(m["name"]), Version: str(m["version"]), Alias: str(m["alias"]), Condition: str(m["condition"])}
			if tags, ok := m["tags"].([]any); ok {
				for _, tag := range tags {
					dep.Tags = append(dep.Tags, str(tag))
				}
			}
			if iv, ok := m["import-values"].([]any); ok {
				dep.ImportValues = iv
			}
			md.Dependencies = append(md.Dependencies, dep)
		}
	}
	c := &chart.Chart{Metadata: md}
	if v, ok := files["values.yaml"]; ok {
		if c.Values, err = values.Parse([]byte(v), "values.yaml"); err != nil {
			t.Fatal(err)
		}
	}
	subs := map[string]map[string]string{}
	for name, body := range files {
		rest, ok := strings.CutPrefix(name, "charts/")
		if !ok {
			continue
		}
		dir, file, _ := strings.Cut(rest, "/")
		if subs[dir] == nil {
			subs[dir] = map[string]string{}
		}
		subs[dir][file] = body
	}
	var names []string
	for n := range subs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.AddDependency(buildChart(t, subs[n]))
	}
	return c
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// render runs the helm template pipeline steps this package and
// chart.ProcessDependencies implement, printing what the case template
// prints.
func render(tc *testCase, c *chart.Chart, helm3 bool) string {
	files := map[string]string{}
	if u, ok := tc.sections["user.yaml"]; ok {
		files["user.yaml"] = u
	}
	opts := values.Options{Helm3: helm3}
	if _, ok := files["user.yaml"]; ok {
		opts.ValueFiles = []string{"user.yaml"}
	}
	for _, l := range strings.Split(tc.sections["set"], "\n") {
		if l != "" {
			opts.Values = append(opts.Values, l)
		}
	}
	user, err := opts.Merge(func(p string) ([]byte, error) { return []byte(files[p]), nil })
	if err != nil {
		return "error: " + err.Error()
	}
	pc, err := chart.DependencyOptions{Helm3: helm3}.ProcessDependencies(c, user)
	if err != nil {
		if helm3 {
			return "error: " + err.Error() + "\n"
		}
		return "error: chart dependencies processing failed: " + err.Error() + "\n"
	}
	vals, err := values.CoalesceOptions{Helm3: helm3}.Coalesce(pc, user)
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	js, err := json.Marshal(vals)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "values: %s\ndeps: ", js)
	for _, d := range pc.Metadata.Dependencies {
		fmt.Fprintf(&b, "%s:%v:%v;", d.Name, d.Enabled, d.ImportValues)
	}
	b.WriteString("\n")
	return b.String()
}

func expected(tc *testCase, helm3 bool) string {
	if helm3 {
		if w, ok := tc.sections["want-helm3"]; ok {
			return w
		}
		if e, ok := tc.sections["error-helm3"]; ok {
			return "error: " + e
		}
	}
	if e, ok := tc.sections["error"]; ok {
		return "error: " + e
	}
	return tc.sections["want"]
}

// snapshot deep-copies what a chart tree holds, to detect mutation.
type snapshot struct {
	Metadata chart.Metadata
	Deps     []chart.Dependency
	Values   map[string]any
	Subs     []snapshot
}

func snap(c *chart.Chart) snapshot {
	s := snapshot{Metadata: *c.Metadata, Values: coalesce.DeepCopy(c.Values)}
	s.Metadata.Dependencies = nil
	for _, d := range c.Metadata.Dependencies {
		dc := *d
		dc.ImportValues = append([]any(nil), d.ImportValues...)
		s.Deps = append(s.Deps, dc)
	}
	for _, d := range c.Dependencies() {
		s.Subs = append(s.Subs, snap(d))
	}
	return s
}

func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		tc := readCase(t, file)
		chartFiles := map[string]string{}
		for _, name := range tc.order {
			switch name {
			case "user.yaml", "set", "want", "want-helm3", "error", "error-helm3":
			default:
				chartFiles[path.Clean(name)] = tc.sections[name]
			}
		}
		for _, helm3 := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/helm3=%v", tc.name, helm3), func(t *testing.T) {
				c := buildChart(t, chartFiles)
				before := snap(c)
				got := render(tc, c, helm3)
				// helm template trims the trailing blanks of the last document.
				if want := expected(tc, helm3); strings.TrimSpace(got) != strings.TrimSpace(want) {
					t.Errorf("got:\n%s\nwant:\n%s", got, want)
				}
				if diff := cmp.Diff(before, snap(c)); diff != "" {
					t.Errorf("input chart modified (-before +after):\n%s", diff)
				}
			})
		}
	}
}
