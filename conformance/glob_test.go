package conformance

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chartrender/chartrender"
	"github.com/gobwas/glob"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
)

// TestGlobDifferential compares .Files.Glob with Helm's glob library on
// random patterns: for each, the names gobwas/glob (compiled as Helm's
// .Files.Glob compiles it: "/" as the separator, "**" when the pattern does
// not compile) matches among the chart's files, or the runtime error it
// fails with on the first name (in byte order) where it does, against what
// a chartrender template ranging over .Files.Glob prints or fails with.
func TestGlobDifferential(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"Chart.yaml":       "apiVersion: v2\nname: g\nversion: 0.1.0\n",
		"templates/g.yaml": "# {{ range $k, $_ := .Files.Glob .Values.p }}{{ $k }} {{ end }}\n",
		"files/a.txt":      "", "files/ab.txt": "", "files/b/c.json": "", "files/top.txt": "",
		"root.txt": "", "x/a.json": "", "a/b/c/d/e/foo.json": "", "abc": "", "b/a": "",
		"files/é.txt": "", "a,b": "", "{x}": "",
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ch, err := loader.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range ch.Files {
		names = append(names, f.Name)
	}
	sort.Strings(names)

	helm := func(pattern string) (matched []string, failure string) {
		g, err := glob.Compile(pattern, '/')
		if err != nil {
			g, _ = glob.Compile("**")
		}
		for _, n := range names {
			ok, msg := func() (ok bool, msg string) {
				defer func() {
					if r := recover(); r != nil {
						msg = fmt.Sprint(r)
					}
				}()
				return g.Match(n), ""
			}()
			if msg != "" {
				return nil, msg
			}
			if ok {
				matched = append(matched, n)
			}
		}
		return matched, ""
	}

	alphabet := []string{"a", "b", "c", "/", "*", "**", "?", "{", "}", ",", "[", "]", "!", "-", "\\", ".txt", ".json", "files/", "é", "x"}
	// Patterns on which the library fails for some name, then random ones.
	fixed := []string{"root.txt{", "**/*.txt{", "abc{", "?b{", "files/a.txt{,}", "**.json{{", "*/a{"}
	rng := rand.New(rand.NewSource(1))
	seen := map[string]bool{}
	same, failures := 0, 0
	for len(seen) < 1500 {
		var b strings.Builder
		if len(seen) < len(fixed) {
			b.WriteString(fixed[len(seen)])
		} else {
			for range rng.Intn(7) + 1 {
				b.WriteString(alphabet[rng.Intn(len(alphabet))])
			}
		}
		pattern := b.String()
		if seen[pattern] {
			continue
		}
		seen[pattern] = true
		wantNames, wantFail := helm(pattern)
		res, err := chartrender.RenderPath(context.Background(), dir, chartrender.Options{
			ReleaseName: "r", UserValues: map[string]any{"p": pattern},
		})
		switch {
		case wantFail != "":
			failures++
			if err == nil || !strings.Contains(err.Error(), "error calling Glob: "+wantFail) {
				t.Errorf("%q: helm's glob library fails with %q; chartrender: %v", pattern, wantFail, err)
				continue
			}
		case err != nil:
			t.Errorf("%q: unexpected error: %v", pattern, err)
			continue
		default:
			want := "# " + strings.Join(append(wantNames, ""), " ")
			got := ""
			if len(res.Manifests) > 0 {
				got = strings.TrimRight(res.Manifests[0].Content, "\n")
			}
			if got != strings.TrimRight(want, "\n") {
				t.Errorf("%q: helm's glob library matches %q; chartrender prints %q", pattern, wantNames, got)
				continue
			}
		}
		same++
	}
	fmt.Printf(".Files.Glob vs gobwas/glob: %d of %d random patterns the same (%d failing in both)\n", same, len(seen), failures)
}
