package engine

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/Masterminds/sprig/v3"
)

// callResult is what calling a function gave: its results, or the value
// it panicked with.
type callResult struct {
	out      []any
	panicked any
}

// String shows the results and the panic with their types and texts
// (errors compare by text, not by pointer).
func (r callResult) String() string {
	s := ""
	for _, v := range r.out {
		s += fmt.Sprintf("%T(%v) ", v, v)
	}
	return s + fmt.Sprintf("panic %T(%v)", r.panicked, r.panicked)
}

func callFunc(fn any, args ...any) (res callResult) {
	defer func() { res.panicked = recover() }()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	for _, v := range reflect.ValueOf(fn).Call(in) {
		res.out = append(res.out, v.Interface())
	}
	return res
}

// The cached regular expression and semver functions give exactly what
// sprig's give, including errors and panics for patterns that do not
// compile, on the first call and on the cached ones.
func TestCompiledFuncsMatchSprig(t *testing.T) {
	sp := sprig.TxtFuncMap()
	e := New(Options{})
	tests := []struct {
		name string
		args []any
	}{
		{"regexMatch", []any{"^a+b$", "aab"}},
		{"regexMatch", []any{"^a+b$", "xab"}},
		{"regexMatch", []any{"a(", "a("}},
		{"mustRegexMatch", []any{"[0-9]+", "v12"}},
		{"mustRegexMatch", []any{"a(", "a"}},
		{"regexFindAll", []any{"[0-9]", "a1b2c3", -1}},
		{"regexFindAll", []any{"[0-9]", "a1b2c3", 2}},
		{"regexFindAll", []any{"*", "x", -1}},
		{"mustRegexFindAll", []any{"b+", "abbcb", -1}},
		{"mustRegexFindAll", []any{"(?P<", "x", 1}},
		{"regexFind", []any{"[a-z]+", "12abc34"}},
		{"regexFind", []any{"[", "x"}},
		{"mustRegexFind", []any{"c.", "abcd"}},
		{"mustRegexFind", []any{"[", "x"}},
		{"regexReplaceAll", []any{"a(x*)b", "-ab-axxb-", "${1}W"}},
		{"regexReplaceAll", []any{"a(", "x", "y"}},
		{"regexReplaceAllLiteral", []any{"a(x*)b", "-ab-axxb-", "${1}"}},
		{"regexReplaceAllLiteral", []any{"+", "x", "y"}},
		{"mustRegexReplaceAll", []any{"[^a-z0-9]", "My-Name_1", ""}},
		{"mustRegexReplaceAll", []any{"a(", "x", "y"}},
		{"mustRegexReplaceAllLiteral", []any{"\\.", "a.b.c", "$1"}},
		{"mustRegexReplaceAllLiteral", []any{"a{2,1}", "x", "y"}},
		{"regexSplit", []any{"z+", "pizza", -1}},
		{"regexSplit", []any{"z+", "pizza", 1}},
		{"regexSplit", []any{"(", "pizza", -1}},
		{"mustRegexSplit", []any{",\\s*", "a, b,c", -1}},
		{"mustRegexSplit", []any{"(", "x", 0}},
		{"semverCompare", []any{">=1.21-0", "v1.30.0"}},
		{"semverCompare", []any{"<1.19", "1.20.3"}},
		{"semverCompare", []any{"^1.2.0 || ~2.0", "2.0.5-beta.1"}},
		{"semverCompare", []any{"not a constraint", "1.0.0"}},
		{"semverCompare", []any{">=1.0.0", "not a version"}},
		{"semverCompare", []any{"", ""}},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprintf("%d/%s", i, tt.name), func(t *testing.T) {
			want := callFunc(sp[tt.name], tt.args...)
			for round := range 3 {
				got := callFunc(e.funcs[tt.name], tt.args...)
				if got.String() != want.String() {
					t.Errorf("call %d: got %s, want sprig's %s", round, got, want)
				}
			}
		})
	}
	if n := len(e.regexps.m); n == 0 {
		t.Error("no regular expression was cached")
	}
}
