package chartrender

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/goldencase"
	"github.com/chartrender/chartrender/warning"
)

// The golden files in testdata/golden were produced by running helm
// v4.3.1 (v3.22.0 for --helm3 cases) with the same arguments; see
// testdata/README.md.

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

// errorText is what helm template prints for err after "Error: ".
func errorText(err error) string {
	var re *RenderError
	if errors.As(err, &re) {
		return err.Error() + "\n\nUse --debug flag to render out invalid YAML"
	}
	return err.Error()
}

func TestRenderGolden(t *testing.T) {
	for _, c := range goldencase.ReadCases(t, "testdata/cases.txt") {
		t.Run(c.Name, func(t *testing.T) {
			want := goldencase.Read(t, "testdata/golden", c.Name)
			s := caseOptions(t, c.Args)
			var warnings []string
			s.opts.OnWarning = func(w warning.Warning) { warnings = append(warnings, w.String()) }

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
					files = goldencase.DumpDir(t, dir)
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
			if code != want.Code {
				t.Errorf("exit code %s, helm %s (err: %v)", code, want.Code, err)
			}
			if diff := cmp.Diff(want.Stdout, stdout.String()); diff != "" {
				t.Errorf("stdout mismatch (-helm +chartrender):\n%s", diff)
			}
			if diff := cmp.Diff(want.Stderr, stderr); diff != "" {
				t.Errorf("stderr mismatch (-helm +chartrender):\n%s", diff)
			}
			if want.HasFiles {
				if diff := cmp.Diff(want.Files, files); diff != "" {
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
