package engine

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine/internal/fastparse"
)

// corpusTemplates returns every template file of the shared corpus: the
// files under templates/ of each chart and vendored subchart folder, and
// those of the packaged charts and subcharts. It skips the test when the
// corpus is absent.
func corpusTemplates(t *testing.T) map[string]string {
	root := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("no corpus at %s", root)
	}
	out := map[string]string{}
	var addChart func(prefix string, c *chart.Chart)
	addChart = func(prefix string, c *chart.Chart) {
		for _, f := range c.Templates {
			out[prefix+"/"+c.Name()+"/"+f.Name] = string(f.Data)
		}
		for _, d := range c.Dependencies() {
			addChart(prefix+"/"+c.Name()+"/charts", d)
		}
	}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".tgz"):
			c, err := chart.Load(path)
			if err != nil {
				t.Logf("%s: %v", path, err)
				return nil
			}
			addChart(path, c)
		case strings.Contains(filepath.ToSlash(path), "/templates/"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out[path] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFastParseCorpus parses every template file of the corpus with the
// engine's parser and with text/template's: whenever the fast path
// answers, its trees must be text/template's, field by field; and it must
// answer for nearly every file that parses.
func TestFastParseCorpus(t *testing.T) {
	e := New(Options{})
	files := corpusTemplates(t)
	var fast, invalid int
	var unsure []string
	for name, src := range files {
		want, err := parse.Parse(name, src, "", "", e.parseFuncs, builtinNames)
		got, ok := fastparse.Parse(name, src, e.parseFuncs, builtinNames)
		switch {
		case ok && err != nil:
			t.Errorf("%s: fast path answered, text/template fails: %v", name, err)
		case ok:
			fast++
			if d := fastparse.Diff(got, want); d != "" {
				t.Errorf("%s: %s", name, d)
			}
		case err != nil:
			invalid++
		default:
			unsure = append(unsure, name)
		}
	}
	t.Logf("%d template files: %d on the fast path, %d left to text/template though valid %v, %d invalid",
		len(files), fast, len(unsure), unsure, invalid)
	if len(files) < 1000 {
		t.Errorf("only %d corpus template files", len(files))
	}
	if valid := len(files) - invalid; fast*1000 < valid*995 {
		t.Errorf("fast path for %d of %d valid files, want >= 99.5%%", fast, valid)
	}
}

// BenchmarkParseTemplates parses every template of each bench chart (with
// its subcharts) once per iteration, as the engine does (its own parser
// for all but the shortest texts) and with text/template's parser alone.
func BenchmarkParseTemplates(b *testing.B) {
	e := New(Options{})
	for _, id := range []string{"kube-prometheus-stack", "bitnami-airflow", "argo-cd", "kyverno"} {
		c, err := chart.Load(filepath.Join("..", "..", "shared", "corpus", "charts", id))
		if err != nil {
			b.Logf("no corpus chart %s: %v", id, err)
			continue
		}
		var names, srcs []string
		var walk func(c *chart.Chart)
		walk = func(c *chart.Chart) {
			for _, f := range c.Templates {
				names, srcs = append(names, f.Name), append(srcs, string(f.Data))
			}
			for _, d := range c.Dependencies() {
				walk(d)
			}
		}
		walk(c)
		b.Run(id+"/engine", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i, src := range srcs {
					if _, err := e.parseTrees(names[i], src); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(id+"/text-template", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i, src := range srcs {
					if _, err := parse.Parse(names[i], src, "", "", e.parseFuncs, builtinNames); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
