package flux

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/Masterminds/semver/v3"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/yamlx"
)

// A ChartRequest is what a HelmRelease asks of its source: a chart by name
// and version range (HelmRepository), by path (GitRepository, Bucket), or
// the source's own chart (OCIRepository).
type ChartRequest struct {
	// Release is the HelmRelease asking.
	Release *HelmRelease
	// SourceRef names the source, its namespace filled in.
	SourceRef CrossNamespaceRef
	// Source is the source object when the repository holds it, else nil.
	Source *Object
	// Chart is the chart name (HelmRepository) or path (GitRepository,
	// Bucket); "" for an OCIRepository.
	Chart string
	// Version is the semver range; "" means the latest stable version.
	Version string
}

// A ResolvedChart is a chart found for a ChartRequest.
type ResolvedChart struct {
	Chart *chart.Chart
	// Version is the version that was picked.
	Version string
	// ReadValuesFile reads a spec.chart.spec.valuesFiles entry: relative
	// to the chart for a HelmRepository source and to the source's root
	// for a GitRepository or Bucket. It returns an error satisfying
	// errors.Is(err, fs.ErrNotExist) for a missing file. Nil means the
	// source has no files besides the chart.
	ReadValuesFile func(name string) ([]byte, error)
}

// A Resolver finds the chart of a HelmRelease offline. It must be safe for
// concurrent use.
type Resolver interface {
	Resolve(ctx context.Context, req *ChartRequest) (*ResolvedChart, error)
}

// A ChartError is a HelmRelease whose chart could not be resolved. It names
// the release and the source.
type ChartError struct {
	Release   string
	SourceRef CrossNamespaceRef
	Chart     string
	Err       error
}

func (e *ChartError) Error() string {
	c := ""
	if e.Chart != "" {
		c = fmt.Sprintf(" chart %q", e.Chart)
	}
	return fmt.Sprintf("HelmRelease %s: cannot resolve%s from %s: %v", e.Release, c, e.SourceRef, e.Err)
}

// Unwrap returns the underlying error.
func (e *ChartError) Unwrap() error { return e.Err }

// ErrNoSource is the reason of a ChartError for a source the resolver has
// no local copy of.
var ErrNoSource = errors.New("no local folder or archive is mapped to this source")

// chartRequest builds the request of hr and returns the chart spec that
// carries valuesFiles (nil for chartRef OCIRepository).
func chartRequest(hr *HelmRelease, repo *Repository) (*ChartRequest, *HelmChartTemplateSpec, error) {
	var spec *HelmChartTemplateSpec
	ns := hr.Namespace
	if hr.Spec.ChartRef != nil {
		ref := *hr.Spec.ChartRef
		if ref.Namespace == "" {
			ref.Namespace = hr.Namespace
		}
		switch ref.Kind {
		case "OCIRepository":
			return &ChartRequest{Release: hr, SourceRef: ref, Source: repo.Get(ref.Kind, ref.Namespace, ref.Name)}, nil, nil
		case "HelmChart":
			o := repo.Get("HelmChart", ref.Namespace, ref.Name)
			if o == nil {
				return nil, nil, &ChartError{Release: hr.ID(), SourceRef: ref, Err: errors.New("HelmChart not found in the repository")}
			}
			spec = new(HelmChartTemplateSpec)
			if err := decodeSpec(o, spec); err != nil {
				return nil, nil, err
			}
			ns = ref.Namespace
		default:
			return nil, nil, &ChartError{Release: hr.ID(), SourceRef: ref, Err: fmt.Errorf("%w: chartRef kind %q", ErrUnsupported, ref.Kind)}
		}
	} else {
		spec = &hr.Spec.Chart.Spec
	}
	ref := spec.SourceRef
	if ref.Namespace == "" {
		ref.Namespace = ns
	}
	switch ref.Kind {
	case "HelmRepository", "GitRepository", "Bucket":
	default:
		return nil, nil, &ChartError{Release: hr.ID(), SourceRef: ref, Chart: spec.Chart, Err: fmt.Errorf("%w: sourceRef kind %q", ErrUnsupported, ref.Kind)}
	}
	return &ChartRequest{Release: hr, SourceRef: ref, Source: repo.Get(ref.Kind, ref.Namespace, ref.Name), Chart: spec.Chart, Version: spec.Version}, spec, nil
}

// A LocalResolver resolves charts from local folders and archives, one per
// source. It caches the charts it loads and is safe for concurrent use.
type LocalResolver struct {
	// Sources map a source to a local path. Keys are "Kind/namespace/name"
	// or "Kind/name" (any namespace). For a HelmRepository the path is a
	// folder holding index.yaml and the chart archives it lists (a
	// version range is resolved against the index as source-controller
	// resolves it), or a folder holding the chart's folder or archive by
	// chart name. For a GitRepository or Bucket it is the checkout's
	// root; for an OCIRepository the chart folder or archive.
	Sources map[string]string

	mu     sync.Mutex
	charts map[string]*chart.Chart
}

func (r *LocalResolver) source(ref CrossNamespaceRef) (string, bool) {
	if p, ok := r.Sources[ref.Kind+"/"+ref.Namespace+"/"+ref.Name]; ok {
		return p, true
	}
	p, ok := r.Sources[ref.Kind+"/"+ref.Name]
	return p, ok
}

func (r *LocalResolver) load(p string) (*chart.Chart, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.charts[p]; ok {
		return c, nil
	}
	c, err := chart.Load(p)
	if err != nil {
		return nil, err
	}
	if r.charts == nil {
		r.charts = map[string]*chart.Chart{}
	}
	r.charts[p] = c
	return c, nil
}

// Resolve implements Resolver.
func (r *LocalResolver) Resolve(ctx context.Context, req *ChartRequest) (*ResolvedChart, error) {
	root, ok := r.source(req.SourceRef)
	if !ok {
		return nil, ErrNoSource
	}
	switch req.SourceRef.Kind {
	case "HelmRepository":
		return r.helmRepository(root, req)
	case "GitRepository", "Bucket":
		p, err := within(root, req.Chart)
		if err != nil {
			return nil, err
		}
		c, err := r.load(p)
		if err != nil {
			return nil, err
		}
		if err := checkVersion(c, req.Version); err != nil {
			return nil, err
		}
		return &ResolvedChart{Chart: c, Version: c.Metadata.Version, ReadValuesFile: func(name string) ([]byte, error) {
			f, err := within(root, name)
			if err != nil {
				return nil, err
			}
			return readBounded(f)
		}}, nil
	case "OCIRepository":
		c, err := r.load(root)
		if err != nil {
			return nil, err
		}
		return &ResolvedChart{Chart: c, Version: c.Metadata.Version}, nil
	}
	return nil, fmt.Errorf("%w: source kind %q", ErrUnsupported, req.SourceRef.Kind)
}

// within joins name to root and refuses paths that leave root.
func within(root, name string) (string, error) {
	clean := path.Clean("/" + filepath.ToSlash(name))
	if clean == "/" {
		return root, nil
	}
	rel := strings.TrimPrefix(clean, "/")
	if !fs.ValidPath(rel) {
		return "", fmt.Errorf("invalid path %q", name)
	}
	return filepath.Join(root, filepath.FromSlash(rel)), nil
}

func readBounded(p string) ([]byte, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder", p)
	}
	if fi.Size() > maxManifestFile {
		return nil, fmt.Errorf("%s is larger than %d bytes", p, maxManifestFile)
	}
	return os.ReadFile(p)
}

func checkVersion(c *chart.Chart, rng string) error {
	if rng == "" || rng == "*" || c.Metadata == nil {
		return nil
	}
	if rng == c.Metadata.Version {
		return nil
	}
	cons, err := semver.NewConstraint(rng)
	if err != nil {
		return err
	}
	v, err := semver.NewVersion(c.Metadata.Version)
	if err != nil || !cons.Check(v) {
		return fmt.Errorf("chart version %s does not match '%s'", c.Metadata.Version, rng)
	}
	return nil
}

func chartValuesFileReader(c *chart.Chart) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		clean := path.Clean(filepath.ToSlash(name))
		for _, f := range c.Raw {
			if f.Name == clean {
				return f.Data, nil
			}
		}
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
}

func (r *LocalResolver) helmRepository(root string, req *ChartRequest) (*ResolvedChart, error) {
	if req.Chart == "" || strings.ContainsAny(req.Chart, `/\`) || req.Chart == ".." {
		return nil, fmt.Errorf("invalid chart name %q", req.Chart)
	}
	idxPath := filepath.Join(root, "index.yaml")
	if _, err := os.Stat(idxPath); err != nil {
		// A folder of charts by name.
		p := filepath.Join(root, req.Chart)
		if _, err := os.Stat(p); err != nil {
			p += ".tgz"
		}
		c, err := r.load(p)
		if err != nil {
			return nil, err
		}
		if err := checkVersion(c, req.Version); err != nil {
			return nil, err
		}
		return &ResolvedChart{Chart: c, Version: c.Metadata.Version, ReadValuesFile: chartValuesFileReader(c)}, nil
	}
	data, err := readBounded(idxPath)
	if err != nil {
		return nil, err
	}
	idx, err := parseIndex(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", idxPath, err)
	}
	cv, err := idx.chartVersion(req.Chart, req.Version)
	if err != nil {
		return nil, err
	}
	if len(cv.URLs) == 0 {
		return nil, fmt.Errorf("chart %s %s has no URL in %s", req.Chart, cv.Version, idxPath)
	}
	u := cv.URLs[0]
	if i := strings.LastIndex(u, "/"); strings.Contains(u, "://") && i >= 0 {
		u = u[i+1:]
	}
	p, err := within(root, u)
	if err != nil {
		return nil, err
	}
	c, err := r.load(p)
	if err != nil {
		return nil, err
	}
	return &ResolvedChart{Chart: c, Version: cv.Version, ReadValuesFile: chartValuesFileReader(c)}, nil
}

type indexVersion struct {
	Version string
	URLs    []string
	Created time.Time
	sv      *semver.Version
}

type repoIndex struct {
	entries map[string][]*indexVersion
}

func parseIndex(data []byte) (*repoIndex, error) {
	v, err := yamlx.Unmarshal(data)
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	ents, _ := m["entries"].(map[string]any)
	idx := &repoIndex{entries: map[string][]*indexVersion{}}
	for name, list := range ents {
		items, _ := list.([]any)
		for _, it := range items {
			im, _ := it.(map[string]any)
			if im == nil {
				continue
			}
			iv := &indexVersion{}
			iv.Version, _ = im["version"].(string)
			if urls, ok := im["urls"].([]any); ok {
				for _, u := range urls {
					if s, ok := u.(string); ok {
						iv.URLs = append(iv.URLs, s)
					}
				}
			}
			if s, ok := im["created"].(string); ok {
				iv.Created, _ = time.Parse(time.RFC3339Nano, s)
			}
			idx.entries[name] = append(idx.entries[name], iv)
		}
	}
	return idx, nil
}

// chartVersion picks a version as source-controller does: an exact match
// of the version string first; otherwise the highest version satisfying
// the range ("" or "*" meaning the latest stable one), ties broken by the
// creation time.
func (idx *repoIndex) chartVersion(name, rng string) (*indexVersion, error) {
	cvs, ok := idx.entries[name]
	if !ok {
		return nil, fmt.Errorf("no chart name found: %q", name)
	}
	if len(cvs) == 0 {
		return nil, fmt.Errorf("no chart version found for %s", name)
	}
	if rng != "" {
		for _, cv := range cvs {
			if cv.Version == rng {
				return cv, nil
			}
		}
	}
	want := rng
	if want == "" {
		want = "*"
	}
	cons, err := semver.NewConstraint(want)
	if err != nil {
		return nil, err
	}
	var matched []*indexVersion
	for _, cv := range cvs {
		v, err := semver.NewVersion(cv.Version)
		if err != nil || !cons.Check(v) {
			continue
		}
		cv.sv = v
		matched = append(matched, cv)
	}
	if len(matched) == 0 {
		return nil, fmt.Errorf("no '%s' chart with version matching '%s' found", name, rng)
	}
	sort.SliceStable(matched, func(i, j int) bool {
		a, b := matched[i], matched[j]
		if !a.sv.Equal(b.sv) {
			return b.sv.LessThan(a.sv)
		}
		return b.Created.Before(a.Created)
	})
	return matched[0], nil
}
