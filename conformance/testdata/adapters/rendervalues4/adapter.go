// Package util maps ToRenderValuesWithSchemaValidation of Helm v4's
// pkg/chart/common/util onto chartrender's values and schema packages, so
// that Helm's values_test.go runs against chartrender unchanged (see
// helmunit_test.go). The render object is chartrender's; its capabilities
// and values are given Helm's types.
package util

import (
	"errors"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
	ci "helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// ToRenderValuesWithSchemaValidation coalesces the values, validates them
// (unless skipped) and builds the render object, each with chartrender.
func ToRenderValuesWithSchemaValidation(chrt ci.Charter, chrtVals map[string]any, options common.ReleaseOptions, caps *common.Capabilities, skipSchemaValidation bool) (common.Values, error) {
	hc, ok := chrt.(*helmchart.Chart)
	if !ok {
		return nil, errors.New("adapter: not a *chart.Chart")
	}
	c := convert(hc)
	vals, err := values.Coalesce(c, chrtVals)
	if err != nil {
		return nil, err
	}
	if !skipSchemaValidation {
		if err := schema.Validate(c, vals); err != nil {
			return nil, err
		}
	}
	var ourCaps *values.Capabilities
	if caps != nil {
		ourCaps = &values.Capabilities{
			KubeVersion: values.KubeVersion{Version: caps.KubeVersion.Version, Major: caps.KubeVersion.Major, Minor: caps.KubeVersion.Minor},
			APIVersions: values.VersionSet(caps.APIVersions),
		}
	}
	rel := values.ReleaseOptions{Name: options.Name, Namespace: options.Namespace, Revision: options.Revision,
		IsUpgrade: options.IsUpgrade, IsInstall: options.IsInstall}
	top := values.ToRenderValues(c, vals, rel, ourCaps)
	if rc, ok := top["Capabilities"].(*values.Capabilities); ok {
		top["Capabilities"] = &common.Capabilities{
			KubeVersion: common.KubeVersion{Version: rc.KubeVersion.Version, Major: rc.KubeVersion.Major, Minor: rc.KubeVersion.Minor},
			APIVersions: common.VersionSet(rc.APIVersions),
		}
	}
	if v, ok := top["Values"].(map[string]any); ok {
		top["Values"] = common.Values(v)
	}
	return common.Values(top), nil
}

// convert copies a Helm chart tree into chartrender's types.
func convert(hc *helmchart.Chart) *chart.Chart {
	c := &chart.Chart{Values: hc.Values, Schema: hc.Schema}
	if hc.Metadata != nil {
		c.Metadata = &chart.Metadata{Name: hc.Metadata.Name, Version: hc.Metadata.Version, APIVersion: hc.Metadata.APIVersion}
	}
	for _, f := range hc.Templates {
		c.Templates = append(c.Templates, &chart.File{Name: f.Name, Data: f.Data})
	}
	for _, f := range hc.Files {
		c.Files = append(c.Files, &chart.File{Name: f.Name, Data: f.Data})
	}
	for _, d := range hc.Dependencies() {
		c.AddDependency(convert(d))
	}
	return c
}
