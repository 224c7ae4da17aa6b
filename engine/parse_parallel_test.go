package engine

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Templates are parsed concurrently; the parse error reported must still
// be the first in Helm's order (names descending), as when parsing one file
// after another, and every file is parsed once.
func TestParallelParse(t *testing.T) {
	tmpls := map[string]string{}
	for i := range 40 {
		tmpls[fmt.Sprintf("templates/t%02d.yaml", i)] = fmt.Sprintf("n: {{ .Release.Name }}-%d\n", i)
	}
	broken := map[string]string{}
	for k, v := range tmpls {
		broken[k] = v
	}
	broken["templates/t05.yaml"] = "{{ if }}\n"
	broken["templates/t30.yaml"] = "a\n{{ end }}\n"
	for _, par := range []int{1, 2, 16} {
		t.Run(fmt.Sprint("parallelism=", par), func(t *testing.T) {
			e := New(Options{Parallelism: par})
			c := memChart("c", tmpls, "n: 1\n")
			out, err := e.Render(context.Background(), c, topFor(t, c))
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 40 || out["c/templates/t07.yaml"] != "n: x-7\n" {
				t.Errorf("got %d files, t07 = %q", len(out), out["c/templates/t07.yaml"])
			}
			if n := e.Stats().FileParses; n != 40 {
				t.Errorf("FileParses = %d, want 40", n)
			}
			bc := memChart("c", broken, "n: 1\n")
			_, err = e.Render(context.Background(), bc, topFor(t, bc))
			if err == nil || !strings.Contains(err.Error(), "c/templates/t30.yaml:2") {
				t.Errorf("error = %v; want the parse error of t30.yaml, the first in Helm's order", err)
			}
			if n := e.Stats().FileParses; n != 42 {
				t.Errorf("FileParses = %d after the broken chart, want 42", n)
			}
		})
	}
}
