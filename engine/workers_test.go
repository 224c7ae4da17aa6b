package engine

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
)

func TestWorkers(t *testing.T) {
	cases := []struct {
		name       string
		par        int
		auto       bool
		n, size    int
		wantWorker int
	}{
		{"small chart, default", 8, true, 10, 5 << 10, 1},
		{"just below two workers' worth", 8, true, 10, 2*bytesPerWorker - 1, 2},
		{"large chart, default", 8, true, 300, 2 << 20, 8},
		{"fewer files than CPUs", 8, true, 3, 2 << 20, 3},
		{"no files", 8, true, 0, 0, 0},
		{"explicit parallelism on a small chart", 4, false, 10, 100, 4},
		{"explicit parallelism, fewer files", 4, false, 2, 100, 2},
		{"explicit 1", 1, false, 300, 2 << 20, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := &Engine{opts: Options{Parallelism: c.par}, autoParallel: c.auto}
			if got := e.workers(c.n, c.size); got != c.wantWorker {
				t.Errorf("workers(%d, %d) = %d, want %d", c.n, c.size, got, c.wantWorker)
			}
		})
	}
}

// TestSmallChartOneWorker checks that with the default parallelism a small
// chart is rendered by one worker (one clone of the template set), and that
// a larger one and an explicit parallelism render the same output.
func TestSmallChartOneWorker(t *testing.T) {
	small := map[string]string{"templates/_h.tpl": `{{ define "h" }}h: {{ . }}{{ end }}`}
	big := map[string]string{"templates/_h.tpl": small["templates/_h.tpl"]}
	for i := range 8 {
		small[fmt.Sprintf("templates/t%d.yaml", i)] = fmt.Sprintf(`{{ include "h" %d }}`, i)
		// Each file is larger than bytesPerWorker/2: four workers' worth.
		big[fmt.Sprintf("templates/t%d.yaml", i)] = fmt.Sprintf(`{{ include "h" %d }}`, i) + "\n#" + strings.Repeat("x", bytesPerWorker/2)
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
	}{{"small", small}, {"big", big}} {
		t.Run(tc.name, func(t *testing.T) {
			c := memChart("c", tc.files, "")
			top := topFor(t, c)
			auto := New(Options{})
			got, err := auto.Render(context.Background(), c, top)
			if err != nil {
				t.Fatal(err)
			}
			want, err := New(Options{Parallelism: 4}).Render(context.Background(), c, top)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) {
				t.Errorf("default parallelism renders\n%q\nParallelism 4 renders\n%q", got, want)
			}
			ts := auto.sets.get(auto, auto.parseAll(auto.plan(c, top)))
			ts.mu.Lock()
			kept := len(ts.free)
			ts.mu.Unlock()
			if tc.name == "small" && kept != 1 {
				t.Errorf("a small chart was rendered by %d workers, want 1", kept)
			}
			if tc.name == "big" && runtime.GOMAXPROCS(0) > 1 && auto.workers(len(tc.files)-1, auto.plan(c, top).allSourceBytes()) < 2 {
				t.Errorf("a chart with %d bytes of templates gets one worker", auto.plan(c, top).allSourceBytes())
			}
		})
	}
}

// isRoot takes scalars, nil maps and the maps of the file's data and the
// scopes' values as root data, whatever map type holds them, and nothing
// else; mapPointer identifies a map as reflect does. The root mask only
// spares look-ups: with every bit set (every map's bit collides with a
// root's) it still refuses the other maps, and with the render's mask it
// takes the roots; the file's data is taken first, never after its file.
func TestIsRoot(t *testing.T) {
	data, vals, other := map[string]any{"a": 1}, map[string]any{"b": 2}, map[string]any{"a": 1}
	for _, m := range []map[string]any{data, vals, other, nil, {}} {
		if got, want := mapPointer(m), reflect.ValueOf(m).Pointer(); got != want {
			t.Errorf("mapPointer = %#x, reflect says %#x", got, want)
		}
	}
	w := &worker{r: &renderState{roots: []uintptr{mapPointer(vals)}}, cur: []uintptr{mapPointer(data)}}
	w.r.rootMask = rootMaskOf(w.r.roots)
	w.setRoots(rootMaskOf(w.cur))
	if w.curData != mapPointer(data) {
		t.Errorf("curData %#x, want the file's data %#x", w.curData, mapPointer(data))
	}
	isRootCases(t, w, data, vals, other)
	// Every bit set: every map's bit collides with a root's.
	w.rootMask = ^uint64(0)
	isRootCases(t, w, data, vals, other)
	// A map whose bit is clear is not looked up; the file's data is known
	// without the mask.
	w.rootMask = 0
	if w.isRoot(common.Values(vals)) || !w.isRoot(data) {
		t.Error("isRoot looked up a map whose bit is clear, or missed the file's data")
	}
	if !w.isRoot(chartutil.Values(data)) || !w.isRoot("s") {
		t.Error("isRoot of the other types used the mask")
	}
	// Without a file (as between two), nothing is the file's data.
	w.cur = w.cur[:0]
	w.setRoots(rootMaskOf(w.cur))
	if w.isRoot(data) || !w.isRoot(vals) {
		t.Error("without a file, isRoot took the last file's data or missed the values")
	}
}

func isRootCases(t *testing.T, w *worker, data, vals, other map[string]any) {
	t.Helper()
	for _, tt := range []struct {
		name string
		v    any
		want bool
	}{
		{"nil", nil, true},
		{"string", "s", true},
		{"bool", true, true},
		{"int", 1, true},
		{"int64", int64(1), true},
		{"float64", 1.5, true},
		{"nil map", map[string]any(nil), true},
		{"nil Values", common.Values(nil), true},
		{"file data", data, true},
		{"file data as Values", common.Values(data), true},
		{"file data as Helm-3 Values", chartutil.Values(data), true},
		{"scope values", vals, true},
		{"scope values as Values", common.Values(vals), true},
		{"an equal map", other, false},
		{"a list", []any{1}, false},
		{"a pointer", &data, false},
		{"a uint", uint(1), false},
	} {
		if got := w.isRoot(tt.v); got != tt.want {
			t.Errorf("%s (mask %#x): isRoot = %v, want %v", tt.name, w.rootMask, got, tt.want)
		}
	}
}
