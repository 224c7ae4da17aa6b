package unittest

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// An Option adjusts the Runner that Run uses.
type Option func(*Runner)

// WithRunner starts from a copy of r's settings.
func WithRunner(r Runner) Option { return func(dst *Runner) { *dst = r } }

// UpdateSnapshots rewrites snapshots that differ instead of failing, e.g.
// from a flag of the caller's test: UpdateSnapshots(*update).
func UpdateSnapshots(update bool) Option { return func(r *Runner) { r.UpdateSnapshot = update } }

// TestFiles sets the suite file patterns (see Runner.TestFiles).
func TestFiles(patterns ...string) Option { return func(r *Runner) { r.TestFiles = patterns } }

// TestingT is the part of *testing.T that Run uses. It is spelled out here
// so that programs which link this package (a CLI, a controller) do not
// link package testing too; T is *testing.T itself.
type TestingT[T any] interface {
	Helper()
	Deadline() (time.Time, bool)
	Run(name string, f func(T)) bool
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Skip(args ...any)
}

// Run runs the helm-unittest suites of the chart at chartDir from a Go
// test: each suite is a subtest of t and each of its tests a subtest of
// the suite, so that `go test -run 'TestChart/deployment/renders'` shows
// one of them (all of them are run). A failed test reports helm-unittest's
// failure messages; a skipped one is skipped.
func Run[T TestingT[T]](t T, chartDir string, opts ...Option) *Report {
	t.Helper()
	var r Runner
	for _, o := range opts {
		o(&r)
	}
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
	}
	rep, err := r.Run(ctx, chartDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Charts {
		if c.Err != nil {
			t.Errorf("%s: %v", chartDir, c.Err)
			continue
		}
		for _, s := range c.Suites {
			s := s
			t.Run(subtestName(s.Name, s.File), func(t T) {
				if s.Err != nil {
					t.Fatalf("%s: %v", s.File, s.Err)
				}
				for _, tr := range s.Tests {
					tr := tr
					t.Run(subtestName(tr.Name, ""), func(t T) {
						reportTest(t, s, tr)
					})
				}
			})
		}
	}
	return rep
}

func subtestName(name, fallback string) string {
	if name == "" {
		name = fallback
	}
	return strings.ReplaceAll(name, " ", "_")
}

func reportTest[T TestingT[T]](t T, s *SuiteResult, tr *TestResult) {
	switch {
	case tr.Passed:
		return
	case tr.Skipped:
		t.Skip("skipped")
	case tr.Err != nil:
		t.Errorf("%s: %s: %v", s.File, tr.Name, tr.Err)
		return
	}
	var b strings.Builder
	for _, a := range tr.Asserts {
		if a.Passed {
			continue
		}
		not := ""
		if a.Not {
			not = " NOT"
		}
		b.WriteString("\n- asserts[" + strconv.Itoa(a.Index) + "]" + not + " `" + a.Type + "` fail\n")
		for _, l := range a.Info {
			b.WriteString("\t" + l + "\n")
		}
	}
	t.Errorf("%s: %s:%s", s.File, tr.Name, b.String())
}
