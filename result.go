package chartrender

import (
	"github.com/chartrender/chartrender/internal/manifest"
	"github.com/chartrender/chartrender/warning"
)

// A Manifest is one rendered Kubernetes document.
type Manifest struct {
	// Source is the template it was rendered from, e.g.
	// "mychart/templates/service.yaml" or
	// "mychart/charts/sub/templates/cm.yaml".
	Source string
	// APIVersion, Kind and Name are the document's apiVersion, kind and
	// metadata.name ("" when absent); numbers and booleans there are read
	// as strings, as Helm reads them.
	APIVersion string
	Kind       string
	Name       string
	// Namespace is metadata.namespace ("" when absent: the release's
	// namespace applies).
	Namespace string
	// Annotations and Labels are metadata.annotations and metadata.labels,
	// or nil.
	Annotations map[string]string
	Labels      map[string]string
	// Content is the document text exactly as rendered, without the "---"
	// separator and with leading whitespace removed.
	Content string

	obj *objectCache // Object's result, shared by copies of the Manifest
}

// A HookEvent is a Helm hook event, e.g. "pre-install" or "test".
type HookEvent string

// A Hook is a rendered document with a helm.sh/hook annotation.
type Hook struct {
	Manifest
	// Events are the hook's events in annotation order; "test-success" is
	// reported as "test".
	Events []HookEvent
	// Weight is the helm.sh/hook-weight annotation (0 when absent or not
	// an integer).
	Weight int
	// DeletePolicies and OutputLogPolicies list the words of the
	// helm.sh/hook-delete-policy and helm.sh/hook-output-log-policy
	// annotations, lowercased.
	DeletePolicies    []string
	OutputLogPolicies []string
}

// IsTest reports whether the hook runs on the test event.
func (h *Hook) IsTest() bool {
	for _, e := range h.Events {
		if e == "test" {
			return true
		}
	}
	return false
}

// A CRD is a file from a chart's crds/ directory. Helm copies these
// verbatim: they are never templated or split.
type CRD struct {
	// Source is the file's path with its chart's path, e.g.
	// "mychart/crds/foo.yaml" or "mychart/charts/sub/crds/bar.yaml".
	Source string
	// Content is the file's text.
	Content string
}

// A Result is a rendered release: what `helm template` prints, in order,
// as data.
type Result struct {
	// CRDs are the charts' CRD files, parent chart first, when
	// Options.IncludeCRDs is set; otherwise nil.
	CRDs []CRD
	// Manifests are the documents without hooks, sorted by kind in Helm's
	// install order (a stable sort of template path order).
	Manifests []Manifest
	// Hooks are the hook documents `helm template` prints, sorted by kind
	// the same way: none with Options.DisableHooks, no test hooks with
	// Options.SkipTests.
	Hooks []Hook
	// Notes is the rendered NOTES.txt of the top chart. helm template
	// never prints it.
	Notes string
	// ReleaseName and Namespace are the release's name and namespace.
	ReleaseName string
	Namespace   string
	// Warnings are what Helm would have logged on stderr during the
	// render, in order (see package warning).
	Warnings []warning.Warning

	showOnly []string
	helm3    bool
}

func newManifest(path, content string, h *manifest.Head) Manifest {
	return Manifest{
		Source:      path,
		APIVersion:  h.APIVersion,
		Kind:        h.Kind,
		Name:        h.Name(),
		Namespace:   h.Namespace,
		Annotations: h.Annotations(),
		Labels:      h.Labels,
		Content:     content,
		obj:         new(objectCache),
	}
}

func newHook(h *manifest.Hook) Hook {
	out := Hook{
		Manifest:          newManifest(h.Path, h.Content, h.Head),
		Weight:            h.Weight,
		DeletePolicies:    h.DeletePolicies,
		OutputLogPolicies: h.OutputLogPolicies,
	}
	for _, e := range h.Events {
		out.Events = append(out.Events, HookEvent(e))
	}
	return out
}
