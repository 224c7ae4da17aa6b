package chartrendertest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
)

var update = flag.Bool("update", false, "rewrite the golden files of chartrendertest")

// An Option changes how a golden test renders or compares.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	cmpOpts       []cmp.Option
	random        bool
	outputDir     bool
	updateFlagSet bool // for tests: update regardless of the flag
	update        bool
	err           error // an invalid option
}

func newConfig(opts []Option) *config {
	c := &config{}
	for _, o := range opts {
		if o != nil {
			o.apply(c)
		}
	}
	return c
}

// Cmp passes go-cmp options to the comparison of each document's decoded
// value (a map[string]any in the JSON data model).
func Cmp(opts ...cmp.Option) Option {
	return optionFunc(func(c *config) { c.cmpOpts = append(c.cmpOpts, opts...) })
}

// Nondeterministic renders with the random and time-dependent template
// functions left as they are, instead of forcing Options.Deterministic.
func Nondeterministic() Option {
	return optionFunc(func(c *config) { c.random = true })
}

// OutputDirLayout makes the golden path a directory laid out as `helm
// template --output-dir` writes it: one file per template, under the
// chart's name, holding that template's documents. -update rewrites the
// YAML files there.
func OutputDirLayout() Option {
	return optionFunc(func(c *config) { c.outputDir = true })
}

// Golden loads the chart at chartPath (a directory or .tgz), renders it
// with opts and compares the output with the golden file, reporting the
// differences with t.Errorf. With -update it writes the golden file
// instead.
func Golden(t testing.TB, chartPath string, opts chartrender.Options, golden string, options ...Option) {
	t.Helper()
	c, err := (&chart.Loader{Helm3: opts.Helm3}).Load(chartPath)
	if err != nil {
		t.Fatalf("chartrendertest: %v", err)
		return
	}
	GoldenRenderer(t, chartrender.NewRenderer(c), opts, golden, options...)
}

// GoldenChart is Golden for a chart already loaded.
func GoldenChart(t testing.TB, c *chart.Chart, opts chartrender.Options, golden string, options ...Option) {
	t.Helper()
	GoldenRenderer(t, chartrender.NewRenderer(c), opts, golden, options...)
}

// GoldenRenderer is Golden with a Renderer, which parses the chart once for
// many cases (and may carry RendererOptions such as WithLookup).
func GoldenRenderer(t testing.TB, r *chartrender.Renderer, opts chartrender.Options, golden string, options ...Option) {
	t.Helper()
	cfg := newConfig(options)
	if cfg.err != nil {
		t.Fatalf("chartrendertest: %v", cfg.err)
		return
	}
	if !cfg.random {
		opts.Deterministic = true
	}
	res, err := r.Render(context.Background(), opts)
	if err != nil {
		t.Fatalf("chartrendertest: rendering for %s: %v", golden, err)
		return
	}
	if msg := cfg.check(res, golden); msg != "" {
		t.Errorf("%s", msg)
	}
}

// check compares res with the golden file or directory (or rewrites it)
// and returns the failure message, or "".
func (cfg *config) check(res *chartrender.Result, golden string) string {
	doUpdate := *update
	if cfg.updateFlagSet {
		doUpdate = cfg.update
	}
	if cfg.outputDir {
		if doUpdate {
			if err := rewriteDir(res, golden); err != nil {
				return "chartrendertest: " + err.Error()
			}
			return ""
		}
		want, err := readDir(golden)
		if err != nil {
			return "chartrendertest: " + err.Error() + ` (run "go test -update" to write it)`
		}
		return report(golden, compare(want, resultDocs(res), cfg.cmpOpts))
	}
	got, err := res.Bytes()
	if err != nil {
		return "chartrendertest: " + err.Error()
	}
	if doUpdate {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			return "chartrendertest: " + err.Error()
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			return "chartrendertest: " + err.Error()
		}
		return ""
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		return "chartrendertest: " + err.Error() + ` (run "go test -update" to write it)`
	}
	if bytes.Equal(want, got) {
		return ""
	}
	return report(golden, compare(splitDocs(string(want)), splitDocs(string(got)), cfg.cmpOpts))
}

// Diff compares two outputs of `helm template` (a golden file and a new
// render, say) document by document, as Golden does, and returns the
// report of the differences, or "" when they match under the options.
// Only Cmp, IgnorePath and IgnoreChartVersion options apply.
func Diff(golden, rendered []byte, options ...Option) string {
	cfg := newConfig(options)
	if cfg.err != nil {
		return "chartrendertest: " + cfg.err.Error()
	}
	return compare(splitDocs(string(golden)), splitDocs(string(rendered)), cfg.cmpOpts).String()
}

func report(golden string, d *diff) string {
	if d.empty() {
		return ""
	}
	return golden + ` differs from the render (-golden +rendered; run "go test -update" to accept the render):` + "\n" + d.String()
}

// rewriteDir replaces the YAML files under dir with the result's files.
func rewriteDir(res *chartrender.Result, dir string) error {
	if err := removeYAML(dir); err != nil {
		return err
	}
	return res.WriteDir(dir, false, nil)
}

// removeYAML deletes the .yaml files under dir (and the directories left
// empty), leaving anything else alone.
func removeYAML(dir string) error {
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".yaml") {
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i > 0; i-- { // deepest first; never dir itself
		os.Remove(dirs[i]) // fails, harmlessly, when not empty
	}
	return nil
}

// readDir reads the documents of every YAML file under dir.
func readDir(dir string) ([]*doc, error) {
	var docs []*doc
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && strings.HasSuffix(p, ".yaml") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			docs = append(docs, splitDocs(string(data))...)
		}
		return nil
	})
	return docs, err
}

// resultDocs are the documents of a result, as WriteDir writes them.
func resultDocs(res *chartrender.Result) []*doc {
	var docs []*doc
	for _, c := range res.CRDs {
		docs = append(docs, contentDocs(c.Source, c.Content)...)
	}
	for _, m := range res.Manifests {
		docs = append(docs, contentDocs(m.Source, m.Content)...)
	}
	for _, h := range res.Hooks {
		docs = append(docs, contentDocs(h.Source, h.Content)...)
	}
	return docs
}
