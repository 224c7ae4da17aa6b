package engine

import "math/bits"

// rootTable is the set of maps reachable from a render's scopes (see
// isShared), by address, each with the index of its measure in recs when
// rootSizer measured it whole, or -1. It is an open-addressing hash table:
// one probe finds a map or the slot where it goes, where a Go map would
// cost a lookup and an insert per map. It is filled before the workers
// read it and never modified while they do.
type rootTable struct {
	slots []rootSlot // a power of two long; p == 0 marks a free slot
	shift uint       // 64 - log2(len(slots))
	n     int        // slots in use
	recs  []sizeHeight
}

type rootSlot struct {
	p uintptr
	i int32
}

// notFound is what rootTable.find returns for a map that is not in the
// table; -1 means a map in it that was not measured.
const notFound = -2

// newRootTable returns a table sized for about n maps.
func newRootTable(n int) *rootTable {
	size := 64
	for size < 2*n {
		size *= 2
	}
	t := &rootTable{recs: make([]sizeHeight, 0, n)}
	t.alloc(size)
	return t
}

func (t *rootTable) alloc(size int) {
	t.slots = make([]rootSlot, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
}

// slot returns the index of the slot of p: where it is, or the free slot
// where it would go.
func (t *rootTable) slot(p uintptr) int {
	mask := len(t.slots) - 1
	i := int((uint64(p) * 0x9e3779b97f4a7c15) >> t.shift)
	for {
		if q := t.slots[i].p; q == p || q == 0 {
			return i
		}
		i = (i + 1) & mask
	}
}

// find returns p's value: a measure's index, -1, or notFound.
func (t *rootTable) find(p uintptr) int32 {
	if s := &t.slots[t.slot(p)]; s.p != 0 {
		return s.i
	}
	return notFound
}

// has reports whether p is in the table.
func (t *rootTable) has(p uintptr) bool { return t.slots[t.slot(p)].p != 0 }

// add puts p in the table with the value i unless it is there already,
// and reports whether it was not.
func (t *rootTable) add(p uintptr, i int32) bool {
	s := &t.slots[t.slot(p)]
	if s.p != 0 {
		return false
	}
	s.p, s.i = p, i
	t.n++
	if 2*t.n > len(t.slots) {
		t.grow()
	}
	return true
}

// set sets p's value to i, adding p if it is not in the table.
func (t *rootTable) set(p uintptr, i int32) {
	if !t.add(p, i) {
		t.slots[t.slot(p)].i = i
	}
}

func (t *rootTable) grow() {
	old := t.slots
	t.alloc(2 * len(old))
	for _, s := range old {
		if s.p != 0 {
			t.slots[t.slot(s.p)] = s
		}
	}
}

// measured records the measure of the map p, which must not be in the
// table yet.
func (t *rootTable) measured(p uintptr, m sizeHeight) {
	t.recs = append(t.recs, m)
	t.set(p, int32(len(t.recs)-1))
}
