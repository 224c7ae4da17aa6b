package values_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// updateFromHelm regenerates the want/error sections of testdata/cases from
// the real helm binaries (see /work/shared/tools/install-helm):
//
//	go test ./values -run TestUpdateCasesFromHelm -update-from-helm
var updateFromHelm = flag.Bool("update-from-helm", false, "rewrite testdata/cases expectations by running helm v4.3.1 and v3.22.0")

const caseTemplate = "values: {{ toJson .Values }}\n" +
	"deps: {{ range .Chart.Dependencies }}{{ .Name }}:{{ .Enabled }}:{{ .ImportValues }};{{ end }}\n"

var sourceHeaderRE = regexp.MustCompile(`^---\n# Source: [^\n]*\n`)

func TestUpdateCasesFromHelm(t *testing.T) {
	if !*updateFromHelm {
		t.Skip("run with -update-from-helm")
	}
	home, _ := os.UserHomeDir()
	dir := os.Getenv("HELM_ORACLE_DIR")
	if dir == "" {
		dir = filepath.Join(home, ".cache", "helm-oracle")
	}
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files {
		tc := readCase(t, file)
		var out strings.Builder
		data, _ := os.ReadFile(file)
		if loc := sectionRE.FindIndex(data); loc != nil {
			out.Write(data[:loc[0]])
		}
		for _, name := range tc.order {
			switch name {
			case "want", "want-helm3", "error", "error-helm3":
				continue
			}
			out.WriteString("-- " + name + " --\n" + tc.sections[name])
		}
		kind4, body4 := runHelm(t, filepath.Join(dir, "v4", "helm"), tc)
		kind3, body3 := runHelm(t, filepath.Join(dir, "v3", "helm"), tc)
		out.WriteString("-- " + kind4 + " --\n" + body4)
		if kind3 != kind4 || body3 != body4 {
			out.WriteString("-- " + kind3 + "-helm3 --\n" + body3)
		}
		if err := os.WriteFile(file, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// runHelm renders the case with helm template and returns ("want", output)
// or ("error", message).
func runHelm(t *testing.T, helm string, tc *testCase) (kind, body string) {
	t.Helper()
	tmp := t.TempDir()
	root := filepath.Join(tmp, "c")
	args := []string{"template", "x", root}
	for _, name := range tc.order {
		body := tc.sections[name]
		switch name {
		case "want", "want-helm3", "error", "error-helm3":
		case "user.yaml":
			p := filepath.Join(tmp, "user.yaml")
			write(t, p, body)
			args = append(args, "-f", p)
		case "set":
			for _, l := range strings.Split(body, "\n") {
				if l != "" {
					args = append(args, "--set", l)
				}
			}
		default:
			write(t, filepath.Join(root, filepath.FromSlash(name)), body)
		}
	}
	write(t, filepath.Join(root, "templates", "out.yaml"), caseTemplate)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(helm, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := stderr.String()
		i := strings.Index(msg, "Error: ")
		if i < 0 {
			t.Fatalf("%s: %v\n%s", helm, err, msg)
		}
		return "error", msg[i+len("Error: "):]
	}
	return "want", sourceHeaderRE.ReplaceAllString(stdout.String(), "")
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
