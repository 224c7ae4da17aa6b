package chartrender

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// benchCorpusCharts are large charts of the shared corpus; the benchmarks
// skip those that are absent. The side-by-side comparison with Helm lives
// in conformance/; these profile the one-off path on its own.
var benchCorpusCharts = []string{"kube-prometheus-stack", "bitnami-airflow", "argo-cd", "kyverno"}

func benchCorpusChart(b *testing.B, id string) string {
	p := filepath.Join("..", "shared", "corpus", "charts", id)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("no corpus chart %s", p)
	}
	return p
}

var benchOpts = Options{ReleaseName: "release-name", Namespace: "default", Deterministic: true}

// BenchmarkLoad loads a chart folder with its subcharts.
func BenchmarkLoad(b *testing.B) {
	for _, id := range benchCorpusCharts {
		b.Run(id, func(b *testing.B) {
			p := benchCorpusChart(b, id)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := chart.Load(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderCold renders a loaded chart with a new Renderer each time
// and writes the output: the one-off path, template parsing included.
func BenchmarkRenderCold(b *testing.B) {
	for _, id := range benchCorpusCharts {
		b.Run(id, func(b *testing.B) {
			c, err := chart.Load(benchCorpusChart(b, id))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := Render(context.Background(), c, benchOpts); err != nil {
				b.Skipf("%s does not render: %v", id, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, err := Render(context.Background(), c, benchOpts)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := res.WriteTo(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderPath is the whole CLI path in one process: load, render,
// write.
func BenchmarkRenderPath(b *testing.B) {
	for _, id := range benchCorpusCharts {
		b.Run(id, func(b *testing.B) {
			p := benchCorpusChart(b, id)
			if _, err := RenderPath(context.Background(), p, benchOpts); err != nil {
				b.Skipf("%s does not render: %v", id, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				res, err := RenderPath(context.Background(), p, benchOpts)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := res.WriteTo(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRender renders a loaded chart again and again with one
// Renderer: the parse-once path.
func BenchmarkRender(b *testing.B) {
	for _, id := range benchCorpusCharts {
		b.Run(id, func(b *testing.B) {
			c, err := chart.Load(benchCorpusChart(b, id))
			if err != nil {
				b.Fatal(err)
			}
			r := NewRenderer(c)
			if _, err := r.Render(context.Background(), benchOpts); err != nil {
				b.Skipf("%s does not render: %v", id, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Render(context.Background(), benchOpts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
