// Package flux renders the HelmReleases of a Flux GitOps repository
// offline, as helm-controller would apply them, and compares two
// revisions object by object.
//
// Flux objects are read as YAML data ([Read], [ParseManifests]); nothing
// here imports Kubernetes or Flux libraries. For every HelmRelease
// (helm.toolkit.fluxcd.io/v2, v2beta2, v2beta1), [Build]:
//
//   - resolves the chart through a [Resolver] the caller provides
//     ([LocalResolver] maps sources to local folders, archives and
//     repository folders with an index.yaml), applying
//     spec.chart.spec.valuesFiles as source-controller does;
//   - composes the values as helm-controller does ([ComposeValues]:
//     valuesFrom ConfigMaps and Secrets in order, spec.values over them,
//     then targetPath references), with helm-controller's error texts
//     ([ValuesReferenceError]);
//   - names the release as helm-controller does ([HelmRelease.ReleaseName],
//     [ShortenName]) and renders it with the chartrender package, the
//     chart's crds/ by the install CRD policy;
//   - post-renders every object ([PostRender]): kustomize patches (JSON
//     6902, strategic merge) and images, commonMetadata, and the origin
//     labels helm.toolkit.fluxcd.io/name and /namespace.
//
// Releases are ordered by dependsOn (a cycle is a [*CycleError]);
// suspended releases are reported and not rendered. [Diff] compares two
// builds per release and per object, field by field.
//
// What this package does not reproduce is refused with an error wrapping
// [ErrUnsupported], never skipped: kustomize generators and overlays in
// the repository tree, set-based label selectors, strategic merge
// directives other than $patch: replace/delete, and the v2beta1-only
// post-renderer fields that helm-controller v1 no longer applies.
package flux
