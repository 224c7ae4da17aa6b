package conformance

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

var (
	cliRuns     = flag.Int("cli-runs", 7, "TestCLIRatios: runs of each command (the median is reported)")
	cliBaseline = flag.String("cli-baseline", "", "TestCLIRatios: an earlier chartrender binary to compare as well (before/after)")
)

// procStat is one run of a command: its wall time and the peak resident
// set size the kernel reports for it (getrusage's ru_maxrss).
type procStat struct {
	wall   time.Duration
	cpu    time.Duration // user and system time
	maxRSS int64         // bytes
}

// launcherSrc is a small program that runs a command with its output
// discarded and prints the command's wall time and peak RSS. The commands
// are started from it rather than from the test process because Linux
// counts, in a child's ru_maxrss, the resident memory of the process that
// started it (the child shares its memory until it execs): started from the
// test, every command would report the test's own size.
const launcherSrc = `package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Println(wall.Nanoseconds(), ru.Maxrss, cpu.Nanoseconds())
}
`

// buildGo builds a one-file Go program.
func buildGo(t *testing.T, name, src string) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+name+"\n\ngo 1.22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", name, err, out)
	}
	return bin
}

// runProc runs bin with args through the launcher and measures it.
func runProc(launcher, bin string, args []string) (procStat, error) {
	cmd := exec.Command(launcher, append([]string{bin}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "HELM_NAMESPACE=", "NO_COLOR=1")
	if err := cmd.Run(); err != nil {
		return procStat{}, fmt.Errorf("%s %v: %v\n%s", filepath.Base(bin), args, err, stderr.Bytes())
	}
	var ns, kib, cpu int64
	if _, err := fmt.Sscan(stdout.String(), &ns, &kib, &cpu); err != nil {
		return procStat{}, fmt.Errorf("launcher output %q: %v", stdout.String(), err)
	}
	return procStat{wall: time.Duration(ns), cpu: time.Duration(cpu), maxRSS: kib * 1024}, nil // Linux reports KiB
}

// medianStat is the median wall time, CPU time and peak RSS of runs, each
// taken on its own.
func medianStat(runs []procStat) procStat {
	walls := make([]time.Duration, len(runs))
	cpus := make([]time.Duration, len(runs))
	rss := make([]int64, len(runs))
	for i, r := range runs {
		walls[i], cpus[i], rss[i] = r.wall, r.cpu, r.maxRSS
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rss)
	return procStat{wall: walls[len(walls)/2], cpu: cpus[len(cpus)/2], maxRSS: rss[len(rss)/2]}
}

// cliBuildFlags are the flags of the README's build command for the CLI:
// no DWARF debug information (the symbol table stays, so stack traces keep
// their function names). cliBuildEnv is its environment: without cgo, so
// that the binary is static, as Helm's release binaries are (net, linked
// through sprig and jsonschema, would otherwise make it load libc through
// the dynamic linker at every start, about 3 ms).
const (
	cliBuildFlags = "-ldflags=-w"
	cliBuildEnv   = "CGO_ENABLED=0"
)

// maxCLIBytes is the size the CLI binary, built as the README says, must
// not exceed (issue 11: 13 MB with everything in it).
const maxCLIBytes = 13_000_000

// buildReleaseCLI builds the CLI with the README's build command.
func buildReleaseCLI(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "chartrender")
	cmd := exec.Command("go", "build", cliBuildFlags, "-o", bin, "github.com/chartrender/chartrender/examples/chartrender")
	cmd.Env = append(os.Environ(), cliBuildEnv)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the CLI: %v\n%s", err, out)
	}
	return bin
}

const helloWorldSrc = "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hello\\n\") }\n"

// TestCLIRatios runs the helm v4.3.1 binary and the chartrender CLI with
// the same arguments, one after the other, several times, and prints the
// median wall time of each, helm ÷ chartrender in wall time and in CPU time
// (user and system, less sensitive to a busy machine), and the median peak
// RSS of each. Run with -ratios.
func TestCLIRatios(t *testing.T) {
	if !*ratios {
		t.Skip("run with -ratios")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS is read as Linux reports it")
	}
	helm := oracleBinary(t)
	if _, err := os.Stat(helm); err != nil {
		t.Skipf("no helm binary: %v", err)
	}
	ours := buildReleaseCLI(t)
	launcher := buildGo(t, "launcher", launcherSrc)
	st, err := os.Stat(ours)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("chartrender CLI binary (%s go build %s): %.1f MB\n\n", cliBuildEnv, cliBuildFlags, float64(st.Size())/1e6)
	if st.Size() > maxCLIBytes {
		t.Errorf("the CLI binary is %d bytes, more than the %d the project allows", st.Size(), maxCLIBytes)
	}
	type cmdCase struct {
		name string
		args []string
	}
	cases := []cmdCase{
		{"--help", []string{"--help"}},
		{"hello", []string{"template", "hello", filepath.Join("..", "examples", "charts", "hello")}},
	}
	for _, id := range benchCharts {
		p := filepath.Join(corpusDir(), "charts", id)
		if _, err := os.Stat(p); err == nil {
			cases = append(cases, cmdCase{id, []string{"template", "release-name", p}})
		}
	}
	fmt.Printf("| command | chart | helm | chartrender | helm/chartrender | CPU helm/chartrender | helm peak RSS | chartrender peak RSS | RSS chartrender/helm |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|\n")
	floor := ""
	{
		hw := buildGo(t, "hello", helloWorldSrc)
		runs := make([]procStat, *cliRuns)
		for i := range runs {
			st, err := runProc(launcher, hw, nil)
			if err != nil {
				t.Fatal(err)
			}
			runs[i] = st
		}
		m := medianStat(runs)
		floor = fmt.Sprintf("a Go hello-world process: %.1f ms (CPU %.1f ms), peak RSS %.1f MB", ms(m.wall), ms(m.cpu), mb(m.maxRSS))
	}
	for _, c := range cases {
		bins := []string{helm, ours}
		if *cliBaseline != "" {
			bins = append(bins, *cliBaseline)
		}
		runs := make([][]procStat, len(bins))
		failed := false
		for i := -1; i < *cliRuns && !failed; i++ { // run -1 warms the page cache
			for b, bin := range bins {
				st, err := runProc(launcher, bin, c.args)
				if err != nil {
					if b == 0 {
						fmt.Printf("| %s | %s | fails: %s | | | | | | |\n", c.args[0], c.name, firstLine(err.Error()))
						failed = true
						break
					}
					t.Fatal(err)
				}
				if i >= 0 {
					runs[b] = append(runs[b], st)
				}
			}
		}
		if failed {
			continue
		}
		row := func(label string, h, o procStat) {
			fmt.Printf("| %s | %s | %.1f ms | %.1f ms | %.1fx | %.1fx | %.1f MB | %.1f MB | %.2f |\n", label, c.name,
				ms(h.wall), ms(o.wall), float64(h.wall)/float64(o.wall), float64(h.cpu)/float64(o.cpu),
				mb(h.maxRSS), mb(o.maxRSS), float64(o.maxRSS)/float64(h.maxRSS))
		}
		h := medianStat(runs[0])
		row(c.args[0], h, medianStat(runs[1]))
		if len(bins) > 2 {
			row(c.args[0]+" (baseline)", h, medianStat(runs[2]))
		}
	}
	if floor != "" {
		fmt.Printf("\nFor comparison, %s.\n", floor)
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
func mb(n int64) float64         { return float64(n) / 1e6 }
