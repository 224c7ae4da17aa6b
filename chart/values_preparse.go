package chart

import (
	"runtime"
	"strings"
	"sync"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// Decoding values.yaml files is most of the time a load takes. The
// values.yaml files of the root chart and of its subchart folders are all in
// the root's file list (charts/a/values.yaml, charts/a/charts/b/values.yaml),
// so they are decoded ahead, in parallel: a directory load starts decoding
// each one as soon as it has been read, while the walk goes on reading the
// rest; LoadFiles starts them all at once. loadFiles then takes each result
// at the point where it would have decoded the file, so errors surface in the
// same order as when decoding one file after another. (Subcharts packed as
// .tgz are decoded when they are unpacked.)

type valuesResult struct {
	data []byte // the text decoded, to check it is the file asked for
	vals map[string]any
	err  error
}

// valuesDecoder decodes values.yaml files in the background, at most
// GOMAXPROCS at a time. The zero value is ready; a nil one decodes nothing.
type valuesDecoder struct {
	l    *Loader
	sem  chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	jobs map[string]*valuesResult // by chart prefix ("" for the root, "charts/a/" ...)
}

func (l *Loader) newValuesDecoder() *valuesDecoder {
	return &valuesDecoder{l: l, sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// start begins decoding f when it is the values.yaml of the chart or of a
// subchart folder.
func (d *valuesDecoder) start(f *File) {
	if d == nil || !isTreeValuesFile(f.Name) {
		return
	}
	r := &valuesResult{data: f.Data}
	d.mu.Lock()
	if d.jobs == nil {
		d.jobs = map[string]*valuesResult{}
	}
	d.jobs[strings.TrimSuffix(f.Name, "values.yaml")] = r
	d.mu.Unlock()
	d.wg.Go(func() {
		d.sem <- struct{}{}
		defer func() { <-d.sem }()
		r.vals, r.err = d.l.decodeValues(r.data)
	})
}

// wait waits for the decodes started.
func (d *valuesDecoder) wait() {
	if d != nil {
		d.wg.Wait()
	}
}

// finish waits for the decodes started and hands their results to st.
func (d *valuesDecoder) finish(st *loadState) {
	if d == nil {
		return
	}
	d.wg.Wait()
	if len(d.jobs) == 0 {
		return
	}
	st.values = make(map[string]valuesResult, len(d.jobs))
	for prefix, r := range d.jobs {
		st.values[prefix] = *r
	}
}

// preparseValues decodes the values.yaml files in files in parallel, when
// there are several.
func (l *Loader) preparseValues(files []*File, st *loadState) {
	n := 0
	for _, f := range files {
		if isTreeValuesFile(f.Name) {
			n++
		}
	}
	if n < 2 {
		return
	}
	d := l.newValuesDecoder()
	for _, f := range files {
		d.start(f)
	}
	d.finish(st)
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
