package unittest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chartrender/chartrender/chart"
)

// GCPercent is the garbage-collection target the chartrender command sets
// while it runs suites (see runtime/debug.SetGCPercent): a run renders the
// chart once per test and allocates much short-lived memory.
const GCPercent = 400

// DefaultTestFiles is the suite file pattern used when Runner.TestFiles is
// empty.
const DefaultTestFiles = "tests/*_test.yaml"

// A Runner runs the helm-unittest suites of charts. Its fields are the
// flags of `helm unittest`; the zero value runs tests/*_test.yaml of each
// chart and of its subcharts.
type Runner struct {
	// TestFiles are glob patterns of suite files, relative to each chart
	// ("**" matches any number of folders); empty means DefaultTestFiles.
	TestFiles []string
	// ValuesFiles are values files added to every suite.
	ValuesFiles []string
	// UpdateSnapshot rewrites snapshots that differ instead of failing.
	UpdateSnapshot bool
	// NoSubcharts leaves out the suites of subcharts (--with-subchart=false).
	NoSubcharts bool
	// Strict rejects unknown fields in suite files.
	Strict bool
	// FailFast stops at the first failed test.
	FailFast bool
	// SkipSchemaValidation skips values.schema.json checks.
	SkipSchemaValidation bool
	// Parallelism is the number of tests run at once; 0 means GOMAXPROCS.
	// Results never depend on it.
	Parallelism int
	// ChartTestsPath, when set, names a folder inside each chart (and
	// subchart) holding a chart of its own whose templates render suites
	// (helm-unittest's --chart-tests-path). It is rendered with its default
	// values as release TEST-SUITE-RELEASE in namespace NAMESPACE, and its
	// suites, which must be named, run after the suite files. A chart
	// without that folder has no rendered suites.
	ChartTestsPath string
	// RenderDir, when set, receives the files each test rendered, under
	// their template names (helm-unittest's -d writes them to .debug).
	// Tests that render the same file overwrite it.
	RenderDir string
}

// A Report is the outcome of a run.
type Report struct {
	Charts   []*ChartResult
	Duration time.Duration
}

// A ChartResult is the outcome of one chart's suites.
type ChartResult struct {
	Name, Path string
	// Err is an error that kept the chart's suites from running: the chart
	// does not load, or a suite file does not parse.
	Err    error
	Suites []*SuiteResult
	Passed bool
}

// A SuiteResult is the outcome of one suite.
type SuiteResult struct {
	Name string
	// File is the suite file, relative to the working directory when
	// possible.
	File string
	// Err is an error that kept the suite from running (its snapshot file
	// does not parse, or cannot be written).
	Err     error
	Passed  bool
	Skipped bool
	Tests   []*TestResult

	SnapshotTotal, SnapshotFailed, SnapshotCreated, SnapshotVanished uint

	failFast bool // the suite stopped at a failed test
}

// A TestResult is the outcome of one test.
type TestResult struct {
	Name    string
	Passed  bool
	Skipped bool
	// Err is an error raised while preparing or rendering; a test with an
	// error fails unless a failedTemplate assertion expected it.
	Err      error
	Asserts  []*AssertResult
	Duration time.Duration
}

// An AssertResult is the outcome of one assertion.
type AssertResult struct {
	Index      int
	Type       string
	Not        bool
	Passed     bool
	Skipped    bool
	SkipReason string
	// Info is the failure message, line by line, as helm-unittest prints it.
	Info []string
}

// Passed reports whether every chart passed.
func (r *Report) Passed() bool {
	for _, c := range r.Charts {
		if !c.Passed {
			return false
		}
	}
	return true
}

// Run runs the suites of the charts at the given paths, in order.
func (r *Runner) Run(ctx context.Context, chartPaths ...string) (*Report, error) {
	start := time.Now()
	rep := &Report{}
	st := &runState{kube: [2]string{"1", "20"}}
	for _, p := range chartPaths {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		cr := r.runChart(ctx, p, st)
		rep.Charts = append(rep.Charts, cr)
		if !cr.Passed && r.FailFast {
			break
		}
	}
	rep.Duration = time.Since(start)
	return rep, ctx.Err()
}

// runState carries what helm-unittest keeps between tests: the Kubernetes
// version of the last test that set one stays in force for the tests after
// it (helm-unittest writes it into Helm's shared default capabilities).
type runState struct {
	kube [2]string
}

func (r *Runner) parallelism() int {
	if r.Parallelism > 0 {
		return min(r.Parallelism, 256)
	}
	return runtime.GOMAXPROCS(0)
}

func (r *Runner) testFiles() []string {
	if len(r.TestFiles) == 0 {
		return []string{DefaultTestFiles}
	}
	return slices.Compact(slices.Clone(r.TestFiles))
}

func (r *Runner) runChart(ctx context.Context, chartPath string, st *runState) *ChartResult {
	cr := &ChartResult{Path: chartPath}
	c, err := (&chart.Loader{Helm3: true}).Load(chartPath)
	if err != nil {
		cr.Err = err
		return cr
	}
	cr.Name = c.Name()
	suites, failed, err := r.collect(ctx, chartPath, c.Name(), c, nil)
	if err != nil {
		cr.Err = err
		cr.Suites = failed
		return cr
	}
	env := newChartEnv(c, r.parallelism())
	cr.Passed = true
	for _, s := range suites {
		s.skipSchema = r.SkipSchemaValidation
		sr := r.runSuite(ctx, env, s, st)
		cr.Suites = append(cr.Suites, sr)
		if !sr.Passed && !sr.Skipped {
			cr.Passed = false
		}
		if sr.Err != nil {
			cr.Passed = false
		}
		if !cr.Passed && r.FailFast && sr.failFast {
			break
		}
	}
	return cr
}

// collect finds and parses the suites of a chart and, recursively, of its
// enabled subcharts.
func (r *Runner) collect(ctx context.Context, chartPath, route string, c *chart.Chart, merged map[string]any) ([]*Suite, []*SuiteResult, error) {
	var files []string
	for _, pattern := range r.testFiles() {
		matches, err := globFiles(chartPath, pattern)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, matches...)
	}
	// helm-unittest renders the tests chart before it parses suite files,
	// and runs the rendered suites after the others.
	var rendered []*Suite
	if r.ChartTestsPath != "" {
		dir := filepath.Join(chartPath, r.ChartTestsPath)
		if _, err := os.Stat(dir); err == nil {
			rendered, err = renderSuites(ctx, dir, r.Strict, r.absValues())
			if err != nil {
				return nil, nil, err
			}
			for _, s := range rendered {
				s.route = route
			}
		}
	}
	var suites []*Suite
	for _, f := range files {
		data, err := readFileLimited(f)
		if err == nil {
			var ss []*Suite
			ss, err = ParseSuites(displayPath(f), data, r.Strict)
			for _, s := range ss {
				s.route = route
				s.extraValues = r.absValues()
			}
			if err == nil {
				suites = append(suites, ss...)
				continue
			}
		}
		return nil, []*SuiteResult{{File: displayPath(f), Err: err}}, err
	}
	suites = append(suites, rendered...)
	if r.NoSubcharts {
		return suites, nil, nil
	}
	if merged == nil {
		merged = mergeTables(deepCopy(c.Values).(map[string]any), map[string]any{})
		if c.Values == nil {
			merged = map[string]any{}
		}
		for _, vf := range r.ValuesFiles {
			p := vf
			if !filepath.IsAbs(p) {
				p = filepath.Join(chartPath, vf)
			}
			if v, err := readValuesFile(p); err == nil {
				merged = mergeTables(v, merged)
			}
		}
	}
	for _, sub := range c.Dependencies() {
		if !subchartEnabled(c, sub, merged) {
			continue
		}
		name := sub.Name()
		ss, _, err := r.collect(ctx, filepath.Join(chartPath, "charts", name), path.Join(route, "charts", name), sub, merged)
		if err != nil {
			continue // helm-unittest logs a warning and goes on
		}
		suites = append(suites, ss...)
	}
	return suites, nil, nil
}

func (r *Runner) absValues() []string {
	var out []string
	for _, pattern := range r.ValuesFiles {
		matches, err := globFiles("", pattern)
		if err != nil {
			continue
		}
		for _, m := range matches {
			if a, err := filepath.Abs(m); err == nil {
				m = a
			}
			out = append(out, m)
		}
	}
	return out
}

func readValuesFile(p string) (map[string]any, error) {
	data, err := readFileLimited(p)
	if err != nil {
		return nil, err
	}
	v := map[string]any{}
	if err := yamlUnmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// subchartEnabled evaluates a dependency's condition (or else its tags)
// against the chart's values, as helm-unittest does when it looks for
// subchart suites.
func subchartEnabled(parent, sub *chart.Chart, vals map[string]any) bool {
	if parent.Metadata == nil || sub.Metadata == nil {
		return true
	}
	for _, d := range parent.Metadata.Dependencies {
		if cmp.Or(d.Alias, d.Name) != sub.Metadata.Name {
			continue
		}
		if d.Condition != "" {
			cur := vals
			parts := strings.Split(d.Condition, ".")
			for i, p := range parts {
				next, ok := cur[p]
				if !ok {
					return true
				}
				if i == len(parts)-1 {
					b, ok := next.(bool)
					return !ok || b
				}
				m, ok := next.(map[string]any)
				if !ok {
					return true
				}
				cur = m
			}
			return true
		}
		if len(d.Tags) > 0 {
			tags, ok := vals["tags"].(map[string]any)
			if !ok {
				return true
			}
			for _, t := range d.Tags {
				if b, ok := tags[t].(bool); ok && b {
					return true
				}
			}
			return false
		}
		return true
	}
	return true
}

// displayPath is a path relative to the working directory, as
// helm-unittest names suite files.
func displayPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	rel, err := filepath.Rel(wd, abs)
	if err != nil {
		return p
	}
	return rel
}

// globFiles expands a pattern under base the way helm-unittest does: an
// absolute pattern is taken as is; "**" stands for any number of folders.
func globFiles(base, pattern string) ([]string, error) {
	if filepath.IsAbs(pattern) {
		return []string{pattern}, nil
	}
	full := pattern
	if base != "" {
		prefix := base + "/"
		if !strings.Contains(pattern, prefix) {
			full = filepath.Join(prefix, pattern)
		}
	}
	if !strings.Contains(full, "**") {
		return filepath.Glob(full)
	}
	parts := strings.Split(full, "**")
	matches := []string{""}
	for i, part := range parts {
		var hits []string
		seen := map[string]bool{}
		for _, m := range matches {
			paths, err := filepath.Glob(m + part)
			if err != nil {
				return nil, err
			}
			for _, p := range paths {
				if i == len(parts)-1 {
					if !seen[p] {
						seen[p] = true
						hits = append(hits, p)
					}
					continue
				}
				_ = filepath.Walk(p, func(q string, _ os.FileInfo, err error) error {
					if err != nil {
						return nil
					}
					if !seen[q] {
						seen[q] = true
						hits = append(hits, q)
					}
					if len(hits) > maxGlobHits {
						return filepath.SkipAll
					}
					return nil
				})
			}
		}
		matches = hits
	}
	var out []string
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && !fi.IsDir() {
			out = append(out, m)
		}
	}
	return out, nil
}

const maxGlobHits = 1 << 16

// suiteRun is the work of one suite: its tests' Kubernetes versions are
// fixed before the tests run in parallel.
func (r *Runner) runSuite(ctx context.Context, env *chartEnv, s *Suite, st *runState) *SuiteResult {
	sr := &SuiteResult{Name: s.Name, File: s.File}
	snaps, err := loadSnapshots(s.snapshotBase(), r.UpdateSnapshot)
	if err != nil {
		sr.Err = err
		return sr
	}
	kubes := make([][2]string, len(s.Tests))
	for i, t := range s.Tests {
		if t.Skip.Reason == "" {
			st.kube = [2]string{cmp.Or(t.caps.major, st.kube[0]), cmp.Or(t.caps.minor, st.kube[1])}
		}
		kubes[i] = st.kube
	}
	results := make([]*TestResult, len(s.Tests))
	par := r.parallelism()
	if r.FailFast {
		par = 1
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	var stop sync.Once
	stopped := make(chan struct{})
	for i, t := range s.Tests {
		if r.FailFast {
			select {
			case <-stopped:
				continue
			default:
			}
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(i int, t *Test) {
			defer func() { <-sem; wg.Done() }()
			results[i] = env.runTest(ctx, s, t, kubes[i], snaps, r.FailFast, r.RenderDir)
			if r.FailFast && !results[i].Passed && !results[i].Skipped {
				stop.Do(func() { close(stopped) })
			}
		}(i, t)
		if r.FailFast {
			wg.Wait()
		}
	}
	wg.Wait()
	skipped := 0
	for i, tr := range results {
		if tr == nil {
			continue
		}
		sr.Tests = append(sr.Tests, tr)
		if tr.Skipped && s.Tests[i].Skip.Reason != "" {
			skipped++
			if i == 0 {
				sr.Passed = true
			}
		} else {
			sr.Passed = success(i, sr.Passed, tr.Passed)
		}
		if !sr.Passed && r.FailFast {
			sr.failFast = true
			break
		}
	}
	sr.Skipped = skipped == len(s.Tests)
	sr.SnapshotCreated, sr.SnapshotFailed, sr.SnapshotTotal, sr.SnapshotVanished = snaps.inserted, snaps.failed(), snaps.compared, snaps.vanished()
	if err := snaps.store(); err != nil {
		sr.Err = err
	}
	return sr
}

// runTest renders the chart for one test and checks its assertions.
func (e *chartEnv) runTest(ctx context.Context, s *Suite, t *Test, kube [2]string, snaps *snapshots, failFast bool, renderDir string) *TestResult {
	start := time.Now()
	tr := &TestResult{Name: t.Name}
	defer func() { tr.Duration = time.Since(start) }()
	if t.Skip.Reason != "" {
		tr.Skipped = true
		return tr
	}
	needSuccess := true
	for _, a := range t.Asserts {
		if a != nil {
			needSuccess = needSuccess && a.renderSuccess
		}
	}
	templates := s.Templates
	if len(templates) == 0 {
		templates = []string{"**"}
	}
	out, err := e.render(ctx, s, t, kube, templates, needSuccess)
	if renderDir != "" && out != nil {
		if werr := writeRendered(renderDir, out.files); werr != nil {
			tr.Err = werr
			return tr
		}
	}
	if err != nil {
		tr.Err = err
		if out == nil {
			return tr
		}
		if out.files == nil {
			// Errors raised before the templates ran are kept to be
			// matched by failedTemplate; other errors end the test. (out
			// may be shared with other tests: change a copy.)
			o := *out
			o.docs, o.err = map[string][]*document{}, err
			out = &o
		} else {
			return tr
		}
	}
	route := s.route
	counter := uint(0)
	snap := func(v any, match, notMatch string) snapResult {
		counter++
		return snaps.compare(t.Name, counter, v, match, notMatch)
	}
	paths := map[string]*Path{}
	pass := false
	for i, a := range t.Asserts {
		if a == nil {
			continue
		}
		ar := e.assert(s, t, a, i, route, templates, out, snap, paths, failFast)
		tr.Asserts = append(tr.Asserts, ar)
		if ar.Skipped {
			pass = true
		}
		if i == 0 {
			pass = ar.Passed
		}
		pass = pass && ar.Passed
		if !pass && failFast {
			break
		}
	}
	tr.Passed = pass
	if len(tr.Asserts) > 0 {
		tr.Skipped = true
		for _, ar := range tr.Asserts {
			if !ar.Skipped {
				tr.Skipped = false
				break
			}
		}
	}
	return tr
}

// assert evaluates one assertion as helm-unittest does: pick the
// templates, then the documents, then run the validator on each template.
func (e *chartEnv) assert(s *Suite, t *Test, a *Assertion, idx int, route string, suiteTemplates []string,
	out *rendered, snap func(any, string, string) snapResult, paths map[string]*Path, failFast bool) *AssertResult {
	ar := &AssertResult{Index: idx, Type: a.Type, Not: a.Not}
	docIndex := a.DocumentIndex
	if t.DocumentIndex != nil {
		docIndex = *t.DocumentIndex
	}
	selector := a.DocumentSelector
	if selector == nil {
		selector = t.DocumentSelector
	}
	skipEmpty := t.DocumentSelector != nil && t.DocumentSelector.SkipEmptyTemplates

	var names []string
	prefixed := false
	switch {
	case a.Template != "":
		names = []string{a.Template}
	case len(t.Templates) > 0:
		names = t.Templates
	case t.Template != "":
		names = []string{t.Template}
	default:
		wild := false
		for _, n := range suiteTemplates {
			if strings.Contains(n, "*") {
				wild = true
				break
			}
		}
		if wild {
			prefixed = true
			for n := range out.files {
				names = append(names, n)
			}
			if s.IncludeCrds {
				for _, crd := range e.chart.CRDObjects() {
					names = append(names, crd.Filename)
				}
			}
		} else {
			names = suiteTemplates
		}
	}
	byTemplate := map[string][]*document{}
	for _, n := range names {
		if !prefixed {
			n = path.Join(route, templateName(n))
		}
		byTemplate[n] = out.docs[n]
	}
	selected, err := selectDocs(byTemplate, selector, docIndex, paths)
	if err != nil {
		ar.Info = []string{"Error:", err.Error()}
		return ar
	}
	keys := make([]string, 0, len(selected))
	for k := range selected {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if skipEmpty && len(keys) == 0 {
		ar.Skipped, ar.Passed = true, true
		ar.SkipReason = "skipped as 'documentSelector.skipEmptyTemplates: true' and 'selectedTemplates: empty'"
		return ar
	}
	negative := a.Not != a.antonym
	mk := func(docs, sel []*document) *vctx {
		return &vctx{docs: docs, selected: sel, negative: negative, failFast: failFast, renderErr: out.err, snap: snap, paths: paths}
	}
	if len(keys) == 0 {
		if a.renderSuccess != out.succeeded {
			ar.Info = []string{"Error: rendered manifest is empty"}
			return ar
		}
		ar.Passed, ar.Info = a.v.validate(mk(nil, nil))
		return ar
	}
	pass := false
	for i, k := range keys {
		docs, ok := out.docs[k]
		var vok bool
		var msgs []string
		addTemplate := true
		switch {
		case !ok && a.renderSuccess:
			addTemplate = false
			msgs = []string{"Error:", fmt.Sprintf("\ttemplate \"%s\" not exists or not selected in test suite", k)}
		case a.renderSuccess != out.succeeded:
			if len(docs) > 0 {
				msgs = []string{fmt.Sprintf("Error: Invalid rendering: %v", docs[0].m[rawKey])}
			} else {
				msgs = []string{"Error: rendered manifest is empty"}
			}
		default:
			vok, msgs = a.v.validate(mk(docs, selected[k]))
		}
		if !vok {
			if addTemplate {
				ar.Info = append(ar.Info, "Template:\t"+k)
			}
			ar.Info = append(ar.Info, msgs...)
		}
		pass = success(i, pass, vok)
	}
	ar.Passed = pass
	return ar
}

// selectDocs applies a document selector or index to each template's
// documents.
func selectDocs(byTemplate map[string][]*document, sel *DocumentSelector, index int, paths map[string]*Path) (map[string][]*document, error) {
	if sel != nil && sel.Path != "" {
		out := map[string][]*document{}
		count := 0
		names := make([]string, 0, len(byTemplate))
		for n := range byTemplate {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			var picked []*document
			for _, d := range byTemplate[n] {
				vals, err := d.valuesAt(sel.Path, paths)
				if err != nil {
					return map[string][]*document{}, err
				}
				match := false
				for _, v := range vals {
					if sel.Value == nil || deepEqual(sel.Value, v) {
						match = true
						break
					}
				}
				if match {
					if !sel.MatchMany && len(picked) > 0 {
						return map[string][]*document{}, errors.New("multiple indexes found")
					}
					picked = append(picked, d)
				}
			}
			count += len(picked)
			if !sel.MatchMany && count > 1 {
				return map[string][]*document{}, errors.New("multiple indexes found")
			}
			if len(picked) > 0 {
				out[n] = picked
			}
		}
		if count == 0 && !sel.SkipEmptyTemplates {
			return map[string][]*document{}, errors.New("document not found")
		}
		return out, nil
	}
	if index != -1 {
		out := map[string][]*document{}
		for n, docs := range byTemplate {
			if index < 0 || index >= len(docs) {
				return map[string][]*document{}, fmt.Errorf("document index %d is out of range", index)
			}
			out[n] = []*document{docs[index]}
		}
		return out, nil
	}
	out := map[string][]*document{}
	for n, docs := range byTemplate {
		out[n] = docs
	}
	return out, nil
}

// writeRendered writes rendered files under dir, refusing names that would
// leave it.
func writeRendered(dir string, files map[string]string) error {
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if rel, err := filepath.Rel(dir, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fmt.Errorf("rendered file %q is outside %s", name, dir)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
