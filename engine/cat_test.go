package engine

import (
	"fmt"
	"testing"

	"github.com/Masterminds/sprig/v3"
)

// catStrings returns exactly what sprig's cat returns, through its
// shortcut for strings and through cat for anything else.
func TestCatStrings(t *testing.T) {
	cat := sprig.TxtFuncMap()["cat"].(func(...any) string)
	fast := catStrings(cat)
	type named string
	tests := []struct {
		name string
		args []any
	}{
		{"no arguments", nil},
		{"one string", []any{"a"}},
		{"empty strings", []any{"", "", ""}},
		{"strings", []any{"a b", " c ", "%v", "%!s(MISSING)"}},
		{"nil among strings", []any{"a", nil, "b"}},
		{"only nil", []any{nil, nil}},
		{"number", []any{"a", 1, 2.5}},
		{"named string", []any{"a", named("b")}},
		{"bytes", []any{"a", []byte("b")}},
		{"list", []any{"a", []any{"b", "c"}}},
		{"multibyte", []any{"é", "日本"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := fast(tt.args...), cat(tt.args...); got != want {
				t.Errorf("catStrings = %q, cat = %q", got, want)
			}
		})
	}
}

// printStrings returns exactly what fmt.Sprint, text/template's print,
// returns.
func TestPrintStrings(t *testing.T) {
	type named string
	tests := [][]any{
		nil, {"a"}, {"", ""}, {"a", "b", " c"}, {"a", nil}, {nil, "a"}, {1, 2}, {"a", 1, 2, "b"},
		{named("a"), named("b")}, {"a", []byte("b")}, {"%v", "%d"},
	}
	for _, args := range tests {
		if got, want := printStrings(args...), fmt.Sprint(args...); got != want {
			t.Errorf("printStrings(%#v) = %q, fmt.Sprint = %q", args, got, want)
		}
	}
}

func FuzzCatStrings(f *testing.F) {
	f.Add("a", "b", "")
	f.Add("%v", " ", "x y")
	cat := sprig.TxtFuncMap()["cat"].(func(...any) string)
	fast := catStrings(cat)
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, args := range [][]any{{a}, {a, b}, {a, b, c}, {a, nil, c}, {a, 1}} {
			if got, want := fast(args...), cat(args...); got != want {
				t.Errorf("%q: catStrings = %q, cat = %q", args, got, want)
			}
			if got, want := printStrings(args...), fmt.Sprint(args...); got != want {
				t.Errorf("%q: printStrings = %q, fmt.Sprint = %q", args, got, want)
			}
		}
	})
}
