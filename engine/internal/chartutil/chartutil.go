// Package chartutil defines Values, the named map type Helm 3 gives the scope
// objects templates see (., .Values, .Template), and Capabilities with its
// parts. Their only purpose is that `typeOf .Values` prints
// "chartutil.Values" and `typeOf .Capabilities` "*chartutil.Capabilities",
// as in Helm 3 (and printf and toJson print the same fields in the same
// order).
package chartutil

import (
	"slices"

	"github.com/chartrender/chartrender/engine/internal/v3/version"
)

// Values is a scope or values map as Helm 3's engine types it.
type Values map[string]any

// Capabilities is .Capabilities as Helm 3 types it.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion version.BuildInfo
}

// KubeVersion is Helm 3's Kubernetes version.
type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

// String returns the version.
func (kv *KubeVersion) String() string { return kv.Version }

// GitVersion returns the version.
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is a list of API versions.
type VersionSet []string

// Has reports whether the set contains apiVersion.
func (v VersionSet) Has(apiVersion string) bool { return slices.Contains(v, apiVersion) }
