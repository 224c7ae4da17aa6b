package flux

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A repository folder: an index.yaml listing several versions of a chart,
// and the archive of each. The archives are the corpus's packaged charts.
func TestLocalResolverIndex(t *testing.T) {
	src := corpusSources(t)
	archive, err := filepath.Abs(filepath.Join(src["HelmRepository/flux-system/corpus"], "sealed-secrets.tgz"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(archive); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"sealed-secrets-2.18.5.tgz", "sealed-secrets-2.17.0.tgz", "sealed-secrets-3.0.0-rc.1.tgz", "sealed-secrets-1.0.0.tgz"} {
		if err := os.Symlink(archive, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	index := `apiVersion: v1
entries:
  sealed-secrets:
  - {name: sealed-secrets, version: 1.0.0, urls: [sealed-secrets-1.0.0.tgz], created: "2020-01-01T00:00:00Z"}
  - {name: sealed-secrets, version: 3.0.0-rc.1, urls: [sealed-secrets-3.0.0-rc.1.tgz], created: "2024-03-01T00:00:00Z"}
  - {name: sealed-secrets, version: 2.18.5, urls: ["https://charts.example.com/sealed-secrets-2.18.5.tgz"], created: "2024-02-01T00:00:00Z"}
  - {name: sealed-secrets, version: 2.17.0, urls: [sealed-secrets-2.17.0.tgz], created: "2024-01-01T00:00:00Z"}
  - {name: sealed-secrets, version: not-semver, urls: [x.tgz]}
`
	if err := os.WriteFile(filepath.Join(dir, "index.yaml"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &LocalResolver{Sources: map[string]string{"HelmRepository/charts": dir}}
	tests := []struct {
		chart, version, want, err string
	}{
		{"sealed-secrets", "", "2.18.5", ""},
		{"sealed-secrets", "*", "2.18.5", ""},
		{"sealed-secrets", "2.17.x", "2.17.0", ""},
		{"sealed-secrets", "<2.0.0", "1.0.0", ""},
		{"sealed-secrets", ">=3.0.0-0", "3.0.0-rc.1", ""},
		{"sealed-secrets", "3.0.0-rc.1", "3.0.0-rc.1", ""},
		{"sealed-secrets", "not-semver", "not-semver", "x.tgz"},
		{"sealed-secrets", ">=4", "", "no 'sealed-secrets' chart with version matching '>=4' found"},
		{"other", "", "", `no chart name found: "other"`},
		{"../etc", "", "", `invalid chart name "../etc"`},
	}
	for _, tt := range tests {
		t.Run(tt.chart+"@"+tt.version, func(t *testing.T) {
			rc, err := r.Resolve(context.Background(), &ChartRequest{SourceRef: CrossNamespaceRef{Kind: "HelmRepository", Namespace: "ns", Name: "charts"}, Chart: tt.chart, Version: tt.version})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rc.Version != tt.want || rc.Chart.Name() != "sealed-secrets" {
				t.Fatalf("picked %s %s, want %s", rc.Chart.Name(), rc.Version, tt.want)
			}
		})
	}
	_, err = r.Resolve(context.Background(), &ChartRequest{SourceRef: CrossNamespaceRef{Kind: "HelmRepository", Namespace: "ns", Name: "unmapped"}, Chart: "x"})
	if !errors.Is(err, ErrNoSource) {
		t.Fatalf("unmapped source: %v", err)
	}
}
