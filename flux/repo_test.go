package flux

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// The test repository of conformance/flux (HelmReleases over the shared
// corpus of charts); conformance/flux compares its values and objects
// with Flux's own code. Here it must build without errors.
const testRepo = "../conformance/flux/testdata/repo"

func corpusSources(t testing.TB) map[string]string {
	corpus := os.Getenv("CHARTRENDER_CORPUS")
	if corpus == "" {
		corpus = filepath.Join("..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(corpus, "charts")); err != nil {
		t.Skipf("corpus not found at %s", corpus)
	}
	return map[string]string{
		"HelmRepository/flux-system/corpus":          filepath.Join(corpus, "charts"),
		"GitRepository/flux-system/corpus":           corpus,
		"GitRepository/flux-system/self":             "..",
		"OCIRepository/flux-system/rollout-operator": filepath.Join(corpus, "charts", "grafana-rollout-operator"),
	}
}

func buildTestRepo(t testing.TB) []*ReleaseResult {
	ctx := context.Background()
	src := corpusSources(t)
	repo, err := Read(ctx, testRepo)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Build(ctx, repo, Options{Resolver: &LocalResolver{Sources: src}})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildTestRepository(t *testing.T) {
	results := buildTestRepo(t)
	if len(results) < 20 {
		t.Fatalf("%d releases, want at least 20", len(results))
	}
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Release.ID(), r.Err)
		}
		if !r.Suspended && len(r.Resources) == 0 {
			t.Errorf("%s: no objects", r.Release.ID())
		}
	}
}

// BenchmarkBuildTestRepository reads and builds the whole test repository
// (charts loaded anew each time), as `chartrender flux build` does.
func BenchmarkBuildTestRepository(b *testing.B) {
	for b.Loop() {
		buildTestRepo(b)
	}
}
