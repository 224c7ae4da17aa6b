package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/yamlx"
	"github.com/chartrender/chartrender/values"
)

// The expected outputs and error texts in this package's tables were
// obtained by running helm v4.3.1 (and v3.22.0 where marked) on the same
// charts. Set CHARTRENDER_HELM to a helm v4.3.1 binary to check them again:
// every snippet case is then also rendered by helm and compared.

// writeChart writes files (path -> content) into a new temporary chart
// directory. Chart.yaml defaults to a chart named "c".
func writeChart(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["Chart.yaml"]; !ok {
		files["Chart.yaml"] = "apiVersion: v2\nname: c\nversion: 0.1.0\n"
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadRender loads dir, processes dependencies and coalesces values as
// helm template does, and renders it with e.
func loadRender(t testing.TB, e *Engine, dir string, user map[string]any) (map[string]string, error) {
	t.Helper()
	c, top := loadTopHelm(t, dir, user, e.opts.Helm3)
	return e.Render(context.Background(), c, top)
}

func loadTop(t testing.TB, dir string, user map[string]any) (*chart.Chart, map[string]any) {
	return loadTopHelm(t, dir, user, false)
}

func loadTopHelm(t testing.TB, dir string, user map[string]any, helm3 bool) (*chart.Chart, map[string]any) {
	t.Helper()
	if user == nil {
		user = map[string]any{}
	}
	c, err := chart.LoadDir(dir)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	c, err = chart.ProcessDependencies(c, user)
	if err != nil {
		t.Fatalf("dependencies: %v", err)
	}
	vals, err := values.CoalesceOptions{Helm3: helm3}.Coalesce(c, user)
	if err != nil {
		t.Fatalf("coalesce: %v", err)
	}
	rel := values.ReleaseOptions{Name: "x", Namespace: "default", Revision: 1, IsInstall: true}
	return c, values.ToRenderValues(c, vals, rel, values.DefaultCapabilities(helm3))
}

// snippet is a template rendered as c/templates/NOTES.txt (any text is
// allowed there), with optional helpers and values.
type snippet struct {
	name    string
	tpl     string
	helpers string // templates/_helpers.tpl
	values  string // values.yaml
	files   map[string]string
	want    string
	wantErr string
}

func (s snippet) chartFiles() map[string]string {
	files := map[string]string{"templates/NOTES.txt": "BEGIN[" + s.tpl + "]END"}
	if s.helpers != "" {
		files["templates/_helpers.tpl"] = s.helpers
	}
	if s.values != "" {
		files["values.yaml"] = s.values
	}
	for k, v := range s.files {
		files[k] = v
	}
	return files
}

func unwrapNotes(s string) string {
	i := strings.Index(s, "BEGIN[")
	j := strings.LastIndex(s, "]END")
	if i < 0 || j < i {
		return s
	}
	return s[i+len("BEGIN[") : j]
}

// runSnippets renders every case with e and compares with want or wantErr;
// with CHARTRENDER_HELM set, it also checks the expectation against helm.
func runSnippets(t *testing.T, opts Options, cases []snippet) {
	t.Helper()
	e := New(opts)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeChart(t, tc.chartFiles())
			out, err := loadRender(t, e, dir, nil)
			helm := os.Getenv("CHARTRENDER_HELM")
			if opts.Helm3 {
				helm = os.Getenv("CHARTRENDER_HELM3")
			}
			if os.Getenv("CHARTRENDER_RECORD") != "" {
				got, herr := helmSnippet(t, helm, dir, opts.Helm3)
				t.Logf("helm: %q err %q", got, fmt.Sprint(herr))
				t.Logf("ours: %q err %q", unwrapNotes(out["c/templates/NOTES.txt"]), fmt.Sprint(err))
				return
			}
			checkSnippet(t, tc, unwrapNotes(out["c/templates/NOTES.txt"]), err)
			if helm != "" {
				got, herr := helmSnippet(t, helm, dir, opts.Helm3)
				checkSnippet(t, tc, got, herr)
			}
		})
	}
}

func checkSnippet(t *testing.T, tc snippet, got string, err error) {
	t.Helper()
	if tc.wantErr != "" {
		if err == nil {
			t.Fatalf("no error; output %q; want error %q", got, tc.wantErr)
		}
		if err.Error() != tc.wantErr {
			t.Fatalf("error\n got: %q\nwant: %q", err.Error(), tc.wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if got != tc.want {
		t.Fatalf("output\n got: %q\nwant: %q", got, tc.want)
	}
}

type helmError string

func (e helmError) Error() string { return string(e) }

// helmSnippet renders dir with helm: the NOTES (through install
// --dry-run=client, which prints them), or helm's error text.
func helmSnippet(t *testing.T, helm, dir string, helm3 bool) (string, error) {
	t.Helper()
	if helm3 {
		return helm3Snippet(t, helm, dir)
	}
	cmd := exec.Command(helm, "install", "x", dir, "--dry-run=client", "--namespace", "default")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimPrefix(stderr.String(), "Error: ")
		msg = strings.TrimSuffix(msg, "\n")
		msg = strings.TrimSuffix(msg, "\n\nUse --debug flag to render out invalid YAML")
		msg = strings.TrimPrefix(msg, "INSTALLATION FAILED: ")
		return "", helmError(msg)
	}
	return unwrapNotes(stdout.String()), nil
}

// memChart builds a chart in memory.
func memChart(name string, templates map[string]string, vals string) *chart.Chart {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: name, Version: "0.1.0", APIVersion: "v2"}}
	for n, s := range templates {
		c.Templates = append(c.Templates, &chart.File{Name: n, Data: []byte(s)})
	}
	if vals != "" {
		v, err := yamlx.UnmarshalMap([]byte(vals))
		if err != nil {
			panic(err)
		}
		c.Values = v
	}
	return c
}

// topFor builds the render values for c with its own values.
func topFor(t testing.TB, c *chart.Chart) map[string]any {
	t.Helper()
	vals, err := values.Coalesce(c, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	rel := values.ReleaseOptions{Name: "x", Namespace: "default", Revision: 1, IsInstall: true}
	return values.ToRenderValues(c, vals, rel, values.DefaultCapabilities(false))
}

// helm3Snippet runs helm v3, whose install --dry-run needs a cluster: with
// helm template, errors show as they are, and a snippet's output is
// recovered by rendering it again inside a manifest, as JSON.
func helm3Snippet(t *testing.T, helm, dir string) (string, error) {
	t.Helper()
	run := func() (string, string, error) {
		cmd := exec.Command(helm, "template", "x", dir, "--namespace", "default")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		return stdout.String(), stderr.String(), err
	}
	if _, stderr, err := run(); err != nil {
		msg := strings.TrimPrefix(stderr, "Error: ")
		msg = strings.TrimSuffix(msg, "\n")
		msg = strings.TrimSuffix(msg, "\n\nUse --debug flag to render out invalid YAML")
		return "", helmError(msg)
	}
	notes := filepath.Join(dir, "templates", "NOTES.txt")
	src, err := os.ReadFile(notes)
	if err != nil {
		t.Fatal(err)
	}
	body := unwrapNotes(string(src))
	out := `{{ define "snippet" }}` + body + `{{ end }}v: {{ include "snippet" . | toJson }}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "templates", "zz-out.yaml"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(filepath.Join(dir, "templates", "zz-out.yaml"))
	stdout, stderr, err := run()
	if err != nil {
		t.Fatalf("helm3: %v: %s", err, stderr)
	}
	for _, line := range strings.Split(stdout, "\n") {
		if j, ok := strings.CutPrefix(line, "v: "); ok {
			var s string
			if err := json.Unmarshal([]byte(j), &s); err != nil {
				t.Fatalf("helm3 output %q: %v", j, err)
			}
			return s, nil
		}
	}
	t.Fatalf("helm3 output without v: %s", stdout)
	return "", nil
}
