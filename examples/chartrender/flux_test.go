package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFluxCommand(t *testing.T) {
	t.Chdir("../..")
	src := "--source=GitRepository/flux-system/charts=."
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string // substrings
		stderr string
	}{
		{"build", []string{"build", src, "examples/flux/v1"}, 0, []string{
			"# HelmRelease apps/hello: release hello in namespace apps, chart hello 0.1.0\n---\n# Source: hello/crds/greetings.example.com.yaml\n",
			"# HelmRelease apps/greeter: release greeters-greeter in namespace greeters, chart hello 0.1.0\n",
			"    helm.toolkit.fluxcd.io/namespace: apps\n",
			"image: nginx:1.27.0\n",
		}, ""},
		{"diff", []string{"diff", src, "examples/flux/v1", "examples/flux/v2"}, 0, []string{
			"HelmRelease apps/greeter: changed\n  ~ values\n      + greeter: {\"enabled\":false}\n",
			"HelmRelease apps/hello: changed\n",
		}, ""},
		{"no source mapped", []string{"build", "examples/flux/v1"}, 1, nil, "Error: HelmRelease apps/hello: cannot resolve chart \"examples/charts/hello\" from GitRepository/flux-system/charts: no local folder or archive is mapped to this source\n"},
		{"bad source flag", []string{"build", "--source", "x", "examples/flux/v1"}, 1, nil, "Error: invalid --source \"x\": want KIND/[NAMESPACE/]NAME=PATH\n"},
		{"diff needs two", []string{"diff", "examples/flux/v1"}, 1, nil, "Error: \"chartrender flux diff\" requires 2 arguments\n"},
		{"unknown", []string{"lint"}, 1, nil, "Error: unknown command \"lint\" for \"chartrender flux\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"flux"}, tt.args...), strings.NewReader(""), &out, &errb, func(string) string { return "" })
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, errb.String())
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out.String(), s) {
					t.Errorf("stdout lacks %q", s)
				}
			}
			if tt.stderr != "" && !strings.HasPrefix(errb.String(), tt.stderr) {
				t.Errorf("stderr = %q, want prefix %q", errb.String(), tt.stderr)
			}
		})
	}
}

func TestFluxOutputDir(t *testing.T) {
	t.Chdir("../..")
	dir := t.TempDir()
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"flux", "build", "--source", "GitRepository/flux-system/charts=.", "--output-dir", dir, "examples/flux/v1"}, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, "apps", "greeter", "hello", "templates", "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "replicas: 4\n") {
		t.Errorf("the JSON 6902 patch is not applied:\n%s", b)
	}
}
