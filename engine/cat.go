package engine

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/Masterminds/sprig/v3"
)

// catStrings and printStrings spare a template that doubles a string
// with cat or print the cost of fmt's buffer, which grows by doubling and
// is then copied into the result: it touched about four times the memory
// of each result.

// catStrings returns sprig's cat with a shortcut for arguments that are
// all strings: cat drops nil arguments and prints the others with "%v"
// separated by spaces, which for strings is their join with " ". Any
// other argument goes to cat.
func catStrings(cat func(...any) string) func(...any) string {
	return func(vs ...any) string {
		n := 0
		for _, v := range vs {
			s, ok := v.(string)
			if !ok {
				return cat(vs...)
			}
			n += len(s) + 1
		}
		var b strings.Builder
		b.Grow(max(n-1, 0))
		for i, v := range vs {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(v.(string))
		}
		return b.String()
	}
}

// printStrings is text/template's print, fmt.Sprint, with a shortcut for
// arguments that are all strings: Sprint puts a space only between two
// operands neither of which is a string, so strings are concatenated.
func printStrings(vs ...any) string {
	n := 0
	for _, v := range vs {
		s, ok := v.(string)
		if !ok {
			return fmt.Sprint(vs...)
		}
		n += len(s)
	}
	var b strings.Builder
	b.Grow(n)
	for _, v := range vs {
		b.WriteString(v.(string))
	}
	return b.String()
}

// quoteFunc and squoteFunc are sprig's quote and squote with a shortcut
// for arguments that are all strings, the common call ({{ .Values.x |
// quote }}): sprig prints each with fmt ("%q", "'%v'") into a list it
// then joins. Any other argument goes to sprig's.
func quoteFunc(vs ...any) string {
	n, i := stringsLen(vs)
	if i < len(vs) {
		return sprigPrinters().quote(vs...)
	}
	b := make([]byte, 0, n+3*int64(len(vs)))
	for i, v := range vs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendQuote(b, v.(string))
	}
	return string(b)
}

func squoteFunc(vs ...any) string {
	n, i := stringsLen(vs)
	if i < len(vs) {
		return sprigPrinters().squote(vs...)
	}
	var b strings.Builder
	b.Grow(int(n) + 3*len(vs))
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(v.(string))
		b.WriteByte('\'')
	}
	return b.String()
}

// sprigPrinters takes sprig's quote and squote from its function map the
// first time an argument is not a string.
var sprigPrinters = sync.OnceValue(func() (p struct{ quote, squote func(...any) string }) {
	fm := sprig.TxtFuncMap()
	p.quote = fm["quote"].(func(...any) string)
	p.squote = fm["squote"].(func(...any) string)
	return p
})
