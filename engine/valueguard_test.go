package engine

import (
	"errors"
	"reflect"
	"strings"
	"testing"
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
