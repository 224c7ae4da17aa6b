// Package loader maps the API of Helm v3.22.0's pkg/chart/loader onto
// chartrender's chart package in Helm-3 mode, so that Helm's load_test.go
// runs against chartrender unchanged (see helmunit_test.go): charts are
// loaded by chartrender and converted to Helm's chart types for the
// test's checks.
package loader

import (
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/chartrender/chartrender/chart"
	helmchart "helm.sh/helm/v3/pkg/chart"
)

// utf8bom is the byte order mark Helm's loader strips.
var utf8bom = []byte{0xEF, 0xBB, 0xBF}

// loader is chartrender's loader in Helm-3 mode.
var loader = chart.Loader{Helm3: true}

type ChartLoader interface {
	Load() (*helmchart.Chart, error)
}

type DirLoader string

func (l DirLoader) Load() (*helmchart.Chart, error) { return LoadDir(string(l)) }

type FileLoader string

func (l FileLoader) Load() (*helmchart.Chart, error) { return LoadFile(string(l)) }

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

func Load(name string) (*helmchart.Chart, error) { return convert(loader.Load(name)) }

func LoadDir(dir string) (*helmchart.Chart, error) { return convert(loader.LoadDir(dir)) }

func LoadFile(name string) (*helmchart.Chart, error) { return convert(loader.Load(name)) }

func LoadArchive(in io.Reader) (*helmchart.Chart, error) { return convert(loader.LoadArchive(in)) }

// BufferedFile is Helm v3's name and contents of one chart file.
type BufferedFile struct {
	Name string
	Data []byte
}

func LoadFiles(files []*BufferedFile) (*helmchart.Chart, error) {
	var fs []*chart.File
	for _, f := range files {
		fs = append(fs, &chart.File{Name: f.Name, Data: f.Data})
	}
	return convert(loader.LoadFiles(fs))
}

// LoadArchiveFiles lists an archive's files without loading a chart;
// chartrender's archive reader only returns loaded charts. Declared so
// that the test files compile; its test is listed as not applicable.
func LoadArchiveFiles(io.Reader) ([]*BufferedFile, error) {
	panic(errors.New("adapter: Helm helper without a chartrender counterpart"))
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
	files := func(in []*chart.File) []*helmchart.File {
		var fs []*helmchart.File
		for _, f := range in {
			fs = append(fs, &helmchart.File{Name: f.Name, Data: f.Data})
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
