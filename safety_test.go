package chartrender

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/schema"
)

// hostileChart is a chart whose one template is tmpl and whose values are
// vals.
func hostileChart(t *testing.T, tmpl, vals string) *chart.Chart {
	t.Helper()
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: hostile\nversion: 0.1.0\n")},
		{Name: "values.yaml", Data: []byte(vals)},
		{Name: "templates/t.yaml", Data: []byte(tmpl)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Templates that would run Helm out of memory or time fail cleanly here.
func TestHostileTemplates(t *testing.T) {
	tests := []struct {
		name, tmpl, vals string
		opts             Options
		want             error
	}{
		{"output bomb", `{{ range until 100000 }}{{ "x" | repeat 100000 }}{{ end }}`, "", Options{}, engine.ErrOutputLimit},
		{"doubling string", `{{ $s := "xx" }}{{ range until 64 }}{{ $s = print $s $s }}{{ end }}{{ $s }}`, "", Options{MaxOutputBytes: 1 << 20}, engine.ErrOutputLimit},
		{"self-referencing tpl", `{{ tpl .Values.t . }}`, "t: '{{ tpl .Values.t . }}'\n", Options{}, engine.ErrTplDepth},
		{"small limit", `{{ "x" | repeat 2000 }}`, "", Options{MaxOutputBytes: 1000}, engine.ErrOutputLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := hostileChart(t, tt.tmpl, tt.vals)
			_, err := Render(context.Background(), c, tt.opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want an error wrapping %v", err, tt.want)
			}
			var re *RenderError
			if !errors.As(err, &re) {
				t.Errorf("%T is not a *RenderError", err)
			}
		})
	}
}

func TestNoOutputLimit(t *testing.T) {
	c := hostileChart(t, `a: {{ "x" | repeat 2000 }}`, "")
	if _, err := Render(context.Background(), c, Options{MaxOutputBytes: 1000}); !errors.Is(err, engine.ErrOutputLimit) {
		t.Fatalf("with a limit of 1000 bytes: got %v", err)
	}
	res, err := Render(context.Background(), c, Options{MaxOutputBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Manifests) != 1 || len(res.Manifests[0].Content) != 2003 {
		t.Fatalf("without a limit: got %d manifests", len(res.Manifests))
	}
}

// A render that does not end by itself stops at the context's deadline.
func TestDeadlineStopsRender(t *testing.T) {
	c := hostileChart(t, `{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}`, "")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Render(ctx, c, Options{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("render took %v after a 200ms deadline", d)
	}
}

// A chart that keeps an existing password when the secret is already in the
// cluster (a common pattern) renders either way, depending on Lookup.
func TestRendererLookup(t *testing.T) {
	c := hostileChart(t, `{{- $s := lookup "v1" "Secret" .Release.Namespace "db" -}}
password: {{ if $s }}{{ index $s.data "password" }}{{ else }}{{ "new" | b64enc }}{{ end }}
`, "")
	existing := map[string]any{"apiVersion": "v1", "kind": "Secret",
		"metadata": map[string]any{"name": "db", "namespace": "default"}, "data": map[string]any{"password": "b2xk"}}
	for _, tt := range []struct {
		lookup engine.LookupFunc
		want   string
	}{
		{nil, "password: bmV3\n"},
		{engine.ObjectLookup(existing), "password: b2xk\n"},
	} {
		r := NewRenderer(c, WithLookup(tt.lookup))
		res, err := r.Render(context.Background(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Manifests) != 1 || res.Manifests[0].Content != tt.want {
			t.Errorf("got %+v, want %q", res.Manifests, tt.want)
		}
	}
}

// Options.MaxSchemaWork sets the schema validator's work limit: a tiny
// limit refuses an ordinary schema, a negative one removes the limit.
func TestMaxSchemaWork(t *testing.T) {
	files := map[string]string{
		"values.schema.json": `{"properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}`,
		"values.yaml":        "a: x\n",
		"templates/t.yaml":   "a: {{ .Values.a }}\n",
	}
	c := hostileCase{files: files}.chart(t)
	tests := []struct {
		work    int64
		refused bool
	}{{0, false}, {-1, false}, {100, true}, {1 << 20, false}}
	for _, tt := range tests {
		_, err := Render(context.Background(), c, Options{MaxSchemaWork: tt.work})
		var le *schema.LimitError
		if refused := errors.As(err, &le) && le.What == "work"; refused != tt.refused || !tt.refused && err != nil {
			t.Errorf("MaxSchemaWork %d: got %v, want refused %v", tt.work, err, tt.refused)
		}
	}
}
