package engine

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// printfFormats are formats for printfSize's tests: the short ones its fast
// loop sizes and every shape it hands to printfSizeFull.
var printfFormats = []string{
	"", "plain text", "%s", "%s-%s", "%d/%v", "%q", "a%xb", "%X%U", "%b%o%O", "%%", "100%", "%", "%%%s",
	"%5d", "%-4s", "%+v", "%#v", "% d", "%.3f", "%*d", "%-*s", "%[1]s", "%[2]*[1]d", "%]", "%10000000000000d",
	"%99999999999999999999999s", "%.99999999999999999999f", "%é", "%\x80", "%\xff", "%{", "%~", "%\x7f", "%A",
	"%z", "%Z", "%^", "%_", "%`", "%\\", "%!", "%s%q%5x%%%*d", strings.Repeat("%s", 1000),
	strings.Repeat("%q", 1000), strings.Repeat("%1000000d", 50),
	// '%' at every offset of an eight-byte block, and bytes next to '%'
	// in value ('$' and '&', 0x24 and 0x26), for the block search.
	"%s234567", "1%s34567", "12%s4567", "123%s567", "1234%s67", "12345%s7", "123456%s", "1234567%s",
	"1234567%", "12345678%q", "$$$$$$$$%x&&&&&&&&%s", "&%&%&%&%&%5d", "\x00\xff%s\x80%q", "0123456789abcdef%",
	strings.Repeat("a", 63) + "%10d", strings.Repeat("%%", 9) + "%s",
}

// printfSize's fast loop gives printfSizeFull's bound for every format,
// whatever the arguments: a width, a '*', an index or a quoting verb is
// never missed.
func TestPrintfSizeFast(t *testing.T) {
	argSets := [][]any{nil, {"a"}, {"a", 7}, {1 << 40, "x", -1 << 50}, {math.MaxInt, math.MinInt}}
	for _, format := range printfFormats {
		for _, vs := range argSets {
			for _, n := range []int64{0, 5, 1 << 40, 1 << 62} {
				if got, want := printfSize(format, n, vs), printfSizeFull(format, n, vs); got != want {
					t.Errorf("printfSize(%.40q, %d, %v) = %d, printfSizeFull gives %d", format, n, vs, got, want)
				}
			}
		}
	}
}

func FuzzPrintfSize(f *testing.F) {
	for _, format := range printfFormats {
		f.Add(format, int64(3), 7)
	}
	f.Fuzz(func(t *testing.T, format string, n int64, arg int) {
		n = max(n, 0)
		vs := []any{"s", arg}
		if got, want := printfSize(format, n, vs), printfSizeFull(format, n, vs); got != want {
			t.Errorf("printfSize(%q, %d, %v) = %d, printfSizeFull gives %d", format, n, vs, got, want)
		}
	})
}

// checkSize refuses and charges as its definition says (refuse n over the
// limit or negative, charge it otherwise; no limit: charge anything),
// whether the worker's cached cap is set yet or not, and refuses with
// the limit and the function named.
func TestCheckSizeCap(t *testing.T) {
	sizes := []int64{0, 1, 999, 1000, 1001, -1, math.MinInt64, math.MaxInt64, 1 << 62}
	for _, limit := range []int64{0, 1, 1000, math.MaxInt64} {
		e := New(Options{})
		e.lim.maxValue = limit
		// fresh: a new worker for each size (its cap unset); warm: one
		// worker for all (its cap set by the first call).
		warm := &worker{r: &renderState{e: e, ctx: context.Background()}}
		for _, n := range sizes {
			fresh := &worker{r: &renderState{e: e, ctx: context.Background()}}
			refused := limit > 0 && (n > limit || n < 0)
			for _, w := range []*worker{fresh, warm} {
				before := w.spent()
				err := w.checkSize("fn", n)
				var le *LimitError
				switch {
				case refused && (!errors.As(err, &le) || !errors.Is(err, ErrOutputLimit) || le.Func != "fn" || le.Max != limit):
					t.Errorf("limit %d: checkSize(%d) = %v, want a refusal", limit, n, err)
				case refused && w.spent() != before:
					t.Errorf("limit %d: checkSize(%d) refused and charged %+v", limit, n, w.spent())
				case !refused && err != nil:
					t.Errorf("limit %d: checkSize(%d) = %v", limit, n, err)
				case !refused && w.spent().steps != before.steps+1:
					t.Errorf("limit %d: checkSize(%d) did not count a step", limit, n)
				}
			}
		}
	}
}

// hostileShapes returns a list nested 200 deep, a map that contains
// itself, and a map holding the same map twice at each of 64 levels (its
// printed size is past int64).
func hostileShapes() (deep, cyc, huge any) {
	deep = "x"
	for range 200 {
		deep = []any{deep}
	}
	c := map[string]any{}
	c["self"] = c
	huge = map[string]any{"a": "x"}
	for range 64 {
		huge = map[string]any{"a": huge, "b": huge}
	}
	return deep, c, huge
}

// call calls f, turning a wrapper's refusal (a panic) into an error.
func call(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			var ok bool
			if err, ok = r.(error); !ok {
				panic(r) // not a refusal
			}
		}
	}()
	f()
	return nil
}

// The printers' checks (strings added up in the wrapper, the rest from the
// first argument that is not a string) charge what measureArgs and
// checkSize charge, and refuse what they refuse: long strings anywhere,
// values nested too deep, cycles and values whose printed size is past
// int64, after any number of strings.
func TestPrinterChecks(t *testing.T) {
	long := strings.Repeat("x", 5000)
	deep, cyc, huge := hostileShapes()
	tests := []struct {
		args []any
		want error
	}{
		{nil, nil},
		{[]any{"a", "b"}, nil},
		{[]any{"a", 1, nil, true, 2.5, int64(3), float32(1), uint(2)}, nil},
		{[]any{1, "a", "b"}, nil},
		{[]any{"a", map[string]any{"k": []any{1, "v"}}, "b"}, nil},
		{[]any{"a", []byte("xyz")}, nil},
		{[]any{long}, ErrOutputLimit},
		{[]any{"a", long}, ErrOutputLimit},
		{[]any{1, long}, ErrOutputLimit},
		{[]any{"a", 1, long}, ErrOutputLimit},
		{[]any{long[:2000], 1, long[:2000]}, ErrOutputLimit},
		{[]any{"a", deep}, ErrDepthLimit},
		{[]any{"a", "b", cyc}, ErrCycle},
		{[]any{"a", huge}, ErrOutputLimit},
		{[]any{huge, "a"}, ErrOutputLimit},
	}
	e := New(Options{MaxOutputBytes: 4000, MaxValueDepth: 100})
	base := e.funcs
	for _, name := range []string{"print", "println", "cat", "quote", "squote", "html", "js", "urlquery", "printf"} {
		for i, tt := range tests {
			got := &worker{r: &renderState{e: e, ctx: context.Background()}}
			want := &worker{r: &renderState{e: e, ctx: context.Background()}}
			fm := got.limitFuncs(base)
			var gotErr error
			n, wantErr := want.measureArgs(name, tt.args)
			if name == "printf" {
				gotErr = call(func() { fm[name].(func(string, ...any) string)("%v-%s", tt.args...) })
				if wantErr == nil {
					wantErr = want.checkSize(name, printfSize("%v-%s", n, tt.args))
				}
			} else {
				gotErr = call(func() { fm[name].(func(...any) string)(tt.args...) })
				if wantErr == nil {
					factor := map[string]int64{"quote": 6, "html": 6, "js": 6, "urlquery": 3}[name]
					wantErr = want.checkSize(name, max(factor, 1)*(n+2*int64(len(tt.args))))
				}
			}
			if tt.want == nil && (gotErr != nil || wantErr != nil) {
				t.Errorf("%s case %d: got %v, reference %v, want no error", name, i, gotErr, wantErr)
				continue
			}
			if tt.want != nil && (!errors.Is(gotErr, tt.want) || !errors.Is(wantErr, tt.want)) {
				t.Errorf("%s case %d: got %v, reference %v, want %v", name, i, gotErr, wantErr, tt.want)
				continue
			}
			var le *LimitError
			if tt.want != nil && (!errors.As(gotErr, &le) || le.Func != name) {
				t.Errorf("%s case %d: %v does not name %s", name, i, gotErr, name)
			}
			if g, w := got.spent(), want.spent(); g != w {
				t.Errorf("%s case %d: charged %+v, reference %+v", name, i, g, w)
			}
		}
	}
}

// checkValue's string path sizes a string as scalarSize does in every mode
// and refuses one over the limit; other values take the slow path, which
// still walks containers and refuses cycles.
func TestCheckValueString(t *testing.T) {
	cyc := []any{nil}
	cyc[0] = cyc
	values := []any{"", "abc", strings.Repeat(`"<&`, 30), strings.Repeat("x", 3999), strings.Repeat("x", 4001),
		strings.Repeat(`"`, 1000), 7, nil, true, false, int64(-1 << 62), int32(5), uint64(1 << 63), uint32(1), uint(3),
		1e300, float32(1.5), []byte("bytes"), map[string]any{"a": "b"}, []any{"x", 1}, cyc}
	e := New(Options{MaxOutputBytes: 4000, MaxValueDepth: 100})
	for _, mode := range []sizeMode{modeFmt, modeJSON, modeIndent} {
		for j, v := range values {
			got := &worker{r: &renderState{e: e, ctx: context.Background()}}
			want := &worker{r: &renderState{e: e, ctx: context.Background()}}
			gotErr := got.checkValue("toJson", mode, v)
			var wantErr error
			if n, ok := scalarSize(v, mode); ok {
				wantErr = want.checkSize("toJson", n)
			} else if n, err := want.measure("toJson", mode, v); err != nil {
				wantErr = err
			} else {
				wantErr = want.checkSize("toJson", n)
			}
			if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
				t.Errorf("mode %d value %d: got %v, want %v", mode, j, gotErr, wantErr)
			}
			if g, w := got.spent(), want.spent(); g != w {
				t.Errorf("mode %d value %d: charged %+v, want %+v", mode, j, g, w)
			}
		}
	}
}

// nestFree agrees with nest's type switch on every kind of value.
func TestNestFree(t *testing.T) {
	var np *int
	for _, v := range []any{"", "a", nil, true, 0, int64(1), 2.5, float32(1), int32(1), uint(1), uint64(1), []byte("x"),
		[]any{}, map[string]any{}, []string{}, np, struct{}{}, any(map[string]int{})} {
		want := false
		switch v.(type) {
		case string, nil, bool, int, int64, float64:
			want = true
		}
		if got := nestFree(v); got != want {
			t.Errorf("nestFree(%T) = %v, want %v", v, got, want)
		}
	}
}

// dict's wrapper, from its first argument that is not a string, charges
// what nest, the check of a container key and the entries charge, and
// refuses a key that is a cycle, too deep or printed past the limit,
// wherever it stands.
func TestDictArgsShapes(t *testing.T) {
	deep, cyc, huge := hostileShapes()
	m := map[string]any{"k": "v"}
	tests := []struct {
		args []any
		want error
	}{
		{[]any{"a", m, "b", 1}, nil},
		{[]any{"a", 1, "b", m}, nil},
		{[]any{"a", 1, "b", true, "c", nil, "d", 2.5, "e", int64(3)}, nil},
		{[]any{"a", float32(1)}, nil},
		{[]any{"a", uint(1), "b", "c"}, nil},
		{[]any{"a", m, []any{"k"}, m}, nil},
		{[]any{"a", m, 7, m}, nil},
		{[]any{"a", "b", m}, nil},
		{[]any{"a", "b", cyc, 1}, ErrCycle},
		{[]any{"a", m, deep, 1}, ErrDepthLimit},
		{[]any{"a", 1, huge, 1}, ErrOutputLimit},
		{[]any{huge, 1}, ErrOutputLimit},
		{[]any{"a", huge}, nil}, // a value is not printed
		{[]any{"a", 1, m}, nil},
		{[]any{"a", 1, "b"}, nil},
		{[]any{"a", m, cyc}, ErrCycle},
		{[]any{7, 1, m, "x"}, nil},
		{[]any{7, m, 8, 1}, nil},
		{[]any{"a", 1, "a", 2, "b"}, nil},
		{[]any{"a", nil, "b", []any{1}, "c", m}, nil},
		{[]any{}, nil},
	}
	e := New(Options{MaxOutputBytes: 4000, MaxValueDepth: 100})
	for i, tt := range tests {
		got := &worker{r: &renderState{e: e, ctx: context.Background()}}
		want := &worker{r: &renderState{e: e, ctx: context.Background()}}
		dict := got.limitFuncs(e.funcs)["dict"].(func(...any) map[string]any)
		var res map[string]any
		gotErr := call(func() { res = dict(tt.args...) })
		if gotErr == nil {
			// The same entries, each the very value sprig's dict holds
			// (some are too large or cyclic to compare by content).
			ref := sprigMaps().dict(tt.args...)
			same := len(ref) == len(res)
			for k, v := range ref {
				r, ok := res[k]
				same = same && ok && identical(v, r)
			}
			if !same {
				t.Errorf("dict case %d: got %v, sprig's dict %v", i, res, ref)
			}
		}
		var wantErr error
		for i := 0; i < len(tt.args) && wantErr == nil; i += 2 {
			if isContainer(tt.args[i]) {
				wantErr = want.checkValue("dict", modeFmt, tt.args[i])
			}
		}
		if wantErr == nil {
			wantErr = want.nest(tt.args...)
		}
		if wantErr == nil {
			wantErr = want.charge(entryBytes * int64(len(tt.args)/2))
		}
		if !errors.Is(gotErr, tt.want) || !errors.Is(wantErr, tt.want) || (tt.want == nil && gotErr != nil) {
			t.Errorf("dict case %d: got %v, reference %v, want %v", i, gotErr, wantErr, tt.want)
			continue
		}
		if g, w := got.spent(), want.spent(); g != w {
			t.Errorf("dict case %d: charged %+v, reference %+v", i, g, w)
		}
	}
}

// list's and tuple's wrappers charge nest's steps and the elements' bytes
// as nest and checkSize do, and refuse too many elements before building
// the list, with nest's steps counted as nest counts them.
func TestListChecks(t *testing.T) {
	many := make([]any, 100)
	for i := range many {
		many[i] = "x"
	}
	m := map[string]any{}
	tests := []struct {
		args []any
		want error
	}{
		{nil, nil},
		{[]any{"a", 1, nil, true, 2.5, int64(2)}, nil},
		{[]any{"a", m}, nil},
		{[]any{m, m, m}, nil},
		{[]any{float32(1)}, nil},
		{many, ErrOutputLimit},
		{append([]any{m}, many...), ErrOutputLimit},
	}
	e := New(Options{MaxOutputBytes: 4000})
	for _, name := range []string{"list", "tuple"} {
		for i, tt := range tests {
			got := &worker{r: &renderState{e: e, ctx: context.Background()}}
			want := &worker{r: &renderState{e: e, ctx: context.Background()}}
			fn := got.limitFuncs(e.funcs)[name].(func(...any) []any)
			gotErr := call(func() { fn(tt.args...) })
			wantErr := want.nest(tt.args...)
			if wantErr == nil {
				wantErr = want.checkSize(name, elemBytes*int64(len(tt.args)))
			}
			if !errors.Is(gotErr, tt.want) || !errors.Is(wantErr, tt.want) {
				t.Errorf("%s case %d: got %v, reference %v, want %v", name, i, gotErr, wantErr, tt.want)
				continue
			}
			if g, w := got.spent(), want.spent(); g != w {
				t.Errorf("%s case %d: charged %+v, reference %+v", name, i, g, w)
			}
		}
	}
}

// mulSat multiplies without a division and gives what the definition
// does: the product capped at 1<<62, and 0 for a negative factor or
// product.
func TestMulSat(t *testing.T) {
	def := func(a, b int64) int64 {
		if a <= 0 || b <= 0 {
			return max(a*b, 0)
		}
		if a > (1<<62)/b {
			return 1 << 62
		}
		return a * b
	}
	vals := []int64{math.MinInt64, -1 << 62, -3, -1, 0, 1, 2, 3, 7, 1 << 20, 1 << 31, 1<<31 + 1, 1 << 32, 1<<62 - 1,
		1 << 62, 1<<62 + 1, 1 << 40, 3037000499, 3037000500, math.MaxInt64}
	for _, a := range vals {
		for _, b := range vals {
			if got, want := mulSat(a, b), def(a, b); got != want {
				t.Errorf("mulSat(%d, %d) = %d, want %d", a, b, got, want)
			}
		}
	}
}

// checkSize's inlinable path declines exactly where charge would flush,
// so a size just below, at and past the flush point leaves the meter and
// the flushed counts as charge leaves them.
func TestCheckSizeFlushPoint(t *testing.T) {
	e := New(Options{})
	e.lim.maxValue = 1 << 30
	for _, start := range []int64{0, 5000, flushBytes - stepUnits - 100, flushBytes - stepUnits, flushBytes - 1} {
		for _, n := range []int64{0, 1, 98, 99, 100, 101, 5000, flushBytes} {
			got := &worker{r: &renderState{e: e, ctx: context.Background()}}
			want := &worker{r: &renderState{e: e, ctx: context.Background()}}
			// The first call sets got's cap (it goes the slow way).
			if err := got.checkSize("fn", 0); err != nil || got.sizeCap != 1<<30+1 {
				t.Fatalf("checkSize(0) = %v, cap %d", err, got.sizeCap)
			}
			got.m, got.flushed = meter{units: start}, usage{}
			want.m.units = start
			if err := got.checkSize("fn", n); err != nil {
				t.Fatal(err)
			}
			if err := want.charge(n); err != nil {
				t.Fatal(err)
			}
			if got.m != want.m || got.flushed != want.flushed {
				t.Errorf("from %d, checkSize(%d): meter %+v flushed %+v, charge gives %+v %+v",
					start, n, got.m, got.flushed, want.m, want.flushed)
			}
		}
	}
}

// The encoders of one value (checkValue in line: a string sized on the
// spot, anything else walked) charge what checkValue charges and refuse
// what it refuses: long strings, strings whose escapes pass the limit,
// cycles, values too deep or printed past int64. (A fresh worker has not
// set its size cap, so toYaml measures here what it would otherwise try
// to write directly; TestToYAMLWithinAndBeyond covers that path.)
func TestEncoderChecks(t *testing.T) {
	deep := any("x")
	for range 200 {
		deep = map[string]any{"d": deep}
	}
	cyc := map[string]any{}
	cyc["l"] = []any{cyc}
	huge := any([]any{"x"})
	for range 64 {
		huge = []any{huge, huge}
	}
	tests := []struct {
		v    any
		want error
	}{
		{"short", nil},
		{"", nil},
		{7, nil},
		{nil, nil},
		{map[string]any{"a": []any{1, "b"}}, nil},
		{strings.Repeat("x", 3990), nil},
		{strings.Repeat("x", 5000), ErrOutputLimit},
		{strings.Repeat("<", 3000), nil}, // JSON: escapes past the limit (below)
		{cyc, ErrCycle},
		{deep, ErrDepthLimit},
		{huge, ErrOutputLimit},
	}
	e := New(Options{MaxOutputBytes: 4000, MaxValueDepth: 100})
	for _, name := range []string{"toYaml", "toYamlPretty", "toJson", "toPrettyJson", "toRawJson", "toString"} {
		mode := map[string]sizeMode{"toJson": modeJSON, "toRawJson": modeJSON, "toString": modeFmt}[name]
		if mode == 0 && name != "toString" {
			mode = modeIndent
		}
		for i, tt := range tests {
			got := &worker{r: &renderState{e: e, ctx: context.Background()}}
			want := &worker{r: &renderState{e: e, ctx: context.Background()}}
			fn := got.limitFuncs(e.funcs)[name].(func(any) string)
			gotErr := call(func() { fn(tt.v) })
			wantErr := want.checkValue(name, mode, tt.v)
			if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
				t.Errorf("%s case %d: got %v, checkValue gives %v", name, i, gotErr, wantErr)
			}
			if tt.want != nil && !errors.Is(gotErr, tt.want) {
				t.Errorf("%s case %d: got %v, want %v", name, i, gotErr, tt.want)
			}
			if g, w := got.spent(), want.spent(); g != w {
				t.Errorf("%s case %d: charged %+v, checkValue %+v", name, i, g, w)
			}
		}
	}
	// Escapes: toJson of 3000 '<' is refused (each may print as \u003c).
	w := &worker{r: &renderState{e: e, ctx: context.Background()}}
	toJSON := w.limitFuncs(e.funcs)["toJson"].(func(any) string)
	if err := call(func() { toJSON(strings.Repeat("<", 3000)) }); !errors.Is(err, ErrOutputLimit) {
		t.Errorf("toJson of 3000 '<': %v, want a refusal", err)
	}
}

// measureArgs is measureArgsFrom of all of a printer's arguments, the
// reference the wrappers' in-line sums are checked against.
func (w *worker) measureArgs(fn string, vs []any) (int64, error) {
	return w.measureArgsFrom(fn, vs, 0, 0)
}

// identical reports whether a and b are the same value: the same map or
// slice, or equal scalars.
func identical(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		return false
	}
	switch va.Kind() {
	case reflect.Map, reflect.Slice:
		return va.Pointer() == vb.Pointer() && va.Len() == vb.Len()
	}
	return a == b
}
