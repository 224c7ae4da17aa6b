package fluxoracle

import (
	"context"
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
