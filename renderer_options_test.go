package chartrender

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"text/template"
)

func TestRendererOptions(t *testing.T) {
	c := hostileChart(t, `a: {{ shout "hi" }}
b: {{ "x" | b64enc }}
`, "")
	upper := template.FuncMap{"shout": strings.ToUpper}
	tests := []struct {
		name    string
		opts    []RendererOption
		want    string
		wantErr []string // names of a *FuncNameError
	}{
		{"new function", []RendererOption{WithFuncs(upper)}, "a: HI\nb: eA==\n", nil},
		{"several WithFuncs add up", []RendererOption{WithFuncs(template.FuncMap{"other": strings.ToLower}), WithFuncs(upper), WithParallelism(1)}, "a: HI\nb: eA==\n", nil},
		{"shadowing refused", []RendererOption{WithFuncs(template.FuncMap{"shout": strings.ToUpper, "b64enc": strings.ToUpper, "include": strings.ToUpper})}, "", []string{"b64enc", "include"}},
		{"override on purpose", []RendererOption{WithFuncs(upper), WithFuncOverrides(template.FuncMap{"b64enc": strings.ToUpper})}, "a: HI\nb: X\n", nil},
		{"nil option ignored", []RendererOption{nil, WithFuncs(upper), WithTemplateSetCache(1)}, "a: HI\nb: eA==\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := NewRenderer(c, tt.opts...).Render(context.Background(), Options{})
			if tt.wantErr != nil {
				var fe *FuncNameError
				if !errors.As(err, &fe) || !slices.Equal(fe.Names, tt.wantErr) {
					t.Fatalf("got error %v, want a FuncNameError for %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Manifests[0].Content; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// Renders with many distinct MaxOutputBytes values keep a bounded number of
// engines.
func TestRendererEnginesBounded(t *testing.T) {
	c := hostileChart(t, "a: 1\n", "")
	r := NewRenderer(c)
	for i := range 3 * maxEngines {
		if _, err := r.Render(context.Background(), Options{MaxOutputBytes: int64(1000 + i)}); err != nil {
			t.Fatal(err)
		}
		r.mu.Lock()
		n := len(r.engines)
		r.mu.Unlock()
		if n > maxEngines {
			t.Fatalf("%d engines after %d renders", n, i+1)
		}
	}
}
