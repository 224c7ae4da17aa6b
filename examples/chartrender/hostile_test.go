package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/values"
)

// endless is a stream that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

// Files and streams the command reads are bounded, and the error names
// them; --timeout bounds the render.
func TestHostileInputs(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("#"), values.DefaultMaxFileBytes+1), 0o600); err != nil {
		t.Fatal(err)
	}
	chart := "../charts/hello"
	tests := []struct {
		name  string
		args  []string
		stdin io.Reader
		want  string
	}{
		{"values file too large", []string{"-f", big}, nil, big + ": file too large"},
		{"set-file too large", []string{"--set-file", "a=" + big}, nil, big + ": file too large"},
		{"endless stdin", []string{"-f", "-"}, endless{}, "standard input: file too large"},
		{"set-file endless stdin", []string{"--set-file", "a=-"}, endless{}, "standard input: file too large"},
		{"timeout", []string{"--timeout", "1ns"}, nil, "render did not finish within --timeout 1ns"},
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		tests = append(tests, struct {
			name  string
			args  []string
			stdin io.Reader
			want  string
		}{"set-file /dev/zero", []string{"--set-file", "a=/dev/zero"}, nil, "/dev/zero: file too large"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			stdin := tt.stdin
			if stdin == nil {
				stdin = strings.NewReader("")
			}
			args := append([]string{"template", "x", chart}, tt.args...)
			code := run(context.Background(), args, stdin, &stdout, &stderr, func(string) string { return "" })
			if code != 1 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr.String(), tt.want)
			}
		})
	}
}

// A render that fails leaves no --output-dir behind.
func TestFailedRenderWritesNothing(t *testing.T) {
	chart := t.TempDir()
	files := map[string]string{
		"Chart.yaml":       "apiVersion: v2\nname: h\nversion: 0.1.0\n",
		"templates/a.yaml": "a: 1\n",
		"templates/b.yaml": `{{ "x" | repeat 2000000000 }}`,
	}
	for name, data := range files {
		p := filepath.Join(chart, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"template", "x", chart, "--output-dir", out}, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
	if code != 1 || !strings.Contains(stderr.String(), "repeat would build") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s exists after a failed render (%v)", out, err)
	}
}

// The limit flags set the render's limits, and each limit's error names
// its flag.
func TestLimitFlags(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Chart.yaml":         "apiVersion: v2\nname: h\nversion: 0.1.0\n",
		"values.yaml":        "a: x\n",
		"values.schema.json": `{"properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}`,
		"templates/a.yaml": "a: {{ .Values.a }}\n{{ range until 1000 }}{{ end }}{{ $s := \"x\" | repeat 2000000 }}" +
			"{{ $d := dict }}{{ range until 10 }}{{ $d = dict \"n\" $d }}{{ end }}b: {{ toJson $d | quote }}\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		args []string
		want string // "" means success
	}{
		{nil, ""},
		{[]string{"--max-output-bytes", "10"}, "(raise it with --max-output-bytes or Options.MaxOutputBytes; -1 removes it)"},
		{[]string{"--max-output-bytes", "-1"}, ""},
		{[]string{"--max-value-bytes", "1000"}, "(raise it with --max-value-bytes or Options.MaxValueBytes; -1 removes it)"},
		{[]string{"--max-steps", "300"}, "(raise it with --max-steps or Options.MaxSteps; -1 removes it)"},
		{[]string{"--max-build-bytes", "1000000"}, "(raise it with --max-build-bytes or Options.MaxBuildBytes; -1 removes it)"},
		{[]string{"--max-value-depth", "5"}, "(raise it with --max-value-depth or Options.MaxValueDepth)"},
		{[]string{"--max-schema-work", "100"}, "(raise it with --max-schema-work, Options.MaxSchemaWork or Validator.MaxWork; -1 removes it)"},
		{[]string{"--max-input-bytes", "3", "-f", filepath.Join(dir, "values.yaml")}, "(raise it with --max-input-bytes or Options.MaxInputBytes; -1 removes it)"},
		{[]string{"--max-steps", "x"}, `invalid argument "x" for "--max-steps" flag`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := append([]string{"template", "x", dir}, tt.args...)
			code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, func(string) string { return "" })
			if tt.want == "" {
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr.String())
				}
				return
			}
			if code != 1 || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr.String(), tt.want)
			}
		})
	}
}
