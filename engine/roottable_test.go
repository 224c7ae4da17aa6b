package engine

import "testing"

// The table finds every address it was given, with its value, after any
// number of grows, and no other; add keeps the first value, set replaces
// it, and measured records a measure.
func TestRootTable(t *testing.T) {
	for _, tt := range []struct {
		name   string
		sizeAt int // the size hint
		n      int // addresses added
		stride uintptr
	}{
		{"empty", 0, 0, 8},
		{"one", 0, 1, 8},
		{"presized", 1000, 1000, 16},
		{"grows from the smallest", 0, 5000, 8},
		{"addresses a table apart", 0, 300, 64 * 16},
		{"large stride", 10, 2000, 1 << 20},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tab := newRootTable(tt.sizeAt)
			addr := func(i int) uintptr { return 0x1000 + uintptr(i)*tt.stride }
			for i := range tt.n {
				if !tab.add(addr(i), int32(i%7)-1) {
					t.Fatalf("add %d: reported present", i)
				}
			}
			for i := range tt.n {
				if tab.add(addr(i), 99) {
					t.Fatalf("add %d again: reported absent", i)
				}
				if got, want := tab.find(addr(i)), int32(i%7)-1; got != want || !tab.has(addr(i)) {
					t.Fatalf("find %d = %d, want %d", i, got, want)
				}
			}
			if tab.n != tt.n {
				t.Errorf("n = %d, want %d", tab.n, tt.n)
			}
			if 2*tab.n > len(tab.slots) {
				t.Errorf("%d of %d slots used", tab.n, len(tab.slots))
			}
			for _, p := range []uintptr{addr(tt.n), addr(-1), 0x1001} {
				if got := tab.find(p); got != notFound || tab.has(p) {
					t.Errorf("find %#x = %d, want notFound", p, got)
				}
			}
			if tt.n > 0 {
				tab.set(addr(0), 5)
				if got := tab.find(addr(0)); got != 5 {
					t.Errorf("after set: find = %d, want 5", got)
				}
			}
			p := addr(tt.n + 1)
			tab.measured(p, sizeHeight{size: 42, height: 3})
			if i := tab.find(p); i < 0 || tab.recs[i] != (sizeHeight{42, 3}) {
				t.Errorf("measured: find = %d", i)
			}
		})
	}
}
