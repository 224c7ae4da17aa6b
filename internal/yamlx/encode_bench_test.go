package yamlx

import (
	"strconv"
	"testing"
)

// benchValues is a values tree of the usual shape: nested maps, short
// strings, numbers read from YAML (float64), a few lists.
func benchValues() map[string]any {
	containers := []any{}
	for i := range 3 {
		containers = append(containers, map[string]any{
			"name":  "c" + strconv.Itoa(i),
			"image": "registry.example.com/team/app:1.2." + strconv.Itoa(i),
			"ports": []any{map[string]any{"containerPort": 8080.0, "protocol": "TCP", "name": "http"}},
			"env": []any{
				map[string]any{"name": "MODE", "value": "production"},
				map[string]any{"name": "ENABLED", "value": "true"},
			},
			"resources": map[string]any{
				"limits":   map[string]any{"cpu": "500m", "memory": "512Mi"},
				"requests": map[string]any{"cpu": 0.25, "memory": "256Mi"},
			},
			"args": []any{"--log-level=info", "--config=/etc/app/config.yaml"},
		})
	}
	return map[string]any{
		"replicaCount": 3.0,
		"image":        map[string]any{"repository": "nginx", "tag": "1.25.3", "pullPolicy": "IfNotPresent"},
		"podAnnotations": map[string]any{
			"prometheus.io/scrape": "true",
			"checksum/config":      "a3f5c0e1d2b4a6978812345678901234567890abcdef0123456789abcdef0123",
		},
		"description":  "A fairly long description of the chart that goes past the eighty column limit and is folded.",
		"containers":   containers,
		"nodeSelector": map[string]any{},
		"tolerations":  []any{},
		"affinity":     nil,
	}
}

func BenchmarkMarshal(b *testing.B) {
	v := benchValues()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshalJSONRoute is the exact route every value could take.
func BenchmarkMarshalJSONRoute(b *testing.B) {
	v := benchValues()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marshalSlow(v); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToYAMLPretty(b *testing.B) {
	v := benchValues()
	b.ReportAllocs()
	for b.Loop() {
		_ = ToYAMLPretty(v)
	}
}
