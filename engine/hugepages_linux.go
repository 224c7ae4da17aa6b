package engine

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the whole huge pages inside b, which
// nothing has touched yet, with huge pages (madvise MADV_HUGEPAGE). It
// changes how the memory is mapped, never what it holds, so an error (no
// transparent huge pages in the kernel) is of no consequence.
func adviseHuge(b []byte) {
	lo, hi := hugeSpan(uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
	if lo < hi {
		_ = syscall.Madvise(b[lo:hi], syscall.MADV_HUGEPAGE)
	}
}
