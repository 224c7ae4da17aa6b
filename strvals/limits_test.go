package strvals

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// keys returns "k0[65536]=x,k1[65536]=x,..." with n pairs.
func bigLists(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("k%d[65536]=x", i)
	}
	return strings.Join(parts, ",")
}

func TestMaxListElements(t *testing.T) {
	// Each [65536] allocates 65537 slots; 63 fit in the default budget.
	if _, err := Parse(bigLists(63)); err != nil {
		t.Fatalf("63 lists: %v", err)
	}
	_, err := Parse(bigLists(64))
	if !errors.Is(err, ErrTooManyListElements) {
		t.Fatalf("64 lists: got %v, want ErrTooManyListElements", err)
	}
	// Helm has no such limit; a negative value removes it.
	vals, err := (&Parser{MaxListElements: -1}).Parse(bigLists(70))
	if err != nil || len(vals) != 70 {
		t.Fatalf("unlimited: %d keys, %v", len(vals), err)
	}
	// A small budget.
	p := &Parser{MaxListElements: 10}
	if _, err := p.Parse("a[9]=x"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Parse("a[9]=x,b[0]=y"); !errors.Is(err, ErrTooManyListElements) {
		t.Fatalf("got %v", err)
	}
	// Overwriting inside an existing list costs nothing.
	if _, err := p.Parse("a[9]=x,a[3]=y,a[9]=z"); err != nil {
		t.Fatal(err)
	}
}

func TestHostileMemory(t *testing.T) {
	inputs := map[string]string{
		"nested max indices":    "a" + strings.Repeat("[65536]", 10000) + "=x",
		"many max lists":        bigLists(5000),
		"ascending growth":      ascending(65536),
		"deep zero indices":     "a" + strings.Repeat("[0]", 200000) + "=x",
		"deep maps in lists":    "a" + strings.Repeat("[0].b", 100000) + "=x",
		"json after each pair":  strings.Repeat("a=1,", 100000),
		"literal long value":    "a=" + strings.Repeat("x", DefaultMaxBytes-2),
		"many keys":             strings.Repeat("a.b.c=1,", 50000),
		"json nested max index": "a" + strings.Repeat("[65536]", 1000) + "=[1]",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for _, m := range []mode{modeTyped, modeJSON, modeLiteral} {
				_ = (&Parser{}).run(in, map[string]any{}, m, nil)
			}
			runtime.ReadMemStats(&after)
			total := after.TotalAlloc - before.TotalAlloc
			// 3 modes, each bounded by ~64 MiB of lists plus input-linear work.
			if limit := uint64(3*(64<<20) + 200*len(in)); total > limit {
				t.Errorf("allocated %d MiB for %d bytes of input", total>>20, len(in))
			}
		})
	}
}

func ascending(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "a[%d]=x,", i)
	}
	return b.String()
}

func TestMaxDepth(t *testing.T) {
	ok := "a" + strings.Repeat("[0]", DefaultMaxDepth-1) + "=x" // depth 10000
	if _, err := Parse(ok); err != nil {
		t.Fatalf("depth %d: %v", DefaultMaxDepth, err)
	}
	deep := "a" + strings.Repeat("[0]", DefaultMaxDepth) + "=x"
	_, err := Parse(deep)
	if !errors.Is(err, ErrTooDeep) {
		t.Fatalf("got %v, want ErrTooDeep", err)
	}
	if want := "key path depth is greater than maximum supported depth of 10000"; err.Error() != want {
		t.Fatalf("got %q", err)
	}
	// Maps inside lists count too (Helm's nested-name limit does not see them).
	if _, err := Parse("a" + strings.Repeat("[0].b", DefaultMaxDepth)); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("got %v", err)
	}
	// Unlimited, as in Helm.
	if _, err := (&Parser{MaxDepth: -1}).Parse("a" + strings.Repeat("[0]", 3*DefaultMaxDepth) + "=x"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Parser{MaxDepth: 3}).Parse("a[0][0][0]=x"); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("got %v", err)
	}
}

func TestCustomHelmLimits(t *testing.T) {
	p := &Parser{MaxIndex: 5, MaxNestedNameLevel: 2}
	if _, err := p.Parse("a[5]=x,b.c.d=1"); err != nil {
		t.Fatal(err)
	}
	_, err := p.Parse("a[6]=x")
	if !errors.Is(err, ErrIndexTooLarge) || err.Error() != "index of 6 is greater than maximum supported index of 5" {
		t.Fatalf("got %v", err)
	}
	_, err = p.Parse("b.c.d.e=1")
	if !errors.Is(err, ErrNestingTooDeep) || err.Error() != "value name nested level is greater than maximum supported nested level of 2" {
		t.Fatalf("got %v", err)
	}
}

// A line longer than MaxBytes fails before parsing; a negative MaxBytes
// removes the limit.
func TestMaxBytes(t *testing.T) {
	long := "a=" + strings.Repeat("x", DefaultMaxBytes)
	_, err := Parse(long)
	var pe *ParseError
	if !errors.Is(err, ErrTooLong) || !errors.As(err, &pe) {
		t.Fatalf("got %v, want ErrTooLong", err)
	}
	if want := fmt.Sprintf("the value is %d bytes long, more than the limit of %d bytes", len(long), DefaultMaxBytes); err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
	if vals, err := (&Parser{MaxBytes: -1}).Parse(long); err != nil || len(vals["a"].(string)) != DefaultMaxBytes {
		t.Fatalf("unlimited: %v", err)
	}
	if _, err := (&Parser{MaxBytes: 3}).Parse("a=1"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Parser{MaxBytes: 3}).Parse("a=12"); !errors.Is(err, ErrTooLong) {
		t.Fatalf("got %v", err)
	}
}

// The Context forms stop when the context is done, within a line, with
// the context's error, and otherwise parse as the others do.
func TestParseContext(t *testing.T) {
	p := &Parser{MaxBytes: -1}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	reader := func(rs []rune) (any, error) {
		if calls++; calls == 10 {
			cancel() // the context ends in the middle of the line
		}
		return string(rs), nil
	}
	line := strings.Repeat("a=b,", 100000)
	if err := p.ParseIntoFileContext(ctx, line, map[string]any{}, reader); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if calls >= 100000 {
		t.Errorf("the reader was called %d times: the parse did not stop", calls)
	}
	forms := map[string]func(context.Context, string, map[string]any) error{
		"set":     p.ParseIntoContext,
		"string":  p.ParseIntoStringContext,
		"json":    p.ParseJSONContext,
		"literal": p.ParseLiteralIntoContext,
	}
	for name, parse := range forms {
		if err := parse(ctx, "a=1", map[string]any{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: got %v, want context.Canceled", name, err)
		}
		got, want := map[string]any{}, map[string]any{}
		err := parse(context.Background(), `a.b=1,c[1]=x`, got)
		var werr error
		switch name {
		case "set":
			werr = p.ParseInto(`a.b=1,c[1]=x`, want)
		case "string":
			werr = p.ParseIntoString(`a.b=1,c[1]=x`, want)
		case "json":
			werr = p.ParseJSON(`a.b=1,c[1]=x`, want)
		case "literal":
			werr = p.ParseLiteralInto(`a.b=1,c[1]=x`, want)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(err) != fmt.Sprint(werr) {
			t.Errorf("%s: got %v, %v; want %v, %v", name, got, err, want, werr)
		}
	}
}
