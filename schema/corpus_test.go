package schema

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusDir returns ../shared/corpus/charts relative to the module root.
func corpusDir(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "corpus", "charts")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("corpus not present")
	}
	return dir
}

// loadYAMLValues reads a values.yaml into the JSON data model (numbers as
// float64) through a JSON round trip.
func loadYAMLValues(t testing.TB, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return map[string]any{}
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var m map[string]any
	if err := json.Unmarshal(j, &m); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// TestCorpusDefaults validates the default values of every corpus chart
// (and unpacked subchart) that has a values.schema.json: helm v4.3.1
// renders these charts with their defaults, so they must pass.
func TestCorpusDefaults(t *testing.T) {
	root := corpusDir(t)
	var schemas []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "values.schema.json" {
			schemas = append(schemas, path)
		}
		return nil
	})
	if len(schemas) == 0 {
		t.Skip("no schemas in the corpus")
	}
	var v Validator
	for _, path := range schemas {
		name, _ := filepath.Rel(root, filepath.Dir(path))
		t.Run(strings.ReplaceAll(name, "/", "_"), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			vals := loadYAMLValues(t, filepath.Join(filepath.Dir(path), "values.yaml"))
			s, err := v.Compile(data)
			if err != nil {
				t.Fatalf("compile: %v", err)
			}
			if err := s.Validate(vals); err != nil {
				t.Errorf("default values rejected:\n%v", err)
			}
			p, _ := prepare(vals, DefaultMaxDepth)
			if err := s.slowPath(); err != nil {
				t.Fatal(err)
			}
			est, _ := estimate(nil, s.sch, p.v, 1<<40)
			t.Logf("%d steps, estimated work %d", s.budget.used, est)
			// Real charts must stay far below the default work limit.
			if est > DefaultMaxWork/16 {
				t.Errorf("estimated work %d is more than 1/16 of DefaultMaxWork", est)
			}
		})
	}
}
