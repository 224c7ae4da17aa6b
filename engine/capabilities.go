package engine

import (
	"github.com/chartrender/chartrender/engine/internal/chartutil"
	"github.com/chartrender/chartrender/engine/internal/common"
	v3version "github.com/chartrender/chartrender/engine/internal/v3/version"
	"github.com/chartrender/chartrender/engine/internal/version"
	"github.com/chartrender/chartrender/values"
)

// helmCapabilities gives .Capabilities the types of Helm's own object
// (*common.Capabilities in Helm 4, *chartutil.Capabilities in Helm 3), so
// that typeOf, printf and toJson print what Helm prints. Anything but a
// *values.Capabilities is returned unchanged.
func (e *Engine) helmCapabilities(v any) any {
	c, ok := v.(*values.Capabilities)
	if !ok || c == nil {
		return v
	}
	kv, hv := c.KubeVersion, c.HelmVersion
	if e.opts.Helm3 {
		return &chartutil.Capabilities{
			KubeVersion: chartutil.KubeVersion{Version: kv.Version, Major: kv.Major, Minor: kv.Minor},
			APIVersions: chartutil.VersionSet(c.APIVersions),
			HelmVersion: v3version.BuildInfo{Version: hv.Version, GitCommit: hv.GitCommit, GitTreeState: hv.GitTreeState, GoVersion: hv.GoVersion},
		}
	}
	return &common.Capabilities{
		KubeVersion: common.NewKubeVersion(kv.Version, kv.String(), kv.Major, kv.Minor),
		APIVersions: common.VersionSet(c.APIVersions),
		HelmVersion: version.BuildInfo{Version: hv.Version, GitCommit: hv.GitCommit, GitTreeState: hv.GitTreeState, GoVersion: hv.GoVersion, KubeClientVersion: hv.KubeClientVersion},
	}
}
