package values

import (
	"runtime"
	"slices"
)

// Capabilities describes the cluster a chart is rendered for: templates see
// it as .Capabilities.
type Capabilities struct {
	// KubeVersion is the Kubernetes version.
	KubeVersion KubeVersion
	// APIVersions lists the API versions the cluster serves.
	APIVersions VersionSet
	// HelmVersion describes the Helm build being imitated.
	HelmVersion BuildInfo
}

// KubeVersion is a Kubernetes version as templates see it.
type KubeVersion struct {
	// Version is the version as given, with a leading "v" (e.g. v1.30.2-gke.1).
	Version string
	// Major and Minor are its first two numbers.
	Major string
	Minor string

	normalized string // v<major>.<minor>[.<patch>], used by String and constraint checks
}

// String returns the normalised version, e.g. v1.30.2 for v1.30.2-gke.1.
func (kv *KubeVersion) String() string {
	if kv.normalized != "" {
		return kv.normalized
	}
	return kv.Version
}

// GitVersion returns the version as given.
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is a list of API versions, e.g. "apps/v1" or "apps/v1/Deployment".
type VersionSet []string

// Has reports whether the set contains apiVersion.
func (v VersionSet) Has(apiVersion string) bool { return slices.Contains(v, apiVersion) }

// BuildInfo describes a Helm build; its JSON names are Helm's.
type BuildInfo struct {
	Version           string `json:"version,omitempty"`
	GitCommit         string `json:"git_commit,omitempty"`
	GitTreeState      string `json:"git_tree_state,omitempty"`
	GoVersion         string `json:"go_version,omitempty"`
	KubeClientVersion string `json:"kube_client_version"`
}

// defaultAPIVersions is the list helm v4.3.1 and v3.22.0 report by default,
// in their order.
var defaultAPIVersions = []string{
	"v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1",
	"admissionregistration.k8s.io/v1beta1", "internal.apiserver.k8s.io/v1alpha1", "apps/v1",
	"apps/v1beta1", "apps/v1beta2", "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1",
	"authentication.k8s.io/v1beta1", "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
	"autoscaling/v1", "autoscaling/v2", "batch/v1", "batch/v1beta1", "certificates.k8s.io/v1",
	"certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2",
	"coordination.k8s.io/v1beta1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
	"discovery.k8s.io/v1beta1", "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3",
	"lifecycle.k8s.io/v1alpha1", "networking.k8s.io/v1", "networking.k8s.io/v1beta1", "node.k8s.io/v1",
	"node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1",
	"rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1",
	"rbac.authorization.k8s.io/v1alpha1", "resource.k8s.io/v1", "resource.k8s.io/v1beta2",
	"resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3", "scheduling.k8s.io/v1alpha3",
	"scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1",
	"storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1", "storagemigration.k8s.io/v1beta1",
	"apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
}

// DefaultCapabilities returns a fresh copy of the capabilities helm template
// uses when no cluster is involved: Kubernetes v1.37.0 for helm v4.3.1, or
// v1.20.0 when helm3 is true (helm v3.22.0), and the default API versions.
func DefaultCapabilities(helm3 bool) *Capabilities {
	c := &Capabilities{
		KubeVersion: KubeVersion{Version: "v1.37.0", Major: "1", Minor: "37", normalized: "v1.37.0"},
		APIVersions: slices.Clone(VersionSet(defaultAPIVersions)),
		HelmVersion: BuildInfo{Version: "v4.3.1", GoVersion: runtime.Version(), KubeClientVersion: "v1.37"},
	}
	if helm3 {
		c.KubeVersion = KubeVersion{Version: "v1.20.0", Major: "1", Minor: "20", normalized: "v1.20.0"}
		c.HelmVersion = BuildInfo{Version: "v3.22.0", GoVersion: runtime.Version(), KubeClientVersion: "v1.20"}
	}
	return c
}

// ReleaseOptions describes the release being rendered: templates see it as
// .Release.
type ReleaseOptions struct {
	Name      string
	Namespace string
	Revision  int
	IsUpgrade bool
	IsInstall bool
}
