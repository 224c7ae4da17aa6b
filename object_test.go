package chartrender

import (
	"context"
	"maps"
	"strings"
	"sync"
	"testing"
)

func TestManifestMetadata(t *testing.T) {
	c := hostileChart(t, `apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  namespace: {{ .Values.ns }}
  labels:
    app: demo
    tier: 3
    enabled: true
    nested: {x: 1}
data:
  count: {{ .Values.big }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
---
apiVersion: v1
kind: Secret
metadata:
  name: a
  labels: [not, a, map]
`, "ns: prod\nbig: 12345678901\n")
	res, err := NewRenderer(c).Render(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kind, name, ns string
		labels         map[string]string
	}{
		{"ConfigMap", "a", "prod", map[string]string{"app": "demo", "tier": "3", "enabled": "true"}},
		{"ConfigMap", "b", "", nil},
		{"Secret", "a", "", nil},
	}
	for _, tt := range tests {
		m := res.Get(tt.kind, tt.name)
		if m == nil {
			t.Fatalf("Get(%q, %q) = nil", tt.kind, tt.name)
		}
		if m.Kind != tt.kind || m.Name != tt.name || m.Namespace != tt.ns || !maps.Equal(m.Labels, tt.labels) {
			t.Errorf("Get(%q, %q) = %s/%s ns %q labels %v, want ns %q labels %v", tt.kind, tt.name, m.Kind, m.Name, m.Namespace, m.Labels, tt.ns, tt.labels)
		}
	}
	if m := res.Get("Secret", "b"); m != nil {
		t.Errorf("Get(Secret, b) = %v, want nil", m)
	}
	if got := res.ByKind("ConfigMap"); len(got) != 2 || got[0].Name != "a" || got[1].Name != "b" {
		t.Errorf("ByKind(ConfigMap) = %v", got)
	}

	m := res.Get("ConfigMap", "a")
	obj, err := m.Object()
	if err != nil {
		t.Fatal(err)
	}
	if n := obj["data"].(map[string]any)["count"]; n != float64(12345678901) {
		t.Errorf("data.count = %#v, want float64 12345678901", n)
	}
	var typed struct {
		Metadata struct {
			Name      string         `json:"name"`
			Namespace string         `json:"namespace"`
			Labels    map[string]any `json:"labels"`
		} `json:"metadata"`
		Data map[string]int64 `json:"data"`
	}
	if err := m.Decode(&typed); err != nil {
		t.Fatal(err)
	}
	if typed.Metadata.Name != "a" || typed.Metadata.Namespace != "prod" || typed.Data["count"] != 12345678901 {
		t.Errorf("Decode gave %+v", typed)
	}
	var wrong struct {
		Data map[string]bool `json:"data"`
	}
	if err := m.Decode(&wrong); err == nil || !strings.Contains(err.Error(), "hostile/templates/t.yaml") {
		t.Errorf("Decode into a mismatched type: error %v, want one naming the template", err)
	}
}

// Object decodes once; copies of the Manifest and concurrent callers share
// the result.
func TestManifestObjectShared(t *testing.T) {
	res, err := RenderPath(context.Background(), "examples/charts/hello", Options{})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Get("Deployment", "release-name-hello")
	if m == nil {
		t.Fatal("no Deployment")
	}
	copied := *m
	objs := make([]map[string]any, 8)
	var wg sync.WaitGroup
	for i := range objs {
		wg.Go(func() {
			src := m
			if i%2 == 1 {
				src = &copied
			}
			o, err := src.Object()
			if err != nil {
				t.Error(err)
			}
			objs[i] = o
		})
	}
	wg.Wait()
	for _, o := range objs[1:] {
		if len(o) == 0 {
			t.Fatal("empty object")
		}
		// The same map: a key added through one is seen through the other.
		o["x-probe"] = true
		if objs[0]["x-probe"] != true {
			t.Fatal("Object returned different maps")
		}
		delete(o, "x-probe")
	}
	// A Manifest built by hand decodes on every call.
	hand := Manifest{Source: "x.yaml", Content: "a: [1, 2]"}
	if o, err := hand.Object(); err != nil || len(o["a"].([]any)) != 2 {
		t.Errorf("hand-made manifest: %v, %v", o, err)
	}
	if _, err := (&Manifest{Source: "bad.yaml", Content: "- a list"}).Object(); err == nil || !strings.HasPrefix(err.Error(), "bad.yaml: ") {
		t.Errorf("a list document: error %v", err)
	}
}
