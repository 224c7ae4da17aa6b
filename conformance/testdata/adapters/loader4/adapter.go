// Package loader maps the API of Helm v4's pkg/chart/v2/loader onto
// chartrender's chart package, so that Helm's load_test.go runs against
// chartrender unchanged (see helmunit_test.go): charts are loaded by
// chartrender and converted to Helm's chart types for the test's checks.
package loader

import (
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
	"helm.sh/helm/v4/pkg/chart/common"
	"helm.sh/helm/v4/pkg/chart/loader/archive"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
)

// utf8bom is the byte order mark Helm's loader strips.
var utf8bom = []byte{0xEF, 0xBB, 0xBF}

type ChartLoader interface {
	Load() (*helmchart.Chart, error)
}

type DirLoader string

func (l DirLoader) Load() (*helmchart.Chart, error) { return Load(string(l)) }

type FileLoader string

func (l FileLoader) Load() (*helmchart.Chart, error) { return Load(string(l)) }

func Loader(name string) (ChartLoader, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return DirLoader(name), nil
	}
	return FileLoader(name), nil
}

func Load(name string) (*helmchart.Chart, error) { return convert(chart.Load(name)) }

func LoadDir(dir string) (*helmchart.Chart, error) { return convert(chart.LoadDir(dir)) }

func LoadFile(name string) (*helmchart.Chart, error) { return convert(chart.Load(name)) }

func LoadArchive(in io.Reader) (*helmchart.Chart, error) { return convert(chart.LoadArchive(in)) }

func LoadFiles(files []*archive.BufferedFile) (*helmchart.Chart, error) {
	var fs []*chart.File
	for _, f := range files {
		fs = append(fs, &chart.File{Name: f.Name, Data: f.Data})
	}
	return convert(chart.LoadFiles(fs))
}

func LoadValues(data io.Reader) (map[string]any, error) {
	b, err := io.ReadAll(data)
	if err != nil {
		return nil, err
	}
	return values.Parse(b, "values")
}

func MergeMaps(a, b map[string]any) map[string]any { return values.MergeMaps(a, b) }

// loadDir is Helm's directory loader with a size budget.
func loadDir(dir string, budget int64) (*helmchart.Chart, error) {
	return convert((&chart.Loader{MaxTotalSize: budget}).Load(dir))
}

func convert(c *chart.Chart, err error) (*helmchart.Chart, error) {
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errors.New("adapter: no chart")
	}
	out := &helmchart.Chart{Values: c.Values, Schema: c.Schema}
	if err := recode(c.Metadata, &out.Metadata); err != nil {
		return nil, err
	}
	if c.Lock != nil {
		if err := recode(c.Lock, &out.Lock); err != nil {
			return nil, err
		}
	}
	files := func(in []*chart.File) []*common.File {
		var fs []*common.File
		for _, f := range in {
			fs = append(fs, &common.File{Name: f.Name, Data: f.Data})
		}
		return fs
	}
	out.Templates = files(c.Templates)
	out.Files = files(c.Files)
	out.Raw = files(c.Raw)
	for _, d := range c.Dependencies() {
		sub, err := convert(d, nil)
		if err != nil {
			return nil, err
		}
		out.AddDependency(sub)
	}
	return out, nil
}

func recode(in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, out)
}
