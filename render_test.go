package chartrender

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
)

// goldenCase is one line of testdata/cases.txt. Its golden files in
// testdata/golden were produced by running helm v4.3.1 (v3.22.0 for --helm3
// cases) with the same arguments; see testdata/README.md.
type goldenCase struct {
	name string
	args []string
}

func readCases(t *testing.T, file string) []goldenCase {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		cases = append(cases, goldenCase{name: f[0], args: f[1:]})
	}
	return cases
}

type golden struct {
	stdout, stderr, files string
	code                  string
	hasFiles              bool
}

func readGolden(t *testing.T, dir, name string) golden {
	t.Helper()
	read := func(ext string) (string, bool) {
		b, err := os.ReadFile(filepath.Join(dir, name+ext))
		if errors.Is(err, os.ErrNotExist) {
			return "", false
		}
		if err != nil {
			t.Fatal(err)
		}
		return string(b), true
	}
	var g golden
	g.stdout, _ = read(".stdout")
	g.stderr, _ = read(".stderr")
	code, _ := read(".code")
	g.code = strings.TrimSpace(code)
	g.files, g.hasFiles = read(".files")
	return g
}

// caseOptions turns the helm arguments of a case into Options. It knows
// only the flags testdata/cases.txt uses, all given as "--flag=value",
// "--flag value" or "-x value".
type caseSetup struct {
	opts           Options
	chart          string
	outDir         bool
	useReleaseName bool
}

func caseOptions(t *testing.T, args []string) caseSetup {
	t.Helper()
	var s caseSetup
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(a, "=")
		next := func() string {
			if hasValue {
				return value
			}
			i++
			return args[i]
		}
		switch name {
		case "--include-crds":
			s.opts.IncludeCRDs = true
		case "--skip-crds":
			s.opts.SkipCRDs = true
		case "--no-hooks":
			s.opts.DisableHooks = true
		case "--skip-tests":
			s.opts.SkipTests = true
		case "--is-upgrade":
			s.opts.IsUpgrade = true
		case "--helm3":
			s.opts.Helm3 = true
		case "--release-name":
			s.useReleaseName = true
		case "--output-dir":
			next()
			s.outDir = true
		case "-s", "--show-only":
			s.opts.ShowOnly = append(s.opts.ShowOnly, next())
		case "--set":
			s.opts.Values = append(s.opts.Values, next())
		case "--set-string":
			s.opts.StringValues = append(s.opts.StringValues, next())
		case "-f", "--values":
			s.opts.ValueFiles = append(s.opts.ValueFiles, strings.Split(next(), ",")...)
		case "-n", "--namespace":
			s.opts.Namespace = next()
		case "--kube-version":
			s.opts.KubeVersion = next()
		case "-a", "--api-versions":
			s.opts.APIVersions = append(s.opts.APIVersions, strings.Split(next(), ",")...)
		default:
			if strings.HasPrefix(a, "-") {
				t.Fatalf("caseOptions: unknown flag %s", a)
			}
			pos = append(pos, a)
		}
	}
	switch len(pos) {
	case 1:
		s.chart = pos[0]
	case 2:
		s.opts.ReleaseName, s.chart = pos[0], pos[1]
	default:
		t.Fatalf("caseOptions: want 1 or 2 arguments, got %q", pos)
	}
	return s
}

// dumpDir lists every file under dir as gen-golden.sh does.
func dumpDir(t *testing.T, dir string) string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
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

// errorText is what helm template prints for err after "Error: ".
func errorText(err error) string {
	var re *RenderError
	if errors.As(err, &re) {
		return err.Error() + "\n\nUse --debug flag to render out invalid YAML"
	}
	return err.Error()
}

func TestRenderGolden(t *testing.T) {
	for _, c := range readCases(t, "testdata/cases.txt") {
		t.Run(c.name, func(t *testing.T) {
			want := readGolden(t, "testdata/golden", c.name)
			s := caseOptions(t, c.args)
			var warnings []string
			s.opts.Warn = func(m string) { warnings = append(warnings, m) }

			var stdout bytes.Buffer
			res, err := RenderPath(context.Background(), s.chart, s.opts)
			var files string
			if err == nil {
				if s.outDir {
					dir := filepath.Join(t.TempDir(), "out")
					err = res.WriteDir(dir, s.useReleaseName, &stdout)
					if err == nil {
						stdout.WriteString("\n")
					}
					files = dumpDir(t, dir)
					stdout = *bytes.NewBufferString(strings.ReplaceAll(stdout.String(), dir, "OUT"))
				} else {
					_, err = res.WriteTo(&stdout)
				}
			}
			stderr := strings.Join(warnings, "\n")
			if len(warnings) > 0 {
				stderr += "\n"
			}
			code := "0"
			if err != nil {
				stderr += "Error: " + errorText(err) + "\n"
				code = "1"
			}
			if code != want.code {
				t.Errorf("exit code %s, helm %s (err: %v)", code, want.code, err)
			}
			if diff := cmp.Diff(want.stdout, stdout.String()); diff != "" {
				t.Errorf("stdout mismatch (-helm +chartrender):\n%s", diff)
			}
			if diff := cmp.Diff(want.stderr, stderr); diff != "" {
				t.Errorf("stderr mismatch (-helm +chartrender):\n%s", diff)
			}
			if want.hasFiles {
				if diff := cmp.Diff(want.files, files); diff != "" {
					t.Errorf("output dir mismatch (-helm +chartrender):\n%s", diff)
				}
			}
		})
	}
}

func TestUserValuesLayer(t *testing.T) {
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: uv\nversion: 0.1.0\n")},
		{Name: "values.yaml", Data: []byte("a: default\nb: default\n")},
		{Name: "templates/cm.yaml", Data: []byte("a: {{ .Values.a }}\nb: {{ .Values.b }}\nc: {{ .Values.c.d }}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	user := map[string]any{"a": "from-map", "c": map[string]any{"d": "map"}}
	res, err := Render(context.Background(), c, Options{UserValues: user, Values: []string{"c.d=set"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "a: from-map\nb: default\nc: set\n"
	if len(res.Manifests) != 1 || res.Manifests[0].Content != want {
		t.Fatalf("got %+v, want one manifest %q", res.Manifests, want)
	}
	if user["c"].(map[string]any)["d"] != "map" {
		t.Error("Render modified Options.UserValues")
	}
}
