package conformance

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "regenerate testdata/golden with the helm v4.3.1 binary ($HELM_ORACLE or ~/.cache/helm-oracle/v4/helm) and, for --helm3 cases, the v3.22.0 one ($HELM3_ORACLE or ~/.cache/helm-oracle/v3/helm)")

// testCase is one line of testdata/cases.txt: a name and the arguments of a
// `helm template` command run from this folder. A case whose arguments
// include --helm3 is a Helm-3 dialect case: its golden output comes from
// the helm v3.22.0 binary, run without that flag.
type testCase struct {
	Name string
	Args []string
}

// helm3 reports whether c is a Helm-3 dialect case, and returns its
// arguments without --helm3.
func (c testCase) helm3() (bool, []string) {
	var args []string
	for _, a := range c.Args {
		if a != "--helm3" {
			args = append(args, a)
		}
	}
	return len(args) != len(c.Args), args
}

func readCases(t *testing.T) []testCase {
	f, err := os.Open(filepath.Join("testdata", "cases.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []testCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, args, ok := strings.Cut(text, "|")
		if !ok {
			t.Fatalf("cases.txt:%d: want `name | arguments`", line)
		}
		fields, err := splitArgs(args)
		if err != nil {
			t.Fatalf("cases.txt:%d: %v", line, err)
		}
		cases = append(cases, testCase{Name: strings.TrimSpace(name), Args: fields})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// splitArgs splits a command line on blanks; single quotes keep blanks.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord, quoted := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case (r == ' ' || r == '\t') && !quoted:
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		return nil, errors.New("unterminated quote")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// result is what a `template` command did: its stdout, its exit code, the
// error it printed (stderr from the first "Error:" on), and Log, the whole of
// stderr without the lines of --debug logging (Helm's debug log is not
// reproduced, and helm v3 stamps each line with the time).
type result struct {
	Stdout string
	Exit   int
	Error  string
	Log    string
}

// debugLine matches a line of Helm's --debug logging: v4's slog lines at
// DEBUG level and v3's "[debug]" lines. A v3 debug message may span lines
// (an error's stack trace, a trailing newline): the lines after it up to
// the next line that starts a record (matched by recordStart) are its.
var (
	debugLine   = regexp.MustCompile(`^(level=DEBUG |[a-z_]+\.go:[0-9]+: [0-9]{4}[-/][0-9]{2}[-/][0-9]{2} .*\[debug\] )`)
	recordStart = regexp.MustCompile(`^(Error: |level=|WARNING: |walk\.go:)`)
)

// withoutDebug drops Helm's --debug log lines from stderr text.
func withoutDebug(stderr string) string {
	var b strings.Builder
	inDebug := false
	for line := range strings.SplitAfterSeq(stderr, "\n") {
		switch {
		case debugLine.MatchString(line):
			inDebug = true
		case recordStart.MatchString(line):
			inDebug = false
			b.WriteString(line)
		case !inDebug:
			b.WriteString(line)
		}
	}
	return b.String()
}

func run(bin string, args []string) (result, error) {
	cmd := exec.Command(bin, append([]string{"template"}, args...)...)
	cmd.Env = append(os.Environ(), "HELM_NAMESPACE=", "NO_COLOR=1")
	return runCmd(cmd)
}

// runCmd runs a prepared command and returns what it did.
func runCmd(cmd *exec.Cmd) (result, error) {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{Stdout: stdout.String()}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		r.Exit = exit.ExitCode()
	} else if err != nil {
		return r, err
	}
	r.Log = withoutDebug(stderr.String())
	if i := strings.Index(r.Log, "Error:"); i >= 0 {
		r.Error = r.Log[i:]
	}
	return r, nil
}

func goldenPaths(name string) (stdout, errPath string) {
	base := filepath.Join("testdata", "golden", name)
	return base + ".out", base + ".err"
}

func writeGolden(name string, r result) error {
	out, errPath := goldenPaths(name)
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(out, []byte(r.Stdout), 0o644); err != nil {
		return err
	}
	if r.Exit == 0 && r.Log == "" {
		if err := os.Remove(errPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	}
	return os.WriteFile(errPath, []byte(fmt.Sprintf("exit %d\n%s", r.Exit, r.Log)), 0o644)
}

func readGolden(name string) (result, error) {
	out, errPath := goldenPaths(name)
	stdout, err := os.ReadFile(out)
	if err != nil {
		return result{}, err
	}
	r := result{Stdout: string(stdout)}
	b, err := os.ReadFile(errPath)
	if errors.Is(err, os.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	first, rest, _ := strings.Cut(string(b), "\n")
	if _, err := fmt.Sscanf(first, "exit %d", &r.Exit); err != nil {
		return r, fmt.Errorf("%s: %v", errPath, err)
	}
	r.Log = rest
	if i := strings.Index(rest, "Error:"); i >= 0 {
		r.Error = rest[i:]
	}
	return r, nil
}

// oracleBinary is the helm v4.3.1 binary: $HELM_ORACLE, else the one
// ../shared/tools/install-helm builds.
func oracleBinary(t *testing.T) string { return dialectOracle(t, false) }

// dialectOracle is the helm binary of a dialect: $HELM_ORACLE or
// $HELM3_ORACLE, else the one ../shared/tools/install-helm builds.
func dialectOracle(t *testing.T, helm3 bool) string {
	env, dir := "HELM_ORACLE", "v4"
	if helm3 {
		env, dir = "HELM3_ORACLE", "v3"
	}
	if p := os.Getenv(env); p != "" {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(home, ".cache", "helm-oracle", dir, "helm")
}

// buildCLI builds examples/chartrender, the drop-in for `helm template`.
func buildCLI(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "chartrender")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/chartrender/chartrender/examples/chartrender")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the CLI: %v\n%s", err, out)
	}
	return bin
}

// TestCases runs the project's own charts and flag combinations through the
// chartrender CLI and compares stdout, exit code and stderr with what the
// helm v4.3.1 binary (v3.22.0 for --helm3 cases) printed for the same
// command (testdata/golden). With -update the golden files are regenerated
// by running those binaries.
func TestCases(t *testing.T) {
	cases := readCases(t)
	if *update {
		for _, c := range cases {
			helm3, args := c.helm3()
			r, err := run(dialectOracle(t, helm3), args)
			if err != nil {
				t.Fatalf("%s: running helm: %v", c.Name, err)
			}
			if err := writeGolden(c.Name, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	bin := buildCLI(t)
	passed := 0
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			want, err := readGolden(c.Name)
			if err != nil {
				t.Fatalf("no golden output (run go test -run TestCases -update): %v", err)
			}
			got, err := run(bin, c.Args)
			if err != nil {
				t.Fatal(err)
			}
			if want.Stdout != got.Stdout {
				t.Errorf("stdout differs (-helm +chartrender):\n%s", diffLines(want.Stdout, got.Stdout))
			}
			if want.Exit != got.Exit {
				t.Errorf("exit code %d, helm exits %d", got.Exit, want.Exit)
			}
			if normalizeError(want.Log) != normalizeError(got.Log) {
				t.Errorf("stderr differs:\nhelm:        %q\nchartrender: %q", want.Log, got.Log)
			}
			if !t.Failed() {
				passed++
			}
		})
	}
	fmt.Printf("cases: %d passed, %d failed\n", passed, len(cases)-passed)
}

// normalizeError sorts each run of consecutive schema violation lines
// ("- at '/path': ..."): Helm prints a chart's violations in an order that
// changes from run to run.
func normalizeError(s string) string {
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && strings.HasPrefix(lines[j], "- at '") {
			j++
		}
		if j > i {
			slices.Sort(lines[i:j])
			i = j
		} else {
			i++
		}
	}
	return strings.Join(lines, "\n")
}
