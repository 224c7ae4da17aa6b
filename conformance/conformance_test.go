package conformance

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chartrender/chartrender"
)

var (
	updateFloor = flag.Bool("update-floor", false, "raise floor.txt to the number of corpus cases that pass now")
	reportPath  = flag.String("report", "report.md", "where to write the markdown report of failing cases")
	only        = flag.String("case", "", "run only corpus cases whose name contains this text")
)

// corpusCase is one `helm template release-name CHART [-f FILE]` run.
type corpusCase struct {
	Name       string // <chart id>[.tgz]/<values case>
	Chart      string
	ValueFiles []string
}

// corpusDir finds the shared corpus: $CHARTRENDER_CORPUS, or ../shared/corpus
// beside the repository.
func corpusDir() string {
	if d := os.Getenv("CHARTRENDER_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "corpus")
}

// corpusCases lists every case: each chart (folder, and archive where one
// exists) once per file in values/<id>/; default.yaml is empty and stands for
// the chart's own defaults.
func corpusCases(dir string) ([]corpusCase, error) {
	ids, err := os.ReadDir(filepath.Join(dir, "values"))
	if err != nil {
		return nil, err
	}
	var cases []corpusCase
	for _, id := range ids {
		if !id.IsDir() {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, "values", id.Name(), "*.yaml"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, form := range []string{id.Name(), id.Name() + ".tgz"} {
			chartPath := filepath.Join(dir, "charts", form)
			if _, err := os.Stat(chartPath); err != nil {
				continue
			}
			for _, f := range files {
				c := corpusCase{Name: form + "/" + strings.TrimSuffix(filepath.Base(f), ".yaml"), Chart: chartPath}
				if filepath.Base(f) != "default.yaml" {
					c.ValueFiles = []string{f}
				}
				cases = append(cases, c)
			}
		}
	}
	return cases, nil
}

// outcome is how one case went.
type outcome struct {
	Name      string
	Pass      bool
	SameError bool   // both failed with the same text
	Detail    string // for the report
	HelmTime  time.Duration
	OurTime   time.Duration
}

func oursTemplate(ctx context.Context, chartPath string, valueFiles []string) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chartrender panicked: %v", r)
		}
	}()
	res, err := chartrender.RenderPath(ctx, chartPath, chartrender.Options{
		ReleaseName:   "release-name",
		Namespace:     "default",
		ValueFiles:    valueFiles,
		Deterministic: true,
	})
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if _, err := res.WriteTo(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}

const debugHint = "\n\nUse --debug flag to render out invalid YAML"

func runCase(c corpusCase) outcome {
	o := outcome{Name: c.Name}
	start := time.Now()
	want, werr := helmTemplate(context.Background(), c.Chart, c.ValueFiles)
	o.HelmTime = time.Since(start)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start = time.Now()
	got, gerr := oursTemplate(ctx, c.Chart, c.ValueFiles)
	o.OurTime = time.Since(start)
	switch {
	case werr != nil && gerr != nil:
		o.Pass = true
		hw := normalizeError(strings.TrimSuffix(werr.Error(), debugHint))
		hg := normalizeError(strings.TrimSuffix(gerr.Error(), debugHint))
		o.SameError = hw == hg
		if !o.SameError {
			o.Detail = fmt.Sprintf("both fail; messages differ:\n\nhelm:\n```\n%s\n```\nchartrender:\n```\n%s\n```\n", clip(hw), clip(hg))
		}
	case werr != nil:
		o.Detail = fmt.Sprintf("helm fails, chartrender succeeds. helm:\n```\n%s\n```\n", clip(werr.Error()))
	case gerr != nil:
		o.Detail = fmt.Sprintf("chartrender fails, helm succeeds. chartrender:\n```\n%s\n```\n", clip(gerr.Error()))
	case want == got:
		o.Pass = true
	default:
		o.Detail = "output differs (-helm +chartrender):\n```diff\n" + diffLines(want, got) + "\n```\n"
	}
	return o
}

func clip(s string) string {
	const max = 6000
	if len(s) > max {
		return s[:max] + "\n… (cut)"
	}
	return s
}

// TestCorpus is the scoreboard: every corpus case rendered by helm v4.3.1's
// SDK and by chartrender, compared byte for byte.
func TestCorpus(t *testing.T) {
	dir := corpusDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no corpus at %s: skipping the shared corpus", dir)
	}
	cases, err := corpusCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if *only != "" {
		var keep []corpusCase
		for _, c := range cases {
			if strings.Contains(c.Name, *only) {
				keep = append(keep, c)
			}
		}
		cases = keep
	}
	results := make([]outcome, len(cases))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				results[i] = runCase(cases[i])
			}
		})
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()

	passed, sameErr, bothErr := 0, 0, 0
	var helmTotal, ourTotal time.Duration
	var report strings.Builder
	for _, r := range results {
		status := "FAIL"
		if r.Pass {
			status = "PASS"
			passed++
			if r.Detail != "" || r.SameError {
				bothErr++
			}
			if r.SameError {
				sameErr++
			}
		}
		helmTotal += r.HelmTime
		ourTotal += r.OurTime
		fmt.Printf("%s %s (helm %v, chartrender %v)\n", status, r.Name, r.HelmTime.Round(time.Millisecond), r.OurTime.Round(time.Millisecond))
		if r.Detail != "" {
			fmt.Fprintf(&report, "## %s %s\n\n%s\n", status, r.Name, r.Detail)
		}
	}
	header := fmt.Sprintf("# Conformance report\n\n%d passed, %d failed of %d corpus cases (%d where both fail, %d of them with the same message).\n\n",
		passed, len(results)-passed, len(results), bothErr, sameErr)
	if err := os.WriteFile(*reportPath, []byte(header+report.String()), 0o644); err != nil {
		t.Errorf("writing report: %v", err)
	}
	fmt.Printf("both failed in %d cases, %d with the same message; wall time helm %v, chartrender %v\n",
		bothErr, sameErr, helmTotal.Round(time.Millisecond), ourTotal.Round(time.Millisecond))
	fmt.Printf("%d passed, %d failed\n", passed, len(results)-passed)

	if *only != "" {
		return
	}
	floor, err := readFloor()
	if err != nil {
		t.Fatal(err)
	}
	if *updateFloor && passed > floor {
		if err := os.WriteFile("floor.txt", []byte(strconv.Itoa(passed)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("floor raised from %d to %d", floor, passed)
		return
	}
	if passed < floor {
		t.Fatalf("%d corpus cases pass, fewer than the floor of %d in floor.txt (see %s)", passed, floor, *reportPath)
	}
}

func readFloor() (int, error) {
	b, err := os.ReadFile("floor.txt")
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}
