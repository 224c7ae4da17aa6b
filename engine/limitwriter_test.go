package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"
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
		{adoptBytes, 10, adoptBytes, adoptBytes, 3, chunkBytes},
		{10, adoptBytes + 1, 20, 2 * adoptBytes, chunkBytes - 1, 5},
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
			if len(c) != cap(c) {
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

// A write of adoptBytes or more is kept, not copied, and what follows it
// goes after it.
func TestLimitWriterAdopts(t *testing.T) {
	w := &worker{r: &renderState{e: &Engine{unguarded: true}}}
	lw := w.newOut()
	big := bytes.Repeat([]byte("b"), adoptBytes)
	for _, p := range [][]byte{[]byte("a"), big, []byte("c"), big, big} {
		if _, err := lw.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	kept := 0
	for _, c := range lw.full {
		if &c[0] == &big[0] {
			kept++
		}
	}
	if kept != 3 {
		t.Errorf("%d of 3 large writes kept as they are", kept)
	}
	if got, want := lw.String(), "a"+string(big)+"c"+string(big)+string(big); got != want {
		t.Errorf("String differs (%d bytes, want %d)", len(got), len(want))
	}
	// Alone, it is what String returns.
	lw = w.newOut()
	if _, err := lw.Write(big); err != nil || unsafe.StringData(lw.String()) != &big[0] {
		t.Errorf("a single large write is copied (%v)", err)
	}
}

// limitWriter keeps what fmt writes when it is adoptBytes or more, which
// needs fmt to drop such a buffer after writing it instead of using it
// again. Also through text/template, in an engine.
func TestFmtDropsLargeBuffers(t *testing.T) {
	var kept [][]byte
	keep := writerFunc(func(p []byte) (int, error) {
		kept = append(kept, p)
		return len(p), nil
	})
	a, b := strings.Repeat("a", adoptBytes), strings.Repeat("b", adoptBytes)
	for range 3 {
		fmt.Fprint(keep, a)
		fmt.Fprint(keep, b)
		fmt.Fprintf(keep, "%s", a)
	}
	for i, p := range kept {
		if want := []string{a, b, a}[i%3]; string(p) != want {
			t.Fatalf("write %d changed after fmt returned", i)
		}
	}
	tmpl := `{{ $a := "a" | repeat 1500000 }}{{ $b := "b" | repeat 1500000 }}{{ range until 3 }}{{ $a }}-{{ $b }}{{ end }}{{ $a }}`
	got := mustRender(t, New(Options{}), memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
	ab := strings.Repeat("a", 1500000) + "-" + strings.Repeat("b", 1500000)
	if want := ab + ab + ab + strings.Repeat("a", 1500000); got["c/templates/t.yaml"] != want {
		t.Errorf("output differs (%d bytes, want %d)", len(got["c/templates/t.yaml"]), len(want))
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
