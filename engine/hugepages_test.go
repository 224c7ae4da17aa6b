package engine

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

func TestHugeSpan(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		p, n, lo, hi uintptr
	}{
		{0, 0, 0, 0},
		{0, 2 * mb, 0, 2 * mb},
		{0, 2*mb - 1, 0, 0},
		{4096, 4 * mb, 2*mb - 4096, 4*mb - 4096},
		{4096, 2 * mb, 0, 0}, // across a huge page boundary, no whole one
		{4096, 4*mb - 8192, 0, 0},
		{2*mb + 8192, 16 * mb, 2*mb - 8192, 16*mb - 8192},
		{6 * mb, 2 * mb, 0, 2 * mb},
		{6*mb + 1, 3 * mb, 0, 0},
	}
	for _, tt := range tests {
		lo, hi := hugeSpan(tt.p, tt.n)
		if tt.lo == tt.hi {
			tt.lo, tt.hi = 0, 0
		}
		if lo != tt.lo || hi != tt.hi {
			t.Errorf("hugeSpan(%#x, %#x) = %#x, %#x; want %#x, %#x", tt.p, tt.n, lo, hi, tt.lo, tt.hi)
		}
		if lo < hi && ((tt.p+lo)%hugePage != 0 || (tt.p+hi)%hugePage != 0 || hi > tt.n) {
			t.Errorf("hugeSpan(%#x, %#x) = %#x, %#x: not whole huge pages inside", tt.p, tt.n, lo, hi)
		}
	}
}

func TestNewHonoursDisableTHP(t *testing.T) {
	t.Setenv("GODEBUG", "gctrace=0")
	if e := New(Options{}); e.noHuge {
		t.Error("an engine made without disablethp=1 in GODEBUG asks for no huge pages")
	}
	t.Setenv("GODEBUG", "disablethp=1")
	if e := New(Options{}); !e.noHuge {
		t.Error("an engine made with GODEBUG=disablethp=1 asks for huge pages")
	}
}

// Once a render has built bigFrom bytes, its writers collect in chunks of
// bigChunkBytes (no more than their limit leaves), for which Linux is
// asked to use huge pages; before, in chunks of chunkBytes.
func TestLimitWriterBigChunks(t *testing.T) {
	for _, big := range []bool{false, true} {
		const limit = 40 << 20
		e := New(Options{MaxOutputBytes: limit})
		r := &renderState{e: e, ctx: context.Background(), done: context.Background().Done()}
		if big {
			r.b.built.Store(bigFrom)
		}
		w := &worker{r: r}
		lw := w.newOut()
		piece := []byte(strings.Repeat("x", 100_000))
		size := int64(12 << 20) // under bigFrom: the writer counts what it builds
		if big {
			size = limit - chunkBytes
		}
		for lw.n+int64(len(piece)) <= size {
			if _, err := lw.Write(piece); err != nil {
				t.Fatal(err)
			}
		}
		chunks := append(lw.full, lw.buf)
		held := 0
		for i, c := range chunks {
			held += cap(c)
			want := chunkBytes
			if big {
				want = bigChunkBytes
			}
			if i > 0 && i < len(chunks)-1 && cap(c) != want || i == len(chunks)-1 && cap(c) > want {
				t.Errorf("big %v: chunk %d of %d has a capacity of %d, want %d", big, i, len(chunks), cap(c), want)
			}
		}
		if held > limit+chunkBytes {
			t.Errorf("big %v: holds %d bytes for a limit of %d", big, held, limit)
		}
		if big && runtime.GOOS == "linux" {
			if flags := vmFlags(t, uintptr(unsafe.Pointer(unsafe.SliceData(lw.full[1][:1])))+hugePage); flags != nil && !flags["hg"] {
				t.Errorf("a big chunk's mapping is not advised for huge pages: %v", flags)
			}
		}
		runtime.KeepAlive(lw)
	}
}

// vmFlags returns the VmFlags of the mapping of the process holding addr,
// from /proc/self/smaps, or nil when the kernel has no transparent huge
// pages.
func vmFlags(t *testing.T, addr uintptr) map[string]bool {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		return nil
	}
	data, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	in := false
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			lo, hi, _ := strings.Cut(f[0], "-")
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uint64(addr) >= a && uint64(addr) < b
			continue
		}
		if in && len(f) > 0 && f[0] == "VmFlags:" {
			flags := map[string]bool{}
			for _, fl := range f[1:] {
				flags[fl] = true
			}
			return flags
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return nil
}
