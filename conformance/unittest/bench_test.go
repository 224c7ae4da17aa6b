package unittest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/chartrender/chartrender/unittest"
)

// BenchmarkSuites runs the helm-unittest suites of corpus charts with
// helm-unittest v1.1.2 (its binary, one process per run) and with
// chartrender's runner, side by side; the ratio of the two ns/op is the
// speed-up. TestVerdicts reports the same ratio over the whole corpus.
//
//	go test -run '^$' -bench BenchmarkSuites -benchtime 3x .
func BenchmarkSuites(b *testing.B) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "charts")
	if _, err := os.Stat(corpus); err != nil {
		b.Skip("no corpus")
	}
	bin := os.Getenv("HELM_UNITTEST_ORACLE")
	if bin == "" {
		out, err := exec.Command("bash", filepath.Join("..", "..", "..", "shared", "tools", "install-helm-unittest")).Output()
		if err != nil {
			b.Skip("no helm-unittest oracle")
		}
		bin = string(out[:len(out)-1])
	}
	for _, name := range []string{"ingress-nginx", "kube-prometheus-stack"} {
		dir := filepath.Join(b.TempDir(), name)
		copyDir(b, filepath.Join(corpus, name), dir)
		args := []string{}
		for _, p := range suitePatterns {
			args = append(args, "-f", p)
		}
		b.Run("helm-unittest/"+name, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bin, append(args, dir)...)
				cmd.Env = append(os.Environ(), "HELM_PLUGIN_DIR="+b.TempDir())
				_ = cmd.Run() // failing tests exit 1
			}
		})
		b.Run("chartrender/"+name, func(b *testing.B) {
			defer debug.SetGCPercent(debug.SetGCPercent(unittest.GCPercent))
			for b.Loop() {
				r := &unittest.Runner{TestFiles: suitePatterns}
				if _, err := r.Run(context.Background(), dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
