package values

import "github.com/chartrender/chartrender/chart"

// RenderOptions select which Helm's render object ToRenderValues builds.
type RenderOptions struct {
	// Helm3 makes .Chart the Helm v3.22.0 struct (c.TemplateDataV3) instead
	// of Helm v4's map, and defaults .Capabilities to DefaultCapabilities(true).
	Helm3 bool
}

// ToRenderValues builds the top-level object templates are executed with,
// as helm v4.3.1 does:
//
//	.Values        vals, normally the result of Coalesce (used as is, not copied)
//	.Release       a map: Name, Namespace, IsUpgrade, IsInstall, Revision, Service ("Helm")
//	.Chart         c.TemplateData()
//	.Capabilities  caps, or DefaultCapabilities(false) when nil
//
// A zero rel.Revision is reported as 1, the revision helm template renders.
// Schema validation, which Helm runs in between, is package schema's job.
func ToRenderValues(c *chart.Chart, vals map[string]any, rel ReleaseOptions, caps *Capabilities) map[string]any {
	return RenderOptions{}.ToRenderValues(c, vals, rel, caps)
}

// ToRenderValues is the package-level ToRenderValues with these options.
func (o RenderOptions) ToRenderValues(c *chart.Chart, vals map[string]any, rel ReleaseOptions, caps *Capabilities) map[string]any {
	if caps == nil {
		caps = DefaultCapabilities(o.Helm3)
	}
	if vals == nil {
		vals = map[string]any{}
	}
	revision := rel.Revision
	if revision == 0 {
		revision = 1
	}
	var chartData any
	switch {
	case c == nil:
		chartData = map[string]any{}
	case o.Helm3:
		chartData = c.TemplateDataV3()
	default:
		chartData = c.TemplateData()
	}
	return map[string]any{
		"Values":       vals,
		"Chart":        chartData,
		"Capabilities": caps,
		"Release": map[string]any{
			"Name":      rel.Name,
			"Namespace": rel.Namespace,
			"IsUpgrade": rel.IsUpgrade,
			"IsInstall": rel.IsInstall,
			"Revision":  revision,
			"Service":   "Helm",
		},
	}
}
