package hugeheap

import (
	"fmt"
	"slices"
	"testing"
)

func TestRWMappings(t *testing.T) {
	maps := "00400000-00881000 r-xp 00000000 fe:00 10414403   /tmp/chartrender\n" +
		"00d15000-00d58000 rw-p 00915000 fe:00 10414403   /tmp/chartrender\n" +
		"3ea558000000-3ea558400000 rw-p 00000000 00:00 0 \n" +
		"3ea558400000-3ea55c000000 ---p 00000000 00:00 0 \n" +
		"7f8a00060000-7f8a00200000 rw-p 00000000 00:00 0\n" +
		"garbage line\n" +
		"10-5 rw-p reversed\n" +
		"ffffffffffffffff-0 rw-p\n" +
		"7fff504d2000-7fff504f3000 rw-p 00000000 00:00 0                          [stack]"
	want := []string{"d15000-d58000", "3ea558000000-3ea558400000", "7f8a00060000-7f8a00200000", "7fff504d2000-7fff504f3000"}
	var got []string
	rwMappings([]byte(maps), func(lo, hi uintptr) { got = append(got, fmt.Sprintf("%x-%x", lo, hi)) })
	if !slices.Equal(got, want) {
		t.Errorf("rwMappings found\n%q\nwant\n%q", got, want)
	}
}

func FuzzRWMappings(f *testing.F) {
	f.Add([]byte("3ea558000000-3ea558400000 rw-p 00000000 00:00 0 \n00400000-00881000 r-xp 0 fe:00 1 /x\n"))
	f.Fuzz(func(t *testing.T, maps []byte) {
		rwMappings(maps, func(lo, hi uintptr) {
			if lo >= hi {
				t.Errorf("mapping %x-%x is empty or reversed", lo, hi)
			}
		})
	})
}
