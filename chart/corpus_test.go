package chart_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// corpusDir returns the shared chart corpus, found next to the module root
// (../shared/corpus/charts), or skips the test when it is absent.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	corpus := filepath.Join(dir, "..", "shared", "corpus", "charts")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("chart corpus not present")
	}
	return corpus
}

// TestCorpusLoads loads every chart of the shared corpus, directories and
// archives; helm v4.3.1 renders all of them, so all must load.
func TestCorpusLoads(t *testing.T) {
	corpus := corpusDir(t)
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(corpus, e.Name())
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".tgz") {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			c, err := chart.Load(p)
			if err != nil {
				t.Fatalf("Load(%s): %v", e.Name(), err)
			}
			if c.Name() == "" || c.Metadata.Version == "" {
				t.Errorf("chart without name or version: %+v", c.Metadata)
			}
			if len(c.Templates) == 0 && len(c.Dependencies()) == 0 && !c.IsLibrary() {
				t.Errorf("no templates and no subcharts")
			}
			if len(c.Raw) == 0 {
				t.Errorf("Raw is empty")
			}
			if c.Values == nil {
				t.Logf("no values.yaml")
			}
			if err := chart.CheckDependencies(c); err != nil {
				t.Logf("CheckDependencies: %v", err)
			}
		})
	}
}
