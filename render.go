package chartrender

import (
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/internal/manifest"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
)

// A Renderer renders one loaded chart, any number of times. It keeps the
// parsed templates between renders, so only the first render of a chart
// parses it. A Renderer is safe for concurrent use; it never modifies the
// chart.
type Renderer struct {
	chart *chart.Chart
	cfg   rendererConfig

	mu      sync.Mutex
	engines map[engineKey]*engine.Engine // at most maxEngines
	heads   *manifest.HeadCache
	schemas map[schemaKey]*schema.Validator // each caches compiled schemas; at most maxValidators
	// prepared is the last outcome of dependency processing and
	// coalescing, reused while the user values stay the same (prepared.go).
	prepared *preparedValues
	oneOff   bool // used for one render: nothing is kept for a next one
}

// headCacheBytes bounds the document text a Renderer keeps to skip decoding
// documents that render the same as last time.
const headCacheBytes = 64 << 20

// maxEngines bounds the engines a Renderer keeps, one per combination of
// the options that select template functions; MaxOutputBytes can take any
// value, so the map is emptied when full.
const maxEngines = 8

type engineKey struct {
	deterministic, enableDNS, helm3 bool
	maxOutput, maxValue, maxBuild   int64
	maxSteps                        int64
	maxDepth                        int
}

// NewRenderer returns a Renderer for c, configured by opts (see
// [WithLookup], [WithFuncs], [WithParallelism], [WithTemplateSetCache]).
// The chart must not be modified while the Renderer is in use. An invalid
// option makes every render fail with its error.
func NewRenderer(c *chart.Chart, opts ...RendererOption) *Renderer {
	r := &Renderer{
		chart:   c,
		engines: make(map[engineKey]*engine.Engine),
		heads:   manifest.NewHeadCache(headCacheBytes),
		schemas: make(map[schemaKey]*schema.Validator),
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&r.cfg)
		}
	}
	return r
}

// schemaKey selects a Validator: the options that change validation.
type schemaKey struct {
	helm3   bool
	maxWork int64
}

// maxValidators bounds the Validators a Renderer keeps (MaxSchemaWork can
// take any value).
const maxValidators = 4

func (r *Renderer) validator(o *Options) *schema.Validator {
	k := schemaKey{o.Helm3, o.MaxSchemaWork}
	if k.maxWork == 0 {
		k.maxWork = schema.DefaultMaxWork
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.schemas[k]
	if !ok {
		v = &schema.Validator{Helm3: o.Helm3, MaxWork: k.maxWork}
		if len(r.schemas) >= maxValidators {
			clear(r.schemas)
		}
		r.schemas[k] = v
	}
	return v
}

func (r *Renderer) engine(o *Options) *engine.Engine {
	k := engineKey{o.Deterministic, o.EnableDNS, o.Helm3, o.maxOutputBytes(), limit(o.MaxValueBytes, DefaultMaxValueBytes),
		limit(o.MaxBuildBytes, DefaultMaxBuildBytes), limit(o.MaxSteps, DefaultMaxSteps), o.MaxValueDepth}
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.engines[k]
	if !ok {
		e = engine.New(engine.Options{
			Deterministic:   o.Deterministic,
			EnableDNS:       o.EnableDNS,
			Helm3:           o.Helm3,
			MaxOutputBytes:  k.maxOutput,
			MaxValueBytes:   k.maxValue,
			MaxBuildBytes:   k.maxBuild,
			MaxSteps:        k.maxSteps,
			MaxValueDepth:   k.maxDepth,
			Lookup:          r.cfg.lookup,
			Funcs:           r.cfg.funcs,
			Parallelism:     r.cfg.parallelism,
			MaxTemplateSets: r.cfg.maxSets,
		})
		if len(r.engines) >= maxEngines {
			clear(r.engines)
		}
		r.engines[k] = e
	}
	return e
}

// Render renders c once with opts. See [Renderer.Render].
func Render(ctx context.Context, c *chart.Chart, opts Options) (*Result, error) {
	r := NewRenderer(c)
	r.oneOff = true
	return r.Render(ctx, opts)
}

// RenderPath loads the chart at path (a directory or a .tgz archive) and
// renders it with opts, as `helm template NAME PATH` does.
func RenderPath(ctx context.Context, path string, opts Options) (*Result, error) {
	kv, user, err := prepare(ctx, &opts)
	if err != nil {
		return nil, wrapError(err)
	}
	warnings := &warningSink{forward: opts.OnWarning}
	c, err := (&chart.Loader{Helm3: opts.Helm3, Warn: warnings.add}).LoadContext(ctx, path)
	if err != nil {
		return nil, wrapError(err)
	}
	r := NewRenderer(c)
	r.oneOff = true
	res, err := r.render(ctx, &opts, kv, user, warnings)
	return res, wrapError(err)
}

// Render renders the chart as `helm template` does, with the steps in
// Helm's order: the user values are merged; the chart's type and
// dependencies are checked; the release name is validated; subcharts are
// enabled, aliased and given their import-values; the values are coalesced
// and checked against the charts' schemas; the chart's kubeVersion is
// checked; every template is rendered; and the documents are split and
// sorted into CRDs, manifests and hooks.
//
// Errors are *Error values, which carry Helm's messages and say where the
// render failed; errors from the last steps (kubeVersion, templates,
// invalid YAML) also wrap a *RenderError. When ctx is done, Render stops
// and returns ctx's error.
func (r *Renderer) Render(ctx context.Context, opts Options) (*Result, error) {
	kv, user, err := prepare(ctx, &opts)
	if err != nil {
		return nil, wrapError(err)
	}
	res, err := r.render(ctx, &opts, kv, user, &warningSink{forward: opts.OnWarning})
	return res, wrapError(err)
}

func parseKubeVersion(o *Options) (*values.KubeVersion, error) {
	if o.KubeVersion == "" {
		return nil, nil
	}
	kv, err := values.ParseOptions{Helm3: o.Helm3}.ParseKubeVersion(o.KubeVersion)
	if err != nil {
		return nil, fmt.Errorf("invalid kube version '%s': %w", o.KubeVersion, err)
	}
	return kv, nil
}

// prepare does what Helm does before it loads the chart: it parses
// --kube-version and merges the user values.
func prepare(ctx context.Context, o *Options) (*values.KubeVersion, map[string]any, error) {
	kv, err := parseKubeVersion(o)
	if err != nil {
		return nil, nil, err
	}
	user, err := mergeValues(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	return kv, user, nil
}

func mergeValues(ctx context.Context, o *Options) (map[string]any, error) {
	vo := values.Options{
		Base:          o.UserValues,
		ValueFiles:    o.ValueFiles,
		Values:        o.Values,
		StringValues:  o.StringValues,
		FileValues:    o.FileValues,
		JSONValues:    o.JSONValues,
		LiteralValues: o.LiteralValues,
		Helm3:         o.Helm3,
		MaxFlagBytes:  o.MaxFlagBytes,
	}
	return vo.MergeContext(ctx, o.readFile())
}

// validName is Helm's release name rule.
var validName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
})

const maxReleaseNameLen = 53

// ValidateReleaseName checks a release name as Helm does: at most 53
// characters of lowercase letters, digits, '-' and '.', starting and ending
// with a letter or digit.
func ValidateReleaseName(name string) error {
	if name == "" {
		return errors.New("no name provided")
	}
	if len(name) > maxReleaseNameLen || !validName().MatchString(name) {
		return fmt.Errorf("invalid release name, must match regex %s and the length must not be longer than %d",
			validName().String(), maxReleaseNameLen)
	}
	return nil
}

// hasSchema reports whether c or one of its subcharts has a values schema.
func hasSchema(c *chart.Chart) bool {
	if c.Schema != nil {
		return true
	}
	return slices.ContainsFunc(c.Dependencies(), hasSchema)
}

// render renders with the warnings collected so far (while loading).
func (r *Renderer) render(ctx context.Context, o *Options, kv *values.KubeVersion, user map[string]any, warnings *warningSink) (*Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if r.cfg.err != nil {
		return nil, r.cfg.err
	}
	c := r.chart
	if c == nil || c.Metadata == nil {
		return nil, errors.New("chart has no metadata")
	}
	if t := c.Metadata.Type; t != "" && t != "application" {
		return nil, &NotInstallableError{Type: t}
	}
	warn := warnings.add
	if c.Metadata.Deprecated {
		warn(warning.Warning{Kind: warning.Deprecated, Chart: c.Name(), Helm3: o.Helm3})
	}
	if len(c.Metadata.Dependencies) > 0 {
		if err := chart.CheckDependencies(c); err != nil {
			if o.Helm3 {
				return nil, fmt.Errorf("An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: %w", err)
			}
			return nil, fmt.Errorf("an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: %w", err)
		}
	}
	if c.Metadata.APIVersion == "v3" {
		return nil, ErrInvalidAPIVersion
	}

	name, ns := o.releaseName(), o.namespace()
	if err := ValidateReleaseName(name); err != nil {
		err = fmt.Errorf("release name %q: %w", name, err)
		if o.Helm3 {
			return nil, err
		}
		warn(warning.Warning{Kind: warning.ReleaseNameInvalid, Detail: err.Error()})
		return nil, fmt.Errorf("release name check failed: %w", err)
	}

	pc, vals, err := r.processValues(ctx, o, user, warn)
	if err != nil {
		return nil, err
	}

	caps := values.DefaultCapabilities(o.Helm3)
	if kv != nil {
		caps.KubeVersion = *kv
	}
	caps.APIVersions = append(caps.APIVersions, o.APIVersions...)

	// Schema validation comes first in Helm, but it is independent of the
	// rest: run it beside the template rendering and report its error, if
	// any, before anything else that follows. Neither modifies vals.
	renderCtx, cancelRender := context.WithCancel(ctx)
	defer cancelRender()
	validated := func() error { return nil }
	if !o.SkipSchemaValidation && !hasSchema(pc) {
		// Only the walk over the subcharts' values is left to do: cheaper
		// than a goroutine. (This is the order in which the goroutine below
		// may run too.)
		err := r.validator(o).ValidateWarn(ctx, pc, vals, warn)
		if err != nil {
			cancelRender()
		}
		validated = func() error { return err }
	} else if !o.SkipSchemaValidation {
		done := make(chan error, 1)
		go func() {
			err := r.validator(o).ValidateWarn(ctx, pc, vals, warn)
			if err != nil {
				cancelRender()
			}
			done <- err
		}()
		validated = func() error { return <-done }
	}
	top := values.ToRenderValues(pc, vals, values.ReleaseOptions{
		Name:      name,
		Namespace: ns,
		Revision:  1,
		IsUpgrade: o.IsUpgrade,
		IsInstall: !o.IsUpgrade,
	}, caps)

	// From here on Helm has a release object: errors are RenderErrors.
	kubeVersion := caps.KubeVersion.Version
	if o.Helm3 {
		kubeVersion = caps.KubeVersion.String()
	}
	if err := chart.CheckKubeVersion(pc, kubeVersion); err != nil {
		if verr := validated(); verr != nil {
			return nil, verr
		}
		return nil, &RenderError{Err: err, Debug: "\n", showOnly: o.ShowOnly, helm3: o.Helm3}
	}
	files, err := r.engine(o).Render(renderCtx, pc, top)
	if verr := validated(); verr != nil {
		return nil, verr
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, err
		}
		return nil, &RenderError{Err: err, Debug: "\n", showOnly: o.ShowOnly, helm3: o.Helm3}
	}

	res := &Result{ReleaseName: name, Namespace: ns, showOnly: slices.Clone(o.ShowOnly), helm3: o.Helm3}
	notesPath := path.Join(pc.Name(), "templates", notesFile)
	docs := make(map[string]string, len(files))
	for k, v := range files {
		if strings.HasSuffix(k, notesFile) {
			if k == notesPath {
				res.Notes = v
			}
			continue
		}
		docs[k] = v
	}

	hooks, manifests, err := manifest.Sort(ctx, docs, manifest.Options{Helm3: o.Helm3, Warn: warn, Cache: r.heads})
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return nil, err
		}
		return nil, &RenderError{Err: err, Debug: debugDump(docs), showOnly: o.ShowOnly, helm3: o.Helm3}
	}
	if o.IncludeCRDs {
		for _, crd := range pc.CRDObjects() {
			res.CRDs = append(res.CRDs, CRD{Source: crd.Filename, Content: string(crd.File.Data)})
		}
	}
	for _, m := range manifests {
		res.Manifests = append(res.Manifests, newManifest(m.Path, m.Content, m.Head))
	}
	if !o.DisableHooks {
		for _, h := range hooks {
			if o.SkipTests && h.IsTest() {
				continue
			}
			res.Hooks = append(res.Hooks, newHook(h))
		}
	}
	res.Warnings = warnings.list
	return res, nil
}

const notesFile = "NOTES.txt"

// warningSink collects a render's warnings and passes each on as it comes.
type warningSink struct {
	mu      sync.Mutex
	list    []warning.Warning
	forward func(warning.Warning)
}

func (s *warningSink) add(w warning.Warning) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = append(s.list, w)
	if s.forward != nil {
		s.forward(w)
	}
}
