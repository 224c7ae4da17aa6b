package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeterministicKeys renders a chart that prints keys and values of
// dicts large enough that Go's random map order would show, with Helm's SDK
// (given the deterministic overrides) and with chartrender, several times:
// every run must print the same bytes on both sides.
func TestDeterministicKeys(t *testing.T) {
	dir := t.TempDir()
	var vals strings.Builder
	vals.WriteString("big:\n")
	for i := range 40 {
		fmt.Fprintf(&vals, "  k%02d: %d\n", 39-i, i)
	}
	files := map[string]string{
		"Chart.yaml":  "apiVersion: v2\nname: keys\nversion: 0.1.0\n",
		"values.yaml": vals.String() + "small: {b: 1, a: 2}\n",
		"templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n" +
			"  keys: {{ keys .Values.big .Values.small | join \",\" | quote }}\n" +
			"  values: {{ values .Values.big | toJson | quote }}\n" +
			"  top: {{ keys .Values | toJson | quote }}\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var first string
	for i := range 3 {
		want, err := helmTemplate(context.Background(), dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := oursTemplate(context.Background(), dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want != got {
			t.Fatalf("run %d differs (-helm +chartrender):\n%s", i, diffLines(want, got))
		}
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("run %d differs from run 0:\n%s", i, diffLines(first, got))
		}
	}
	if !strings.Contains(first, `keys: "k00,k01,`) || !strings.Contains(first, `k39,a,b"`) {
		t.Errorf("keys not in ascending order per dict:\n%s", first)
	}
}
