package chart

import (
	"bytes"
	"errors"
	"path/filepath"
	"sort"
	"strings"
)

// loadFiles classifies files into a chart, as Helm's LoadFiles does, and
// loads its subcharts. prefix is the chart's path inside the root chart
// ("" for the root, "charts/sub/" below it), used in errors; depth is its
// nesting level.
func (l *Loader) loadFiles(files []*File, st *loadState, prefix string, depth int) (*Chart, error) {
	if err := st.ctx.Err(); err != nil {
		return nil, err
	}
	c := &Chart{}
	for _, f := range files {
		c.Raw = append(c.Raw, &File{Name: f.Name, Data: f.Data})
		switch f.Name {
		case "Chart.yaml", "Chart.lock", "requirements.yaml", "requirements.lock":
			if err := st.checkMetadataSize(prefix+f.Name, f); err != nil {
				return nil, err
			}
		}
		if f.Name == "Chart.yaml" {
			var err error
			if c.Metadata == nil {
				c.Metadata, err = decodeMetadata(f.Data, l.Helm3)
			} else {
				// A second Chart.yaml decodes over the first, as JSON does.
				err = decodeYAMLInto(f.Data, c.Metadata, l.Helm3)
			}
			if err != nil {
				return nil, loadErrf(prefix+f.Name, err, "cannot load Chart.yaml: %s", err)
			}
			if c.Metadata.APIVersion == "" {
				c.Metadata.APIVersion = APIVersionV1
			}
		}
	}

	type group struct {
		name  string
		files []*File
	}
	groups := map[string]*group{}
	for _, f := range files {
		switch {
		case f.Name == "Chart.yaml":
		case f.Name == "Chart.lock", f.Name == "requirements.lock":
			c.Lock = new(Lock)
			if err := decodeYAMLInto(f.Data, &c.Lock, l.Helm3); err != nil {
				return nil, loadErrf(prefix+f.Name, err, "cannot load %s: %s", f.Name, err)
			}
			if f.Name == "requirements.lock" {
				if c.Metadata == nil {
					c.Metadata = new(Metadata)
				}
				if c.Metadata.APIVersion == APIVersionV1 {
					c.Files = append(c.Files, &File{Name: f.Name, Data: f.Data})
				}
			}
		case f.Name == "values.yaml":
			vals, err := l.values(st, prefix, f.Data)
			if err != nil {
				return nil, loadErrf(prefix+f.Name, err, "cannot load values.yaml: %s", err)
			}
			c.Values = vals
		case f.Name == "values.schema.json":
			c.Schema = f.Data
		case f.Name == "requirements.yaml":
			if c.Metadata == nil {
				c.Metadata = new(Metadata)
			}
			if err := decodeYAMLInto(f.Data, c.Metadata, l.Helm3); err != nil {
				return nil, loadErrf(prefix+f.Name, err, "cannot load requirements.yaml: %s", err)
			}
			if c.Metadata.APIVersion == APIVersionV1 {
				c.Files = append(c.Files, &File{Name: f.Name, Data: f.Data})
			}
		case strings.HasPrefix(f.Name, "templates/"):
			c.Templates = append(c.Templates, &File{Name: f.Name, Data: f.Data})
		case strings.HasPrefix(f.Name, "charts/"):
			if filepath.Ext(f.Name) == ".prov" {
				c.Files = append(c.Files, &File{Name: f.Name, Data: f.Data})
				continue
			}
			rest := strings.TrimPrefix(f.Name, "charts/")
			name, _, _ := strings.Cut(rest, "/")
			g := groups[name]
			if g == nil {
				g = &group{name: name}
				groups[name] = g
			}
			g.files = append(g.files, &File{Name: rest, Data: f.Data})
		default:
			c.Files = append(c.Files, &File{Name: f.Name, Data: f.Data})
		}
	}

	if c.Metadata == nil {
		return nil, loadErr(prefix+"Chart.yaml", nil, "Chart.yaml file is missing")
	}
	if err := c.Metadata.Validate(); err != nil {
		var ve *ValidationError
		if errors.As(err, &ve) {
			ve.File = prefix + "Chart.yaml"
		}
		return nil, err
	}

	// Helm visits subcharts in map order, which is random; use name order.
	names := make([]string, 0, len(groups))
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.IndexAny(n, "_.") == 0 {
			continue
		}
		files := groups[n].files
		if filepath.Ext(n) == ".tgz" && files[0].Name != n {
			return nil, loadErrf(prefix+"charts/"+n, nil, "error unpacking subchart tar in %s: expected %s, got %s", c.Name(), n, files[0].Name)
		}
		sc, err := l.loadSubchart(files, n, st, prefix, depth+1)
		if err != nil {
			return nil, loadErrf(prefix+"charts/"+n, err, "error unpacking subchart %s in %s: %s", n, c.Name(), err)
		}
		c.AddDependency(sc)
	}
	return c, nil
}

// loadSubchart loads the subchart charts/<n> from its files (named
// relative to charts/).
func (l *Loader) loadSubchart(files []*File, n string, st *loadState, prefix string, depth int) (*Chart, error) {
	at := prefix + "charts/" + n
	if st.maxDepth >= 0 && depth > st.maxDepth {
		return nil, loadErrf(at, ErrTooDeep, "subchart %s is nested more than %d levels deep", at, st.maxDepth)
	}
	if filepath.Ext(n) == ".tgz" {
		sub, err := l.readArchive(bytes.NewReader(files[0].Data), st, at+"/")
		if err != nil {
			return nil, err
		}
		return l.loadFiles(sub, st, at+"/", depth)
	}
	sub := make([]*File, 0, len(files))
	for _, f := range files {
		_, rest, ok := strings.Cut(f.Name, "/")
		if !ok {
			continue
		}
		sub = append(sub, &File{Name: rest, Data: f.Data})
	}
	return l.loadFiles(sub, st, at+"/", depth)
}
