package flux

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The API group of HelmRelease objects and the versions this package reads.
const (
	HelmGroup   = "helm.toolkit.fluxcd.io"
	SourceGroup = "source.toolkit.fluxcd.io"
)

// ErrUnsupported is the reason of errors for Flux or kustomize features
// this package does not reproduce; they are refused, never skipped.
var ErrUnsupported = errors.New("not supported")

// A HelmRelease is a helm.toolkit.fluxcd.io HelmRelease (v2, v2beta2 or
// v2beta1), as helm-controller reads it.
type HelmRelease struct {
	// Object is the document it was read from.
	Object *Object `json:"-"`
	// Name and Namespace are the HelmRelease's own.
	Name      string `json:"-"`
	Namespace string `json:"-"`
	Spec      HelmReleaseSpec
}

// HelmReleaseSpec holds the fields of spec this package uses.
type HelmReleaseSpec struct {
	Chart              *HelmChartTemplate    `json:"chart,omitempty"`
	ChartRef           *CrossNamespaceRef    `json:"chartRef,omitempty"`
	ReleaseName        string                `json:"releaseName,omitempty"`
	TargetNamespace    string                `json:"targetNamespace,omitempty"`
	StorageNamespace   string                `json:"storageNamespace,omitempty"`
	DependsOn          []DependencyReference `json:"dependsOn,omitempty"`
	Suspend            bool                  `json:"suspend,omitempty"`
	Values             map[string]any        `json:"values,omitempty"`
	ValuesFrom         []ValuesReference     `json:"valuesFrom,omitempty"`
	Install            *InstallSpec          `json:"install,omitempty"`
	Upgrade            *InstallSpec          `json:"upgrade,omitempty"`
	CommonMetadata     *CommonMetadata       `json:"commonMetadata,omitempty"`
	PostRenderers      []PostRenderer        `json:"postRenderers,omitempty"`
	PostRenderStrategy string                `json:"postRenderStrategy,omitempty"`
}

// HelmChartTemplate is spec.chart.
type HelmChartTemplate struct {
	Spec HelmChartTemplateSpec `json:"spec"`
}

// HelmChartTemplateSpec is spec.chart.spec, also the spec of a HelmChart.
type HelmChartTemplateSpec struct {
	Chart                    string            `json:"chart"`
	Version                  string            `json:"version,omitempty"`
	SourceRef                CrossNamespaceRef `json:"sourceRef"`
	ValuesFiles              []string          `json:"valuesFiles,omitempty"`
	ValuesFile               string            `json:"valuesFile,omitempty"`
	IgnoreMissingValuesFiles bool              `json:"ignoreMissingValuesFiles,omitempty"`
}

// CrossNamespaceRef names a source object.
type CrossNamespaceRef struct {
	APIVersion string `json:"apiVersion,omitempty"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Namespace  string `json:"namespace,omitempty"`
}

func (r CrossNamespaceRef) String() string {
	return fmt.Sprintf("%s/%s/%s", r.Kind, r.Namespace, r.Name)
}

// DependencyReference is an entry of spec.dependsOn.
type DependencyReference struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// ValuesReference is an entry of spec.valuesFrom.
type ValuesReference struct {
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	ValuesKey  string `json:"valuesKey,omitempty"`
	TargetPath string `json:"targetPath,omitempty"`
	Optional   bool   `json:"optional,omitempty"`
	Literal    bool   `json:"literal,omitempty"`
}

// Key is ValuesKey, or "values.yaml" when it is empty.
func (r ValuesReference) Key() string {
	if r.ValuesKey == "" {
		return "values.yaml"
	}
	return r.ValuesKey
}

// InstallSpec holds the install and upgrade fields this package uses.
type InstallSpec struct {
	CRDs                    string `json:"crds,omitempty"`
	DisableHooks            bool   `json:"disableHooks,omitempty"`
	DisableSchemaValidation bool   `json:"disableSchemaValidation,omitempty"`
}

// CommonMetadata is spec.commonMetadata.
type CommonMetadata struct {
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// PostRenderer is an entry of spec.postRenderers.
type PostRenderer struct {
	Kustomize *KustomizePostRenderer `json:"kustomize,omitempty"`
}

// KustomizePostRenderer is a postRenderers[].kustomize block.
type KustomizePostRenderer struct {
	Patches []Patch `json:"patches,omitempty"`
	Images  []Image `json:"images,omitempty"`
	// The fields below exist in v2beta1 and v2beta2 only; helm-controller
	// v1 no longer applies them, so they are refused.
	PatchesStrategicMerge []any `json:"patchesStrategicMerge,omitempty"`
	PatchesJSON6902       []any `json:"patchesJson6902,omitempty"`
}

// Patch is a kustomize patch: strategic merge or JSON 6902, with an
// optional target selector.
type Patch struct {
	Patch  string    `json:"patch"`
	Target *Selector `json:"target,omitempty"`
}

// Selector selects the objects a patch applies to, as kustomize's does.
type Selector struct {
	Group              string `json:"group,omitempty"`
	Version            string `json:"version,omitempty"`
	Kind               string `json:"kind,omitempty"`
	Name               string `json:"name,omitempty"`
	Namespace          string `json:"namespace,omitempty"`
	LabelSelector      string `json:"labelSelector,omitempty"`
	AnnotationSelector string `json:"annotationSelector,omitempty"`
}

// Image is a kustomize images entry.
type Image struct {
	Name    string `json:"name"`
	NewName string `json:"newName,omitempty"`
	NewTag  string `json:"newTag,omitempty"`
	Digest  string `json:"digest,omitempty"`
}

// A SpecError is a HelmRelease (or source object) whose spec cannot be
// used. It names the object and where it was read.
type SpecError struct {
	Kind, Namespace, Name string
	File                  string
	Line                  int
	Err                   error
}

func (e *SpecError) Error() string {
	return fmt.Sprintf("%s %s/%s (%s:%d): %v", e.Kind, e.Namespace, e.Name, e.File, e.Line, e.Err)
}

// Unwrap returns the underlying error.
func (e *SpecError) Unwrap() error { return e.Err }

func specError(o *Object, err error) *SpecError {
	return &SpecError{Kind: o.Kind, Namespace: o.Namespace, Name: o.Name, File: o.File, Line: o.Line, Err: err}
}

// decodeSpec decodes the spec of o into v through JSON, as the API server
// hands it to a controller.
func decodeSpec(o *Object, v any) error {
	spec, ok := o.Data["spec"]
	if !ok || spec == nil {
		spec = map[string]any{}
	}
	b, err := json.Marshal(spec)
	if err != nil {
		return specError(o, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return specError(o, fmt.Errorf("invalid spec: %w", err))
	}
	return nil
}

// IsHelmRelease reports whether o is a HelmRelease of a version this
// package reads.
func IsHelmRelease(o *Object) bool {
	switch o.APIVersion {
	case HelmGroup + "/v2", HelmGroup + "/v2beta2", HelmGroup + "/v2beta1":
		return o.Kind == "HelmRelease"
	}
	return false
}

// NewHelmRelease decodes a HelmRelease object. defaultNamespace is used
// when the object has no namespace.
func NewHelmRelease(o *Object, defaultNamespace string) (*HelmRelease, error) {
	if !IsHelmRelease(o) {
		return nil, specError(o, fmt.Errorf("%w: %s %s", ErrUnsupported, o.APIVersion, o.Kind))
	}
	hr := &HelmRelease{Object: o, Name: o.Name, Namespace: o.Namespace}
	if hr.Namespace == "" {
		hr.Namespace = defaultNamespace
	}
	if err := decodeSpec(o, &hr.Spec); err != nil {
		return nil, err
	}
	if hr.Name == "" {
		return nil, specError(o, errors.New("metadata.name is empty"))
	}
	if (hr.Spec.Chart == nil) == (hr.Spec.ChartRef == nil) {
		return nil, specError(o, errors.New("exactly one of spec.chart and spec.chartRef must be set"))
	}
	for _, pr := range hr.Spec.PostRenderers {
		if k := pr.Kustomize; k != nil {
			if len(k.PatchesStrategicMerge) > 0 {
				return nil, specError(o, fmt.Errorf("%w: postRenderers[].kustomize.patchesStrategicMerge (removed in helm.toolkit.fluxcd.io/v2; use patches)", ErrUnsupported))
			}
			if len(k.PatchesJSON6902) > 0 {
				return nil, specError(o, fmt.Errorf("%w: postRenderers[].kustomize.patchesJson6902 (removed in helm.toolkit.fluxcd.io/v2; use patches)", ErrUnsupported))
			}
		}
	}
	switch hr.Spec.PostRenderStrategy {
	case "", "combined", "separate", "nohooks":
	default:
		return nil, specError(o, fmt.Errorf("invalid postRenderStrategy %q", hr.Spec.PostRenderStrategy))
	}
	return hr, nil
}

// ReleaseName is the Helm release name helm-controller uses:
// spec.releaseName, else "targetNamespace-name" when a target namespace
// is set, else the HelmRelease's name; longer than 53 characters it is
// shortened with ShortenName.
func (hr *HelmRelease) ReleaseName() string {
	name := hr.Spec.ReleaseName
	if name == "" {
		name = hr.Name
		if hr.Spec.TargetNamespace != "" {
			name = hr.Spec.TargetNamespace + "-" + hr.Name
		}
	}
	return ShortenName(name)
}

// ReleaseNamespace is spec.targetNamespace, or the HelmRelease's namespace.
func (hr *HelmRelease) ReleaseNamespace() string {
	if hr.Spec.TargetNamespace != "" {
		return hr.Spec.TargetNamespace
	}
	return hr.Namespace
}

// ID is "namespace/name".
func (hr *HelmRelease) ID() string { return hr.Namespace + "/" + hr.Name }

// ShortenName shortens a release name longer than 53 characters as
// helm-controller does: the first 40 characters, a dash, and the first 12
// hex digits of the SHA-256 of the whole name.
func ShortenName(name string) string {
	const maxLen, hashLen = 53, 12
	if len(name) <= maxLen {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	return name[:maxLen-hashLen-1] + "-" + hex.EncodeToString(sum[:])[:hashLen]
}

// CRD policies of spec.install.crds and spec.upgrade.crds.
const (
	CRDsSkip          = "Skip"
	CRDsCreate        = "Create"
	CRDsCreateReplace = "CreateReplace"
)

// InstallCRDPolicy is spec.install.crds, defaulting to Create as
// helm-controller does; an unknown policy is helm-controller's error.
func (hr *HelmRelease) InstallCRDPolicy() (string, error) {
	p := ""
	if hr.Spec.Install != nil {
		p = hr.Spec.Install.CRDs
	}
	switch p {
	case "":
		return CRDsCreate, nil
	case CRDsSkip, CRDsCreate, CRDsCreateReplace:
		return p, nil
	}
	return p, fmt.Errorf("invalid CRD upgrade policy '%s', valid values are '%s', '%s' or '%s'", p, CRDsSkip, CRDsCreate, CRDsCreateReplace)
}

// A Repository is the set of objects read from a GitOps repository,
// indexed for chart resolution and values references.
type Repository struct {
	// Objects are every object read, in order.
	Objects []*Object
	// Releases are the HelmReleases, in order read.
	Releases []*HelmRelease

	byKey map[string]*Object
}

func objectKey(kind, ns, name string) string { return kind + "\x00" + ns + "\x00" + name }

// DefaultNamespace is the namespace given to HelmReleases and objects that
// name none, as `kubectl apply` without a namespace would.
const DefaultNamespace = "default"

// NewRepository indexes objects. Objects without a namespace are taken to
// be in DefaultNamespace. Two objects of the same kind, namespace and name
// are an error, as are HelmReleases that cannot be decoded.
func NewRepository(objs []*Object) (*Repository, error) {
	r := &Repository{Objects: objs, byKey: map[string]*Object{}}
	for _, o := range objs {
		ns := o.Namespace
		if ns == "" && !clusterScoped(o.Kind) {
			ns = DefaultNamespace
		}
		k := objectKey(o.Kind, ns, o.Name)
		if prev, ok := r.byKey[k]; ok && o.Group() == prev.Group() {
			return nil, &ManifestError{File: o.File, Line: o.Line, Err: fmt.Errorf("%s %s/%s is also defined at %s", o.Kind, ns, o.Name, prev.where())}
		}
		r.byKey[k] = o
		if IsHelmRelease(o) {
			hr, err := NewHelmRelease(o, DefaultNamespace)
			if err != nil {
				return nil, err
			}
			r.Releases = append(r.Releases, hr)
		}
	}
	return r, nil
}

// Get returns the object of that kind, namespace and name, or nil.
func (r *Repository) Get(kind, namespace, name string) *Object {
	return r.byKey[objectKey(kind, namespace, name)]
}

// Release returns the HelmRelease namespace/name, or nil.
func (r *Repository) Release(namespace, name string) *HelmRelease {
	for _, hr := range r.Releases {
		if hr.Namespace == namespace && hr.Name == name {
			return hr
		}
	}
	return nil
}

// A CycleError is a dependsOn cycle between HelmReleases.
type CycleError struct {
	// Releases are the "namespace/name" of the releases in the cycle.
	Releases []string
}

func (e *CycleError) Error() string {
	return "circular dependency between HelmReleases: " + strings.Join(e.Releases, " -> ")
}

// Ordered returns the HelmReleases sorted so that each comes after the
// releases it depends on (spec.dependsOn; a dependency without a
// namespace is in the release's namespace), keeping the reading order
// otherwise. A cycle is a *CycleError. Dependencies that are not in the
// repository are ignored here and reported by Build.
func (r *Repository) Ordered() ([]*HelmRelease, error) {
	idx := map[string]int{}
	for i, hr := range r.Releases {
		idx[hr.ID()] = i
	}
	const (
		white = iota
		grey
		black
	)
	state := make([]int, len(r.Releases))
	var out []*HelmRelease
	var stack []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case black:
			return nil
		case grey:
			var cyc []string
			for j := len(stack) - 1; j >= 0; j-- {
				cyc = append([]string{r.Releases[stack[j]].ID()}, cyc...)
				if stack[j] == i {
					break
				}
			}
			cyc = append(cyc, r.Releases[i].ID())
			return &CycleError{Releases: cyc}
		}
		state[i] = grey
		stack = append(stack, i)
		hr := r.Releases[i]
		for _, d := range hr.Spec.DependsOn {
			ns := d.Namespace
			if ns == "" {
				ns = hr.Namespace
			}
			if j, ok := idx[ns+"/"+d.Name]; ok {
				if err := visit(j); err != nil {
					return err
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[i] = black
		out = append(out, hr)
		return nil
	}
	for i := range r.Releases {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
