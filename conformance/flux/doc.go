// Package fluxoracle checks package flux against Flux's own code:
// fluxcd/pkg/chartutil's ChartValuesFromReferences (with a fake
// Kubernetes client holding the repository's ConfigMaps and Secrets) for
// composed values and their error texts, helm-controller's API types for
// release names and namespaces, and Helm's SDK with kustomize's API,
// driven as helm-controller drives them, for the objects a release
// applies.
//
// It is a nested module so that the main module never depends on Flux,
// Helm or Kubernetes. The Flux releases it imports need Go 1.27: run it
// with GOTOOLCHAIN=go1.27.3.
package fluxoracle
