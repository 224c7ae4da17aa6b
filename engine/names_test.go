package engine

import (
	"fmt"
	"slices"
	"testing"
)

func TestFuncNames(t *testing.T) {
	names := FuncNames()
	for _, want := range []string{"include", "tpl", "toYaml", "mustToYaml", "required", "lookup", "b64enc", "printf", "index"} {
		if _, found := slices.BinarySearch(names, want); !found {
			t.Errorf("FuncNames lacks %q", want)
		}
	}
	for _, absent := range []string{"env", "expandenv", "myFunc"} {
		if _, found := slices.BinarySearch(names, absent); found {
			t.Errorf("FuncNames has %q", absent)
		}
	}
}

// Every distinct set of enabled subcharts assembles a template set; the
// cache of them stays within Options.MaxTemplateSets.
func TestTemplateSetCacheBounded(t *testing.T) {
	files := map[string]string{
		"Chart.yaml":        "apiVersion: v2\nname: c\nversion: 0.1.0\n",
		"templates/cm.yaml": "a: 1\n",
	}
	const subcharts = 4
	for i := range subcharts {
		dep := fmt.Sprintf("s%d", i)
		files["charts/"+dep+"/Chart.yaml"] = "apiVersion: v2\nname: " + dep + "\nversion: 0.1.0\n"
		files["charts/"+dep+"/templates/cm.yaml"] = "b: 2\n"
	}
	deps := "dependencies:\n"
	for i := range subcharts {
		deps += fmt.Sprintf("- name: s%d\n  version: 0.1.0\n  condition: s%d.on\n", i, i)
	}
	files["Chart.yaml"] += deps
	dir := writeChart(t, files)
	e := New(Options{MaxTemplateSets: 3})
	for mask := range 1 << subcharts {
		user := map[string]any{}
		for i := range subcharts {
			user[fmt.Sprintf("s%d", i)] = map[string]any{"on": mask&(1<<i) != 0}
		}
		if _, err := loadRender(t, e, dir, user); err != nil {
			t.Fatal(err)
		}
		e.sets.mu.Lock()
		n := len(e.sets.sets)
		e.sets.mu.Unlock()
		if n > 3 {
			t.Fatalf("after %d renders the cache holds %d template sets, want at most 3", mask+1, n)
		}
	}
	if got := e.Stats().Assemblies; got != 1<<subcharts {
		t.Errorf("assembled %d template sets, want %d (one per distinct set of subcharts)", got, 1<<subcharts)
	}
}
