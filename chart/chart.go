package chart

import (
	"path"
	"strings"
)

// APIVersionV1 and APIVersionV2 are the chart API versions Helm v3 and v4 render.
const (
	APIVersionV1 = "v1"
	APIVersionV2 = "v2"
)

// File is one file of a chart: its path relative to the chart root, with
// forward slashes, and its contents.
type File struct {
	Name string
	Data []byte
}

// Chart is a loaded chart: its metadata, default values, templates, other
// files and subcharts.
//
// A Chart is a tree. Loading builds it with every subchart found under
// charts/; ProcessDependencies returns a new tree in which disabled subcharts
// are pruned and aliases applied. Neither step modifies the chart it is given,
// so one loaded Chart may be rendered many times, concurrently.
type Chart struct {
	// Metadata is the parsed Chart.yaml (merged with requirements.yaml for
	// apiVersion v1 charts).
	Metadata *Metadata
	// Lock is the parsed Chart.lock (or requirements.lock), if any.
	Lock *Lock
	// Values are the chart's default values from values.yaml, typed as Helm
	// types them (see package values).
	Values map[string]any
	// Schema is the raw values.schema.json, if any.
	Schema []byte
	// Templates are the files under templates/.
	Templates []*File
	// Files are every other file of the chart (README, crds/, files/, ...),
	// the ones templates reach through .Files.
	Files []*File
	// Raw holds every file as loaded, including Chart.yaml and values.yaml.
	Raw []*File

	parent       *Chart
	dependencies []*Chart
}

// Name returns the chart's name from its metadata, or "" when it has none.
func (c *Chart) Name() string {
	if c == nil || c.Metadata == nil {
		return ""
	}
	return c.Metadata.Name
}

// Parent returns the chart this chart is a subchart of, or nil for a root chart.
func (c *Chart) Parent() *Chart { return c.parent }

// Root returns the top-most chart of the tree.
func (c *Chart) Root() *Chart {
	for c.parent != nil {
		c = c.parent
	}
	return c
}

// IsRoot reports whether c has no parent.
func (c *Chart) IsRoot() bool { return c.parent == nil }

// Dependencies returns the subcharts of c, in order.
func (c *Chart) Dependencies() []*Chart { return c.dependencies }

// SetDependencies replaces the subcharts of c.
func (c *Chart) SetDependencies(charts ...*Chart) {
	c.dependencies = nil
	c.AddDependency(charts...)
}

// AddDependency appends subcharts to c and makes c their parent.
func (c *Chart) AddDependency(charts ...*Chart) {
	for _, d := range charts {
		d.parent = c
		c.dependencies = append(c.dependencies, d)
	}
}

// ChartPath returns the dotted path of c from the root, e.g. "parent.sub".
func (c *Chart) ChartPath() string {
	if c.parent == nil {
		return c.Name()
	}
	return c.parent.ChartPath() + "." + c.Name()
}

// ChartFullPath returns the path that prefixes c's template names, e.g.
// "parent/charts/sub".
func (c *Chart) ChartFullPath() string {
	if c.parent == nil {
		return c.Name()
	}
	return c.parent.ChartFullPath() + "/charts/" + c.Name()
}

// AppVersion returns the chart's appVersion, or "" when it has none.
func (c *Chart) AppVersion() string {
	if c == nil || c.Metadata == nil {
		return ""
	}
	return c.Metadata.AppVersion
}

// IsLibrary reports whether c is a library chart.
func (c *Chart) IsLibrary() bool {
	return c.Metadata != nil && strings.EqualFold(c.Metadata.Type, "library")
}

// CRD is a custom resource definition file under a chart's crds/ folder.
type CRD struct {
	// Name is the file's path inside its chart, e.g. "crds/foo.yaml".
	Name string
	// Filename is the path including the chart's full path, e.g.
	// "parent/charts/sub/crds/foo.yaml".
	Filename string
	// File is the file itself.
	File *File
}

// CRDObjects returns the CRD files of c and then of each subchart,
// recursively, in dependency order, as Helm collects them for
// --include-crds.
func (c *Chart) CRDObjects() []CRD {
	var crds []CRD
	for _, f := range c.Files {
		if strings.HasPrefix(f.Name, "crds/") && hasManifestExtension(f.Name) {
			crds = append(crds, CRD{Name: f.Name, Filename: path.Join(c.ChartFullPath(), f.Name), File: f})
		}
	}
	for _, d := range c.dependencies {
		crds = append(crds, d.CRDObjects()...)
	}
	return crds
}

func hasManifestExtension(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".yaml", ".yml", ".json":
		return true
	}
	return false
}
