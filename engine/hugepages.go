package engine

// hugePage is the size of a transparent huge page on amd64 and arm64
// Linux.
const hugePage = 2 << 20

// hugeSpan returns the part [lo, hi) of the n bytes at address p made of
// whole huge pages, as offsets from p; lo == hi when there is none.
func hugeSpan(p, n uintptr) (lo, hi uintptr) {
	start := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + n) &^ (hugePage - 1)
	if end <= start {
		return 0, 0
	}
	return start - p, end - p
}
