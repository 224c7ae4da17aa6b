// Package version defines BuildInfo as Helm 4 types .Capabilities.HelmVersion,
// so that typeOf prints "version.BuildInfo" and toJson Helm 4's fields.
package version

// BuildInfo describes a Helm build, with Helm 4's JSON names.
type BuildInfo struct {
	Version           string `json:"version,omitempty"`
	GitCommit         string `json:"git_commit,omitempty"`
	GitTreeState      string `json:"git_tree_state,omitempty"`
	GoVersion         string `json:"go_version,omitempty"`
	KubeClientVersion string `json:"kube_client_version"`
}
