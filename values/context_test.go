package values_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/strvals"
	"github.com/chartrender/chartrender/values"
)

// countdownCtx is a context whose Err turns to context.Canceled after n
// calls.
type countdownCtx struct {
	context.Context
	n atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// Coalescing stops when its context is done, before or in the middle of
// big values, with the context's error.
func TestCoalesceContext(t *testing.T) {
	big := map[string]any{}
	user := map[string]any{}
	for i := 0; i < 50000; i++ {
		big[fmt.Sprint("k", i)] = map[string]any{"a": 1.0, "l": []any{1.0, 2.0}}
		user[fmt.Sprint("u", i)] = map[string]any{"b": 1.0}
	}
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: p\nversion: 0.1.0\n")},
		{Name: "charts/sub/Chart.yaml", Data: []byte("apiVersion: v2\nname: sub\nversion: 0.1.0\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Values = big
	var o values.CoalesceOptions
	if _, err := o.CoalesceContext(context.Background(), c, user); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := o.CoalesceContext(ctx, c, user); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: got %v", err)
	}
	for _, n := range []int64{1, 10, 300} {
		cd := &countdownCtx{Context: context.Background()}
		cd.n.Store(n)
		if _, err := o.CoalesceContext(cd, c, user); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %d checks: got %v", n, err)
		}
	}
}

// Merging the value flags stops when its context is done, before any file
// or flag, with the context's error; with the context live it gives what
// Merge gives.
func TestMergeContext(t *testing.T) {
	files := map[string]string{"a.yaml": "a: 1\nm: {x: 1}\n", "b.yaml": "b: 2\n---\nm: {y: 2}\n", "f.txt": "text"}
	read := func(path string) ([]byte, error) { return []byte(files[path]), nil }
	o := values.Options{
		ValueFiles: []string{"a.yaml", "b.yaml"}, JSONValues: []string{`j={"k":1}`}, Values: []string{"s=1", "m.z=3"},
		StringValues: []string{"t=2"}, FileValues: []string{"f=f.txt"}, LiteralValues: []string{"l=a,b"},
	}
	want, err := o.Merge(read)
	if err != nil {
		t.Fatal(err)
	}
	for n := int64(0); ; n++ {
		ctx := &countdownCtx{Context: context.Background()}
		ctx.n.Store(n)
		got, err := o.MergeContext(ctx, read)
		if err == nil {
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("after %d checks: got %v, want %v", n, got, want)
			}
			if n < 8 {
				t.Fatalf("only %d checks for 2 files and 6 flags", n)
			}
			return
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("after %d checks: got %v, want context.Canceled", n, err)
		}
	}
}

// A large values file stops within its text once the context is done.
func TestParseContextStops(t *testing.T) {
	var doc []byte
	for i := 0; len(doc) < 2<<20; i++ {
		doc = fmt.Appendf(doc, "k%d: {a: [1, 2], b: x}\n", i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (values.ParseOptions{}).ParseContext(ctx, doc, "big.yaml"); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// A --set argument stops within its text once the context is done.
func TestMergeContextWithinAFlag(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	read := func(string) ([]byte, error) {
		if calls++; calls == 10 {
			cancel()
		}
		return []byte("x"), nil
	}
	line := strings.Repeat("a=f,", 100000)
	_, err := values.Options{FileValues: []string{line}}.MergeContext(ctx, read)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if calls >= 100000 {
		t.Errorf("%d files read: the flag was parsed to its end", calls)
	}
}

// Each argument of the --set family longer than MaxFlagBytes is refused
// before it is parsed, naming the flag and the option; -1 removes the
// limit.
func TestMaxFlagBytes(t *testing.T) {
	long := "a=" + strings.Repeat("x", strvals.DefaultMaxBytes)
	read := func(string) ([]byte, error) { return []byte("x"), nil }
	for _, o := range []values.Options{
		{Values: []string{long}}, {StringValues: []string{long}}, {FileValues: []string{long}},
		{JSONValues: []string{long}}, {JSONValues: []string{"{" + long + "}"}}, {LiteralValues: []string{long}},
	} {
		_, err := o.Merge(read)
		var fe *values.FlagError
		if !errors.As(err, &fe) || !errors.Is(err, strvals.ErrTooLong) {
			t.Fatalf("got %.200v, want a FlagError wrapping strvals.ErrTooLong", err)
		}
		want := fmt.Sprintf("failed parsing %s data: the value is %d bytes long, more than the limit of %d bytes "+
			"(raise it with Options.MaxFlagBytes; -1 removes it)", fe.Flag, len(fe.Value), strvals.DefaultMaxBytes)
		if err.Error() != want {
			t.Errorf("got %q, want %q", err, want)
		}
	}
	o := values.Options{Values: []string{long}, LiteralValues: []string{"b=" + strings.Repeat("y", 2<<20)}, MaxFlagBytes: -1}
	got, err := o.Merge(read)
	if err != nil || len(got["a"].(string)) != strvals.DefaultMaxBytes || len(got["b"].(string)) != 2<<20 {
		t.Fatalf("without a limit: %v", err)
	}
	if _, err := (values.Options{Values: []string{"a=12"}, MaxFlagBytes: 3}).Merge(read); !errors.Is(err, strvals.ErrTooLong) {
		t.Fatalf("MaxFlagBytes 3: got %v", err)
	}
}
