package engine_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/engine"
)

func TestObjectLookup(t *testing.T) {
	secret := map[string]any{"apiVersion": "v1", "kind": "Secret",
		"metadata": map[string]any{"name": "db", "namespace": "prod"}, "data": map[string]any{"password": "cGFzcw=="}}
	other := map[string]any{"apiVersion": "v1", "kind": "Secret",
		"metadata": map[string]any{"name": "tls", "namespace": "dev"}}
	node := map[string]any{"apiVersion": "v1", "kind": "Node", "metadata": map[string]any{"name": "n1"}}
	lookup := engine.ObjectLookup(secret, other, node)

	tests := []struct {
		apiVersion, kind, ns, name string
		want                       map[string]any
	}{
		{"v1", "Secret", "prod", "db", secret},
		{"v1", "Secret", "dev", "db", map[string]any{}},
		{"v1", "ConfigMap", "prod", "db", map[string]any{}},
		{"v1", "Node", "", "n1", node},
		{"v1", "Secret", "prod", "", map[string]any{"apiVersion": "v1", "kind": "SecretList", "metadata": map[string]any{}, "items": []any{secret}}},
		{"v1", "Secret", "", "", map[string]any{"apiVersion": "v1", "kind": "SecretList", "metadata": map[string]any{}, "items": []any{secret, other}}},
		{"apps/v1", "Deployment", "", "", map[string]any{"apiVersion": "apps/v1", "kind": "DeploymentList", "metadata": map[string]any{}, "items": []any{}}},
	}
	for _, tt := range tests {
		got, err := lookup(tt.apiVersion, tt.kind, tt.ns, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("lookup %s %s %q %q (-want +got):\n%s", tt.apiVersion, tt.kind, tt.ns, tt.name, diff)
		}
	}
	// Copies: changing a result does not change the objects given.
	got, _ := lookup("v1", "Secret", "prod", "db")
	got["data"].(map[string]any)["password"] = "changed"
	if secret["data"].(map[string]any)["password"] != "cGFzcw==" {
		t.Error("a lookup result shares maps with the objects given")
	}
}

func ExampleObjectLookup() {
	lookup := engine.ObjectLookup(map[string]any{
		"apiVersion": "v1", "kind": "Secret",
		"metadata": map[string]any{"name": "db", "namespace": "prod"},
		"data":     map[string]any{"password": "c2VjcmV0"},
	})
	s, _ := lookup("v1", "Secret", "prod", "db")
	fmt.Println(s["data"].(map[string]any)["password"])
	missing, _ := lookup("v1", "Secret", "prod", "nope")
	fmt.Println(len(missing))
	// Output:
	// c2VjcmV0
	// 0
}
