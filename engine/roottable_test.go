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

// rootSizer measures what treeSize does, fails where it fails (depth,
// visits, other types), and measures a map met again once.
func TestRootSizerMatchesTreeSize(t *testing.T) {
	shared := map[string]any{"a": "xyz", "b": []any{1, 2.5, nil, true}, "c": map[string]any{}}
	deep := any("leaf")
	for range 6 {
		deep = map[string]any{"d": deep, "s": "x"}
	}
	deepList := any(1)
	for range 6 {
		deepList = []any{deepList, "y"}
	}
	many := map[string]any{}
	for i := range 50 {
		many[string(rune('a'+i%26))+string(rune('a'+i/26))] = shared
	}
	tests := []struct {
		name      string
		v         any
		max       int
		maxVisits int64
	}{
		{"scalars", map[string]any{"s": "abc", "n": nil, "t": true, "f": 1.5, "i": 2, "j": int64(3)}, 10, 100},
		{"shared many times", many, 10, 1 << 20},
		{"shared, visits run out", many, 10, 40},
		{"shared, measured once", many, 10, 100},
		{"deep map, fits", deep, 6, 100},
		{"deep map, too deep", deep, 5, 100},
		{"deep list, fits", deepList, 6, 100},
		{"deep list, too deep", deepList, 5, 100},
		{"empty", map[string]any{}, 0, 10},
		{"nil map", map[string]any(nil), 0, 10},
		{"visits run out in a list of scalars", []any{1, 2, 3, 4, 5}, 10, 4},
		{"visits run out in a map of scalars", map[string]any{"a": 1, "b": 2, "c": 3}, 10, 3},
		{"other type", map[string]any{"a": []string{"x"}}, 10, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tv := tt.maxVisits
			want, wantOK := treeSize(tt.v, 0, tt.max, &tv)
			zv := tt.maxVisits
			z := &rootSizer{shared: newRootTable(0), max: tt.max, visits: &zv}
			got, h, ok := z.size(tt.v, 0)
			if tt.name == "shared, measured once" {
				// Within the visits only because the shared map is walked once.
				if wantOK {
					t.Fatal("treeSize passed")
				}
				tv = 1 << 20
				want, wantOK = treeSize(tt.v, 0, tt.max, &tv)
			}
			if ok != wantOK || (ok && got != want) {
				t.Fatalf("rootSizer = %d, %v; treeSize = %d, %v", got, ok, want, wantOK)
			}
			if ok {
				g := &guard{max: 1 << 20}
				s, err := g.walk(tt.v, 0, modeFmt)
				if err != nil || s.size != got || s.height != h {
					t.Errorf("guard walk %+v %v, rootSizer %d height %d", s, err, got, h)
				}
			}
		})
	}
}
