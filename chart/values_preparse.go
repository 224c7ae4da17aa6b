package chart

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// Decoding values.yaml files is most of the time a load takes. The
// values.yaml files of the root chart and of its subchart folders are all in
// the root's file list (charts/a/values.yaml, charts/a/charts/b/values.yaml),
// so they are decoded up front, in parallel; loadFiles then takes each result
// at the point where it would have decoded the file, so errors surface in the
// same order as when decoding one file after another. (Subcharts packed as
// .tgz are decoded when they are unpacked.)

type valuesResult struct {
	data []byte // the text decoded, to check it is the file asked for
	vals map[string]any
	err  error
}

// preparseValues decodes the values.yaml files in files, keyed by the path
// prefix of the chart they belong to ("" for the root, "charts/a/" ...).
func (l *Loader) preparseValues(files []*File, st *loadState) {
	var jobs []*File
	for _, f := range files {
		if isTreeValuesFile(f.Name) {
			jobs = append(jobs, f)
		}
	}
	if len(jobs) < 2 {
		return
	}
	results := make([]valuesResult, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				vals, err := l.decodeValues(jobs[i].Data)
				results[i] = valuesResult{data: jobs[i].Data, vals: vals, err: err}
			}
		})
	}
	wg.Wait()
	st.values = make(map[string]valuesResult, len(jobs))
	for i, f := range jobs {
		st.values[strings.TrimSuffix(f.Name, "values.yaml")] = results[i]
	}
}

// isTreeValuesFile matches values.yaml and charts/<x>/.../values.yaml, where
// no <x> is a name loading skips (starting with "_" or ".").
func isTreeValuesFile(name string) bool {
	for {
		if name == "values.yaml" {
			return true
		}
		rest, ok := strings.CutPrefix(name, "charts/")
		if !ok {
			return false
		}
		sub, after, ok := strings.Cut(rest, "/")
		if !ok || sub == "" || sub[0] == '_' || sub[0] == '.' || strings.HasSuffix(sub, ".tgz") {
			return false
		}
		name = after
	}
}

// values returns the decoded values.yaml of the chart at prefix: the
// pre-parsed result when there is one for this very text, else a fresh decode.
func (l *Loader) values(st *loadState, prefix string, data []byte) (map[string]any, error) {
	if r, ok := st.values[prefix]; ok && len(r.data) == len(data) && (len(data) == 0 || &r.data[0] == &data[0]) {
		return r.vals, r.err
	}
	return l.decodeValues(data)
}

func (l *Loader) decodeValues(data []byte) (map[string]any, error) {
	if l.Helm3 {
		return yamlx.LoadValuesFirst(data)
	}
	return yamlx.LoadValues(data)
}
