//go:build linux

package hugeheap

import (
	"syscall"
	"unsafe"

	"github.com/chartrender/chartrender/internal/godebug"
)

const (
	madvHugepage  = 14       // MADV_HUGEPAGE
	madvCollapse  = 25       // MADV_COLLAPSE, Linux 6.1
	arenaBytes    = 64 << 20 // the Go runtime's heap arena on 64-bit Linux
	hugePageBytes = 2 << 20
)

// probe is a heap object; its address tells where the heap is. It is nil
// when the advice is turned off.
var probe *[64]byte

func init() {
	if unsafe.Sizeof(uintptr(0)) < 8 {
		return // the heap arena is smaller than arenaBytes
	}
	if env, _ := syscall.Getenv("GODEBUG"); godebug.THPDisabled(env) {
		return
	}
	probe = new([64]byte)
	adviseHeap()
}

// Again gives the advice for the heap mappings the runtime has added since
// the package's init (a main function calls it once the other packages'
// init functions have run).
func Again() {
	if probe != nil {
		adviseHeap()
	}
}

// adviseHeap gives the advice for the read-write mappings of the heap
// arena that holds probe.
func adviseHeap() {
	p := uintptr(unsafe.Pointer(probe))
	arenaLo := p &^ (arenaBytes - 1)
	arenaHi := arenaLo + arenaBytes
	var buf [16 << 10]byte
	n := readMaps(buf[:])
	rwMappings(buf[:n], func(lo, hi uintptr) {
		if lo < arenaHi && hi > arenaLo {
			advise(max(lo, arenaLo), min(hi, arenaHi))
		}
	})
}

// advise gives the advice for the mapping [lo, hi): huge pages from now
// on, and each 2 MiB region the runtime has already started to use made a
// huge page now. MADV_COLLAPSE leaves regions not touched yet to their
// first fault (and fails for them, which is of no concern).
func advise(lo, hi uintptr) {
	_ = madvise(lo, hi-lo, madvHugepage)
	for r := (lo + hugePageBytes - 1) &^ (hugePageBytes - 1); r+hugePageBytes <= hi; r += hugePageBytes {
		_ = madvise(r, hugePageBytes, madvCollapse)
	}
}

func madvise(addr, n uintptr, advice int) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, addr, n, uintptr(advice)); e != 0 {
		return e
	}
	return nil
}

// readMaps reads the beginning of /proc/self/maps into buf (the heap's
// mappings come early: after the executable's, in address order).
func readMaps(buf []byte) int {
	fd, err := syscall.Open("/proc/self/maps", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	defer syscall.Close(fd)
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err != nil || m <= 0 {
			break
		}
		n += m
	}
	return n
}
