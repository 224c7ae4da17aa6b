package chart_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
)

// Each testdata/dependencies/*.json file describes a chart tree (the
// Chart.yaml dependency entries, the subcharts loaded from charts/, the
// default values) and user values. "want" is a dump of the tree after
// ProcessDependencies plus the coalesced values, as produced by helm
// v4.3.1's own chartutil.ProcessDependencies and CoalesceValues on the same
// tree (a scratch program linking helm.sh/helm/v4); "want-helm3" is the same
// from helm v3.22.0's ProcessDependenciesWithMerge where it differs.
type depSpec struct {
	Name, Version, Alias, Condition string
	Tags                            []string
	ImportValues                    []any
}

type node struct {
	Name, Version string
	Values        map[string]any
	Deps          []*depSpec
	DepsNil       bool
	Children      []*node
}

type specFile struct {
	Doc       string         `json:"doc"`
	Chart     *node          `json:"chart"`
	User      map[string]any `json:"user"`
	Want      []string       `json:"want"`
	WantHelm3 []string       `json:"want-helm3"`
}

func build(n *node) *chart.Chart {
	c := &chart.Chart{
		Metadata: &chart.Metadata{Name: n.Name, Version: n.Version, APIVersion: "v2"},
		Values:   n.Values,
	}
	if !n.DepsNil {
		c.Metadata.Dependencies = []*chart.Dependency{}
		for _, d := range n.Deps {
			c.Metadata.Dependencies = append(c.Metadata.Dependencies, &chart.Dependency{
				Name: d.Name, Version: d.Version, Alias: d.Alias, Condition: d.Condition,
				Tags: d.Tags, ImportValues: d.ImportValues,
			})
		}
	}
	for _, ch := range n.Children {
		c.AddDependency(build(ch))
	}
	return c
}

func dump(b *strings.Builder, c *chart.Chart, indent string) {
	fmt.Fprintf(b, "%s%s@%s path=%s nilDeps=%v\n", indent, c.Name(), c.Metadata.Version, c.ChartFullPath(), c.Metadata.Dependencies == nil)
	for _, d := range c.Metadata.Dependencies {
		iv := "nil"
		if d.ImportValues != nil {
			iv = canon(d.ImportValues)
		}
		fmt.Fprintf(b, "%s  dep %s alias=%s en=%v iv=%s\n", indent, d.Name, d.Alias, d.Enabled, iv)
	}
	fmt.Fprintf(b, "%s  values=%s\n", indent, canon(c.Values))
	for _, s := range c.Dependencies() {
		dump(b, s, indent+"    ")
	}
}

func process(c *chart.Chart, user map[string]any, helm3 bool) string {
	pc, err := chart.DependencyOptions{Helm3: helm3}.ProcessDependencies(c, user)
	if err != nil {
		return "procerr: " + err.Error()
	}
	var b strings.Builder
	dump(&b, pc, "")
	v, err := values.CoalesceOptions{Helm3: helm3}.Coalesce(pc, user)
	if err != nil {
		fmt.Fprintf(&b, "coalesce err: %v\n", err)
	} else {
		fmt.Fprintf(&b, "coalesced=%s\n", canon(v))
	}
	return strings.TrimRight(b.String(), "\n")
}

func TestProcessDependencies(t *testing.T) {
	files, _ := filepath.Glob("testdata/dependencies/*.json")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var spec specFile
		if err := json.Unmarshal(data, &spec); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, helm3 := range []bool{false, true} {
			name := strings.TrimSuffix(filepath.Base(f), ".json")
			t.Run(fmt.Sprintf("%s/helm3=%v", name, helm3), func(t *testing.T) {
				want := spec.Want
				if helm3 && spec.WantHelm3 != nil {
					want = spec.WantHelm3
				}
				c := build(spec.Chart)
				var before strings.Builder
				dump(&before, c, "")
				userBefore := canon(spec.User)

				got := process(c, spec.User, helm3)
				if diff := cmp.Diff(strings.Join(want, "\n"), got); diff != "" {
					t.Errorf("%s\n(-helm +got):\n%s", spec.Doc, diff)
				}
				var after strings.Builder
				dump(&after, c, "")
				if diff := cmp.Diff(before.String(), after.String()); diff != "" {
					t.Errorf("input chart modified:\n%s", diff)
				}
				if canon(spec.User) != userBefore {
					t.Error("user values modified")
				}
			})
		}
	}
}

func TestProcessDependenciesTypeMismatch(t *testing.T) {
	c := build(&node{Name: "root", Version: "1.0.0",
		Deps:     []*depSpec{{Name: "sub", Version: "1.0.0"}},
		Children: []*node{{Name: "sub", Version: "1.0.0", DepsNil: true}}})
	_, err := chart.ProcessDependencies(c, map[string]any{"sub": int64(5)})
	var tm *values.TypeMismatchError
	if !errors.As(err, &tm) || err.Error() != "type mismatch on sub: %!t(int64=5)" {
		t.Errorf("got %v", err)
	}
}

// The new tree shares no Chart, Metadata or Dependency with the input, and
// processing the same input twice gives equal results.
func TestProcessDependenciesCopies(t *testing.T) {
	c := build(&node{Name: "root", Version: "1.0.0",
		Deps: []*depSpec{{Name: "sub", Version: "1.0.0", Alias: "a"}, {Name: "sub", Version: "1.0.0"}},
		Children: []*node{{Name: "sub", Version: "1.0.0",
			Deps:     []*depSpec{{Name: "leaf", Version: "1.0.0"}},
			Children: []*node{{Name: "leaf", Version: "1.0.0", DepsNil: true}}}}})
	seen := map[any]bool{}
	var walk func(*chart.Chart)
	walk = func(x *chart.Chart) {
		seen[x], seen[x.Metadata] = true, true
		for _, d := range x.Metadata.Dependencies {
			seen[d] = true
		}
		for _, s := range x.Dependencies() {
			walk(s)
		}
	}
	walk(c)
	p1, err := chart.ProcessDependencies(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	var check func(*chart.Chart)
	check = func(x *chart.Chart) {
		if seen[x] || seen[x.Metadata] {
			t.Errorf("%s shares its Chart or Metadata with the input", x.ChartFullPath())
		}
		for _, d := range x.Metadata.Dependencies {
			if seen[d] {
				t.Errorf("%s shares dependency %s with the input", x.ChartFullPath(), d.Name)
			}
		}
		for _, s := range x.Dependencies() {
			if s.Parent() != x {
				t.Errorf("%s has the wrong parent", s.ChartFullPath())
			}
			check(s)
		}
	}
	check(p1)
	p2, _ := chart.ProcessDependencies(c, nil)
	var b1, b2 strings.Builder
	dump(&b1, p1, "")
	dump(&b2, p2, "")
	if b1.String() != b2.String() {
		t.Errorf("second run differs:\n%s\n%s", b1.String(), b2.String())
	}
	var names []string
	for _, s := range p1.Dependencies() {
		names = append(names, s.ChartFullPath())
	}
	if want := []string{"root/charts/a", "root/charts/sub"}; !cmp.Equal(names, want) {
		t.Errorf("subcharts %v, want %v", names, want)
	}
}

func TestProcessDependenciesWarnings(t *testing.T) {
	c := build(&node{Name: "root", Version: "1.0.0",
		Values: map[string]any{"tags": map[string]any{"t": "yes"}, "sub": map[string]any{"on": "yes"}},
		Deps: []*depSpec{{Name: "sub", Version: "1.0.0", Tags: []string{"t"}, Condition: "sub.on",
			ImportValues: []any{"missing"}}},
		Children: []*node{{Name: "sub", Version: "1.0.0", DepsNil: true}}})
	var got []string
	if _, err := (chart.DependencyOptions{Warn: func(w warning.Warning) { got = append(got, w.String()) }}).ProcessDependencies(c, nil); err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	// The lines helm v4.3.1 logs through slog.
	want := []string{
		`level=WARN msg="ImportValues missing table" error="\"exports\" is not a table"`,
		`level=WARN msg="returned non-bool value" path=sub.on chart=sub`,
		`level=WARN msg="returned non-bool value" tag=t chart=sub`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

func ExampleProcessDependencies() {
	sub := &chart.Chart{Metadata: &chart.Metadata{Name: "db", Version: "1.2.0"}, Values: map[string]any{"port": 5432.0}}
	app := &chart.Chart{Metadata: &chart.Metadata{Name: "app", Version: "1.0.0", Dependencies: []*chart.Dependency{
		{Name: "db", Version: "~1.2", Alias: "primary"},
		{Name: "db", Version: "~1.2", Alias: "replica", Condition: "replica.enabled"},
	}}}
	app.AddDependency(sub)

	out, err := chart.ProcessDependencies(app, map[string]any{"replica": map[string]any{"enabled": false}})
	if err != nil {
		panic(err)
	}
	for _, d := range out.Dependencies() {
		fmt.Println(d.ChartFullPath())
	}
	fmt.Println(len(app.Dependencies()), app.Dependencies()[0].Name())
	// Output:
	// app/charts/primary
	// 1 db
}

// canon renders values deterministically, with number types.
func canon(v any) string {
	var b strings.Builder
	canonTo(&b, v)
	return b.String()
}

func canonTo(b *strings.Builder, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, "%q:", k)
			canonTo(b, x[k])
		}
		b.WriteString("}")
	case map[string]string:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("ms{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, "%q:%q", k, x[k])
		}
		b.WriteString("}")
	case []any:
		if x == nil {
			b.WriteString("nil[]")
			return
		}
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(",")
			}
			canonTo(b, e)
		}
		b.WriteString("]")
	case float64:
		fmt.Fprintf(b, "f%v", x)
	case int64:
		fmt.Fprintf(b, "i%v", x)
	case string:
		fmt.Fprintf(b, "%q", x)
	case bool:
		fmt.Fprintf(b, "%v", x)
	default:
		fmt.Fprintf(b, "%T:%v", x, x)
	}
}
