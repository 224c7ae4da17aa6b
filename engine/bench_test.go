package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
)

// corpusDir is the shared chart corpus, next to the module root.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		tb.Skip("corpus not available")
	}
	return dir
}

// corpusCharts returns the corpus folder and the names of its charts; it
// skips tb when there are none.
func corpusCharts(tb testing.TB) (dir string, ids []string) {
	tb.Helper()
	dir = corpusDir(tb)
	ents, err := os.ReadDir(filepath.Join(dir, "charts"))
	if err != nil {
		tb.Skip(err)
	}
	for _, e := range ents {
		if e.IsDir() {
			ids = append(ids, e.Name())
		}
	}
	return dir, ids
}

// corpusUser returns the user values the corpus in dir gives chart id (its
// values/<id>/default.yaml), or nil when it gives none.
// loadCorpusChart loads the corpus chart id with its default user values
// (see loadTop), skipping tb when the chart is not in the corpus.
func loadCorpusChart(tb testing.TB, id string) (*chart.Chart, map[string]any) {
	tb.Helper()
	dir := filepath.Join(corpusDir(tb), "charts", id)
	if _, err := os.Stat(dir); err != nil {
		tb.Skip("chart not in corpus")
	}
	return loadTop(tb, dir, corpusUser(corpusDir(tb), id))
}

func corpusUser(dir, id string) map[string]any {
	u, err := values.ReadFile(filepath.Join(dir, "values", id, "default.yaml"))
	if err != nil {
		return nil
	}
	return u
}

func BenchmarkRender(b *testing.B) {
	b.Run("synthetic-50", func(b *testing.B) {
		c := manyTemplates(50)
		benchRender(b, c, topFor(b, c))
	})
	for _, id := range []string{"bitnami-nginx", "ingress-nginx", "argo-cd", "prometheus"} {
		b.Run(id, func(b *testing.B) {
			c, top := loadCorpusChart(b, id)
			benchRender(b, c, top)
		})
	}
}

func benchRender(b *testing.B, c *chart.Chart, top map[string]any) {
	for _, par := range []int{1, 0} {
		b.Run(fmt.Sprintf("par=%d", par), func(b *testing.B) {
			e := New(Options{Parallelism: par, Deterministic: true})
			if _, err := e.Render(context.Background(), c, top); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Render(context.Background(), c, top); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTpl measures one tpl call (the loop runs 100 per render).
func BenchmarkTpl(b *testing.B) {
	for name, text := range map[string]string{
		"plain":   "{{ .Values.name }}-{{ .Release.Name }}",
		"defines": `{{ define "x" }}{{ .Values.name }}{{ end }}{{ include "x" . }}`,
	} {
		b.Run(name, func(b *testing.B) {
			tpls := map[string]string{"templates/x.yaml": `{{ range until 100 }}{{ tpl $.Values.t $ }}{{ end }}`}
			for i := range 30 {
				tpls[fmt.Sprintf("templates/_h%d.tpl", i)] = fmt.Sprintf(`{{ define "h%d" }}%s{{ end }}`, i, strings.Repeat("x", 200))
			}
			c := memChart("c", tpls, "name: n\nt: '"+strings.ReplaceAll(text, "'", "''")+"'\n")
			top := topFor(b, c)
			e := New(Options{Parallelism: 1})
			if _, err := e.Render(context.Background(), c, top); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := e.Render(context.Background(), c, top); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100, "ns/tpl")
		})
	}
}
