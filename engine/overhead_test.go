//go:build unix

package engine

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
)

// BenchmarkLimitOverhead renders corpus charts with the limit checks (every
// function wrapper, the output accounting, the value guards) and without
// them, alternately in the same loop so that both see the same machine
// load, and reports the extra CPU time of the checks in percent
// (overhead-%, and the median of each adjacent pair's ratio,
// pair-median-overhead-%) and the CPU time of each render. From its second
// render on, the guarded engine runs the light set (templates that print
// root data without the print guard) where the last render counted enough
// such prints to pay for measuring root data (see lightWorthIt).
func BenchmarkLimitOverhead(b *testing.B) {
	for _, id := range []string{"bitnami-airflow", "argo-cd", "kyverno", "kube-prometheus-stack"} {
		b.Run(id, func(b *testing.B) {
			dir := filepath.Join(corpusDir(b), "charts", id)
			if _, err := os.Stat(dir); err != nil {
				b.Skip("chart not in corpus")
			}
			user := corpusUser(corpusDir(b), id)
			c, top := loadTop(b, dir, user)
			opts := Options{Deterministic: true, Parallelism: 1, MaxOutputBytes: 256 << 20, MaxValueBytes: 64 << 20,
				MaxBuildBytes: 1 << 30, MaxSteps: 5_000_000}
			guarded, plain := New(opts), New(opts)
			plain.unguarded = true
			for _, e := range []*Engine{guarded, plain} {
				if _, err := e.Render(context.Background(), c, top); err != nil {
					b.Fatal(err)
				}
			}
			var tg, tp time.Duration
			var ratios []float64
			timed := func(e *Engine) time.Duration {
				// Each render starts on a collected heap and pays for
				// the garbage collection of its own allocations only.
				runtime.GC()
				start := cpuTime()
				if _, err := e.Render(context.Background(), c, top); err != nil {
					b.Fatal(err)
				}
				return cpuTime() - start
			}
			b.ResetTimer()
			odd := false
			for b.Loop() {
				// Alternate the order, so that neither pays the other's
				// garbage collection more often.
				var g, p time.Duration
				if odd {
					p = timed(plain)
					g = timed(guarded)
				} else {
					g = timed(guarded)
					p = timed(plain)
				}
				odd = !odd
				tg, tp = tg+g, tp+p
				ratios = append(ratios, float64(g)/float64(max(p, 1)))
			}
			slices.Sort(ratios)
			b.ReportMetric(100*(float64(tg)/float64(tp)-1), "overhead-%")
			// The median of the pairs' ratios: a pair disturbed by another
			// process (the machine is shared) does not move it.
			b.ReportMetric(100*(ratios[len(ratios)/2]-1), "pair-median-overhead-%")
			b.ReportMetric(float64(tg.Nanoseconds())/float64(b.N), "cpu-ns/guarded")
			b.ReportMetric(float64(tp.Nanoseconds())/float64(b.N), "cpu-ns/plain")
		})
	}
}

// cpuTime is the CPU time the process has used, in user and system mode.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
