package engine

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/yamlx"
	"github.com/google/go-cmp/cmp"
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
		{"printf", `{{ printf "text %s and %5000d" "x" 1 }}`, ErrOutputLimit},
		{"printf", `{{ printf "%% %s%5000v" "x" 1 }}`, ErrOutputLimit},
		{"print", `{{ $s := "x" | repeat 3000 }}{{ $t := print $s 1 $s }}`, ErrOutputLimit},
		{"cat", `{{ $s := "x" | repeat 3000 }}{{ $t := cat $s $s }}`, ErrOutputLimit},
		{"indent", `{{ indent 5000 "x" }}`, ErrOutputLimit},
		{"replace", `{{ replace "x" "xxxxxxxxxx" ("x" | repeat 500) }}`, ErrOutputLimit},
		{"regexReplaceAll", `{{ regexReplaceAll "x" ("x" | repeat 500) "yyyyyyyyyy" }}`, ErrOutputLimit},
		{"join", `{{ join ("," | repeat 2000) (list 1 2 3) }}`, ErrOutputLimit},
		{"until", `{{ until 2000 }}`, ErrOutputLimit},
		{"seq", `{{ seq 2000 }}`, ErrOutputLimit},
		{"toYaml", `{{ $l := list "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }}{{ range until 8 }}{{ $l = list $l $l }}{{ end }}{{ toYaml $l }}`, ErrOutputLimit},
		{"set", `{{ $d := dict }}{{ $_ := set $d "d" $d }}`, ErrCycle},
		{"dict", `{{ $l := list "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }}{{ range until 8 }}{{ $l = list $l $l }}{{ end }}{{ $d := dict "a" 1 $l 2 }}`, ErrOutputLimit},
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

// The functions that convert their arguments to numbers with spf13/cast
// return what sprig's return for maps and lists too (0 for each)...
func TestNumberArgsKeepResults(t *testing.T) {
	tmpl := `{{ int (list 1) }} {{ int64 (dict "a" 1) }} {{ float64 (list) }} {{ toDecimal (list 7) }} {{ toDecimal "17" }}` +
		` {{ add1 (list 1) }} {{ add 1 (list 2) 3 }} {{ sub (list 1) 2 }} {{ div (list 1 2) 3 }} {{ mod 7 "3" }}` +
		` {{ mul 2 (dict) 3 }} {{ mul (list 2) 3 }} {{ add1f (list 1) }} {{ addf 1.5 (list 2) }} {{ subf (list 1) 2 }}` +
		` {{ divf (list 1) 2 }} {{ mulf 2 (list 1) }} {{ max (list 9) 2 }} {{ min 3 (list 1) }} {{ biggest 1 (list 5) }}` +
		` {{ maxf (list 1) 2.5 }} {{ minf 1.5 (list 1) }} {{ floor (list 1) }} {{ ceil "1.2" }} {{ round (list 1) 2 }}` +
		` {{ round 1.256 2 }} {{ slice (list 1 2 3) (list 1) 2 }} {{ mustSlice (list 1 2 3) 1 }} {{ int "12" }} {{ add 1 2.5 true }}`
	e := New(Options{})
	out, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
	if err != nil {
		t.Fatal(err)
	}
	// The oracle: sprig's functions, unwrapped, through text/template.
	oracle := template.Must(template.New("t").Funcs(e.FuncMap()).Parse(tmpl))
	var want strings.Builder
	if err := oracle.Execute(&want, nil); err != nil {
		t.Fatal(err)
	}
	if got := out["c/templates/t.yaml"]; got != want.String() {
		t.Errorf("got\n%s\nwant\n%s", got, want.String())
	}
}

// ...without printing them first: a list doubled 22 times by sharing
// (4 million strings) is printed into cast's error in about 40 MB.
func TestNumberArgsNoPrint(t *testing.T) {
	const big = `{{ $b := list "xxxxxxxx" }}{{ range until 22 }}{{ $b = list $b $b }}{{ end }}`
	e := New(Options{})
	for _, call := range []string{"int $b", "int64 $b", "float64 $b", "toDecimal $b", "add1 $b", "add 1 $b",
		"sub 1 $b", "div $b 1", "mod $b 1", "mul 1 $b", "add1f $b", "addf 1 $b", "subf $b 1", "divf $b 1",
		"mulf 1 $b", "max 1 $b", "min $b 1", "biggest 1 $b", "maxf $b 1", "minf 1 $b", "floor $b", "ceil $b",
		"round $b 1", "slice (list 1 2) $b", "mustSlice (list 1 2) 0 $b"} {
		c := memChart("c", map[string]string{"templates/t.yaml": big + "{{ " + call + " }}"}, "")
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := render(t, e, c); err != nil {
			t.Fatalf("%s: %v", call, err)
		}
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
			t.Errorf("%s: the render allocated %d MB", call, n>>20)
		}
	}
}

// dict's wrapper charges what nest, the check of a key that is not a
// string and the entries' bytes charge, with every kind of argument.
func TestDictCharges(t *testing.T) {
	e := New(Options{})
	for _, args := range [][]any{
		{}, {"a", "b"}, {"a", 1, "b", nil, "c", true, "d", int64(2), "e", 2.5}, {"a", float32(1)},
		{"a", map[string]any{"x": 1}}, {"a", []any{1}, "b", "c"}, {[]any{"k", 1}, 1}, {"a"}, {1, 2},
	} {
		got := &worker{r: &renderState{e: e, ctx: context.Background()}}
		dict := got.limitFuncs(e.funcs)["dict"].(func(...any) map[string]any)
		m := dict(args...)
		want := &worker{r: &renderState{e: e, ctx: context.Background()}}
		for i := 0; i < len(args); i += 2 {
			if isContainer(args[i]) {
				if err := want.checkValue("dict", modeFmt, args[i]); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := want.nest(args...); err != nil {
			t.Fatal(err)
		}
		if err := want.charge(entryBytes * int64(len(args)/2)); err != nil {
			t.Fatal(err)
		}
		if g, w := got.spent(), want.spent(); g != w {
			t.Errorf("dict %v: charged %+v, want %+v", args, g, w)
		}
		if want := sprig.TxtFuncMap()["dict"].(func(...any) map[string]any)(args...); !reflect.DeepEqual(m, want) {
			t.Errorf("dict %v = %v, want %v", args, m, want)
		}
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

// toYaml writes values within withinBytes and withinDepth directly and
// measures the others first: both ways give the unchecked engine's text,
// and a value that contains itself is still refused as a cycle.
func TestToYAMLWithinAndBeyond(t *testing.T) {
	var vals strings.Builder
	vals.WriteString("small: {a: 1, b: [x, \"y: z\"]}\nbig:\n")
	for i := range 3000 {
		fmt.Fprintf(&vals, "  key%d: %s\n", i, strings.Repeat("v", 40))
	}
	vals.WriteString("deep: ")
	for range withinDepth + 10 {
		vals.WriteString("{k: ")
	}
	vals.WriteString("leaf" + strings.Repeat("}", withinDepth+10) + "\n")
	vals.WriteString("long: " + strings.Repeat("w", withinBytes/64+1) + "\n")
	tmpl := `{{ toYaml .Values.small }}|{{ toYaml .Values.big | len }}|{{ toYaml .Values.big | sha256sum }}|` +
		`{{ toYaml .Values.deep | sha256sum }}|{{ toYaml .Values.long | len }}|{{ toYaml (list .Values.small .Values.small) }}`
	c := memChart("c", map[string]string{"templates/t.yaml": tmpl}, vals.String())
	plain := New(Options{})
	plain.unguarded = true
	want, err := render(t, plain, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := render(t, New(Options{}), c)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output (-unchecked +checked):\n%s", diff)
	}
	// Templates cannot build a value that contains itself; a caller's
	// values can. A worker that has set its size cap (as one does in a
	// render) tries the direct path first.
	deep, cyc, huge := hostileShapes()
	e := New(Options{MaxOutputBytes: 1 << 20, MaxValueDepth: 100})
	for _, tt := range []struct {
		v    any
		want error
	}{{cyc, ErrCycle}, {deep, ErrDepthLimit}, {huge, ErrOutputLimit}} {
		w := &worker{r: &renderState{e: e, ctx: context.Background()}, sizeCap: uint64(e.lim.maxValue) + 1}
		toYAML := w.limitFuncs(e.funcs)["toYaml"].(func(any) string)
		var le *LimitError
		if err := call(func() { toYAML(tt.v) }); !errors.As(err, &le) || le.Func != "toYaml" || !errors.Is(err, tt.want) {
			t.Errorf("got %v, want toYaml's %v", err, tt.want)
		}
	}
}
