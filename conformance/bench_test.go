package conformance

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
)

var ratios = flag.Bool("ratios", false, "TestBenchmarkRatios: run the side-by-side benchmarks and print helm/chartrender ratios")

// benchCharts are the largest charts of the corpus. (The corpus copy of
// kube-prometheus-stack lacks its subcharts, so Helm cannot render it:
// it is measured for loading and values only.)
var benchCharts = []string{"kube-prometheus-stack", "bitnami-airflow", "argo-cd", "kyverno"}

func benchChartPath(b testing.TB, id string) string {
	p := filepath.Join(corpusDir(), "charts", id)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("no corpus chart %s", p)
	}
	return p
}

// The pairs: for each operation, Helm's SDK doing it and chartrender doing it.
type pair struct {
	op         string
	helm, ours func(b *testing.B, path string)
}

var pairs = []pair{
	{"Load", benchHelmLoad, benchOurLoad},
	{"Values", benchHelmValues, benchOurValues},
	{"Render", benchHelmRender, benchOurRender},
	{"RenderNewValues", benchHelmRenderValues, benchOurRenderNewValues},
	{"RenderCold", benchHelmRender, benchOurRenderCold},
}

// Load: read a chart folder with all its subcharts.
func benchHelmLoad(b *testing.B, path string) {
	for b.Loop() {
		if _, err := loader.Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

func benchOurLoad(b *testing.B, path string) {
	for b.Loop() {
		if _, err := chart.Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

// Values: enable/alias dependencies and coalesce the chart's values with
// (empty) user values. Helm's ProcessDependencies modifies the chart, so
// it gets a fresh load each round, outside the timer.
func benchHelmValues(b *testing.B, path string) {
	for b.Loop() {
		b.StopTimer()
		c, err := loader.Load(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		ch := c.(*helmchart.Chart)
		if err := chartutil.ProcessDependencies(ch, map[string]any{}); err != nil {
			b.Fatal(err)
		}
		if _, err := util.CoalesceValues(ch, map[string]any{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchOurValues(b *testing.B, path string) {
	c, err := chart.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		p, err := chart.ProcessDependencies(c, map[string]any{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := values.Coalesce(p, map[string]any{}); err != nil {
			b.Fatal(err)
		}
	}
}

// Render: everything `helm template` does after loading the chart
// (dependencies, values, schema, templates, sorting), in deterministic mode.
// Helm gets a freshly loaded chart each round, outside the timer, because it
// modifies the chart it renders.
func benchHelmRender(b *testing.B, path string) {
	benchHelmRenderWith(b, path, func() map[string]any { return map[string]any{} })
}

// benchValues are the user values of RenderNewValues: a key no chart
// reads, whose value changes from one render to the next, so that a
// Renderer cannot reuse the coalesced values of its previous render.
func benchValues() func() map[string]any {
	round := 0
	return func() map[string]any {
		round++
		return map[string]any{"chartrenderBenchRound": round}
	}
}

func benchHelmRenderValues(b *testing.B, path string) { benchHelmRenderWith(b, path, benchValues()) }

func benchHelmRenderWith(b *testing.B, path string, vals func() map[string]any) {
	kv, err := common.ParseKubeVersion("v1.37.0")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		c, err := loader.Load(path)
		if err != nil {
			b.Fatal(err)
		}
		cfg := action.NewConfiguration()
		cfg.CustomTemplateFuncs = deterministicFuncs()
		inst := action.NewInstall(cfg)
		inst.DryRunStrategy = action.DryRunClient
		inst.ReleaseName, inst.Namespace, inst.Replace, inst.KubeVersion = "release-name", "default", true, kv
		b.StartTimer()
		if _, err := inst.RunWithContext(context.Background(), c, vals()); err != nil {
			b.Fatal(err)
		}
	}
}

var renderOpts = chartrender.Options{ReleaseName: "release-name", Namespace: "default", Deterministic: true}

// benchOurRender renders many times with one Renderer: parse once, render many.
func benchOurRender(b *testing.B, path string) {
	c, err := chart.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	r := chartrender.NewRenderer(c)
	// The first render parses; it is RenderCold's cost, not this one's
	// (with few iterations on a busy machine it would dominate the mean).
	if _, err := r.Render(context.Background(), renderOpts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Render(context.Background(), renderOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// benchOurRenderNewValues is benchOurRender with user values that differ
// from one render to the next: a Renderer reused, whose coalesced values
// cannot be (Render keeps them while the user values stay the same).
func benchOurRenderNewValues(b *testing.B, path string) {
	c, err := chart.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	r := chartrender.NewRenderer(c)
	next := benchValues()
	opts := renderOpts
	opts.UserValues = next()
	if _, err := r.Render(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		opts.UserValues = next()
		if _, err := r.Render(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// benchOurRenderCold renders with a new Renderer each round: the cost of a
// one-off render, parsing included.
func benchOurRenderCold(b *testing.B, path string) {
	c, err := chart.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := chartrender.Render(context.Background(), c, renderOpts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSideBySide(b *testing.B) {
	for _, id := range benchCharts {
		path := benchChartPath(b, id)
		_, helmErr := helmTemplate(context.Background(), path, nil)
		for _, p := range pairs {
			if helmErr != nil && strings.HasPrefix(p.op, "Render") {
				continue // helm itself cannot render this chart (see TestBenchmarkRatios)
			}
			b.Run(p.op+"/"+id+"/helm", func(b *testing.B) { b.ReportAllocs(); p.helm(b, path) })
			b.Run(p.op+"/"+id+"/chartrender", func(b *testing.B) { b.ReportAllocs(); p.ours(b, path) })
		}
	}
}

var ratioRounds = flag.Int("ratio-rounds", 3, "TestBenchmarkRatios: rounds of each pair (medians are reported)")

// TestBenchmarkRatios runs each pair in the same process, the two sides
// alternating for -ratio-rounds rounds, and prints the median time per
// operation of each, how many times faster chartrender is (helm's median
// divided by chartrender's) and the bytes each allocates per operation.
// Run with -ratios.
func TestBenchmarkRatios(t *testing.T) {
	if !*ratios {
		t.Skip("run with -ratios")
	}
	fmt.Printf("| operation | chart | helm | chartrender | helm/chartrender | helm allocated/op | chartrender allocated/op |\n|---|---|---|---|---|---|---|\n")
	for _, id := range benchCharts {
		path := benchChartPath(t, id)
		_, helmErr := helmTemplate(context.Background(), path, nil)
		for _, p := range pairs {
			if helmErr != nil && strings.HasPrefix(p.op, "Render") {
				fmt.Printf("| %s | %s | fails: %s | | | | |\n", p.op, id, firstLine(helmErr.Error()))
				continue
			}
			var hs, cs []testing.BenchmarkResult
			for range max(*ratioRounds, 1) {
				hs = append(hs, testing.Benchmark(func(b *testing.B) { p.helm(b, path) }))
				cs = append(cs, testing.Benchmark(func(b *testing.B) { p.ours(b, path) }))
			}
			h, o := medianResult(hs), medianResult(cs)
			if h.N == 0 || o.N == 0 {
				t.Errorf("%s/%s: a benchmark failed", p.op, id)
				continue
			}
			fmt.Printf("| %s | %s | %.2f ms | %.2f ms | %.1fx | %.1f MB | %.1f MB |\n", p.op, id,
				float64(h.NsPerOp())/1e6, float64(o.NsPerOp())/1e6, float64(h.NsPerOp())/float64(o.NsPerOp()),
				float64(h.AllocedBytesPerOp())/1e6, float64(o.AllocedBytesPerOp())/1e6)
		}
	}
}

// medianResult is the result with the median time per operation (a failed
// run, N == 0, counts as the slowest).
func medianResult(rs []testing.BenchmarkResult) testing.BenchmarkResult {
	key := func(r testing.BenchmarkResult) int64 {
		if r.N == 0 {
			return math.MaxInt64
		}
		return r.NsPerOp()
	}
	slices.SortFunc(rs, func(a, b testing.BenchmarkResult) int { return cmp.Compare(key(a), key(b)) })
	return rs[len(rs)/2]
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 80 {
		line = line[:80] + "…"
	}
	return line
}
