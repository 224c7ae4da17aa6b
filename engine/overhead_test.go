//go:build unix

package engine

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
)

var (
	overheadSlab = flag.Bool("overhead.slab", false,
		"BenchmarkLimitOverhead's engines run the parser's trees, not copies")
	overheadDraw = flag.Int("overhead.draw", 25,
		"BenchmarkLimitOverhead makes new engines every this many rounds")
	overheadRounds = flag.String("overhead.rounds", "",
		"BenchmarkLimitOverhead appends the CPU times of every round to this file")
)

// BenchmarkLimitOverhead renders corpus charts with the limit checks (every
// function wrapper, the output accounting, the value guards) and without
// them, and reports the extra CPU time of the checks in percent
// (overhead-%, and the median of the ratios of the renders of one round,
// pair-median-overhead-%) and the CPU time of each render. From its second
// render on, a guarded engine runs the light set (templates that print
// root data without the print guard) where the last render counted enough
// such prints to pay for measuring root data (see lightWorthIt).
//
// Where a template's nodes lie in memory changes how fast it runs, by more
// than the checks cost: the parser allocates the nodes of a file's trees
// in slabs by type, and a copy of a tree (parse.Tree.Copy) allocates them
// one by one in the order of the tree. On this machine, an unguarded
// engine whose trees are copies renders the corpus charts up to 4% faster
// than one running the parser's trees (it depends on the chart and the
// run), and two guarded engines whose copies were made at different
// moments differ by up to 6% through a whole run. The light set keeps
// copies of its own trees (see lightTrees), so a guarded engine runs some
// trees laid out one way and some the other. So that layout counts neither
// for nor against the checks, every engine of this benchmark copies all
// the trees it parses (Engine.copyTrees), and a guarded engine makes its
// light set right after its first render, not at its second, so that all
// the trees it runs are made at the same time as those of a plain engine.
// With -overhead.slab no engine copies its trees and the light set is made
// when first run: the guarded engines run the light set's copies and the
// parser's trees, as shipped, and the plain ones the parser's, as an
// engine without the checks would; that comparison credits the checks
// with the light set's layout.
//
// Two engines built alike render at different speeds, by up to 10% through
// a whole run, and which one is faster changes from one pair of engines to
// the next: a difference of where each engine's data lies, which more
// rounds with the same engines do not average out. So each round renders
// with two guarded engines and two plain ones, in one of four orders in
// turn (a Williams square: each engine renders in each place, and right
// after each other one, once in four rounds), and every -overhead.draw
// rounds (25) the benchmark makes four new engines: a figure is the mean
// of many such draws. A round's ratio is that of the two guarded renders
// to the two plain ones; overhead-% is that of all guarded renders to all
// plain ones. The two guarded engines are the A/A control: the median of
// the ratios of their renders of a round (control-pair-median-%) and the
// spread of those ratios (control-pair-iqr-%, the interquartile range)
// show how far two identical engines differ, the noise floor an overhead
// figure must be read against; the two plain engines are another
// (plain-control-median-%). -overhead.rounds writes every round's times
// to a file, for the spread between draws (scripts/overhead-draws).
func BenchmarkLimitOverhead(b *testing.B) {
	for _, id := range []string{"bitnami-airflow", "argo-cd", "kyverno", "kube-prometheus-stack"} {
		b.Run(id, func(b *testing.B) {
			c, top := loadCorpusChart(b, id)
			opts := overheadOptions()
			render := func(e *Engine) {
				if _, err := e.Render(context.Background(), c, top); err != nil {
					b.Fatal(err)
				}
			}
			// A guarded engine made and run first, and never measured:
			// the engine made first rendered kube-prometheus-stack 5%
			// slower than the others in 8 of 9 runs.
			first := New(opts)
			first.copyTrees = !*overheadSlab
			render(first)
			render(first)
			// Engines 0 and 3 are guarded, 1 and 2 plain, made anew
			// every -overhead.draw rounds, each on a collected heap, in
			// the order guarded, plain, plain, guarded in one draw and
			// plain, guarded, guarded, plain in the next, so that what
			// comes with being made earlier or later falls on both kinds
			// alike (within a draw, the engine made first was up to 4%
			// slower than the one made last through whole runs).
			var engines [4]*Engine
			draws := 0
			draw := func() {
				order := []int{0, 1, 2, 3}
				if draws%2 == 1 {
					order = []int{1, 0, 3, 2}
				}
				draws++
				for _, k := range order {
					runtime.GC()
					engines[k] = New(opts)
					engines[k].unguarded, engines[k].copyTrees = k == 1 || k == 2, !*overheadSlab
					render(engines[k])
					if !engines[k].unguarded && !*overheadSlab {
						// Its light set now, not at its second render:
						// trees copied later, into another state of the
						// heap, render at another speed.
						makeLight(engines[k])
					}
				}
				for _, k := range order {
					render(engines[k])
				}
			}
			var guarded, plain time.Duration
			var ratios, controls, plainControls []float64
			timed := func(e *Engine) time.Duration {
				// Each render starts on a collected heap and pays for
				// the garbage collection of its own allocations only.
				runtime.GC()
				start := cpuTime()
				render(e)
				return cpuTime() - start
			}
			orders := [][4]int{{0, 1, 3, 2}, {1, 2, 0, 3}, {2, 3, 1, 0}, {3, 0, 2, 1}}
			var rounds [][4]time.Duration
			b.ResetTimer()
			round := 0
			for b.Loop() {
				if round%max(*overheadDraw, 1) == 0 {
					b.StopTimer()
					draw()
					b.StartTimer()
				}
				var t [4]time.Duration
				for _, k := range orders[round%len(orders)] {
					t[k] = timed(engines[k])
				}
				round++
				rounds = append(rounds, t)
				guarded += t[0] + t[3]
				plain += t[1] + t[2]
				ratios = append(ratios, float64(t[0]+t[3])/float64(max(t[1]+t[2], 1)))
				controls = append(controls, float64(t[3])/float64(max(t[0], 1)))
				plainControls = append(plainControls, float64(t[2])/float64(max(t[1], 1)))
			}
			runtime.KeepAlive(first)
			if *overheadRounds != "" {
				b.StopTimer()
				appendRounds(b, *overheadRounds, id, rounds)
			}
			slices.Sort(ratios)
			slices.Sort(controls)
			slices.Sort(plainControls)
			b.ReportMetric(100*(float64(guarded)/float64(max(plain, 1))-1), "overhead-%")
			// The median of the rounds' ratios: a round disturbed by
			// another process (the machine is shared) does not move it.
			b.ReportMetric(100*(ratios[len(ratios)/2]-1), "pair-median-overhead-%")
			// A 95% confidence interval of that median (order
			// statistics, whatever the ratios' distribution): with this
			// machine's noise, a few hundred rounds narrow it to about
			// a point, 1500 to about half a point.
			lo, hi := medianInterval(ratios)
			b.ReportMetric(100*(lo-1), "pair-median-lo-%")
			b.ReportMetric(100*(hi-1), "pair-median-hi-%")
			b.ReportMetric(100*(controls[len(controls)/2]-1), "control-pair-median-%")
			b.ReportMetric(100*(controls[len(controls)*3/4]-controls[len(controls)/4]), "control-pair-iqr-%")
			b.ReportMetric(100*(plainControls[len(plainControls)/2]-1), "plain-control-median-%")
			b.ReportMetric(float64(draws), "draws")
			b.ReportMetric(float64(guarded.Nanoseconds())/float64(2*b.N), "cpu-ns/guarded")
			b.ReportMetric(float64(plain.Nanoseconds())/float64(2*b.N), "cpu-ns/plain")
		})
	}
}

// appendRounds appends to the file at path one line per round: the chart,
// the round and the CPU times in nanoseconds of the engines' renders,
// guarded, plain, plain, guarded.
func appendRounds(b *testing.B, path, id string, rounds [][4]time.Duration) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i, t := range rounds {
		fmt.Fprintf(w, "%s %d %d %d %d %d\n", id, i, t[0], t[1], t[2], t[3])
	}
	if err := errors.Join(w.Flush(), f.Close()); err != nil {
		b.Fatal(err)
	}
}

// medianInterval returns the order statistics of sorted xs that bound a
// distribution-free 95% confidence interval of their median: the ranks
// n/2 ± 1.96·√n/2.
func medianInterval(xs []float64) (lo, hi float64) {
	n := len(xs)
	if n == 0 {
		return 0, 0
	}
	k := int(math.Ceil(1.96 * math.Sqrt(float64(n)) / 2))
	return xs[max(n/2-k, 0)], xs[min(n/2+k, n-1)]
}

// cpuTime is the CPU time the process has used, in user and system mode.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSharedUpFront measures what collecting the shared maps before
// the templates run (see lightWorthIt) saves a guarded engine: it renders
// corpus charts with a guarded engine, with the same engine made to forget
// before each render that the last one asked for them (so that it measures
// root data only when the counted prints pay for a walk of its own, and
// collects the maps when a template first asks), and with a second
// guarded engine as the A/A control, in all six orders in turn. It reports
// the median ratio of the rounds, in percent: without-%
// (the forgetting engine against the first) and control-%.
func BenchmarkSharedUpFront(b *testing.B) {
	for _, id := range []string{"bitnami-airflow", "argo-cd", "kyverno", "kube-prometheus-stack"} {
		b.Run(id, func(b *testing.B) {
			c, top := loadCorpusChart(b, id)
			opts := overheadOptions()
			engines := []*Engine{New(opts), New(opts), New(opts)}
			timed := func(k int) time.Duration {
				if k == 1 {
					forgetShared(engines[1])
				}
				runtime.GC()
				start := cpuTime()
				if _, err := engines[k].Render(context.Background(), c, top); err != nil {
					b.Fatal(err)
				}
				return cpuTime() - start
			}
			for range 2 {
				for k := range engines {
					timed(k)
				}
			}
			orders := [][3]int{{0, 1, 2}, {1, 2, 0}, {2, 0, 1}, {0, 2, 1}, {2, 1, 0}, {1, 0, 2}}
			var without, control []float64
			b.ResetTimer()
			round := 0
			for b.Loop() {
				var t [3]time.Duration
				for _, k := range orders[round%len(orders)] {
					t[k] = timed(k)
				}
				round++
				without = append(without, float64(t[1])/float64(max(t[0], 1)))
				control = append(control, float64(t[2])/float64(max(t[0], 1)))
			}
			slices.Sort(without)
			slices.Sort(control)
			b.ReportMetric(100*(without[len(without)/2]-1), "without-%")
			b.ReportMetric(100*(control[len(control)/2]-1), "control-%")
		})
	}
}

// forgetShared makes e's template sets forget that their last render asked
// which maps are shared.
func forgetShared(e *Engine) {
	e.sets.mu.Lock()
	defer e.sets.mu.Unlock()
	for _, ts := range e.sets.sets {
		ts.sharedUsed.Store(false)
	}
}

// makeLight makes the light sets of e's template sets, which a render
// makes when it first runs one (see tset.lightBase).
func makeLight(e *Engine) {
	e.sets.mu.Lock()
	defer e.sets.mu.Unlock()
	for _, ts := range e.sets.sets {
		ts.lightBase(e)
	}
}

// overheadOptions are the options of the engines the overhead benchmarks
// compare: one worker, limits far above what the corpus charts need.
func overheadOptions() Options {
	return Options{Deterministic: true, Parallelism: 1, MaxOutputBytes: 256 << 20, MaxValueBytes: 64 << 20,
		MaxBuildBytes: 1 << 30, MaxSteps: 5_000_000}
}

var (
	checkedChart = flag.String("checked.chart", "kube-prometheus-stack",
		"the corpus chart BenchmarkRenderChecked renders")
	checkedOff = flag.Bool("checked.off", false,
		"BenchmarkRenderChecked renders without the limit checks")
)

// BenchmarkRenderChecked renders one corpus chart (-checked.chart) again
// and again with one engine, with the limit checks or, given -checked.off,
// without them. It is for counting what the checks cost in a process of
// its own, one engine at a time: scripts/overhead-instructions runs it
// under valgrind for both engines and reports the instructions a render
// executes, which, unlike CPU time, do not depend on what else the machine
// is doing.
func BenchmarkRenderChecked(b *testing.B) {
	c, top := loadCorpusChart(b, *checkedChart)
	e := New(overheadOptions())
	e.unguarded = *checkedOff
	// The second render is the first to run as all later ones do (see
	// BenchmarkLimitOverhead).
	for range 2 {
		if _, err := e.Render(context.Background(), c, top); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Render(context.Background(), c, top); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMedianInterval(t *testing.T) {
	seq := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(i)
		}
		return xs
	}
	for _, tt := range []struct {
		n      int
		lo, hi float64
	}{
		{0, 0, 0},
		{1, 0, 0},
		{4, 0, 3},
		{100, 40, 60},    // k = ⌈1.96·10/2⌉ = 10
		{1500, 712, 788}, // k = ⌈1.96·38.73/2⌉ = 38
	} {
		if lo, hi := medianInterval(seq(tt.n)); lo != tt.lo || hi != tt.hi {
			t.Errorf("n=%d: [%v, %v], want [%v, %v]", tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}
