package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chartrender/chartrender/engine/internal/common"
	"github.com/google/go-cmp/cmp"
)

// A walk remembered before a template modifies a private map does not
// outlive the modification: a set or merge that makes a remembered map too
// deep or make it contain itself is refused by the next function that walks
// it, in guarded and in exact mode. Maps of .Values are remembered across
// modifications (no template may modify them) and print as before.
func TestGuardMemoAfterModification(t *testing.T) {
	// $p is large enough to be remembered; $in, inside it, is small.
	const build = `{{ $p := dict }}{{ range until 40 }}{{ $_ := set $p (printf "k%d" .) . }}{{ end }}` +
		`{{ $in := dict }}{{ $_ := set $p "in" $in }}{{ $y := toYaml $p }}`
	// 100 nested dicts pass set's own check (depth limit 100), and are too
	// deep two levels down in $p.
	const deep = `{{ $deep := dict "x" 1 }}{{ range until 99 }}{{ $deep = dict "d" $deep }}{{ end }}`
	tests := []struct {
		name, tmpl string
		fn         string
		want       error
	}{
		{"set deep", build + deep + `{{ $_ := set $in "deep" $deep }}{{ toYaml $p }}`, "toYaml", ErrDepthLimit},
		{"merge deep", build + deep + `{{ $_ := merge $in (dict "deep" $deep) }}{{ toJson $p }}`, "toJson", ErrDepthLimit},
		{"merge cycle", build + `{{ $_ := mergeOverwrite $in (dict "p" $p) }}`, "mergeOverwrite", ErrCycle},
		{"values then set deep", build + deep + `{{ $v := toYaml .Values }}{{ $_ := set $p "v" .Values }}{{ $y = toYaml $p }}` +
			`{{ $_ := set $in "deep" $deep }}{{ toYaml .Values.big | len }}{{ toYaml $p }}`, "toYaml", ErrDepthLimit},
	}
	var vals strings.Builder
	vals.WriteString("big:\n")
	for i := range 40 {
		vals.WriteString("  k" + strings.Repeat("x", i) + ": 1\n")
	}
	for _, exact := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tmpl := tt.tmpl
				if exact {
					// A modification of .Values sends the render to exact mode.
					tmpl = `{{ $_ := set .Values "z" 1 }}` + tmpl
				}
				e := New(Options{MaxOutputBytes: 1 << 20, MaxValueDepth: 100})
				_, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tmpl}, vals.String()))
				var le *LimitError
				if !errors.Is(err, tt.want) || !errors.As(err, &le) {
					t.Fatalf("exact %v: got %v, want a *LimitError wrapping %v", exact, err, tt.want)
				}
				if le.Func != tt.fn {
					t.Errorf("error names %q, want %q", le.Func, tt.fn)
				}
			})
		}
	}
}

// The guard keeps the walks of shared maps across a reset and forgets the
// others.
func TestGuardResetKeepsShared(t *testing.T) {
	big := func() map[string]any {
		m := map[string]any{}
		for i := range 40 {
			m[strings.Repeat("k", i+1)] = i
		}
		return m
	}
	shared, private := big(), big()
	tab := newRootTable(1)
	tab.add(reflect.ValueOf(shared).Pointer(), -1)
	g := &guard{max: 100, shared: tab}
	for _, m := range []map[string]any{shared, private} {
		if _, err := g.walk(m, 0, modeIndent); err != nil {
			t.Fatal(err)
		}
	}
	g.reset()
	for _, tt := range []struct {
		m    map[string]any
		keep bool
	}{{shared, true}, {private, false}} {
		e, ok := g.memo[memoKey{reflect.ValueOf(tt.m).Pointer(), len(tt.m), modeIndent}]
		if !ok {
			t.Fatal("walk not remembered")
		}
		if g.valid(e) != tt.keep {
			t.Errorf("shared %v: valid after reset = %v", tt.keep, g.valid(e))
		}
	}
}

// checkValues passes scalars and empty maps and lists without a walk; it
// decides as the walk does, also when their number alone is over the
// visits allowed (half the value limit).
func TestCheckValuesFlat(t *testing.T) {
	big := map[string]any{}
	for i := range 40 {
		big[strings.Repeat("k", i+1)] = i
	}
	self := map[string]any{}
	self["self"] = self
	tests := []struct {
		name     string
		maxValue int64
		vs       []any
	}{
		{"one string", 0, []any{"x"}},
		{"long string", 4, []any{strings.Repeat("x", 100)}},
		{"scalars", 0, []any{nil, true, 1, int64(2), 3.5, "s"}},
		{"empty map and list", 0, []any{map[string]any{}, []any{}}},
		{"two values, one visit allowed", 2, []any{"a", "b"}},
		{"two values, two visits allowed", 4, []any{"a", "b"}},
		{"one value, one visit allowed", 2, []any{map[string]any{}}},
		{"three values, limit 5", 5, []any{1, 2, 3}},
		{"nil map and list", 2, []any{map[string]any(nil)}},
		{"map", 0, []any{big}},
		{"map over the visits", 20, []any{big}},
		{"cycle", 0, []any{"x", self}},
		{"typed", 2, []any{[]string{}, map[string]int{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := New(Options{MaxValueBytes: tt.maxValue})
			w := &worker{r: &renderState{e: e}}
			got := w.checkValues("f", tt.vs...)
			want := (&worker{r: &renderState{e: e}}).walkValuesErr(tt.vs)
			if (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
				t.Errorf("checkValues = %v, the walk says %v", got, want)
			}
		})
	}
}

// walkValuesErr is what checkValues would return from the walk.
func (w *worker) walkValuesErr(vs []any) error {
	_, err := w.walkValues("f", modeFmt, 0, vs)
	return err
}

// The walk of a scalar measures it as scalarSize does, and counts it.
func TestGuardWalkScalars(t *testing.T) {
	for _, v := range []any{nil, true, "", "a\nb\n", strings.Repeat("\"", 100), 1, int64(1), int32(1),
		uint64(1), uint32(1), uint(1), 1.5, float32(1.5)} {
		for _, mode := range []sizeMode{modeFmt, modeJSON, modeIndent} {
			g := &guard{max: 10}
			s, err := g.walk(v, 0, mode)
			n, ok := scalarSize(v, mode)
			if err != nil || !ok || s.size != n || g.visits != 1 {
				t.Errorf("%#v mode %d: walk %+v %v, visits %d; scalarSize %d", v, mode, s, err, g.visits, n)
			}
			if str, ok := v.(string); ok && mode == modeIndent && s.lines != int64(strings.Count(str, "\n")) {
				t.Errorf("%q: lines %d", str, s.lines)
			}
		}
	}
}

// A map or list walked whole is found in the memo on the next walk (one
// visit), in the same generation, however many entries the memo holds.
func TestGuardMemoFound(t *testing.T) {
	g := &guard{max: 10}
	var vals []any
	for i := range 200 {
		m := map[string]any{}
		l := make([]any, 40)
		for j := range 40 {
			m[strings.Repeat("k", j+1)] = i
			l[j] = j
		}
		vals = append(vals, m, l)
	}
	want := make([]shape, len(vals))
	for i, v := range vals {
		s, err := g.walk(v, 0, modeIndent)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = s
	}
	for i, v := range vals {
		before := g.visits
		s, err := g.walk(v, 0, modeIndent)
		if err != nil || s != want[i] || g.visits != before+1 {
			t.Fatalf("value %d: walked again (%d visits), %+v, want %+v", i, g.visits-before, s, want[i])
		}
	}
}

// A dict that holds the same dict twice at each of 64 levels takes a few
// hundred visits to walk (the memo) and would print 2^64 leaves: its
// estimated size is capped, not wrapped around, so every function that
// prints it is refused at once.
func TestGuardDoublingDict(t *testing.T) {
	const build = `{{ $m := dict "x" "leaf" }}{{ range until 64 }}{{ $m = dict "a" $m "b" $m }}{{ end }}`
	for _, tt := range []struct{ tmpl, fn string }{
		{`{{ $m }}`, "print"},
		{`{{ toYaml $m }}`, "toYaml"},
		{`{{ toJson $m }}`, "toJson"},
		{`{{ toPrettyJson $m }}`, "toPrettyJson"},
		{`{{ toString $m }}`, "toString"},
		{`{{ printf "%v" $m }}`, "printf"},
		{`{{ deepCopy $m }}`, "deepCopy"},
	} {
		t.Run(tt.fn, func(t *testing.T) {
			c := memChart("c", map[string]string{"templates/t.yaml": build + tt.tmpl}, "")
			done := make(chan error, 1)
			go func() {
				_, err := render(t, New(Options{MaxOutputBytes: 1 << 20}), c)
				done <- err
			}()
			select {
			case err := <-done:
				var le *LimitError
				if !errors.Is(err, ErrOutputLimit) || !errors.As(err, &le) || le.Func != tt.fn {
					t.Fatalf("got %v, want the output limit refusing %s", err, tt.fn)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the render did not end")
			}
		})
	}
}

// The same shape given in the values (through the API; decoded YAML never
// shares a map): root data is measured with a memo too (rootSizer), and a
// size capped, not wrapped around, keeps every render's print of it
// guarded and refused, also once the shared maps are collected up front.
func TestRootDoublingValues(t *testing.T) {
	var m any = map[string]any{"x": "leaf"}
	for range 64 {
		m = map[string]any{"a": m, "b": m}
	}
	c := memChart("c", map[string]string{
		"templates/t.yaml": `{{ $d := merge (dict) (dict "k" 1) }}{{ .Values.x }}{{ .Values.dag }}`,
	}, "x: 1\n")
	e := New(Options{MaxOutputBytes: 1 << 20})
	for i := range 3 {
		top := topFor(t, c)
		top["Values"].(map[string]any)["dag"] = m
		done := make(chan error, 1)
		go func() {
			_, err := e.Render(context.Background(), c, top)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrOutputLimit) {
				t.Fatalf("render %d: got %v, want the output limit", i, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("render %d did not end", i)
		}
	}
}

// refWalk is the value guard's walk written plainly, without its
// shortcuts (the inlined strings of the loops, the one-type checks, the
// memo): every value one call, each limit checked where the value is met.
type refWalk struct {
	max                   int
	visits, maxVis        int64
	strBytes, maxStr      int64
	path                  []uintptr
	cycle, depth, tooMuch bool
}

func (r *refWalk) visit() bool {
	r.visits++
	if r.maxVis > 0 && r.visits > r.maxVis {
		r.tooMuch = true
		return false
	}
	return true
}

func (r *refWalk) walk(v any, depth int, mode sizeMode) (shape, bool) {
	if s, ok := v.(string); ok {
		r.strBytes += int64(len(s))
		if r.maxStr > 0 && r.strBytes > r.maxStr {
			r.tooMuch = true
			return shape{}, false
		}
		sh := shape{size: strSize(s, mode)}
		if mode == modeIndent {
			sh.lines = int64(strings.Count(s, "\n"))
		}
		return sh, r.visit()
	}
	if n, ok := scalarSize(v, mode); ok {
		return shape{size: n}, r.visit()
	}
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	case common.Values:
		m = x
	case []any:
		if !r.visit() {
			return shape{}, false
		}
		if len(x) == 0 {
			return shape{size: 2}, true
		}
		if depth > r.max {
			r.depth = true
			return shape{}, false
		}
		s := shape{size: 2}
		for _, e := range x {
			c, ok := r.walk(e, depth+1, mode)
			if !ok {
				return shape{}, false
			}
			s.add(c, 2, mode)
		}
		return s, true
	default:
		panic(fmt.Sprintf("refWalk: %T", v))
	}
	if !r.visit() {
		return shape{}, false
	}
	if len(m) == 0 {
		return shape{size: 5}, true
	}
	if depth > r.max {
		r.depth = true
		return shape{}, false
	}
	p := reflect.ValueOf(m).Pointer()
	if slices.Contains(r.path, p) {
		r.cycle = true
		return shape{}, false
	}
	r.path = append(r.path, p)
	s := shape{size: 5}
	for k, e := range m {
		c, ok := r.walk(e, depth+1, mode)
		if !ok {
			return shape{}, false
		}
		s.add(c, int64(len(k))+4, mode)
	}
	r.path = r.path[:len(r.path)-1]
	return s, true
}

// randValue builds a tree of decoded values, mostly strings, from rnd,
// with maps of at most maxKeys keys.
func randValue(rnd *rand.Rand, depth, maxKeys int) any {
	k := rnd.IntN(10)
	if depth >= 6 {
		k = min(k, 5)
	}
	switch k {
	case 0, 1, 2, 3:
		return strings.Repeat("ab\"\n", rnd.IntN(4)) + strings.Repeat("x", rnd.IntN(80))
	case 4:
		return []any{nil, true, 7, int64(8), 1.5, uint(3)}[rnd.IntN(6)]
	case 5:
		return map[string]any{}
	case 6, 7:
		m := map[string]any{}
		for i := range rnd.IntN(maxKeys + 1) {
			m[strings.Repeat("k", i+1)] = randValue(rnd, depth+1, maxKeys)
		}
		if k == 7 {
			return common.Values(m)
		}
		return m
	}
	l := make([]any, rnd.IntN(8))
	for i := range l {
		l[i] = randValue(rnd, depth+1, maxKeys)
	}
	return l
}

// The value guard's walk, with its shortcuts, agrees with refWalk on
// random trees of values in every mode and under every limit: the same
// shape, or a refusal. Where the order of the walk is fixed (maps of one
// key), the same refusal (cycle, depth, size) after the same visits and
// string bytes. Strings inlined in a map's or a list's loop still
// count towards both limits, one string past either is refused, and maps
// of strings that contain themselves or nest too deeply still are.
func TestGuardWalkMatchesReference(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	cyclic := map[string]any{"a": "x", "b": "y"}
	cyclic["self"] = []any{"z", cyclic}
	deep := any("leaf")
	for range 12 {
		deep = map[string]any{"s": "str", "d": deep}
	}
	vals := []any{cyclic, deep,
		map[string]any{"a": "12345", "b": "12345"}, []any{"12345", "123456"},
		[]any{"a", "b", "c"}, map[string]any{"a": "", "b": "", "c": ""}}
	// Lists of strings (fixed order) at the limits, then trees of maps
	// of one key.
	vals = append(vals, []any{"12345", "12345"}, []any{"12345", "123456"}, []any{"a", []any{"b", "c"}, "d"},
		[]any{"a", "", "", ""})
	first := len(vals) - 4
	for range 300 {
		vals = append(vals, randValue(rnd, 0, 1))
	}
	ordered := len(vals)
	for range 300 {
		vals = append(vals, randValue(rnd, 0, 8))
	}
	for i, v := range vals {
		for _, mode := range []sizeMode{modeFmt, modeJSON, modeIndent} {
			for _, lim := range [][3]int64{{10, 0, 0}, {8, 0, 0}, {20, 3, 0}, {20, 4, 0}, {20, 0, 10},
				{20, 0, 11}, {20, 5, 6}, {20, 40, 400}, {20, 10, 100}} {
				maxDepth, maxVis, maxStr := int(lim[0]), lim[1], lim[2]
				ref := &refWalk{max: maxDepth, maxVis: maxVis, maxStr: maxStr}
				want, ok := ref.walk(v, 0, mode)
				g := &guard{max: maxDepth, maxVis: maxVis, maxStr: maxStr}
				if maxVis == 0 && maxStr == 0 {
					// As walkValues sets them: no limit as the largest.
					g.maxVis, g.maxStr = math.MaxInt64, math.MaxInt64
				}
				got, err := g.walk(v, 0, mode)
				wantErr := &errWalk{cycle: ref.cycle, depth: ref.depth, size: ref.tooMuch}
				switch {
				case ok && (err != nil || got != want):
					t.Errorf("value %d mode %d limits %v: walk %+v %+v, want %+v", i, mode, lim, got, err, want)
				case !ok && err == nil:
					t.Errorf("value %d mode %d limits %v: walk passed, want %+v", i, mode, lim, wantErr)
				case !ok && i >= first && i < ordered && (*err != *wantErr || g.visits != ref.visits || g.strBytes != ref.strBytes):
					t.Errorf("value %d mode %d limits %v: walk %+v after %d visits %d bytes, want %+v after %d, %d",
						i, mode, lim, err, g.visits, g.strBytes, wantErr, ref.visits, ref.strBytes)
				case ok && (g.visits != ref.visits || g.strBytes != ref.strBytes):
					t.Errorf("value %d mode %d limits %v: %d visits %d bytes, want %d, %d",
						i, mode, lim, g.visits, g.strBytes, ref.visits, ref.strBytes)
				}
			}
		}
	}
	if ok := func() bool { _, err := (&guard{max: 100}).walk(cyclic, 0, modeFmt); return err == walkCycle }(); !ok {
		t.Error("a map of strings holding itself through a list passed")
	}
	if ok := func() bool { _, err := (&guard{max: 10}).walk(deep, 0, modeFmt); return err == walkDepth }(); !ok {
		t.Error("maps of strings nested 13 deep passed a depth limit of 10")
	}
}

// A merge of sources that hold only scalars and empty lists is not walked
// (scalarSources); an empty map in a source still is, since it may be the
// destination itself.
func TestMergeScalarSources(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       error // nil: renders
		fn         string
	}{
		{"scalars", `{{ $d := dict "a" (dict "b" 1) }}{{ $_ := merge $d (dict "x" 1 "y" "s" "z" true "n" nil) (dict "l" list) }}{{ toJson $d }}`, nil, ""},
		{"empty map is dst", `{{ $e := dict }}{{ $_ := merge $e (dict "x" $e) }}`, ErrCycle, "merge"},
		{"empty map is dst, second source", `{{ $e := dict }}{{ $_ := mergeOverwrite $e (dict "a" 1) (dict "x" $e) }}`, ErrCycle, "mergeOverwrite"},
		{"map holding dst", `{{ $e := dict "a" 1 }}{{ $_ := merge $e (dict "x" (dict "y" $e)) }}`, ErrCycle, "merge"},
		{"list holding dst", `{{ $e := dict "a" 1 }}{{ $_ := mustMerge $e (dict "x" (list $e)) }}`, ErrCycle, "mustMerge"},
	}
	for _, exact := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprint(tt.name, " exact=", exact), func(t *testing.T) {
				tmpl := tt.tmpl
				if exact {
					tmpl = `{{ $_ := set .Values "z" 1 }}` + tmpl
				}
				e := New(Options{MaxOutputBytes: 1 << 20})
				out, err := render(t, e, memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
				if tt.want == nil {
					if err != nil {
						t.Fatal(err)
					}
					// The same merges without the checks.
					plain := New(Options{})
					plain.unguarded = true
					want, err := render(t, plain, memChart("c", map[string]string{"templates/t.yaml": tmpl}, ""))
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, out); diff != "" {
						t.Errorf("output (-unchecked +checked):\n%s", diff)
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
	for _, tt := range []struct {
		srcs   []map[string]any
		maxVis int64
		want   bool
	}{
		{nil, 0, true},
		{[]map[string]any{{"a": 1, "b": "s", "c": nil, "d": 1.5, "e": int64(2), "f": false, "g": []any{}}}, 0, true},
		{[]map[string]any{{"a": 1}, {"m": map[string]any{}}}, 0, false},
		{[]map[string]any{{"l": []any{1}}}, 0, false},
		{[]map[string]any{{"i": int32(1)}}, 0, false},
		{[]map[string]any{{"a": 1, "b": 2}}, 3, false},
		{[]map[string]any{{"a": 1, "b": 2}}, 4, true},
	} {
		if got := scalarSources(tt.srcs, tt.maxVis); got != tt.want {
			t.Errorf("scalarSources(%v, %d) = %v, want %v", tt.srcs, tt.maxVis, got, tt.want)
		}
	}
}
