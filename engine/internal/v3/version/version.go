// Package version defines BuildInfo as Helm 3 types .Capabilities.HelmVersion:
// typeOf prints "version.BuildInfo", and it has no Kubernetes client version.
package version

// BuildInfo describes a Helm build, with Helm 3's fields and JSON names.
type BuildInfo struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}
