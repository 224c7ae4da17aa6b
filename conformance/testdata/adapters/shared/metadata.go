// Shared by the chart3 and chart4 adapters (see Shared in
// ../../../helmunit_test.go): Helm's metadata types, validated by
// chartrender's Metadata.Validate.
package shared

import (
	"errors"

	"github.com/chartrender/chartrender/chart"
)

type Maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

type Dependency struct {
	Name         string   `json:"name"`
	Version      string   `json:"version,omitempty"`
	Repository   string   `json:"repository"`
	Condition    string   `json:"condition,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	Enabled      bool     `json:"enabled,omitempty"`
	ImportValues []any    `json:"import-values,omitempty"`
	Alias        string   `json:"alias,omitempty"`
}

type Metadata struct {
	Name         string            `json:"name,omitempty"`
	Home         string            `json:"home,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Version      string            `json:"version,omitempty"`
	Description  string            `json:"description,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `json:"maintainers,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	APIVersion   string            `json:"apiVersion,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Tags         string            `json:"tags,omitempty"`
	AppVersion   string            `json:"appVersion,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Dependencies []*Dependency     `json:"dependencies,omitempty"`
	Type         string            `json:"type,omitempty"`
}

// ValidationError is Helm's error for metadata that breaks a rule.
type ValidationError string

func (v ValidationError) Error() string { return "validation: " + string(v) }

func helmError(err error) error {
	var ve *chart.ValidationError
	if errors.As(err, &ve) {
		return ValidationError(ve.Msg)
	}
	return err
}

// Validate validates md with chartrender's Metadata.Validate.
func (md *Metadata) Validate() error {
	if md == nil {
		return helmError((*chart.Metadata)(nil).Validate())
	}
	o := &chart.Metadata{Name: md.Name, Home: md.Home, Sources: md.Sources, Version: md.Version,
		Description: md.Description, Keywords: md.Keywords, Icon: md.Icon, APIVersion: md.APIVersion,
		Condition: md.Condition, Tags: md.Tags, AppVersion: md.AppVersion, Deprecated: md.Deprecated,
		Annotations: md.Annotations, KubeVersion: md.KubeVersion, Type: md.Type}
	if md.Maintainers != nil {
		o.Maintainers = make([]*chart.Maintainer, len(md.Maintainers))
		for i, m := range md.Maintainers {
			if m != nil {
				o.Maintainers[i] = &chart.Maintainer{Name: m.Name, Email: m.Email, URL: m.URL}
			}
		}
	}
	if md.Dependencies != nil {
		o.Dependencies = make([]*chart.Dependency, len(md.Dependencies))
		for i, d := range md.Dependencies {
			if d != nil {
				o.Dependencies[i] = &chart.Dependency{Name: d.Name, Version: d.Version, Repository: d.Repository,
					Condition: d.Condition, Tags: d.Tags, Enabled: d.Enabled, ImportValues: d.ImportValues, Alias: d.Alias}
			}
		}
	}
	err := o.Validate()
	md.Name, md.Home, md.Version, md.Description = o.Name, o.Home, o.Version, o.Description
	md.Icon, md.APIVersion, md.Condition, md.Tags = o.Icon, o.APIVersion, o.Condition, o.Tags
	md.AppVersion, md.KubeVersion, md.Type = o.AppVersion, o.KubeVersion, o.Type
	for i, m := range md.Maintainers {
		if m != nil && o.Maintainers[i] != nil {
			m.Name, m.Email, m.URL = o.Maintainers[i].Name, o.Maintainers[i].Email, o.Maintainers[i].URL
		}
	}
	for i, d := range md.Dependencies {
		if d != nil && o.Dependencies[i] != nil {
			od := o.Dependencies[i]
			d.Name, d.Version, d.Repository, d.Condition, d.Alias = od.Name, od.Version, od.Repository, od.Condition, od.Alias
		}
	}
	return helmError(err)
}

// Validate checks one dependency entry as chartrender checks the entries
// of a chart's metadata.
func (d *Dependency) Validate() error {
	md := &Metadata{APIVersion: "v2", Name: "adapter", Version: "0.0.0", Dependencies: []*Dependency{d}}
	return md.Validate()
}
