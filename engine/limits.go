package engine

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync/atomic"
	"unsafe"
)

// The sentinel errors a *LimitError wraps, one per kind of limit.
var (
	// ErrOutputLimit: the output of the render, or one string or list a
	// function would build, exceeds Options.MaxOutputBytes.
	ErrOutputLimit = errors.New("output limit exceeded")
	// ErrBuildLimit: the bytes written and built by the functions of one
	// render, added up, exceed Options.MaxBuildBytes.
	ErrBuildLimit = errors.New("build limit exceeded")
	// ErrStepLimit: the render executed more than Options.MaxSteps steps.
	ErrStepLimit = errors.New("step limit exceeded")
	// ErrDepthLimit: a value given to a function nests deeper than
	// Options.MaxValueDepth.
	ErrDepthLimit = errors.New("value depth limit exceeded")
	// ErrCycle: a value given to a function contains itself, or a
	// function would make a value contain itself.
	ErrCycle = errors.New("value contains itself")
	// ErrTplDepth: tpl calls nest deeper than Options.MaxTplDepth.
	ErrTplDepth = errors.New("tpl nesting limit exceeded")
)

// LimitError is the error of a function or of template output that would
// go beyond one of the render's limits. It is checked before the work is
// done, so reaching a limit costs about as much memory as the limit.
type LimitError struct {
	// Func is the template function that was refused, or "" for the
	// output of a template.
	Func string
	// Option is the engine option that sets the limit, e.g.
	// "MaxOutputBytes"; "" for ErrCycle.
	Option string
	// Need is what the function or output would have needed (bytes, steps
	// or levels); 0 when unknown.
	Need int64
	// Max is the limit.
	Max int64
	// Err is one of the sentinel errors above.
	Err error
	// Mutates is set for ErrCycle when the function (set, merge) would
	// have created the cycle.
	Mutates bool
}

func (e *LimitError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	b.WriteString(": ")
	if e.Func != "" {
		b.WriteString(e.Func)
		b.WriteByte(' ')
	}
	switch e.Err {
	case ErrCycle:
		if e.Mutates {
			b.WriteString("would make a map contain itself")
		} else {
			b.WriteString("was given a value that contains itself")
		}
		return b.String()
	case ErrDepthLimit:
		fmt.Fprintf(&b, "was given a value nested deeper than %d levels", e.Max)
	case ErrStepLimit:
		fmt.Fprintf(&b, "render took more than %d steps", e.Max)
	case ErrBuildLimit:
		fmt.Fprintf(&b, "render built more than %d bytes in all", e.Max)
	default:
		if e.Func == "" {
			fmt.Fprintf(&b, "template output is more than %d bytes", e.Max)
		} else {
			fmt.Fprintf(&b, "would build %d bytes, more than %d", e.Need, e.Max)
		}
	}
	b.WriteString(" (")
	b.WriteString(RaiseHint(e.Option, e.Err != ErrDepthLimit))
	b.WriteByte(')')
	return b.String()
}

// RaiseHint says how to raise the limit set by the option named option
// (an Options field, e.g. "MaxOutputBytes"): the chartrender CLI flag of
// the same name in kebab case (--max-output-bytes) and the field.
// removable adds that -1 removes the limit.
func RaiseHint(option string, removable bool) string {
	var flag strings.Builder
	for i, r := range option {
		if 'A' <= r && r <= 'Z' {
			if i > 0 {
				flag.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		flag.WriteRune(r)
	}
	hint := "raise it with --" + flag.String() + " or Options." + option
	if removable {
		hint += "; -1 removes it"
	}
	return hint
}

// Unwrap returns the sentinel error.
func (e *LimitError) Unwrap() error { return e.Err }

// limits are an engine's resolved limits; 0 means none.
type limits struct {
	maxValue  int64 // one string or list built by a function, one include/tpl result
	maxOutput int64 // the output of all template files
	maxBuild  int64 // everything written and built, added up
	maxSteps  int64
	maxDepth  int
}

func (o *Options) limits() limits {
	l := limits{
		maxValue:  max(o.MaxValueBytes, 0),
		maxOutput: max(o.MaxOutputBytes, 0),
		maxBuild:  max(o.MaxBuildBytes, 0),
		maxSteps:  max(o.MaxSteps, 0),
		maxDepth:  o.MaxValueDepth,
	}
	if l.maxDepth <= 0 {
		l.maxDepth = DefaultMaxValueDepth
	}
	if l.maxValue == 0 || (l.maxOutput > 0 && l.maxValue > l.maxOutput) {
		l.maxValue = l.maxOutput
	}
	return l
}

// valueOption names the option that limits one value.
func (e *Engine) valueOption() string {
	// MaxOutputBytes caps one value too when it is the smaller.
	if e.opts.MaxValueBytes > 0 && (e.lim.maxOutput == 0 || e.opts.MaxValueBytes <= e.lim.maxOutput) {
		return "MaxValueBytes"
	}
	return "MaxOutputBytes"
}

// budget is what one render has used so far, shared by its workers. The
// workers count locally and add their counts here in chunks.
type budget struct {
	output atomic.Int64
	built  atomic.Int64
	steps  atomic.Int64
	// collected is the built total at which the render last asked for a
	// garbage collection (see collectGarbage).
	collected atomic.Int64
}

// Workers report to the shared budget every flushSteps steps or
// flushBytes bytes; a render may overshoot a limit by that much per worker.
//
// A render executed by one worker alone (renderState.solo) reports
// farFlush times less often while it is far from every limit: after a
// report that leaves at least farSteps steps below MaxSteps and farBytes
// bytes below MaxBuildBytes and below collectFrom, the worker's next
// report is due after farSteps steps or farBytes bytes. No other worker
// adds to the budget in the meantime, so the report after that one is
// still within the limits (but for the charge that makes it due), and
// from there on the worker reports at the usual interval: it overshoots a
// limit by no more than with the usual interval. Real renders, far from
// every limit, report a sixteenth as often (and check the context as
// often: every farSteps steps at the latest, and at every include and
// tpl call). In a render of several workers, a worker cannot know what
// the others have not reported yet, and each keeps the usual interval.
const (
	flushSteps = 256
	flushBytes = 1 << 20
	farFlush   = 16
	farSteps   = farFlush * flushSteps
	farBytes   = farFlush * flushBytes
)

// stepUnits is what a step weighs in a meter's units, against one unit per
// byte: flushSteps steps weigh as much as flushBytes bytes.
const stepUnits = flushBytes / flushSteps

// meter is a worker's local count of the steps and built bytes not yet
// added to the render's budget. A charge adds to two numbers, the steps and
// the units (stepUnits per step and one per byte), and compares one, the
// units, with flushBytes: a worker reports after flushSteps steps or
// flushBytes bytes at the latest, and sooner when it has counted some of
// each. The units start at start, 0 or, for the longer interval of
// farFlush, below 0, so that the charges compare with the same constant;
// the bytes are the units less start and the steps' part.
type meter struct {
	units int64
	steps int64
	start int64 // the units after the last report: flushBytes less the interval
}

// built returns the bytes counted.
func (m *meter) built() int64 { return m.units - m.start - m.steps*stepUnits }

// farMeter is the meter of a worker that reports after farSteps steps or
// farBytes bytes.
var farMeter = meter{units: flushBytes - farBytes, start: flushBytes - farBytes}

// meterAfter returns the meter of a worker alone in its render after a
// report that brought the render's totals to steps and built bytes: the
// longer interval when the render is far from every limit (see farFlush).
func (l *limits) meterAfter(steps, built int64) meter {
	if (l.maxSteps == 0 || steps <= l.maxSteps-farSteps) &&
		(l.maxBuild == 0 || built <= l.maxBuild-farBytes) && built <= collectFrom-farBytes {
		return farMeter
	}
	return meter{}
}

// usage is what a worker has charged: steps and built bytes.
type usage struct {
	steps, built int64
}

// step counts one step (a write, a range iteration, a function call).
func (w *worker) step() error {
	w.m.units += stepUnits
	w.m.steps++
	if w.m.units >= flushBytes {
		return w.flush()
	}
	return nil
}

// nestSteps is the cost in steps of storing a map or list inside another
// one (dict, list, append, set, merge). It bounds the depth a template can
// build: values are printed by text/template with fmt, whose recursion
// cannot be guarded, and about a million levels overflow the stack.
const nestSteps = 64

// nest charges the steps of storing containers when one of vs is a map or
// a list.
func (w *worker) nest(vs ...any) error {
	for _, v := range vs {
		if _, ok := v.(string); ok {
			// Most arguments are strings (dict's keys): one comparison.
			continue
		}
		switch v.(type) {
		case nil, bool, int, int64, float64:
			continue
		}
		return w.steps(nestSteps)
	}
	return nil
}

// steps counts n steps.
func (w *worker) steps(n int64) error {
	w.m.units += n * stepUnits
	w.m.steps += n
	if w.m.units >= flushBytes {
		return w.flush()
	}
	return nil
}

// charge counts n built bytes and one step.
func (w *worker) charge(n int64) error {
	w.m.units += n + stepUnits
	w.m.steps++
	if w.m.units >= flushBytes {
		return w.flush()
	}
	return nil
}

// flush adds the local counts to the render's budget and checks the
// limits and the context.
func (w *worker) flush() error {
	r := w.r
	steps, built := w.m.steps, w.m.built()
	w.m = meter{}
	w.flushed.steps += steps
	w.flushed.built += built
	if err := r.checkCtx(); err != nil {
		return err
	}
	l := &r.e.lim
	s := r.b.steps.Add(steps)
	if l.maxSteps > 0 && s > l.maxSteps {
		return limitError("MaxSteps", s, l.maxSteps, ErrStepLimit)
	}
	b := r.b.built.Add(built)
	if l.maxBuild > 0 && b > l.maxBuild {
		return limitError("MaxBuildBytes", b, l.maxBuild, ErrBuildLimit)
	}
	if b >= collectFrom {
		r.b.collectGarbage(b)
	}
	if r.solo {
		w.m = l.meterAfter(s, b)
	}
	return nil
}

// limitError returns the error of a render over a limit. It is a function
// of its own, not inlined, so that the callers' code holds one call where
// it would hold the error's construction.
//
//go:noinline
func limitError(option string, need, max int64, err error) error {
	return &LimitError{Option: option, Need: need, Max: max, Err: err}
}

// A render that has built collectFrom bytes asks for a garbage collection
// every collectEvery bytes it builds after that. Output and value bombs
// leave as much garbage as they build (function results that were printed,
// fmt's copy of each printed string, replaced strings), and the collector's
// own pacing lets the heap grow to twice what is live before it collects:
// a render stopped at a 256 MiB output limit would hold about 400 MiB,
// most of it fresh memory, whose first use costs more time than the
// collections do. No corpus chart builds a tenth of collectFrom, so real
// renders never collect on their own.
const (
	collectFrom  = 64 << 20
	collectEvery = 32 << 20
)

// collectGarbage runs a garbage collection when the render's built total
// has grown by collectEvery since the last one it asked for; of several
// workers passing the mark at once, one collects.
func (b *budget) collectGarbage(built int64) {
	last := b.collected.Load()
	if built-last < collectEvery || !b.collected.CompareAndSwap(last, built) {
		return
	}
	runtime.GC()
}

// checkSize refuses a result of n bytes that fn would build, and charges
// it otherwise. It runs on almost every guarded call, so its usual path,
// chargeSmall, is two comparisons (with the worker's sizeCap, where a
// negative n, an estimate that overflowed, compares as huge, and with the
// next flush) and two additions; everything else is in checkSizeSlow. The
// hottest wrappers call chargeSmall and checkSizeSlow themselves, which
// saves a call.
func (w *worker) checkSize(fn string, n int64) error {
	if w.chargeSmall(n) {
		return nil
	}
	return w.checkSizeSlow(fn, n)
}

// chargeSmall is checkSize's usual path, small enough to inline into the
// wrappers: when n is within the value limit (below sizeCap) and charging
// it does not reach a flush, it charges n and reports true; otherwise it
// charges nothing and reports false, and the caller calls checkSizeSlow.
func (w *worker) chargeSmall(n int64) bool {
	if uint64(n) >= w.sizeCap || w.m.units+n >= flushBytes-stepUnits {
		return false
	}
	w.m.units += n + stepUnits
	w.m.steps++
	return true
}

// checkSizeSlow is checkSize when chargeSmall declines: a size over the
// limit, a negative size, a worker whose sizeCap is not set yet (0), or a
// charge that flushes. It sets sizeCap from the engine's limit: the limit plus one, or the
// largest uint64 when there is none.
//
//go:noinline
func (w *worker) checkSizeSlow(fn string, n int64) error {
	max := w.r.e.lim.maxValue
	if max > 0 {
		w.sizeCap = uint64(max) + 1
		if n > max || n < 0 {
			if n < 0 {
				n = 1<<63 - 1
			}
			return &LimitError{Func: fn, Option: w.r.e.valueOption(), Need: n, Max: max, Err: ErrOutputLimit}
		}
	} else {
		w.sizeCap = math.MaxUint64
	}
	return w.charge(n)
}

// limitWriter collects output, counting a step for each write and checking
// the limits. Text/template writes every piece of text and every action
// result through it, and the engine adds an empty write at the start of
// every range iteration, so even a loop that prints nothing is counted and
// notices cancellation.
//
// The output is kept in chunks of at most chunkBytes (a first chunk that
// grows by doubling up to that size, then chunks of that size), so that
// growing never copies what was written: a writer that reaches a limit of
// N bytes has allocated about N. String joins the chunks once, when there
// is more than one.
//
// A write is checked against one number, check: a writer's own count of
// bytes (n) may grow up to it without anything else to look at. For an
// intermediate result it is the value limit. For the output of a template
// file it is the output limit less what other files had written when the
// writer was made or last added its own bytes to the render's output
// total, and at most outputSyncBytes past that moment: a write beyond it
// adds the bytes not yet added, checks the total and sets check again. The
// total is exact for the files of one worker (a file adds its last bytes
// when it is done), and a write is never refused when the output is within
// the limit.
type limitWriter struct {
	buf   []byte   // the chunk being filled
	full  [][]byte // chunks filled before buf
	n     int64    // bytes written, in full and buf
	w     *worker
	final bool // the output of a template file, counted in the output total
	// guarded: the writer counts and checks (the engine is not unguarded).
	guarded bool
	// check is the largest n the writer accepts before looking at the
	// limits again (see above); synced is the part of n already added to
	// the render's output total (final writers only).
	check, synced int64
	// adopted is the address of the last large write kept as it is: in
	// the output, it cannot be freed and reused while lw is in use.
	adopted uintptr
	// copied counts the bytes of large writes copied since the last
	// collection they asked for; collect says that one is due (see
	// copies): check is then -1, so that the next write collects garbage
	// and restores check to checkAfter.
	copied     int64
	collect    bool
	checkAfter int64
}

// outputSyncBytes is how many bytes the output of a template file may
// grow by before it is added to the render's output total: parallel
// workers may together exceed the output limit by this much each before
// one of them sees it.
const outputSyncBytes = 64 << 10

// noCheck is the check of a writer without a limit.
const noCheck = 1<<63 - 1

// chunkBytes is the size of the chunks of a limitWriter past its first.
const chunkBytes = 1 << 20

// adoptBytes is the size from which a limitWriter keeps what is written as
// a chunk of its own, without copying it. Whatever writes to it never
// modifies a piece of that size afterwards: text/template writes the text
// of its parse trees, which nothing changes, and what fmt printed; fmt
// drops a buffer over 64 KiB once it has been written out instead of
// using it again (TestFmtDropsLargeBuffers checks this); and the engine
// writes strings. So a template printing a large string it holds in a
// variable ({{ $s }}), which fmt copies first, costs that copy only, and
// the output of a large include or tpl result costs nothing.
const adoptBytes = chunkBytes

// Write counts a step and len(p) built bytes, checks the limits when the
// worker's meter is due to report or the writer's count passes its check,
// and keeps p. Text/template writes through it.
//
// Write, write and writeMemo keep their fast paths short: the meter's
// update and one comparison, then p appended in place; what is rare
// (reporting, the checks past a writer's check, a chunk to add) is in
// functions of their own, called last, so that nothing needs to be kept
// across the call.
func (lw *limitWriter) Write(p []byte) (int, error) {
	k := int64(len(p))
	if lw.guarded {
		m := &lw.w.m
		m.units += k + stepUnits
		m.steps++
		if settleDue(m.units, lw.n+k, lw.check) {
			return lw.settlePut(p, true)
		}
	}
	if n := len(lw.buf); len(p) <= cap(lw.buf)-n && len(p) < adoptBytes {
		lw.n += k
		lw.buf = lw.buf[:n+len(p)]
		return copy(lw.buf[n:], p), nil
	}
	return lw.put(p, true)
}

// write is Write for the engine's own writes: it counts len(p) built
// bytes and no step (the action that printed p counts one through Write),
// and p is never fmt's buffer (see copies).
func (lw *limitWriter) write(p []byte) error {
	k := int64(len(p))
	if lw.guarded {
		m := &lw.w.m
		m.units += k
		if settleDue(m.units, lw.n+k, lw.check) {
			_, err := lw.settlePut(p, false)
			return err
		}
	}
	if n := len(lw.buf); len(p) <= cap(lw.buf)-n && len(p) < adoptBytes {
		lw.n += k
		lw.buf = lw.buf[:n+len(p)]
		copy(lw.buf[n:], p)
		return nil
	}
	_, err := lw.put(p, false)
	return err
}

// memoCharge is what a hit of a remembered include call charges (see
// writeMemo): the call spent steps steps and built bytes, of which its
// output is n; negative counts charge nothing.
func memoCharge(steps, built int64, n int) meter {
	steps = max(steps, 0) + 1 // and the step of the write
	return meter{units: steps*stepUnits + max(built, int64(n)), steps: steps}
}

// writeMemo writes p, the output remembered from an include call (see
// memo.go), and charges again what the call spent, c (see memoCharge).
// p is never modified, so that put may keep it (see adoptBytes).
func (lw *limitWriter) writeMemo(p []byte, c meter) error {
	if lw.guarded {
		m := &lw.w.m
		m.units += c.units
		m.steps += c.steps
		if settleDue(m.units, lw.n+int64(len(p)), lw.check) {
			_, err := lw.settlePut(p, false)
			return err
		}
	}
	_, err := lw.put(p, false)
	return err
}

// settleDue reports whether a guarded write must settle (see settle):
// the meter's units reached flushBytes, or the writer's count n passed its
// check. It is one test of a sign bit, not two branches: units-flushBytes
// is at least 0 exactly when its complement is negative, and check-n is
// negative when n passed check (neither can overflow: units, n and check
// are far from the int64 bounds, check at most noCheck and n at least 0).
func settleDue(units, n, check int64) bool {
	return (^(units - flushBytes) | (check - n)) < 0
}

// settlePut is the slow path of a guarded write of p, already counted in
// the worker's meter: settle, then put.
func (lw *limitWriter) settlePut(p []byte, printed bool) (int, error) {
	if err := lw.settle(int64(len(p))); err != nil {
		return 0, err
	}
	return lw.put(p, printed)
}

// settle is the slow path of a guarded write of k bytes, already counted
// in the worker's meter: it reports the meter to the render's budget when
// it is due, and checks the limits of the writer when the write takes it
// past its check.
func (lw *limitWriter) settle(k int64) error {
	if lw.w.m.units >= flushBytes {
		if err := lw.w.flush(); err != nil {
			return err
		}
	}
	if n := lw.n + k; n > lw.check {
		return lw.recheck(n)
	}
	return nil
}

// put keeps p, which was counted and checked (see write).
func (lw *limitWriter) put(p []byte, printed bool) (int, error) {
	if len(p) >= adoptBytes && !(printed && lw.copies(p)) {
		// A large write is kept as it is, not copied (see adoptBytes).
		lw.adopted = uintptr(unsafe.Pointer(unsafe.SliceData(p)))
		lw.n += int64(len(p))
		if lw.n == int64(len(p)) && len(lw.full) == 0 {
			// The first: String returns it without copying.
			lw.buf = p[:len(p):len(p)]
			return len(p), nil
		}
		if len(lw.buf) > 0 {
			lw.full = append(lw.full, lw.buf[:len(lw.buf):len(lw.buf)])
		}
		lw.full = append(lw.full, p[:len(p):len(p)])
		// What follows goes into the rest of the chunk being filled.
		lw.buf = lw.buf[len(lw.buf):]
		return len(p), nil
	}
	lw.n += int64(len(p))
	if len(lw.buf)+len(p) <= cap(lw.buf) || len(lw.buf)+len(p) <= chunkBytes {
		lw.buf = append(lw.buf, p...)
		return len(p), nil
	}
	if cap(lw.buf) < chunkBytes {
		// The first chunk grows to its full size before spilling over.
		nb := make([]byte, len(lw.buf), chunkBytes)
		copy(nb, lw.buf)
		lw.buf = nb
	}
	q := p
	for len(q) > 0 {
		if len(lw.buf) == cap(lw.buf) {
			if len(lw.buf) > 0 {
				lw.full = append(lw.full, lw.buf)
			}
			lw.buf = lw.newChunk(len(q))
		}
		k := min(len(q), cap(lw.buf)-len(lw.buf))
		lw.buf = append(lw.buf, q[:k]...)
		q = q[k:]
	}
	return len(p), nil
}

// copies reports whether a large write from text/template, p, is copied
// into the writer's chunks rather than kept (see adoptBytes). It is once
// the render has built bigFrom bytes and its chunks use huge pages, for a
// piece the writer has not just kept (the text of a template repeated in a
// loop is kept each time, at no cost). A variable's string printed again
// and again ({{ $s }}) reaches the writer in a fresh buffer of fmt's each
// time, in 4 KiB pages faulted anew; copied, the buffer becomes garbage,
// and the writer's next write (the empty write of a range iteration, or
// the next piece of text) collects it (see recheck), so that fmt's next
// buffer reuses its pages. The writer collects once per bigChunkBytes
// copied, so that a render cannot make it collect more often than once
// per 16 MiB it builds.
func (lw *limitWriter) copies(p []byte) bool {
	w := lw.w
	if uintptr(unsafe.Pointer(unsafe.SliceData(p))) == lw.adopted || w.r.e.unguarded || w.r.e.noHuge || !lw.big() {
		return false
	}
	if lw.copied += int64(len(p)); lw.copied >= bigChunkBytes && !lw.collect {
		lw.copied, lw.collect, lw.checkAfter, lw.check = 0, true, lw.check, -1
	}
	return true
}

// newChunk returns an empty chunk for the rest of a write of n bytes:
// chunkBytes, or up to 64 of them for a larger write. Once the render has
// built bigFrom bytes, the chunk is of bigChunkBytes (or what is left
// below the writer's limit, if less) and huge pages are asked for.
func (lw *limitWriter) newChunk(n int) []byte {
	size := max(chunkBytes, min(n, 64*chunkBytes))
	if lw.big() {
		size = max(size, bigChunkBytes)
		if limit := lw.limit(); limit > 0 {
			size = min(size, max(n, chunkBytes, int(min(limit-lw.n, bigChunkBytes))))
		}
	}
	return lw.alloc(size)
}

// limit is the limit on what lw may hold: the output limit for the output
// of a template file, the value limit for a result; 0 for none.
func (lw *limitWriter) limit() int64 {
	if lw.final {
		return lw.w.r.e.lim.maxOutput
	}
	return lw.w.r.e.lim.maxValue
}

// big reports whether the render of lw has built bigFrom bytes.
func (lw *limitWriter) big() bool {
	return lw.w.r.b.built.Load()+lw.w.m.built() >= bigFrom
}

// alloc returns an empty buffer of capacity n, for which huge pages are
// asked when the render is big (see adviseHuge).
func (lw *limitWriter) alloc(n int) []byte {
	b := make([]byte, 0, n)
	if n >= 2*hugePage && lw.big() && !lw.w.r.e.noHuge {
		adviseHuge(b[:n])
	}
	return b
}

// Output and value bombs spend most of their time in the kernel, mapping
// the fresh memory they fill one 4 KiB page at a time (a page fault costs
// 15-20 µs on the project's VM: 256 MiB of output took about a second of
// CPU that way). A render that has built bigFrom bytes therefore keeps
// what its writers collect in chunks of bigChunkBytes, for which it asks
// the kernel to use 2 MiB pages (on Linux, where transparent huge pages
// are enabled for advised memory, unless GODEBUG has disablethp=1;
// elsewhere nothing changes). No corpus chart builds half of bigFrom, so
// real renders never do this.
const (
	bigFrom       = 16 << 20
	bigChunkBytes = 16 << 20
)

// recheck checks a write that makes the writer hold n bytes, more than
// its check: against the value limit for an intermediate result; for the
// output of a template file, against the output limit for the file, then
// against the render's output total, with the bytes not yet added to it.
func (lw *limitWriter) recheck(n int64) error {
	e := lw.w.r.e
	if lw.collect {
		lw.collect, lw.check = false, lw.checkAfter
		runtime.GC()
		if n <= lw.check {
			return nil
		}
	}
	if !lw.final {
		return &LimitError{Option: e.valueOption(), Need: n, Max: e.lim.maxValue, Err: ErrOutputLimit}
	}
	max := e.lim.maxOutput
	if n > max {
		return &LimitError{Option: "MaxOutputBytes", Need: n, Max: max, Err: ErrOutputLimit}
	}
	t := lw.sync(n)
	if t > max {
		return &LimitError{Option: "MaxOutputBytes", Need: t, Max: max, Err: ErrOutputLimit}
	}
	// Other files wrote t-n bytes: this one may hold max-(t-n).
	lw.check = min(n+outputSyncBytes, max-(t-n))
	return nil
}

// sync adds the bytes of the first n the writer has not added to the
// render's output total and returns the total.
func (lw *limitWriter) sync(n int64) int64 {
	t := lw.w.r.b.output.Add(n - lw.synced)
	lw.synced = n
	return t
}

// String returns the output, without copying it when it fits in one
// chunk; the writer must not be written to afterwards.
func (lw *limitWriter) String() string {
	if len(lw.full) > 0 {
		out := lw.alloc(int(lw.n))
		for _, c := range lw.full {
			out = append(out, c...)
		}
		out = append(out, lw.buf...)
		lw.full, lw.buf = nil, out
	}
	return unsafe.String(unsafe.SliceData(lw.buf), len(lw.buf))
}

// Bounds of the writers a worker keeps for reuse: how many, and the
// capacity above which a writer's buffer is dropped rather than kept.
const (
	maxFreeWriters   = 16
	maxKeptBufferCap = 256 << 10
)

// newBuf returns a writer for an intermediate result (include, tpl); give
// it back with done.
func (w *worker) newBuf() *limitWriter { return w.writer(false) }

// newOut returns a writer for the output of a template file; give it back
// with done.
func (w *worker) newOut() *limitWriter { return w.writer(true) }

func (w *worker) writer(final bool) *limitWriter {
	var lw *limitWriter
	if n := len(w.writers); n > 0 {
		lw = w.writers[n-1]
		w.writers = w.writers[:n-1]
	} else {
		lw = &limitWriter{w: w}
	}
	lw.final, lw.synced, lw.guarded = final, 0, !w.r.e.unguarded
	l := &w.r.e.lim
	switch {
	case final && l.maxOutput > 0:
		// As recheck would set it after adding nothing: the writer may
		// hold what other files have left of the limit, and adds its
		// bytes to the total once it holds outputSyncBytes.
		lw.check = min(outputSyncBytes, l.maxOutput-w.r.b.output.Load())
	case !final && l.maxValue > 0:
		lw.check = l.maxValue
	default:
		lw.check = noCheck
	}
	return lw
}

// done returns the output collected by lw, with every "<no value>"
// removed, in a string of its own, and keeps lw (and its buffer, unless it
// grew large) for the next result. lw must not be used afterwards.
func (w *worker) done(lw *limitWriter) string {
	s := lw.String()
	if strings.Contains(s, "<no value>") {
		s = strings.ReplaceAll(s, "<no value>", "")
		w.recycle(lw, false)
		return s
	}
	return w.keep(lw)
}

// keep returns the output collected by lw in a string of its own, as it
// is, and keeps lw for the next result, like done.
func (w *worker) keep(lw *limitWriter) string {
	s := lw.String()
	if len(s) >= handOverLen {
		// Large results are mostly written in a few large pieces: the
		// buffer is about their size, and copying it would only add to
		// what the render allocates.
		w.recycle(lw, true)
		return s
	}
	s = strings.Clone(s)
	w.recycle(lw, false)
	return s
}

// handOverLen is the result length from which done and keep return a
// string sharing the writer's buffer instead of a copy.
const handOverLen = 32 << 10

// recycle keeps lw for reuse; handedOver means its buffer now belongs to a
// returned string.
func (w *worker) recycle(lw *limitWriter, handedOver bool) {
	if lw.final && lw.check != noCheck && lw.n > lw.synced {
		lw.sync(lw.n)
	}
	if len(w.writers) >= maxFreeWriters {
		return
	}
	if handedOver || cap(lw.buf) > maxKeptBufferCap {
		lw.buf = nil
	}
	lw.buf, lw.full, lw.n, lw.adopted, lw.copied, lw.collect = lw.buf[:0], nil, 0, 0, 0, false
	w.writers = append(w.writers, lw)
}
