package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// A limitWriter keeps what is written, in chunks, and gives it back whole.
func TestLimitWriterChunks(t *testing.T) {
	sizes := [][]int{
		nil,
		{0, 1, 0},
		{100, 200},
		{chunkBytes},
		{chunkBytes, 1},
		{chunkBytes - 1, 2, chunkBytes + 3},
		{5 * chunkBytes, 7, 3 * chunkBytes},
		{1000, 1000, 1000, 1000, chunkBytes / 2, chunkBytes / 2, chunkBytes / 2},
		{adoptBytes, 10, adoptBytes, adoptBytes, 3, chunkBytes},
		{10, adoptBytes + 1, 20, 2 * adoptBytes, chunkBytes - 1, 5},
	}
	for _, sz := range sizes {
		w := &worker{r: &renderState{e: &Engine{unguarded: true}}}
		lw := w.newOut()
		var want bytes.Buffer
		for i, n := range sz {
			p := bytes.Repeat([]byte{byte('a' + i)}, n)
			if k, err := lw.Write(p); k != n || err != nil {
				t.Fatalf("%v: Write = %d, %v", sz, k, err)
			}
			want.Write(p)
		}
		for _, c := range lw.full {
			if len(c) != cap(c) {
				t.Errorf("%v: a full chunk of %d bytes, capacity %d", sz, len(c), cap(c))
			}
		}
		if got := lw.String(); got != want.String() {
			t.Errorf("%v: String differs (%d bytes, want %d)", sz, len(got), want.Len())
		}
	}
}

// Reaching the output limit costs about the limit in memory: the writer
// never copies to grow.
func TestLimitWriterMemory(t *testing.T) {
	const limit = 64 << 20
	e := New(Options{MaxOutputBytes: limit})
	r := &renderState{e: e, ctx: context.Background(), done: context.Background().Done()}
	w := &worker{r: r}
	lw := w.newOut()
	piece := []byte(strings.Repeat("x", 100_000))
	allocs := testing.AllocsPerRun(1, func() {
		for {
			if _, err := lw.Write(piece); err != nil {
				if !errors.Is(err, ErrOutputLimit) {
					t.Fatal(err)
				}
				return
			}
		}
	})
	var held int
	for _, c := range lw.full {
		held += cap(c)
	}
	held += cap(lw.buf)
	if held > limit+chunkBytes {
		t.Errorf("holds %d bytes for a limit of %d", held, limit)
	}
	// One allocation per chunk, and a few for the first chunk's growth.
	if max := float64(limit/chunkBytes + 32); allocs > max {
		t.Errorf("%v allocations, want at most %v", allocs, max)
	}
}

// A write of adoptBytes or more is kept, not copied, and what follows it
// goes after it.
func TestLimitWriterAdopts(t *testing.T) {
	w := &worker{r: &renderState{e: &Engine{unguarded: true}}}
	lw := w.newOut()
	big := bytes.Repeat([]byte("b"), adoptBytes)
	for _, p := range [][]byte{[]byte("a"), big, []byte("c"), big, big} {
		if _, err := lw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	kept := 0
	for _, c := range lw.full {
		if &c[0] == &big[0] {
			kept++
		}
	}
	if kept != 3 {
		t.Errorf("%d of 3 large writes kept as they are", kept)
	}
	if got, want := lw.String(), "a"+string(big)+"c"+string(big)+string(big); got != want {
		t.Errorf("String differs (%d bytes, want %d)", len(got), len(want))
	}
	// Alone, it is what String returns.
	lw = w.newOut()
	if _, err := lw.Write(big); err != nil || unsafe.StringData(lw.String()) != &big[0] {
		t.Errorf("a single large write is copied (%v)", err)
	}
}

// limitWriter keeps what fmt writes when it is adoptBytes or more, which
// needs fmt to drop such a buffer after writing it instead of using it
// again. Also through text/template, in an engine.
func TestFmtDropsLargeBuffers(t *testing.T) {
	var kept [][]byte
	keep := writerFunc(func(p []byte) (int, error) {
		kept = append(kept, p)
		return len(p), nil
	})
	a, b := strings.Repeat("a", adoptBytes), strings.Repeat("b", adoptBytes)
	for range 3 {
		fmt.Fprint(keep, a)
		fmt.Fprint(keep, b)
		fmt.Fprintf(keep, "%s", a)
	}
	for i, p := range kept {
		if want := []string{a, b, a}[i%3]; string(p) != want {
			t.Fatalf("write %d changed after fmt returned", i)
		}
	}
	tmpl := `{{ $a := "a" | repeat 1500000 }}{{ $b := "b" | repeat 1500000 }}{{ range until 3 }}{{ $a }}-{{ $b }}{{ end }}{{ $a }}`
	got := mustRender(t, New(Options{}), memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
	ab := strings.Repeat("a", 1500000) + "-" + strings.Repeat("b", 1500000)
	if want := ab + ab + ab + strings.Repeat("a", 1500000); got["c/templates/t.yaml"] != want {
		t.Errorf("output differs (%d bytes, want %d)", len(got["c/templates/t.yaml"]), len(want))
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// The output total is exact across the files one worker renders: files
// adding up to the limit render, one byte more is refused, whether the
// files are written in one piece or in many small ones, and whatever the
// size of the last file.
func TestOutputTotalExact(t *testing.T) {
	const limit = 3 * outputSyncBytes
	for _, tt := range []struct {
		name  string
		files []int // sizes, in bytes
		piece int   // bytes per write; 0: the file in one piece
	}{
		{"small files", []int{1000, 2000, limit - 3000}, 0},
		{"one file", []int{limit}, 0},
		{"pieces", []int{outputSyncBytes + 7, outputSyncBytes - 3, limit - 2*outputSyncBytes - 4}, 10},
		{"pieces across syncs", []int{limit / 2, limit - limit/2}, 999},
	} {
		for _, extra := range []int{0, 1} {
			tpls := map[string]string{}
			for i, n := range tt.files {
				if i == len(tt.files)-1 {
					n += extra
				}
				var src string
				if tt.piece == 0 {
					src = strings.Repeat("x", n)
				} else {
					// Writes of piece bytes: a range prints a literal of
					// that size, then the rest.
					src = fmt.Sprintf(`{{ range until %d }}%s{{ end }}%s`, n/tt.piece, strings.Repeat("y", tt.piece), strings.Repeat("z", n%tt.piece))
				}
				tpls[fmt.Sprintf("templates/f%d.yaml", i)] = src
			}
			e := New(Options{MaxOutputBytes: limit, Parallelism: 1})
			_, err := render(t, e, memChart("c", tpls, ""))
			if extra == 0 && err != nil {
				t.Errorf("%s: at the limit: %v", tt.name, err)
			}
			var le *LimitError
			if extra == 1 && (!errors.As(err, &le) || le.Err != ErrOutputLimit || le.Option != "MaxOutputBytes" || le.Need != limit+1) {
				t.Errorf("%s: one byte over: %v", tt.name, err)
			}
		}
	}
}

// Writers of files rendered at the same time by different workers see the
// others' output within outputSyncBytes each: the render is refused before
// its output exceeds the limit by more than that per writer.
func TestOutputTotalParallelWriters(t *testing.T) {
	const limit = 1 << 20
	e := New(Options{MaxOutputBytes: limit})
	r := &renderState{e: e, ctx: context.Background(), done: context.Background().Done()}
	a, b := (&worker{r: r}).newOut(), (&worker{r: r}).newOut()
	piece := []byte(strings.Repeat("x", 1000))
	var written int64
	var err error
	for err == nil {
		for _, lw := range []*limitWriter{a, b} {
			if _, err = lw.Write(piece); err != nil {
				break
			}
			written += int64(len(piece))
		}
	}
	if !errors.Is(err, ErrOutputLimit) {
		t.Fatalf("err = %v", err)
	}
	if written > limit+2*outputSyncBytes {
		t.Errorf("wrote %d bytes for a limit of %d", written, limit)
	}
	if written < limit-2*int64(len(piece)) {
		t.Errorf("refused after %d bytes, below the limit of %d", written, limit)
	}
}

// Once a render is big, a large write from text/template other than the
// last one the writer kept (fmt's fresh buffer of a printed variable) is
// copied into its chunks, and the next write collects garbage and restores
// the writer's check (once per bigChunkBytes copied); the piece kept last, written again, is kept. The
// engine's own writes are kept, and so is everything before the render is
// big, without huge pages or in an unguarded engine. The output is the
// same in every case.
func TestLimitWriterCopiesPrintedBuffers(t *testing.T) {
	const limit = 100 << 20
	tests := []struct {
		name        string
		big, noHuge bool
		unguarded   bool
		printed     bool
		wantCopied  int
	}{
		{name: "big", big: true, printed: true, wantCopied: 2},
		{name: "engine writes", big: true, wantCopied: 0},
		{name: "not big", printed: true, wantCopied: 0},
		{name: "no huge pages", big: true, noHuge: true, printed: true, wantCopied: 0},
		{name: "unguarded", big: true, unguarded: true, printed: true, wantCopied: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(Options{MaxOutputBytes: limit})
			e.noHuge, e.unguarded = tt.noHuge, tt.unguarded
			r := &renderState{e: e, ctx: context.Background(), done: context.Background().Done()}
			w := &worker{r: r}
			lw := w.newOut()
			a, b := bytes.Repeat([]byte("a"), adoptBytes+3), bytes.Repeat([]byte("b"), bigChunkBytes)
			if !tt.big {
				b = b[:adoptBytes] // what is written stays under bigFrom
			}
			var want []byte
			for i, p := range [][]byte{[]byte("x"), a, a, b, []byte("y"), nil, b, a} {
				if i == 2 && tt.big {
					r.b.built.Store(bigFrom)
				}
				write := func(p []byte) error { _, err := lw.Write(p); return err }
				if !tt.printed {
					write = lw.write
				}
				if err := write(p); err != nil {
					t.Fatal(err)
				}
				want = append(want, p...)
				if lw.collect && lw.check != -1 {
					t.Fatalf("a copy waits for a collection with check %d", lw.check)
				}
			}
			kept := 0
			for _, c := range append(lw.full, lw.buf) {
				if len(c) > 0 && (&c[0] == &a[0] || &c[0] == &b[0]) {
					kept++
				}
			}
			if copied := 5 - kept; copied != tt.wantCopied {
				t.Errorf("%d of 5 large writes copied, want %d", copied, tt.wantCopied)
			}
			if tt.wantCopied > 0 && (lw.collect || lw.check < lw.n) {
				t.Errorf("after the next write: collect %v, check %d for %d bytes", lw.collect, lw.check, lw.n)
			}
			if got := lw.String(); got != string(want) {
				t.Errorf("String differs (%d bytes, want %d)", len(got), len(want))
			}
			// Over the limit, a write after a copy is still refused.
			if !tt.unguarded {
				if _, err := lw.Write(make([]byte, limit)); !errors.Is(err, ErrOutputLimit) {
					t.Errorf("a write over the limit: %v", err)
				}
			}
		})
	}
}

// A worker's meter adds to the render's budget exactly the steps and bytes
// each kind of charge counts, and never holds back flushSteps steps or
// flushBytes bytes: a render overshoots a limit by less than that per
// worker. A worker alone in its render holds back up to farSteps steps or
// farBytes bytes while the render is far from every limit, and no more
// than flushSteps or flushBytes once it is near one. The charges are mixed
// in a fixed pseudo-random order.
func TestMeterExact(t *testing.T) {
	for _, tt := range []struct {
		name string
		solo bool
		opts Options
		far  bool  // the meter must hold back more than flushSteps or flushBytes at times
		want error // the limit the charges reach
	}{
		{name: "several workers", opts: Options{}},
		{name: "several workers, limits", opts: Options{MaxSteps: 1 << 40, MaxBuildBytes: 1 << 40}},
		{name: "several workers, MaxSteps", opts: Options{MaxSteps: 30000}, want: ErrStepLimit},
		{name: "alone, no limits", solo: true, opts: Options{}, far: true},
		{name: "alone, far from the limits", solo: true, opts: Options{MaxSteps: 1 << 40, MaxBuildBytes: 1 << 40}, far: true},
		{name: "alone, MaxSteps", solo: true, opts: Options{MaxSteps: 30000}, far: true, want: ErrStepLimit},
		{name: "alone, MaxSteps below farSteps", solo: true, opts: Options{MaxSteps: farSteps - 1}, want: ErrStepLimit},
		{name: "alone, MaxBuildBytes", solo: true, opts: Options{MaxBuildBytes: 60 << 20}, far: true, want: ErrBuildLimit},
		{name: "alone, MaxBuildBytes below farBytes", solo: true, opts: Options{MaxBuildBytes: farBytes - 1}, want: ErrBuildLimit},
	} {
		t.Run(tt.name, func(t *testing.T) { testMeterExact(t, tt.solo, tt.opts, tt.far, tt.want) })
	}
}

func testMeterExact(t *testing.T, solo bool, opts Options, far bool, want error) {
	big := bytes.Repeat([]byte("b"), flushBytes+100)
	ops := []struct {
		name         string
		do           func(w *worker, lw *limitWriter) error
		steps, built int64
	}{
		{"Write", func(_ *worker, lw *limitWriter) error { _, err := lw.Write(big[:100]); return err }, 1, 100},
		{"empty Write", func(_ *worker, lw *limitWriter) error { _, err := lw.Write(nil); return err }, 1, 0},
		{"large Write", func(_ *worker, lw *limitWriter) error { _, err := lw.Write(big); return err }, 1, int64(len(big))},
		{"writeString", func(_ *worker, lw *limitWriter) error { return lw.writeString(string(big[:50])) }, 0, 50},
		{"engine write", func(_ *worker, lw *limitWriter) error { return lw.write(big[:7]) }, 0, 7},
		{"step", func(w *worker, _ *limitWriter) error { return w.step() }, 1, 0},
		{"charge", func(w *worker, _ *limitWriter) error { return w.charge(1000) }, 1, 1000},
		{"checkSize", func(w *worker, _ *limitWriter) error { return w.checkSize("f", 77) }, 1, 77},
		{"steps", func(w *worker, _ *limitWriter) error { return w.steps(callSteps) }, callSteps, 0},
		{"nest of scalars", func(w *worker, _ *limitWriter) error { return w.nest("a", 1, nil) }, 0, 0},
		{"nest of a map", func(w *worker, _ *limitWriter) error { return w.nest("a", map[string]any{}) }, nestSteps, 0},
		{"memo write", func(_ *worker, lw *limitWriter) error {
			return lw.writeMemo([]byte("abc"), memoCharge(300, 5000, 3))
		}, 301, 5000},
		{"memo write of nothing", func(_ *worker, lw *limitWriter) error {
			return lw.writeMemo(nil, memoCharge(-1, -1, 0))
		}, 1, 0},
		{"memo write of no bytes", func(_ *worker, lw *limitWriter) error {
			return lw.writeMemo([]byte("abcd"), memoCharge(-1, 1, 4))
		}, 1, 4},
	}
	e := New(opts)
	r := &renderState{e: e, ctx: context.Background(), solo: solo}
	w := &worker{r: r}
	if solo {
		// As getWorker starts it.
		w.m = e.lim.meterAfter(0, 0)
	}
	lw := w.newBuf()
	var steps, built int64
	sawFar, nearOps := false, 0
	for i := range 3000 {
		if i%100 == 0 {
			w.keep(lw)
			lw = w.newBuf()
		}
		op := ops[(i*7+i/len(ops))%len(ops)]
		// Near a limit, or with other workers, the usual interval.
		near := !solo || e.lim.meterAfter(r.b.steps.Load(), r.b.built.Load()) == meter{}
		if near {
			nearOps++
		}
		err := op.do(w, lw)
		steps += op.steps
		built += op.built
		if err != nil {
			if want == nil || !errors.Is(err, want) {
				t.Fatalf("%s: %v, want %v", op.name, err, want)
			}
			// The charge that was refused is counted (its bytes are
			// not once the steps are over the limit), and took the
			// render past the limit by less than the usual interval
			// and itself.
			s, b := r.b.steps.Load(), r.b.built.Load()
			if s != steps || (want == ErrBuildLimit && b != built) {
				t.Fatalf("refused %s: budget %d steps and %d bytes, want %d and %d", op.name, s, b, steps, built)
			}
			l := e.lim
			if want == ErrStepLimit && (s <= l.maxSteps || s >= l.maxSteps+flushSteps+op.steps) {
				t.Errorf("refused %s at %d steps, limit %d", op.name, s, l.maxSteps)
			}
			if want == ErrBuildLimit && (b <= l.maxBuild || b >= l.maxBuild+flushBytes+op.built) {
				t.Errorf("refused %s at %d bytes, limit %d", op.name, b, l.maxBuild)
			}
			if nearOps < 10 {
				t.Errorf("only %d charges near the limit", nearOps)
			}
			break
		}
		holdSteps, holdBytes := int64(farSteps), int64(farBytes)
		if near {
			holdSteps, holdBytes = flushSteps, flushBytes
		}
		if w.m.steps >= holdSteps || w.m.built() >= holdBytes {
			t.Fatalf("after %s: %d steps and %d bytes held back", op.name, w.m.steps, w.m.built())
		}
		if w.m.steps >= flushSteps || w.m.built() >= flushBytes {
			sawFar = true
		}
		if s := w.spent(); s.steps != steps || s.built != built {
			t.Fatalf("after %s: spent %+v, want %d steps and %d bytes", op.name, s, steps, built)
		}
		if i == 2999 && want != nil {
			t.Fatalf("the charges did not reach %v", want)
		}
	}
	if sawFar != far {
		t.Errorf("held back more than flushSteps steps or flushBytes bytes: %v, want %v", sawFar, far)
	}
	if want != nil {
		return
	}
	if err := w.flush(); err != nil {
		t.Fatal(err)
	}
	if s, b := r.b.steps.Load(), r.b.built.Load(); s != steps || b != built {
		t.Errorf("budget %d steps and %d bytes, want %d and %d", s, b, steps, built)
	}
}

// A worker alone in its render reports after farSteps steps or farBytes
// bytes only when that leaves the render within every limit, and before it
// has built collectFrom bytes.
func TestMeterAfter(t *testing.T) {
	for _, tt := range []struct {
		opts         Options
		steps, built int64
		far          bool
	}{
		{Options{}, 0, 0, true},
		{Options{}, 1 << 40, collectFrom - farBytes, true},
		{Options{}, 0, collectFrom - farBytes + 1, false},
		{Options{MaxSteps: 1000}, 0, 0, false},
		{Options{MaxSteps: farSteps}, 0, 0, true},
		{Options{MaxSteps: farSteps}, 1, 0, false},
		{Options{MaxSteps: 5_000_000}, 5_000_000 - farSteps, 0, true},
		{Options{MaxSteps: 5_000_000}, 5_000_000 - farSteps + 1, 0, false},
		{Options{MaxSteps: 5_000_000}, 6_000_000, 0, false},
		{Options{MaxBuildBytes: farBytes}, 0, 0, true},
		{Options{MaxBuildBytes: farBytes}, 0, 1, false},
		{Options{MaxBuildBytes: 1 << 30}, 0, collectFrom - farBytes, true},
		{Options{MaxBuildBytes: 1 << 30}, 0, collectFrom, false},
		{Options{MaxBuildBytes: 20 << 20}, 1 << 40, 4 << 20, true},
		{Options{MaxBuildBytes: 20 << 20}, 0, 4<<20 + 1, false},
		// The output limit is checked by the writers, not by reports.
		{Options{MaxOutputBytes: 1}, 0, 0, true},
	} {
		e := New(tt.opts)
		m := e.lim.meterAfter(tt.steps, tt.built)
		want := meter{}
		if tt.far {
			want = farMeter
		}
		if m != want {
			t.Errorf("%+v after %d steps and %d bytes: %+v, want %+v", tt.opts, tt.steps, tt.built, m, want)
		}
		if m.built() != 0 || m.steps != 0 {
			t.Errorf("%+v: a fresh meter holds %d steps and %d bytes", tt.opts, m.steps, m.built())
		}
	}
}

// Writes reach MaxSteps and MaxBuildBytes no later than flushSteps steps or
// flushBytes bytes past them, whatever they write.
func TestWritesReachLimits(t *testing.T) {
	const maxSteps, maxBuild = 10000, 8 << 20
	for _, tt := range []struct {
		name  string
		opts  Options
		piece int
		want  error
		solo  bool
	}{
		{"empty writes", Options{MaxSteps: maxSteps}, 0, ErrStepLimit, false},
		{"small writes", Options{MaxSteps: maxSteps}, 10, ErrStepLimit, false},
		{"writes under the step limit", Options{MaxSteps: 1 << 40, MaxBuildBytes: maxBuild}, 1000, ErrBuildLimit, false},
		{"large writes", Options{MaxBuildBytes: maxBuild}, 300 << 10, ErrBuildLimit, false},
		// Alone in its render, a worker reports less often while it is
		// far from the limits (see farFlush), and reaches them as soon.
		{"alone, empty writes", Options{MaxSteps: maxSteps}, 0, ErrStepLimit, true},
		{"alone, small writes", Options{MaxSteps: 3*farSteps + 5}, 10, ErrStepLimit, true},
		{"alone, writes under the step limit", Options{MaxSteps: 1 << 40, MaxBuildBytes: maxBuild}, 1000, ErrBuildLimit, true},
		{"alone, large writes", Options{MaxBuildBytes: farBytes + 5<<20}, 300 << 10, ErrBuildLimit, true},
	} {
		e := New(tt.opts)
		r := &renderState{e: e, ctx: context.Background(), solo: tt.solo}
		w := &worker{r: r}
		if tt.solo {
			w.m = e.lim.meterAfter(0, 0)
		}
		lw := w.newBuf()
		p := make([]byte, tt.piece)
		var n, written int64
		for {
			if _, err := lw.Write(p); err != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("%s: %v, want %v", tt.name, err, tt.want)
				}
				break
			}
			n++
			written += int64(len(p))
			if n%1000 == 0 {
				w.keep(lw)
				lw = w.newBuf()
			}
		}
		if l := e.lim.maxSteps; tt.want == ErrStepLimit && (n < l || n > l+flushSteps) {
			t.Errorf("%s: refused after %d writes, limit %d steps", tt.name, n, l)
		}
		// The refused write is counted: it took the total past the limit.
		if l := e.lim.maxBuild; tt.want == ErrBuildLimit && (written+int64(len(p)) <= l || written > l+flushBytes) {
			t.Errorf("%s: refused after %d bytes, limit %d", tt.name, written, l)
		}
	}
}

// settleDue agrees with the two comparisons it replaces, at their edges
// and on random counts.
func TestSettleDue(t *testing.T) {
	units := []int64{flushBytes - farBytes, -1, 0, flushBytes - 1, flushBytes, flushBytes + 1, 1 << 40}
	ns := []int64{0, 1, outputSyncBytes, noCheck - 1, noCheck}
	checks := []int64{-1, 0, 1, outputSyncBytes - 1, outputSyncBytes, noCheck - 1, noCheck}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		units = append(units, rng.Int64N(1<<50)-1<<49)
		ns = append(ns, rng.Int64N(1<<50))
		checks = append(checks, rng.Int64N(1<<50)-1)
	}
	for _, u := range units[:7] {
		for _, n := range ns[:5] {
			for _, c := range checks[:7] {
				if got, want := settleDue(u, n, c), u >= flushBytes || n > c; got != want {
					t.Fatalf("settleDue(%d, %d, %d) = %v, want %v", u, n, c, got, want)
				}
			}
		}
	}
	for i := range units {
		u, n, c := units[i], ns[i%len(ns)], checks[i%len(checks)]
		if got, want := settleDue(u, n, c), u >= flushBytes || n > c; got != want {
			t.Fatalf("settleDue(%d, %d, %d) = %v, want %v", u, n, c, got, want)
		}
	}
}
