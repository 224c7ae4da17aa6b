package flux_test

import (
	"context"
	"fmt"
	"os"

	"github.com/chartrender/chartrender/flux"
)

// The values helm-controller composes for a HelmRelease: a ConfigMap,
// then spec.values, then a targetPath reference to a Secret key.
func ExampleComposeValues() {
	objs, err := flux.ParseManifests([]byte(`
apiVersion: v1
kind: ConfigMap
metadata: {name: podinfo-values, namespace: apps}
data:
  values.yaml: |
    replicaCount: 2
    ingress: {enabled: true}
---
apiVersion: v1
kind: Secret
metadata: {name: podinfo-token, namespace: apps}
stringData:
  token: s3cr3t
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: podinfo, namespace: apps}
spec:
  chart:
    spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}
  valuesFrom:
  - {kind: ConfigMap, name: podinfo-values}
  - {kind: Secret, name: podinfo-token, valuesKey: token, targetPath: auth.token}
  values:
    replicaCount: 3
`), "podinfo.yaml")
	if err != nil {
		panic(err)
	}
	repo, err := flux.NewRepository(objs)
	if err != nil {
		panic(err)
	}
	vals, err := flux.ComposeValues(repo.Releases[0], repo)
	fmt.Println(vals, err)
	// Output: map[auth:map[token:s3cr3t] ingress:map[enabled:true] replicaCount:3] <nil>
}

// Building the bundled example repository: the chart comes from a
// GitRepository that is mapped to the checkout's root.
func ExampleBuild() {
	ctx := context.Background()
	repo, err := flux.Read(ctx, "../examples/flux/v1")
	if err != nil {
		panic(err)
	}
	results, err := flux.Build(ctx, repo, flux.Options{
		Resolver: &flux.LocalResolver{Sources: map[string]string{"GitRepository/flux-system/charts": ".."}},
	})
	if err != nil {
		panic(err)
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintln(os.Stderr, r.Err)
			continue
		}
		fmt.Printf("%s: release %s/%s, %d objects\n", r.Release.ID(), r.Namespace, r.ReleaseName, len(r.Resources))
	}
	// Output:
	// apps/hello: release apps/hello, 9 objects
	// apps/greeter: release greeters/greeters-greeter, 7 objects
}
