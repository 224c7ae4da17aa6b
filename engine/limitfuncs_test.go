package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/Masterminds/sprig/v3"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/yamlx"
)

var (
	sprigUniq    = sprig.TxtFuncMap()["uniq"].(func(any) []any)
	sprigWithout = sprig.TxtFuncMap()["without"].(func(any, ...any) []any)
)

// uniq and without give sprig's results, in sprig's order.
func TestListFuncsMatchSprig(t *testing.T) {
	m1 := map[string]any{"a": 1.0}
	tests := [][]any{
		{},
		{1, 1, 2, "1", 1.0, 2.0, 1},
		{"b", "a", "b", nil, nil, true, false, true},
		{m1, map[string]any{"a": 1.0}, map[string]any{"a": 2.0}, []any{1}, []any{1}, []any{}, []any(nil)},
		{0.0, -0.0, int64(3), 3, uint(3)},
	}
	for _, l := range tests {
		if got, want := uniqList(l), sprigUniq(l); !reflect.DeepEqual(got, want) {
			t.Errorf("uniq %v: got %v, want %v", l, got, want)
		}
		if got, want := withoutList(l, l[:len(l)/2]), sprigWithout(l, l[:len(l)/2]...); !reflect.DeepEqual(got, want) {
			t.Errorf("without %v: got %v, want %v", l, got, want)
		}
	}
}

// Each function that builds a value refuses, before building it, a result
// over the limit, naming itself, the limit and the option.
func TestFunctionLimits(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       error
	}{
		{"repeat", `{{ repeat 5000 "x" }}`, ErrOutputLimit},
		{"printf", `{{ printf "%5000d" 1 }}`, ErrOutputLimit},
		{"indent", `{{ indent 5000 "x" }}`, ErrOutputLimit},
		{"replace", `{{ replace "x" "xxxxxxxxxx" ("x" | repeat 500) }}`, ErrOutputLimit},
		{"regexReplaceAll", `{{ regexReplaceAll "x" ("x" | repeat 500) "yyyyyyyyyy" }}`, ErrOutputLimit},
		{"join", `{{ join ("," | repeat 2000) (list 1 2 3) }}`, ErrOutputLimit},
		{"until", `{{ until 2000 }}`, ErrOutputLimit},
		{"seq", `{{ seq 2000 }}`, ErrOutputLimit},
		{"toYaml", `{{ $l := list "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }}{{ range until 8 }}{{ $l = list $l $l }}{{ end }}{{ toYaml $l }}`, ErrOutputLimit},
		{"set", `{{ $d := dict }}{{ $_ := set $d "d" $d }}`, ErrCycle},
		{"toJson", `{{ $d := dict }}{{ range until 200 }}{{ $d = dict "d" $d }}{{ end }}{{ toJson $d }}`, ErrDepthLimit},
	}
	e := New(Options{MaxOutputBytes: 4000, MaxValueDepth: 100})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tt.tmpl}, ""))
			var le *LimitError
			if !errors.Is(err, tt.want) || !errors.As(err, &le) {
				t.Fatalf("got %v, want a *LimitError wrapping %v", err, tt.want)
			}
			if le.Func != tt.name {
				t.Errorf("error names %q, want %q", le.Func, tt.name)
			}
			if !strings.Contains(err.Error(), "c/templates/t.yaml:1:") {
				t.Errorf("error does not name the template position: %v", err)
			}
		})
	}
}

// The printers and encoders size scalar arguments without walking them:
// strings, numbers, booleans and nil, alone or mixed, are refused when
// their printed size is over the limit, and a map or a list among them is
// still walked (a value nested too deep is refused). Within the limit they print.
func TestScalarArgsLimits(t *testing.T) {
	vals := "s: " + strings.Repeat("x", 1500) + "\nbig: " + strings.Repeat("y", 4500) + "\n"
	tests := []struct {
		tmpl, fn string
		want     error // nil: renders
	}{
		{`{{ print .Values.s .Values.s .Values.s }}`, "print", ErrOutputLimit},
		{`{{ print 1 true nil 2.5 .Values.s .Values.s 3 }}`, "", nil},
		{`{{ print 1 true nil 2.5 .Values.s .Values.s .Values.s }}`, "print", ErrOutputLimit},
		{`{{ cat .Values.s .Values.s .Values.s }}`, "cat", ErrOutputLimit},
		{`{{ quote .Values.s }}`, "quote", ErrOutputLimit},
		{`{{ squote .Values.s .Values.s }}`, "", nil},
		{`{{ printf "%s%s%s" .Values.s .Values.s .Values.s }}`, "printf", ErrOutputLimit},
		{`{{ printf "%s-%d-%v" .Values.s 7 true }}`, "", nil},
		{`{{ toString .Values.big }}`, "toString", ErrOutputLimit},
		{`{{ toJson .Values.big }}`, "toJson", ErrOutputLimit},
		{`{{ toYaml .Values.s }}`, "", nil},
		{`{{ $d := dict }}{{ range until 200 }}{{ $d = dict "d" $d }}{{ end }}{{ print "a" 1 $d }}`, "print", ErrDepthLimit},
		{`{{ $d := dict }}{{ range until 200 }}{{ $d = list $d }}{{ end }}{{ printf "%v%s" $d "a" }}`, "printf", ErrDepthLimit},
		{`{{ $l := list 1 }}{{ $m := dict "l" $l }}{{ print "a" $m 1 }}`, "", nil},
	}
	e := New(Options{MaxOutputBytes: 4000, MaxValueDepth: 100})
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			_, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tt.tmpl}, vals))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var le *LimitError
			if !errors.Is(err, tt.want) || !errors.As(err, &le) || le.Func != tt.fn {
				t.Fatalf("got %v, want a *LimitError of %s wrapping %v", err, tt.fn, tt.want)
			}
		})
	}
}

// Within the limits, the wrapped functions return what sprig's return.
func TestFunctionLimitsKeepResults(t *testing.T) {
	tmpl := `{{ repeat 3 "ab" }}|{{ printf "%5d|%-4s|%v" 7 "x" (dict "a" (list 1 2)) }}|{{ indent 2 "a\nb" }}|` +
		`{{ replace "a" "bb" "aXa" }}|{{ regexReplaceAll "(a+)" "aaXa" "<$1>" }}|{{ join "," (list 1 "x" nil) }}|` +
		`{{ until 3 }}|{{ seq 3 }}|{{ toYaml (dict "a" (list 1 "x")) }}|{{ toJson (dict "a" "<") }}|{{ uniq (list 1 2 1) }}|` +
		`{{ cat "a" nil 1 }}|{{ quote "a" 1 }}|{{ concat (list 1) (list 2) }}|{{ append (list 1) 2 }}|{{ b64enc "x" }}`
	want := `ababab|    7|x   |map[a:[1 2]]|  a
  b|bbXbb|<aa>X<a>|1,x|[0 1 2]|1 2 3|a:
- 1
- x|{"a":"\u003c"}|[1 2]|a 1|"a" "1"|[1 2]|[1 2]|eA==`
	out, err := render(t, New(Options{MaxOutputBytes: 1 << 20}), memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := out["c/templates/t.yaml"]; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// FuzzValueFuncs gives the functions that walk values random values
// decoded from YAML: they must not panic, and uniq and without must agree
// with sprig's.
func FuzzValueFuncs(f *testing.F) {
	for _, s := range []string{"[1, 1, a, a, {b: 1}, {b: 1}]", "{a: [1, {b: [2, 3]}], c: x}", "[[[[]]]]", "a: &x [1, 2]\nb: *x\n"} {
		f.Add(s)
	}
	e := New(Options{MaxOutputBytes: 1 << 16, MaxValueDepth: 50})
	tmpl := `{{ toYaml .Values.v }}{{ toJson .Values.v }}{{ printf "%v" .Values.v }}{{ toToml .Values }}` +
		`{{ deepCopy .Values.v }}{{ mergeOverwrite (dict) .Values }}{{ toString .Values.v }}{{ cat .Values.v }}` +
		`{{ if kindIs "slice" .Values.v }}{{ uniq .Values.v }}{{ without .Values.v 1 }}{{ has 1 .Values.v }}{{ join "," .Values.v }}{{ end }}`
	f.Fuzz(func(t *testing.T, doc string) {
		v, err := yamlx.Unmarshal([]byte(doc))
		if err != nil {
			return
		}
		if l, ok := v.([]any); ok {
			if got, want := uniqList(l), sprigUniq(l); !reflect.DeepEqual(got, want) {
				t.Fatalf("uniq: got %v, want %v", got, want)
			}
			if len(l) > 0 {
				if got, want := withoutList(l, l[:1]), sprigWithout(l, l[0]); !reflect.DeepEqual(got, want) {
					t.Fatalf("without: got %v, want %v", got, want)
				}
			}
		}
		c := &chart.Chart{
			Metadata:  &chart.Metadata{APIVersion: "v2", Name: "fz", Version: "0.1.0"},
			Templates: []*chart.File{{Name: "templates/a.yaml", Data: []byte(tmpl)}},
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = e.Render(ctx, c, map[string]any{"Values": map[string]any{"v": v}})
	})
}

// A function given a list that holds one long string many times is
// refused once the strings walked add up to more than the limit: the
// error's Need is about the limit plus one string, not the size of the
// whole printed list, which the walk never reaches. set, merge and the
// list functions build nothing of that size and take such lists.
func TestMeasureStopsAtTheLimit(t *testing.T) {
	const max, str = 1 << 16, 1 << 10
	shared := `{{ $s := "x" | repeat 1024 }}{{ $l := list }}{{ range until 1000 }}{{ $l = append $l $s }}{{ end }}`
	e := New(Options{MaxOutputBytes: max})
	for _, fn := range []string{"toJson", "toYaml", "toString", "print", "printf \"%v\"", "join \",\"", "toStrings", "deepCopy"} {
		t.Run(fn, func(t *testing.T) {
			_, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": shared + "{{ " + fn + " $l }}"}, ""))
			var le *LimitError
			if !errors.As(err, &le) || le.Err != ErrOutputLimit {
				t.Fatalf("got %v, want an output limit error", err)
			}
			if le.Need <= max || le.Need > max+2*str {
				t.Errorf("Need %d, want just above %d", le.Need, max)
			}
		})
	}
	tmpl := shared + `{{ $d := dict }}{{ $_ := set $d "l" $l }}{{ $_ := merge (dict) $d }}{{ len (uniq $l) }} {{ has "y" $l }} {{ len (without $l "y") }}`
	out, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := out["c/templates/t.yaml"]; got != "1 false 1000" {
		t.Errorf("got %q", got)
	}
}

// Every wrapper has the type of the function it wraps: an error result
// would cost each call an allocation (reflect boxes it, even nil), so
// wrappers refuse by panicking instead (see refuse).
func TestWrappersKeepSignatures(t *testing.T) {
	e := New(Options{})
	w := &worker{r: &renderState{e: e, ctx: context.Background()}}
	wrapped := w.limitFuncs(e.funcs)
	maps.Copy(wrapped, w.listFuncs(e.funcs))
	if len(wrapped) < 50 {
		t.Fatalf("only %d wrappers", len(wrapped))
	}
	for name, f := range wrapped {
		base := e.funcs[name]
		if base == nil {
			if p, ok := builtinPrinters[name]; ok {
				base = p
			} else if name == "printf" {
				base = fmt.Sprintf
			}
		}
		if got, want := reflect.TypeOf(f), reflect.TypeOf(base); got != want {
			t.Errorf("%s: wrapper %v, function %v", name, got, want)
		}
	}
}
