package chartrendertest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
)

const hello = "../examples/charts/hello"

// Each case writes the golden file from one render (as -update does) and
// compares a second render with it.
func TestGoldenReports(t *testing.T) {
	bumped := func(t *testing.T) *chart.Chart {
		c, err := chart.Load(hello)
		if err != nil {
			t.Fatal(err)
		}
		c.Metadata.Version = "0.2.0"
		return c
	}
	tests := []struct {
		name       string
		goldenOpts chartrender.Options
		opts       chartrender.Options
		bump       bool // render the second time with the chart's version changed
		options    []Option
		want       []string // lines of the report after its first line; nil: passes
	}{
		{"same render", chartrender.Options{}, chartrender.Options{}, false, nil, nil},
		{"document removed", chartrender.Options{}, chartrender.Options{Values: []string{"greeter.enabled=false"}}, false, nil,
			[]string{"removed ConfigMap release-name-greeter (hello/charts/greeter/templates/configmap.yaml)"}},
		{"document added", chartrender.Options{Values: []string{"greeter.enabled=false"}}, chartrender.Options{}, false, nil,
			[]string{"added ConfigMap release-name-greeter (hello/charts/greeter/templates/configmap.yaml)"}},
		{"checksum ignored", chartrender.Options{}, chartrender.Options{Values: []string{"greeter.enabled=false", "greeting=Hey"}}, false,
			[]Option{IgnorePath(`spec.template.metadata.annotations["checksum/config"]`)},
			[]string{
				"changed ConfigMap release-name-hello (hello/templates/configmap.yaml):",
				"\t  map[string]any{",
				"\t  \t\"apiVersion\": string(\"v1\"),",
				"\t  \t\"data\": map[string]any{",
				"\t- \t\t\"GREETING\":     string(\"Hello\"),",
				"\t+ \t\t\"GREETING\":     string(\"Hey\"),",
				"\t  \t\t\"INSTALL\":      string(\"true\"),",
				"\t  \t\t\"KUBE_VERSION\": string(\"v1.37.0\"),",
				"\t  \t\t... // 2 identical entries",
				"\t  \t},",
				"\t  \t\"kind\":     string(\"ConfigMap\"),",
				"\t  \t\"metadata\": map[string]any{\"labels\": map[string]any{\"app.kubernetes.io/instance\": string(\"release-name\"), \"app.kubernetes.io/managed-by\": string(\"Helm\"), \"app.kubernetes.io/name\": string(\"hello\"), \"app.kubernetes.io/version\": string(\"1.0.0\"), ...}, \"name\": string(\"release-name-hello\")},",
				"\t  }",
				"changed Greeting release-name-hello (hello/templates/configmap.yaml):",
				"\t  map[string]any{",
				"\t  \t\"apiVersion\": string(\"example.com/v1\"),",
				"\t  \t\"kind\":       string(\"Greeting\"),",
				"\t  \t\"metadata\":   map[string]any{\"name\": string(\"release-name-hello\")},",
				"\t- \t\"spec\":       map[string]any{\"text\": string(\"Hello, world!\")},",
				"\t+ \t\"spec\":       map[string]any{\"text\": string(\"Hey, world!\")},",
				"\t  }",
				"removed ConfigMap release-name-greeter (hello/charts/greeter/templates/configmap.yaml)",
			}},
		{"chart version ignored", chartrender.Options{}, chartrender.Options{}, true,
			// The checksum covers the ConfigMap's labels, so it changes too.
			[]Option{IgnoreChartVersion(), IgnorePath(`spec.template.metadata.annotations["checksum/config"]`)}, nil},
		{"any cmp option", chartrender.Options{}, chartrender.Options{Values: []string{"greeting=Hey"}}, false,
			[]Option{Cmp(cmpopts.IgnoreMapEntries(func(k string, _ any) bool { return k == "data" || k == "annotations" || k == "text" }))}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden := filepath.Join(t.TempDir(), "hello.golden")
			GoldenRenderer(t, chartrender.NewRenderer(mustLoad(t, hello)), tt.goldenOpts, golden, rewrite())
			c := mustLoad(t, hello)
			if tt.bump {
				c = bumped(t)
			}
			ft := &fakeT{TB: t}
			GoldenChart(ft, c, tt.opts, golden, tt.options...)
			if len(ft.fatals) != 0 {
				t.Fatalf("fatal: %q", ft.fatals)
			}
			if tt.want == nil {
				if len(ft.errors) != 0 {
					t.Errorf("want a pass, got:\n%s", strings.Join(ft.errors, "\n"))
				}
				return
			}
			if len(ft.errors) != 1 {
				t.Fatalf("want one error, got %q", ft.errors)
			}
			first, rest, _ := strings.Cut(ft.errors[0], "\n")
			if wantFirst := golden + ` differs from the render (-golden +rendered; run "go test -update" to accept the render):`; first != wantFirst {
				t.Errorf("first line %q, want %q", first, wantFirst)
			}
			if diff := cmp.Diff(tt.want, strings.Split(strings.TrimSuffix(rest, "\n"), "\n")); diff != "" {
				t.Errorf("report (-want +got):\n%s\nfull report:\n%s", diff, ft.errors[0])
			}
		})
	}
}

func mustLoad(t *testing.T, path string) *chart.Chart {
	t.Helper()
	c, err := chart.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Without IgnoreChartVersion a version bump changes every labelled
// document.
func TestChartVersionNotIgnored(t *testing.T) {
	golden := filepath.Join(t.TempDir(), "hello.golden")
	Golden(t, hello, chartrender.Options{}, golden, rewrite())
	c := mustLoad(t, hello)
	c.Metadata.Version = "0.2.0"
	ft := &fakeT{TB: t}
	GoldenChart(ft, c, chartrender.Options{}, golden)
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], `string("hello-0.1.0"),`) || !strings.Contains(ft.errors[0], `string("hello-0.2.0"),`) ||
		!strings.Contains(ft.errors[0], "changed Service release-name-hello (hello/templates/service.yaml):") {
		t.Errorf("report:\n%s", strings.Join(ft.errors, "\n"))
	}
}

func TestOutputDirLayout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "golden")
	Golden(t, hello, chartrender.Options{IncludeCRDs: true}, dir, OutputDirLayout(), rewrite())
	for _, f := range []string{"hello/templates/deployment.yaml", "hello/charts/greeter/templates/configmap.yaml", "hello/crds/greetings.example.com.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("golden directory lacks %s: %v", f, err)
		}
	}
	ft := &fakeT{TB: t}
	Golden(ft, hello, chartrender.Options{IncludeCRDs: true}, dir, OutputDirLayout())
	if len(ft.errors)+len(ft.fatals) != 0 {
		t.Fatalf("same render: %q %q", ft.errors, ft.fatals)
	}
	Golden(ft, hello, chartrender.Options{IncludeCRDs: true, Values: []string{"greeter.enabled=false"}}, dir, OutputDirLayout())
	if want := dir + " differs from the render (-golden +rendered; run \"go test -update\" to accept the render):\n" +
		"removed CustomResourceDefinition farewells.example.com (hello/charts/greeter/crds/farewells.example.com.yaml)\n" +
		"removed ConfigMap release-name-greeter (hello/charts/greeter/templates/configmap.yaml)\n"; len(ft.errors) != 1 || ft.errors[0] != want {
		t.Errorf("got %q, want %q", ft.errors, want)
	}
	// -update replaces the files: the greeter's disappears, other files stay.
	keep := filepath.Join(dir, "README.md")
	if err := os.WriteFile(keep, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	Golden(t, hello, chartrender.Options{IncludeCRDs: true, Values: []string{"greeter.enabled=false"}}, dir, OutputDirLayout(), rewrite())
	if _, err := os.Stat(filepath.Join(dir, "hello/charts/greeter")); !os.IsNotExist(err) {
		t.Errorf("greeter's golden file left behind: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("-update removed a file that is not YAML: %v", err)
	}
}

func TestGoldenFailures(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		run     func(testing.TB)
		fatal   bool
		message string
	}{
		{"missing golden file", func(t testing.TB) {
			Golden(t, hello, chartrender.Options{}, filepath.Join(dir, "none.golden"))
		}, false, "chartrendertest: open " + filepath.Join(dir, "none.golden") + `: no such file or directory (run "go test -update" to write it)`},
		{"bad path", func(t testing.TB) {
			Golden(t, hello, chartrender.Options{}, filepath.Join(dir, "x.golden"), IgnorePath(`metadata.labels["a`))
		}, true, `chartrendertest: IgnorePath("metadata.labels[\"a"): bad quoted key in "metadata.labels[\"a"`},
		{"render error", func(t testing.TB) {
			Golden(t, hello, chartrender.Options{ShowOnly: []string{"templates/none.yaml"}}, filepath.Join(dir, "x.golden"))
		}, false, "chartrendertest: could not find template templates/none.yaml in chart"},
		{"chart error", func(t testing.TB) {
			Golden(t, filepath.Join(dir, "no-chart"), chartrender.Options{}, filepath.Join(dir, "x.golden"))
		}, true, "chartrendertest: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ft := &fakeT{TB: t}
			tt.run(ft)
			got := ft.errors
			if tt.fatal {
				got = ft.fatals
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.message) || (tt.message != "chartrendertest: " && got[0] != tt.message) {
				t.Errorf("got errors %q fatals %q, want %q", ft.errors, ft.fatals, tt.message)
			}
		})
	}
}

// Renders are deterministic unless asked otherwise.
func TestDeterministicByDefault(t *testing.T) {
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: r\nversion: 0.1.0\n")},
		{Name: "templates/s.yaml", Data: []byte("kind: Secret\nmetadata:\n  name: s\ndata:\n  p: {{ randAlphaNum 16 | b64enc }}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(t.TempDir(), "r.golden")
	GoldenChart(t, c, chartrender.Options{}, golden, rewrite())
	GoldenChart(t, c, chartrender.Options{}, golden)
	ft := &fakeT{TB: t}
	GoldenChart(ft, c, chartrender.Options{}, golden, Nondeterministic())
	if len(ft.errors) != 1 || !strings.Contains(ft.errors[0], "changed Secret s (r/templates/s.yaml):") {
		t.Errorf("a random render compared equal: %q", ft.errors)
	}
}

func TestDiff(t *testing.T) {
	golden := "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"1\"\n  y: 'two'\n" +
		"---\n# Source: c/crds/crds.yaml\nkind: CRD\nmetadata:\n  name: one\n---\nkind: CRD\nmetadata:\n  name: two\n"
	tests := []struct {
		name, rendered string
		want           string
	}{
		{"key order and quoting", "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\ndata:\n  y: two\n  x: '1'\nmetadata:\n  name: a\n" +
			"---\n# Source: c/crds/crds.yaml\nkind: CRD\nmetadata:\n  name: one\n---\nkind: CRD\nmetadata:\n  name: two\n", ""},
		{"second document of a file", "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"1\"\n  y: 'two'\n" +
			"---\n# Source: c/crds/crds.yaml\nkind: CRD\nmetadata:\n  name: one\n", "removed CRD two (c/crds/crds.yaml)\n"},
		{"same identity twice", golden + "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\nmetadata:\n  name: a\n", "added ConfigMap a #2 (c/templates/a.yaml)\n"},
		{"not YAML", strings.Replace(golden, "  y: 'two'\n", "  y: 'two\n", 1),
			"changed ConfigMap a (c/templates/a.yaml):\n\t  []string{\n\t  \t... // 3 identical elements\n\t  \t\"data:\",\n\t  \t`  x: \"1\"`,\n\t- \t\"  y: 'two'\",\n\t+ \t\"  y: 'two\",\n\t  \t\"\",\n\t  }\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Diff([]byte(golden), []byte(tt.rendered)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// go-cmp writes its diff markers with ordinary or non-breaking spaces at
// random; reports always use ordinary ones.
func TestStableDiff(t *testing.T) {
	in := "\u00a0\u00a0map[string]any{\n-\u00a0\t\"a\": 1,\n+\u00a0\t\"a\": 2,\n\u00a0\u00a0\t\"b\": \"x\u00a0y\",\n"
	want := "  map[string]any{\n- \t\"a\": 1,\n+ \t\"a\": 2,\n  \t\"b\": \"x\u00a0y\",\n"
	if got := stableDiff(in); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		path string
		want []pathStep
		err  bool
	}{
		{`metadata.annotations["checksum/config"]`, []pathStep{{"metadata", -1}, {"annotations", -1}, {"checksum/config", -1}}, false},
		{`spec.containers[*].image`, []pathStep{{"spec", -1}, {"containers", -1}, {"", -2}, {"image", -1}}, false},
		{`a[2].*`, []pathStep{{"a", -1}, {"", 2}, {"*", -1}}, false},
		{`["a.b"]["c\"d"]`, []pathStep{{"a.b", -1}, {`c"d`, -1}}, false},
		{``, nil, true},
		{`a..b`, nil, true},
		{`a[x]`, nil, true},
		{`a[1`, nil, true},
	}
	for _, tt := range tests {
		got, err := parsePath(tt.path)
		if (err != nil) != tt.err || !cmp.Equal(got, tt.want, cmp.AllowUnexported(pathStep{})) {
			t.Errorf("parsePath(%q) = %v, %v; want %v (error %v)", tt.path, got, err, tt.want, tt.err)
		}
	}
}

func TestChartName(t *testing.T) {
	for in, want := range map[string]string{
		"hello-0.1.0": "hello", "kube-prometheus-stack-58.1.0": "kube-prometheus-stack",
		"x-1.0.0-rc.1": "x", "y-2.0.0_build.5": "y", "v2-app-v1.2.3": "v2-app", "plain": "plain",
	} {
		if got := chartName(in); got != want {
			t.Errorf("chartName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIgnorePathMatches(t *testing.T) {
	doc := func(img0, img1, ann string) []byte {
		return []byte("---\n# Source: c/templates/p.yaml\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    a.b/c: " + ann +
			"\nspec:\n  containers:\n  - name: x\n    image: " + img0 + "\n  - name: y\n    image: " + img1 + "\n")
	}
	golden := doc("one", "two", "v1")
	tests := []struct {
		name     string
		rendered []byte
		path     string
		same     bool
	}{
		{"any index", doc("ONE", "TWO", "v1"), "spec.containers[*].image", true},
		{"the index that changed", doc("one", "TWO", "v1"), "spec.containers[1].image", true},
		{"another index", doc("one", "TWO", "v1"), "spec.containers[0].image", false},
		{"quoted key", doc("one", "two", "v2"), `metadata.annotations["a.b/c"]`, true},
		{"any key", doc("one", "two", "v2"), `metadata.annotations.*`, true},
		{"a parent covers its fields", doc("one", "two", "v2"), `metadata`, true},
		{"a path below the change does not cover it", doc("one", "two", "v2"), `metadata.annotations["a.b/c"].x`, false},
		{"other field", doc("one", "two", "v2"), `metadata.labels`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(golden, tt.rendered, IgnorePath(tt.path))
			if (got == "") != tt.same {
				t.Errorf("IgnorePath(%q): report %q, want equal=%v", tt.path, got, tt.same)
			}
		})
	}
}
