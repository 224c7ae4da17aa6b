package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"helm.sh/helm/v4/pkg/action"
	helmchart "helm.sh/helm/v4/pkg/chart"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
	release "helm.sh/helm/v4/pkg/release/v1"
)

// helmTemplate renders a chart with Helm's SDK the way `helm template
// release-name CHART -f FILE...` does, with the deterministic functions of
// ../shared/spec/deterministic.md given through CustomTemplateFuncs, and
// returns what the command would print on stdout, or its error text (without
// the "Error: " prefix the CLI adds).
func helmTemplate(ctx context.Context, chartPath string, valueFiles []string) (string, error) {
	cfg := action.NewConfiguration()
	cfg.CustomTemplateFuncs = deterministicFuncs()
	inst := action.NewInstall(cfg)
	inst.DryRunStrategy = action.DryRunClient
	inst.ReleaseName = "release-name"
	inst.Namespace = "default"
	inst.Replace = true
	// A test binary makes Helm's SDK default to Kubernetes v1.20 (it checks
	// testing.Testing()); the CLI reports v1.37.0. Say so explicitly.
	kv, err := common.ParseKubeVersion("v1.37.0")
	if err != nil {
		return "", err
	}
	inst.KubeVersion = kv

	opts := values.Options{ValueFiles: valueFiles}
	vals, err := opts.MergeValues(getter.Providers{})
	if err != nil {
		return "", err
	}
	ch, err := loader.Load(chartPath)
	if err != nil {
		return "", err
	}
	acc, err := helmchart.NewAccessor(ch)
	if err != nil {
		return "", err
	}
	switch t := acc.MetadataAsMap()["Type"]; t {
	case "", "application":
	default:
		return "", fmt.Errorf("%s charts are not installable", t)
	}
	if req := acc.MetaDependencies(); len(req) > 0 {
		if err := action.CheckDependencies(ch, req); err != nil {
			return "", fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err)
		}
	}
	ri, err := inst.RunWithContext(ctx, ch, vals)
	var rel *release.Release
	switch r := ri.(type) {
	case *release.Release:
		rel = r
	case release.Release:
		rel = &r
	}
	if err != nil {
		if rel != nil {
			return "", fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err)
		}
		return "", err
	}
	if rel == nil {
		return "", errors.New("helm returned no release")
	}
	var out bytes.Buffer
	fmt.Fprintln(&out, strings.TrimSpace(rel.Manifest))
	for _, h := range rel.Hooks {
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", h.Path, h.Manifest)
	}
	return out.String(), nil
}
