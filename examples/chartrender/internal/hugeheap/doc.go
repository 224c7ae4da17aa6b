// Package hugeheap asks Linux to back the Go heap of the chartrender
// command with transparent huge pages.
//
// The command is a short process: it allocates a few megabytes and exits.
// Each 4 KiB page of fresh memory it touches is a page fault, and on
// virtual machines a page fault is expensive (17-20 µs measured on the
// project's 2-core VM, where rendering examples/charts/hello took about
// 950 faults, some 500 of them on the heap, about a third of the
// process's time). With the advice, one fault maps 2 MiB.
//
// The package's init function, which runs before most others since the
// package imports nothing but syscall and internal/godebug (which imports nothing), finds the heap arena from the
// address of an object it allocates (64 MiB on 64-bit Linux) and, for each
// read-write mapping of that arena listed in /proc/self/maps, advises
// MADV_HUGEPAGE and collapses the 2 MiB regions the runtime has already
// started to use (MADV_COLLAPSE, Linux 6.1), so that their other pages
// need no fault either. The runtime maps its heap in pieces as it grows,
// and a new piece comes without the advice: [Again] gives it for the
// pieces added since (the command's main calls it first thing, after the
// other packages' init functions). About 400 faults remain: the
// executable's pages, the runtime's own structures outside the heap, and
// the heap pages touched before the init function runs.
//
// The advice changes only how memory is backed, never what it holds, so
// nothing depends on it succeeding: errors are ignored (no transparent huge
// pages in the kernel, THP set to "never", an older kernel).
// GODEBUG=disablethp=1, the Go runtime's own switch against huge pages for
// its heap, turns it off. On other systems, and on 32-bit Linux, the package does nothing. The
// cost is resident memory, now counted in 2 MiB steps where the heap is
// advised (1-2 MB more peak RSS for the hello chart).
package hugeheap
