package values_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/chartrender/chartrender/chart"
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
