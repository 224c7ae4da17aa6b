package engine

import (
	"math"
	"strings"
)

// indentFunc and nindentFunc are sprig's indent and nindent, built in one
// allocation of the result's exact size where sprig makes four strings
// (the pad, the pad after a newline, the replaced text and their join;
// nindent one more). A
// limit wrapper counts the newlines once, for its check and the build
// alike (see limitFuncs).
func indentFunc(spaces int, s string) string {
	return indentText(spaces, s, false, strings.Count(s, "\n"))
}

func nindentFunc(spaces int, s string) string {
	return indentText(spaces, s, true, strings.Count(s, "\n"))
}

// spaces64 is what indentText copies spaces from.
const spaces64 = "                                                                "

// indentText returns s with spaces spaces before each of its lines, after
// a newline when newline is set; nls is the number of newlines in s.
func indentText(spaces int, s string, newline bool, nls int) string {
	if spaces <= 0 || spaces > (math.MaxInt-len(s)-1)/(nls+1) {
		// Nothing to add, or a count strings.Repeat refuses (negative)
		// or cannot allocate: sprig's own expression, with its panic.
		pad := strings.Repeat(" ", spaces)
		out := pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		if newline {
			out = "\n" + out
		}
		return out
	}
	var b strings.Builder
	n := spaces*(nls+1) + len(s)
	if newline {
		n++
	}
	b.Grow(n)
	if newline {
		b.WriteByte('\n')
	}
	writeSpaces(&b, spaces)
	for nls > 0 {
		i := strings.IndexByte(s, '\n')
		b.WriteString(s[:i+1])
		writeSpaces(&b, spaces)
		s = s[i+1:]
		nls--
	}
	b.WriteString(s)
	return b.String()
}

func writeSpaces(b *strings.Builder, n int) {
	for n > len(spaces64) {
		b.WriteString(spaces64)
		n -= len(spaces64)
	}
	b.WriteString(spaces64[:n])
}
