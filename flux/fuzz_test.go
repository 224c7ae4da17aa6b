package flux

import (
	"testing"
)

// FuzzParseManifests feeds arbitrary streams to the manifest reader and
// the HelmRelease decoder: they must return objects or an error, never
// panic.
func FuzzParseManifests(f *testing.F) {
	f.Add([]byte(valuesObjects))
	f.Add([]byte("apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: a}\nspec:\n  chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}}\n  values: {a: 1}\n  dependsOn: [{name: a}]\n"))
	f.Add([]byte("apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: A}]\n---\n--- \n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, err := ParseManifests(data, "fuzz.yaml")
		if err != nil {
			return
		}
		for _, o := range objs {
			if o.APIVersion == "" || o.Kind == "" {
				t.Fatalf("object without apiVersion or kind: %#v", o)
			}
		}
		repo, err := NewRepository(objs)
		if err != nil {
			return
		}
		if _, err := repo.Ordered(); err != nil {
			return
		}
		for _, hr := range repo.Releases {
			_ = hr.ReleaseName()
			_, _ = ComposeValues(hr, repo)
		}
	})
}
