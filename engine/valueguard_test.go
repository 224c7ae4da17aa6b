package engine

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
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
