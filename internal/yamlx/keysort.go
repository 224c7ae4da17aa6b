package yamlx

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// naturalLess is yaml.v2's ordering of string map keys (keyList.Less):
// runes are compared one by one; at the first difference, two letters
// compare by code point, a non-letter sorts before a letter, and otherwise
// the runs of digits starting there compare numerically (a run with more
// digits sorts later when the values tie). A proper prefix sorts first.
func naturalLess(a, b []rune) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] == b[i] {
			continue
		}
		al, bl := unicode.IsLetter(a[i]), unicode.IsLetter(b[i])
		if al && bl {
			return a[i] < b[i]
		}
		if al || bl {
			return bl
		}
		var an, bn int64
		if a[i] == '0' || b[i] == '0' {
			// A zero inside a number (e.g. "10" vs "1a") counts as part of
			// a non-zero value.
			for j := i - 1; j >= 0 && unicode.IsDigit(a[j]); j-- {
				if a[j] != '0' {
					an, bn = 1, 1
					break
				}
			}
		}
		ai, bi := i, i
		for ; ai < len(a) && unicode.IsDigit(a[ai]); ai++ {
			an = an*10 + int64(a[ai]-'0')
		}
		for ; bi < len(b) && unicode.IsDigit(b[bi]); bi++ {
			bn = bn*10 + int64(b[bi]-'0')
		}
		if an != bn {
			return an < bn
		}
		if ai != bi {
			return ai < bi
		}
		return a[i] < b[i]
	}
	return len(a) < len(b)
}

// mapEntry is one map mapEntry being emitted.
type mapEntry struct {
	key   string
	runes []rune
	val   any
}

// sortEntries orders entries with naturalLess. The rune slices are carved
// out of one scratch buffer, which is returned for reuse.
func sortEntries(es []mapEntry, scratch []rune) []rune {
	n := 0
	for i := range es {
		n += utf8.RuneCountInString(es[i].key)
	}
	if cap(scratch) < n {
		scratch = make([]rune, 0, n)
	}
	buf := scratch[:0]
	for i := range es {
		start := len(buf)
		for _, r := range es[i].key {
			buf = append(buf, r)
		}
		es[i].runes = buf[start:len(buf):len(buf)]
	}
	slices.SortFunc(es, func(x, y mapEntry) int {
		if naturalLess(x.runes, y.runes) {
			return -1
		}
		if naturalLess(y.runes, x.runes) {
			return 1
		}
		return 0
	})
	return buf
}
