package engine

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
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
			if len(c) != cap(c) || cap(c) < chunkBytes {
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
