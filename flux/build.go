package flux

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/yamlx"
)

// Options are the settings of a Build.
type Options struct {
	// Resolver finds the charts. Required.
	Resolver Resolver
	// KubeVersion and APIVersions are the cluster's capabilities, as for
	// chartrender.Options.
	KubeVersion string
	APIVersions []string
	// Deterministic fixes the output of random and time-dependent
	// template functions (chartrender.Options.Deterministic).
	Deterministic bool
}

// A Resource is one object helm-controller would apply, after
// post-rendering.
type Resource struct {
	// Source is the template (or crds/ file) it came from.
	Source string
	// Hook lists the hook events of a hook ("" when it is not a hook).
	Hook string
	// CRD marks a CustomResourceDefinition from a chart's crds/ folder,
	// applied by helm-controller itself by the release's CRD policy.
	CRD bool
	// Object is the object as data.
	Object map[string]any
}

// Kind, Name and Namespace read the object's identity.
func (r *Resource) Kind() string       { s, _ := r.Object["kind"].(string); return s }
func (r *Resource) APIVersion() string { s, _ := r.Object["apiVersion"].(string); return s }
func (r *Resource) Name() string       { return metaString(r.Object, "name") }
func (r *Resource) Namespace() string  { return metaString(r.Object, "namespace") }

// ID is "apiVersion/Kind/namespace/name" with the group only (the version
// left out, as it can change without changing the object).
func (r *Resource) ID() string {
	g, _, ok := strings.Cut(r.APIVersion(), "/")
	if !ok {
		g = ""
	}
	return fmt.Sprintf("%s/%s/%s/%s", g, r.Kind(), r.Namespace(), r.Name())
}

func metaString(o map[string]any, key string) string {
	md, _ := o["metadata"].(map[string]any)
	s, _ := md[key].(string)
	return s
}

// A ReleaseResult is the outcome for one HelmRelease.
type ReleaseResult struct {
	Release *HelmRelease
	// ReleaseName and Namespace are the Helm release's.
	ReleaseName string
	Namespace   string
	// ChartName and ChartVersion name the chart used.
	ChartName    string
	ChartVersion string
	// Suspended releases are reported and not rendered.
	Suspended bool
	// Values are the composed values passed to Helm.
	Values map[string]any
	// Resources are the objects to apply: CRDs first (when the CRD policy
	// applies them), then the manifests in Helm's install order, then the
	// hooks.
	Resources []*Resource
	// Err is why the release could not be built, or nil.
	Err error
}

// Build renders every HelmRelease of repo as helm-controller would
// install it: chart resolution, values composition, a client-side Helm
// install, post-rendering. Releases come back ordered by dependsOn; a
// cycle is a *CycleError. A release that fails has its Err set; the
// others are still built. Releases are built concurrently.
func Build(ctx context.Context, repo *Repository, opts Options) ([]*ReleaseResult, error) {
	if opts.Resolver == nil {
		return nil, errors.New("flux: Options.Resolver is nil")
	}
	order, err := repo.Ordered()
	if err != nil {
		return nil, err
	}
	b := &builder{repo: repo, opts: opts, renderers: map[*chart.Chart]*chartrender.Renderer{}}
	out := make([]*ReleaseResult, len(order))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, hr := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = b.build(ctx, hr)
		}()
	}
	wg.Wait()
	byID := map[string]*ReleaseResult{}
	for _, r := range out {
		byID[r.Release.ID()] = r
	}
	for _, r := range out {
		if r.Err != nil {
			continue
		}
		for _, d := range r.Release.Spec.DependsOn {
			ns := d.Namespace
			if ns == "" {
				ns = r.Release.Namespace
			}
			dep, ok := byID[ns+"/"+d.Name]
			switch {
			case !ok:
				r.Err = fmt.Errorf("HelmRelease %s: dependency '%s/%s' not found", r.Release.ID(), ns, d.Name)
			case dep.Err != nil:
				r.Err = fmt.Errorf("HelmRelease %s: dependency '%s/%s' failed", r.Release.ID(), ns, d.Name)
			}
			if r.Err != nil {
				r.Resources = nil
				break
			}
		}
	}
	return out, ctx.Err()
}

type builder struct {
	repo *Repository
	opts Options

	mu        sync.Mutex
	renderers map[*chart.Chart]*chartrender.Renderer
}

func (b *builder) renderer(c *chart.Chart) *chartrender.Renderer {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, ok := b.renderers[c]
	if !ok {
		r = chartrender.NewRenderer(c)
		b.renderers[c] = r
	}
	return r
}

func (b *builder) build(ctx context.Context, hr *HelmRelease) *ReleaseResult {
	res := &ReleaseResult{Release: hr, ReleaseName: hr.ReleaseName(), Namespace: hr.ReleaseNamespace(), Suspended: hr.Spec.Suspend}
	if hr.Spec.Suspend {
		return res
	}
	res.Err = b.render(ctx, hr, res)
	if res.Err != nil {
		res.Resources = nil
	}
	return res
}

func (b *builder) render(ctx context.Context, hr *HelmRelease, res *ReleaseResult) error {
	req, spec, err := chartRequest(hr, b.repo)
	if err != nil {
		return err
	}
	rc, err := b.opts.Resolver.Resolve(ctx, req)
	if err != nil {
		return &ChartError{Release: hr.ID(), SourceRef: req.SourceRef, Chart: req.Chart, Err: err}
	}
	c := rc.Chart
	res.ChartName, res.ChartVersion = c.Name(), rc.Version
	if spec != nil {
		c, err = applyValuesFiles(c, spec, rc, req.SourceRef.Kind)
		if err != nil {
			return &ChartError{Release: hr.ID(), SourceRef: req.SourceRef, Chart: req.Chart, Err: err}
		}
	}
	vals, err := ComposeValues(hr, b.repo)
	if err != nil {
		return fmt.Errorf("HelmRelease %s: %w", hr.ID(), err)
	}
	res.Values = vals
	policy, err := hr.InstallCRDPolicy()
	if err != nil {
		return fmt.Errorf("HelmRelease %s: %w", hr.ID(), err)
	}
	inst := hr.Spec.Install
	if inst == nil {
		inst = &InstallSpec{}
	}
	r := b.renderer(c)
	out, err := r.Render(ctx, chartrender.Options{
		ReleaseName:          res.ReleaseName,
		Namespace:            res.Namespace,
		UserValues:           vals,
		KubeVersion:          b.opts.KubeVersion,
		APIVersions:          b.opts.APIVersions,
		IncludeCRDs:          policy != CRDsSkip,
		DisableHooks:         inst.DisableHooks,
		SkipSchemaValidation: inst.DisableSchemaValidation,
		Deterministic:        b.opts.Deterministic,
	})
	if err != nil {
		return fmt.Errorf("HelmRelease %s: %w", hr.ID(), err)
	}
	var body []*Resource
	for _, m := range out.Manifests {
		rs, err := resourcesOf(m.Source, m.Content, "", false)
		if err != nil {
			return fmt.Errorf("HelmRelease %s: %w", hr.ID(), err)
		}
		body = append(body, rs...)
	}
	var hooks []*Resource
	for _, h := range out.Hooks {
		ev := make([]string, len(h.Events))
		for i, e := range h.Events {
			ev[i] = string(e)
		}
		rs, err := resourcesOf(h.Source, h.Content, strings.Join(ev, ","), false)
		if err != nil {
			return fmt.Errorf("HelmRelease %s: %w", hr.ID(), err)
		}
		hooks = append(hooks, rs...)
	}
	post := body
	if hr.Spec.PostRenderStrategy != "nohooks" {
		post = append(append([]*Resource(nil), body...), hooks...)
	}
	if err := PostRender(hr, post); err != nil {
		return fmt.Errorf("HelmRelease %s: post-render: %w", hr.ID(), err)
	}
	var crds []*Resource
	for _, f := range out.CRDs {
		rs, err := resourcesOf(f.Source, f.Content, "", true)
		if err != nil {
			return fmt.Errorf("HelmRelease %s: %w", hr.ID(), err)
		}
		for _, r := range rs {
			if r.Kind() != "CustomResourceDefinition" || !strings.HasPrefix(r.APIVersion(), "apiextensions.k8s.io/") {
				continue // helm-controller ignores anything else in crds/
			}
			setOriginLabels(hr, r.Object)
			crds = append(crds, r)
		}
	}
	res.Resources = append(append(crds, body...), hooks...)
	return nil
}

func resourcesOf(source, content, hook string, crd bool) ([]*Resource, error) {
	var out []*Resource
	for _, d := range splitDocs([]byte(content)) {
		v, err := yamlx.Unmarshal(d.text)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		m, ok := v.(map[string]any)
		if !ok {
			if v == nil {
				continue
			}
			return nil, fmt.Errorf("%s: %w", source, ErrNotObject)
		}
		out = append(out, &Resource{Source: source, Hook: hook, CRD: crd, Object: m})
	}
	return out, nil
}

// applyValuesFiles merges spec.valuesFiles as source-controller does when
// it builds the chart: in order, the result replacing the chart's
// values.yaml. It returns a new chart; c is not modified.
func applyValuesFiles(c *chart.Chart, spec *HelmChartTemplateSpec, rc *ResolvedChart, kind string) (*chart.Chart, error) {
	files := spec.ValuesFiles
	if spec.ValuesFile != "" {
		files = append([]string{spec.ValuesFile}, files...)
	}
	if len(files) == 0 {
		return c, nil
	}
	read := rc.ReadValuesFile
	if read == nil {
		read = chartValuesFileReader(c)
	}
	merged := map[string]any{}
	for _, f := range files {
		data, err := read(f)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && spec.IgnoreMissingValuesFiles {
				continue
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("no values file found at path '%s' (reference '%s')", f, f)
			}
			return nil, fmt.Errorf("values file %s: %w", f, err)
		}
		m, err := readValues(data)
		if err != nil {
			return nil, fmt.Errorf("failed to parse values file %s: %w", f, err)
		}
		merged = yamlx.MergeMaps(merged, m)
	}
	text, err := json.Marshal(merged)
	if err != nil {
		return nil, err
	}
	raw := make([]*chart.File, 0, len(c.Raw))
	replaced := false
	for _, f := range c.Raw {
		if f.Name == "values.yaml" {
			raw = append(raw, &chart.File{Name: f.Name, Data: text})
			replaced = true
			continue
		}
		raw = append(raw, f)
	}
	if !replaced {
		raw = append(raw, &chart.File{Name: "values.yaml", Data: text})
	}
	return chart.LoadFiles(raw)
}
