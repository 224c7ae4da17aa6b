package engine

import (
	"errors"
	"fmt"
	"testing"

	"github.com/Masterminds/sprig/v3"
)

// callString calls f and returns its result, or the text of its panic.
func callString(f func(int, string) string, n int, s string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprint("panic: ", r)
		}
	}()
	return f(n, s)
}

// TestIndentAsSprig checks that indent and nindent return what sprig's
// do, panics included.
func TestIndentAsSprig(t *testing.T) {
	fm := sprig.TxtFuncMap()
	sprigIndent := fm["indent"].(func(int, string) string)
	sprigNindent := fm["nindent"].(func(int, string) string)
	texts := []string{"", "x", "\n", "\n\n", "a\nb", "a\nb\n", "\na", "a\r\nb", "ä\n\tü\n", "a: 1\nb:\n  - c\n"}
	for _, n := range []int{-1, 0, 1, 2, 4, 63, 64, 65, 130} {
		for _, s := range texts {
			if got, want := callString(indentFunc, n, s), callString(sprigIndent, n, s); got != want {
				t.Errorf("indent %d %q = %q, sprig's %q", n, s, got, want)
			}
			if got, want := callString(nindentFunc, n, s), callString(sprigNindent, n, s); got != want {
				t.Errorf("nindent %d %q = %q, sprig's %q", n, s, got, want)
			}
		}
	}
}

func FuzzIndent(f *testing.F) {
	f.Add(2, "a\nb\n")
	f.Add(0, "\n")
	f.Add(-3, "x")
	sprigNindent := sprig.TxtFuncMap()["nindent"].(func(int, string) string)
	f.Fuzz(func(t *testing.T, n int, s string) {
		if n > 1000 || len(s) > 1000 {
			return // sprig's would allocate without bound
		}
		if got, want := callString(nindentFunc, n, s), callString(sprigNindent, n, s); got != want {
			t.Errorf("nindent %d %q = %q, sprig's %q", n, s, got, want)
		}
	})
}

// TestQuoteAsSprig checks that quote and squote return what sprig's do.
func TestQuoteAsSprig(t *testing.T) {
	fm := sprig.TxtFuncMap()
	sprigQuote := fm["quote"].(func(...any) string)
	sprigSquote := fm["squote"].(func(...any) string)
	args := [][]any{
		{}, {""}, {"a"}, {"a", "b"}, {"x\"y\n\\z\t"}, {"ä\x00\xff"}, {nil}, {"a", nil, "b"},
		{1}, {"a", 2.5, true}, {[]byte("b")}, {errors.New("e")}, {map[string]any{"k": "v"}}, {[]any{"a", 1}},
	}
	for _, a := range args {
		if got, want := quoteFunc(a...), sprigQuote(a...); got != want {
			t.Errorf("quote %#v = %q, sprig's %q", a, got, want)
		}
		if got, want := squoteFunc(a...), sprigSquote(a...); got != want {
			t.Errorf("squote %#v = %q, sprig's %q", a, got, want)
		}
	}
}

func FuzzQuote(f *testing.F) {
	f.Add("a", "b\n\"")
	f.Add("\xff", "")
	fm := sprig.TxtFuncMap()
	sprigQuote := fm["quote"].(func(...any) string)
	sprigSquote := fm["squote"].(func(...any) string)
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := quoteFunc(a, b), sprigQuote(a, b); got != want {
			t.Errorf("quote %q %q = %q, sprig's %q", a, b, got, want)
		}
		if got, want := squoteFunc(a, b), sprigSquote(a, b); got != want {
			t.Errorf("squote %q %q = %q, sprig's %q", a, b, got, want)
		}
	})
}
