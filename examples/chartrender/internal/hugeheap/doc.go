// Package hugeheap asks Linux, when the chartrender command starts, to back
// the Go heap with transparent huge pages.
//
// The command is a short process: it allocates a few megabytes and exits.
// Each 4 KiB page of fresh memory it touches is a page fault, and on
// virtual machines a page fault is expensive (17-20 µs measured on the
// project's 2-core VM, where rendering examples/charts/hello touched about
// 500 heap pages, about a third of the process's time). With the advice, a
// fault maps 2 MiB at once.
//
// Importing the package for its side effect is all there is to it:
//
//	import _ "github.com/chartrender/chartrender/examples/chartrender/internal/hugeheap"
//
// Its init function finds the heap arena from the address of an object it
// allocates, advises MADV_HUGEPAGE on the arena (64 MiB on 64-bit Linux;
// what the runtime maps there later is not covered) and collapses the 2 MiB
// region the runtime has already started to use (MADV_COLLAPSE, Linux 6.1),
// so that its remaining pages need no fault either. The advice changes
// only how memory is backed, never what it holds, so nothing depends on it
// succeeding: errors are ignored (no transparent huge pages in the kernel,
// THP set to "never", an older kernel). GODEBUG=disablethp=1, the Go
// runtime's own switch against huge pages for its heap, turns it off. On
// other systems the package does nothing.
//
// The cost is resident memory: touched memory is counted in 2 MiB steps.
package hugeheap
