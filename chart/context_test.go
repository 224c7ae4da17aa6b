package chart_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// countdownCtx is a context whose Err turns to context.Canceled after n
// calls: it stops a long loop in its middle, deterministically.
type countdownCtx struct {
	context.Context
	n atomic.Int64
}

func countdown(n int64) *countdownCtx {
	c := &countdownCtx{Context: context.Background()}
	c.n.Store(n)
	return c
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// bigChartFiles is a chart with n templates, a values.yaml of n keys and
// n/100 subcharts.
func bigChartFiles(n int) map[string]string {
	files := map[string]string{"Chart.yaml": "apiVersion: v2\nname: big\nversion: 0.1.0\n"}
	var vals strings.Builder
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("templates/t%d.yaml", i)] = "a: 1\n"
		fmt.Fprintf(&vals, "k%d: {a: 1}\n", i)
	}
	files["values.yaml"] = vals.String()
	for i := 0; i < n/100; i++ {
		files[fmt.Sprintf("charts/s%d/Chart.yaml", i)] = fmt.Sprintf("apiVersion: v2\nname: s%d\nversion: 0.1.0\n", i)
		files[fmt.Sprintf("charts/s%d/values.yaml", i)] = "a: 1\n"
	}
	return files
}

// Every way of loading a chart stops when its context is done, already at
// the start or in the middle of a big chart, with the context's error.
func TestLoadContext(t *testing.T) {
	files := bigChartFiles(3000)
	dir := writeChart(t, "big", files)
	tgz := tgzOf(t, "big", files)
	var mem []*chart.File
	for n, d := range files {
		mem = append(mem, &chart.File{Name: n, Data: []byte(d)})
	}
	// One file of 64 MiB of zeros: a read of it notices the context.
	bomb := makeTgz(t, tarEntry{name: "z/Chart.yaml", data: "apiVersion: v2\nname: z\nversion: 0.1.0\n"},
		tarEntry{name: "z/templates/zero.yaml", data: string(make([]byte, 64<<20))})
	loads := map[string]func(context.Context) (*chart.Chart, error){
		"dir":  func(ctx context.Context) (*chart.Chart, error) { return new(chart.Loader).LoadDirContext(ctx, dir) },
		"path": func(ctx context.Context) (*chart.Chart, error) { return new(chart.Loader).LoadContext(ctx, dir) },
		"archive": func(ctx context.Context) (*chart.Chart, error) {
			return new(chart.Loader).LoadArchiveContext(ctx, bytes.NewReader(tgz))
		},
		"files": func(ctx context.Context) (*chart.Chart, error) { return new(chart.Loader).LoadFilesContext(ctx, mem) },
		"archive bomb": func(ctx context.Context) (*chart.Chart, error) {
			return new(chart.Loader).LoadArchiveContext(ctx, bytes.NewReader(bomb))
		},
	}
	for name, load := range loads {
		t.Run(name, func(t *testing.T) {
			if _, err := load(context.Background()); err != nil {
				t.Fatalf("without cancellation: %v", err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			if _, err := load(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled before: got %v", err)
			}
			// Cancelled after a few checks: the loops look at the context
			// as they go, not only at the start.
			ctx2 := countdown(20)
			if _, err := load(ctx2); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled while loading: got %v", err)
			}
		})
	}
}

// Dependency processing stops when its context is done.
func TestProcessDependenciesContext(t *testing.T) {
	deps := "dependencies:\n"
	for i := 0; i < 50; i++ {
		deps += fmt.Sprintf("- name: sub\n  version: 0.1.0\n  alias: s%d\n  import-values: [{child: a, parent: i%d}]\n", i, i)
	}
	var vals strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&vals, "k%d: {a: 1}\n", i)
	}
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: p\nversion: 0.1.0\n" + deps)},
		{Name: "values.yaml", Data: []byte(vals.String())},
		{Name: "charts/sub/Chart.yaml", Data: []byte("apiVersion: v2\nname: sub\nversion: 0.1.0\n")},
		{Name: "charts/sub/values.yaml", Data: []byte("a: {b: 1}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var o chart.DependencyOptions
	if _, err := o.ProcessDependenciesContext(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := o.ProcessDependenciesContext(ctx, c, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: got %v", err)
	}
	// Past the first checks, in the middle of the import-values merges of
	// the 20,000-key values.
	if _, err := o.ProcessDependenciesContext(countdown(200), c, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while processing: got %v", err)
	}
}
