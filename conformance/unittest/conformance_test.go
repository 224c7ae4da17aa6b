package unittest

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/chartrender/chartrender/unittest"
)

// corpusCharts are the corpus charts that ship helm-unittest suites.
var corpusCharts = []string{"grafana-loki", "ingress-nginx", "kube-prometheus-stack", "flux2", "prometheus", "cert-manager", "grafana"}

// suitePatterns find the suites where these charts keep them.
var suitePatterns = []string{"tests/**/*_test.yaml", "unittests/**/*_test.yaml"}

func corpusDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "charts")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no corpus at %s", dir)
	}
	return dir
}

// oracle returns the helm-unittest v1.1.2 binary.
func oracle(t *testing.T) string {
	if p := os.Getenv("HELM_UNITTEST_ORACLE"); p != "" {
		return p
	}
	script := filepath.Join("..", "..", "..", "shared", "tools", "install-helm-unittest")
	out, err := exec.Command("bash", script).Output()
	if err != nil {
		t.Skipf("no helm-unittest oracle (%v); set HELM_UNITTEST_ORACLE", err)
	}
	return strings.TrimSpace(string(out))
}

// copyDir copies a chart into a fresh folder; the corpus stays untouched.
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// verdict is one test's outcome: pass, fail or skip (errors are failures).
type verdict struct {
	suite, test string
	n           int // occurrence of the same (suite, test) pair
	result      string
}

type junitSuites struct {
	Suites []struct {
		Name  string `xml:"name,attr"`
		Cases []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
			Error   *struct{} `xml:"error"`
			Skipped *struct{} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func key(suite, test string, seen map[[2]string]int) verdict {
	k := [2]string{suite, test}
	seen[k]++
	return verdict{suite: suite, test: test, n: seen[k]}
}

// runOracle runs helm-unittest on a chart and returns its verdicts.
func runOracle(t *testing.T, bin, chartDir string) ([]verdict, timing) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "junit.xml")
	args := []string{"-t", "JUnit", "-o", report}
	for _, p := range suitePatterns {
		args = append(args, "-f", p)
	}
	args = append(args, chartDir)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HELM_PLUGIN_DIR="+t.TempDir())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	elapsed := timing{wall: time.Since(start)}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("helm-unittest: %v", err)
	}
	if ps := cmd.ProcessState; ps != nil {
		elapsed.cpu = ps.UserTime() + ps.SystemTime()
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("helm-unittest wrote no report: %v\n%s", err, out.String())
	}
	var js junitSuites
	if err := xml.Unmarshal(data, &js); err != nil {
		t.Fatal(err)
	}
	seen := map[[2]string]int{}
	var vs []verdict
	for _, s := range js.Suites {
		for _, c := range s.Cases {
			v := key(s.Name, c.Name, seen)
			switch {
			case c.Skipped != nil:
				v.result = "skip"
			case c.Failure != nil || c.Error != nil:
				v.result = "fail"
			default:
				v.result = "pass"
			}
			vs = append(vs, v)
		}
	}
	return vs, elapsed
}

// runOurs runs package unittest on a chart and returns its verdicts.
func runOurs(t *testing.T, chartDir string) ([]verdict, timing) {
	t.Helper()
	r := &unittest.Runner{TestFiles: suitePatterns}
	defer debug.SetGCPercent(debug.SetGCPercent(unittest.GCPercent)) // as `chartrender unittest` runs
	cpu0 := processCPU()
	start := time.Now()
	rep, err := r.Run(context.Background(), chartDir)
	elapsed := timing{wall: time.Since(start), cpu: processCPU() - cpu0}
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[2]string]int{}
	var vs []verdict
	for _, c := range rep.Charts {
		for _, s := range c.Suites {
			if s.Err != nil {
				continue
			}
			for _, tr := range s.Tests {
				v := key(s.Name, tr.Name, seen)
				switch {
				case tr.Skipped:
					v.result = "skip"
				case tr.Passed:
					v.result = "pass"
				default:
					v.result = "fail"
				}
				vs = append(vs, v)
			}
		}
	}
	return vs, elapsed
}

// compare returns how many of the oracle's verdicts ours matches, and the
// differences.
func compare(want, got []verdict) (int, []string) {
	idx := map[verdict]string{}
	for _, v := range got {
		r := v.result
		v.result = ""
		idx[v] = r
	}
	agree := 0
	var diffs []string
	for _, v := range want {
		r := v.result
		v.result = ""
		g, ok := idx[v]
		delete(idx, v)
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s / %s: missing in ours (helm-unittest: %s)", v.suite, v.test, r))
		case g != r:
			diffs = append(diffs, fmt.Sprintf("%s / %s: helm-unittest %s, chartrender %s", v.suite, v.test, r, g))
		default:
			agree++
		}
	}
	for v := range idx {
		diffs = append(diffs, fmt.Sprintf("%s / %s: only in ours", v.suite, v.test))
	}
	sort.Strings(diffs)
	return agree, diffs
}

// flipSuites toggles `not` on every assertion of every suite file under
// dir, and removes the snapshot folders so that both runners write their
// own.
func flipSuites(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "__snapshot__" {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, "_test.yaml") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		flipped, err := flip(data)
		if err != nil {
			return nil // not a suite we can rewrite; both runners read it as is
		}
		return os.WriteFile(p, flipped, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func flip(data []byte) ([]byte, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	for {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			if err.Error() == "EOF" {
				break
			}
			return nil, err
		}
		if len(doc.Content) > 0 {
			for _, test := range mapValue(doc.Content[0], "tests") {
				for _, a := range mapValue(test, "asserts") {
					toggleNot(a)
				}
			}
		}
		if err := enc.Encode(&doc); err != nil {
			return nil, err
		}
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// mapValue returns the items of the sequence under key in a mapping.
func mapValue(m *yaml.Node, key string) []*yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.SequenceNode {
			return m.Content[i+1].Content
		}
	}
	return nil
}

func toggleNot(a *yaml.Node) {
	if a.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(a.Content); i += 2 {
		if a.Content[i].Value == "not" {
			v := a.Content[i+1]
			if v.Value == "true" {
				v.Value = "false"
			} else {
				v.Value = "true"
			}
			v.Tag, v.Style = "!!bool", 0
			return
		}
	}
	a.Content = append(a.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "not"},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
}

// snapshotFiles returns the snapshot files under dir, by path relative to it.
func snapshotFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".snap") {
			data, rerr := os.ReadFile(p)
			if rerr == nil {
				rel, _ := filepath.Rel(dir, p)
				files[rel] = data
			}
		}
		return nil
	})
	return files
}

type chartCount struct {
	chart                        string
	shipped, shippedTotal        int
	shippedFail, flippedFail     int // failing tests according to helm-unittest
	flipped, flippedTotal        int
	snapsSame, snapsTotal        int
	oracleTime, oursTime         timing
	oracleFlipTime, oursFlipTime timing
}

// TestVerdicts compares every test's verdict, as shipped and flipped, and
// the snapshot files both write, on every corpus chart with suites.
func TestVerdicts(t *testing.T) {
	corpus := corpusDir(t)
	bin := oracle(t)
	var counts []chartCount
	for _, name := range corpusCharts {
		src := filepath.Join(corpus, name)
		if _, err := os.Stat(src); err != nil {
			t.Logf("%s: not in the corpus", name)
			continue
		}
		c := chartCount{chart: name}
		t.Run(name, func(t *testing.T) {
			for _, flipped := range []bool{false, true} {
				base := t.TempDir()
				mine, theirs := filepath.Join(base, "ours", name), filepath.Join(base, "oracle", name)
				copyDir(t, src, mine)
				copyDir(t, src, theirs)
				if flipped {
					flipSuites(t, mine)
					flipSuites(t, theirs)
				}
				want, ot := runOracle(t, bin, theirs)
				got, mt := runOurs(t, mine)
				agree, diffs := compare(want, got)
				for _, d := range diffs {
					t.Errorf("flipped=%v: %s", flipped, d)
				}
				fails := 0
				for _, v := range want {
					if v.result == "fail" {
						fails++
					}
				}
				if !flipped {
					c.shippedFail = fails
					c.shipped, c.shippedTotal, c.oracleTime, c.oursTime = agree, len(want), ot, mt
					continue
				}
				c.flippedFail = fails
				c.flipped, c.flippedTotal, c.oracleFlipTime, c.oursFlipTime = agree, len(want), ot, mt
				theirSnaps, mySnaps := snapshotFiles(t, theirs), snapshotFiles(t, mine)
				for p, data := range theirSnaps {
					c.snapsTotal++
					if bytes.Equal(data, mySnaps[p]) {
						c.snapsSame++
					} else if mySnaps[p] == nil {
						t.Errorf("snapshot %s: not written by chartrender", p)
					} else {
						t.Errorf("snapshot %s differs:\n--- helm-unittest\n%s\n--- chartrender\n%s", p, data, mySnaps[p])
					}
				}
				for p := range mySnaps {
					if theirSnaps[p] == nil {
						t.Errorf("snapshot %s: written by chartrender only", p)
					}
				}
			}
		})
		if c.shippedTotal+c.flippedTotal > 0 {
			counts = append(counts, c)
		}
	}
	var tot chartCount
	t.Logf("verdicts agreeing with helm-unittest v1.1.2 (tests failing in helm-unittest in brackets), identical snapshot files,")
	t.Logf("and time of both runs (shipped + flipped): wall clock and CPU, helm-unittest's process vs chartrender's runner")
	t.Logf("%-22s %19s %19s %11s %9s %9s %7s %9s %9s %7s", "chart", "shipped", "flipped", "snapshots",
		"wall h-ut", "ours", "ratio", "cpu h-ut", "ours", "ratio")
	line := func(name string, c chartCount, o, m timing) {
		t.Logf("%-22s %4d of %-4d [%3d] %4d of %-4d [%3d] %4d of %-4d %8.1fs %8.2fs %6.1fx %8.1fs %8.2fs %6.1fx", name,
			c.shipped, c.shippedTotal, c.shippedFail, c.flipped, c.flippedTotal, c.flippedFail, c.snapsSame, c.snapsTotal,
			o.wall.Seconds(), m.wall.Seconds(), ratio(o.wall, m.wall), o.cpu.Seconds(), m.cpu.Seconds(), ratio(o.cpu, m.cpu))
	}
	for _, c := range counts {
		o, m := c.oracleTime.add(c.oracleFlipTime), c.oursTime.add(c.oursFlipTime)
		line(c.chart, c, o, m)
		tot.shippedFail += c.shippedFail
		tot.flippedFail += c.flippedFail
		tot.shipped += c.shipped
		tot.shippedTotal += c.shippedTotal
		tot.flipped += c.flipped
		tot.flippedTotal += c.flippedTotal
		tot.snapsSame += c.snapsSame
		tot.snapsTotal += c.snapsTotal
		tot.oracleTime = tot.oracleTime.add(o)
		tot.oursTime = tot.oursTime.add(m)
	}
	line("total", tot, tot.oracleTime, tot.oursTime)
}

// timing is the wall-clock and CPU time of one run.
type timing struct{ wall, cpu time.Duration }

func (a timing) add(b timing) timing { return timing{a.wall + b.wall, a.cpu + b.cpu} }

// processCPU is the CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}
