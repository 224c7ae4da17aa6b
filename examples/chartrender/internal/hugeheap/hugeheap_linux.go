//go:build linux

package hugeheap

import (
	"syscall"
	"unsafe"
)

const (
	madvHugepage  = 14       // MADV_HUGEPAGE
	madvCollapse  = 25       // MADV_COLLAPSE, Linux 6.1
	arenaBytes    = 64 << 20 // the Go runtime's heap arena on 64-bit Linux
	hugePageBytes = 2 << 20
)

// probe is a heap object; its address tells where the heap is.
var probe *[64]byte

func init() {
	if godebug, _ := syscall.Getenv("GODEBUG"); disabled(godebug) {
		return
	}
	probe = new([64]byte)
	advise(uintptr(unsafe.Pointer(probe)))
}

// advise gives the advice for the heap that holds address p.
func advise(p uintptr) {
	_ = madvise(p&^(arenaBytes-1), arenaBytes, madvHugepage)
	_ = madvise(p&^(hugePageBytes-1), hugePageBytes, madvCollapse)
}

func madvise(addr, n uintptr, advice int) error {
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, addr, n, uintptr(advice)); e != 0 {
		return e
	}
	return nil
}
