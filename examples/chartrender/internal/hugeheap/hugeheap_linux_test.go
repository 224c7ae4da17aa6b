//go:build linux

package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/chartrender/chartrender/internal/godebug"
)

// TestHeapAdvised checks that the mapping holding the heap is marked for
// huge pages ("hg" in its VmFlags), where the kernel offers them.
func TestHeapAdvised(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("no transparent huge pages on this kernel")
	}
	if godebug.THPDisabled(os.Getenv("GODEBUG")) {
		t.Skip("GODEBUG has disablethp=1")
	}
	if probe == nil {
		t.Skip("not a 64-bit system")
	}
	p := uintptr(unsafe.Pointer(probe))
	flags, ok := vmFlags(t, p)
	if !ok {
		t.Fatalf("no mapping holds the heap address %#x", p)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("the mapping holding the heap address %#x has VmFlags %q, without hg", p, flags)
	}
}

// vmFlags returns the VmFlags line of /proc/self/smaps for the mapping
// that holds address p.
func vmFlags(t *testing.T, p uintptr) (string, bool) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := addrRange(line); ok {
			in = lo <= p && p < hi
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.TrimSpace(flags), true
		}
	}
	return "", false
}

// addrRange reads the "lo-hi" address range that starts a mapping's header
// line in smaps.
func addrRange(line string) (lo, hi uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, ok := strings.Cut(field, "-")
	if !ok {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}
