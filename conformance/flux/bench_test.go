package fluxoracle

import (
	"context"
	"syscall"
	"testing"

	fluxchartutil "github.com/fluxcd/pkg/chartutil"
	"github.com/go-logr/logr"

	"github.com/chartrender/chartrender/flux"
)

// BenchmarkRepository builds the whole test repository (read, resolve,
// compose values, render, post-render) with package flux, and does the
// same work with Flux's and Helm's code (chartutil values, a client-only
// Helm install with kustomize post-renderers per release), side by side:
// compare the two ns/op as a ratio.
func BenchmarkRepository(b *testing.B) {
	ctx := context.Background()
	corpus := needCorpus(b)
	b.Run("chartrender", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			repo := readRepo(b, "testdata/repo")
			res, err := flux.Build(ctx, repo, flux.Options{Resolver: &flux.LocalResolver{Sources: sources(corpus)}, KubeVersion: kubeVersion})
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range res {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		}
	})
	b.Run("helm-controller", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			repo := readRepo(b, "testdata/repo")
			client := oracleClient(b, repo)
			for _, hr := range repo.Releases {
				if hr.Spec.Suspend {
					continue
				}
				ohr := oracleRelease(b, hr)
				vals, err := fluxchartutil.ChartValuesFromReferences(ctx, logr.Discard(), client, ohr.Namespace, ohr.GetValues(), ohr.Spec.ValuesFrom...)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := oracleObjects(b, ctx, ohr, oracleChart(b, repo, ohr, corpus), vals); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// reportCPU adds the process's CPU time (user and system) per operation to
// the benchmark's result, a figure that depends less than ns/op on what
// else the machine runs.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
