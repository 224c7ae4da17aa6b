// Package common defines Values, the named map type Helm 4 gives the scope
// objects templates see (., .Values, .Template), and Capabilities with its
// parts. Their only purpose is that `typeOf .Values` prints
// "common.Values" and `typeOf .Capabilities` "*common.Capabilities", as in
// Helm 4 (and printf and toJson print the same fields in the same order).
package common

import (
	"slices"

	"github.com/chartrender/chartrender/engine/internal/version"
)

// Values is a scope or values map as Helm 4's engine types it.
type Values map[string]any

// Capabilities is .Capabilities as Helm 4 types it, so that typeOf, printf
// and toJson print what they print in Helm 4.
type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion version.BuildInfo
}

// KubeVersion is Helm 4's Kubernetes version, fields in its order.
type KubeVersion struct {
	Version           string
	normalizedVersion string
	Major             string
	Minor             string
}

// NewKubeVersion returns a KubeVersion with its normalised form.
func NewKubeVersion(version, normalized, major, minor string) KubeVersion {
	return KubeVersion{Version: version, normalizedVersion: normalized, Major: major, Minor: minor}
}

// String returns the normalised version.
func (kv *KubeVersion) String() string {
	if kv.normalizedVersion != "" {
		return kv.normalizedVersion
	}
	return kv.Version
}

// GitVersion returns the version as given.
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is a list of API versions.
type VersionSet []string

// Has reports whether the set contains apiVersion.
func (v VersionSet) Has(apiVersion string) bool { return slices.Contains(v, apiVersion) }
