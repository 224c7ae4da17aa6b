package manifest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestParallel(t *testing.T) {
	cases := []struct {
		name       string
		n, workers int
		cancelAt   int // cancel the context when f(cancelAt) runs; -1 never
		wantCalls  int // -1: at least cancelAt+1 and at most n
		wantErr    error
	}{
		{"one worker", 5, 1, -1, 5, nil},
		{"several workers", 50, 4, -1, 50, nil},
		{"no items", 0, 4, -1, 0, nil},
		{"one worker, cancelled", 5, 1, 2, 3, context.Canceled},
		{"several workers, cancelled", 500, 4, 2, -1, context.Canceled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seen := make([]atomic.Int32, c.n)
			var calls atomic.Int32
			err := parallel(ctx, c.n, c.workers, func(i int) {
				seen[i].Add(1)
				calls.Add(1)
				if i == c.cancelAt {
					cancel()
				}
			})
			if !errors.Is(err, c.wantErr) || (err == nil) != (c.wantErr == nil) {
				t.Errorf("err = %v, want %v", err, c.wantErr)
			}
			got := int(calls.Load())
			if c.wantCalls >= 0 && got != c.wantCalls {
				t.Errorf("%d calls, want %d", got, c.wantCalls)
			}
			if c.wantCalls < 0 && (got <= c.cancelAt || got > c.n) {
				t.Errorf("%d calls after a cancel at %d of %d", got, c.cancelAt, c.n)
			}
			for i := range seen {
				if n := seen[i].Load(); n > 1 {
					t.Errorf("f(%d) ran %d times", i, n)
				}
			}
		})
	}
}
