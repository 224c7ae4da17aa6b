package unittest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
)

// chartEnv is what every test of one chart shares: the loaded chart, the
// engine that caches its parsed templates, the schema validator and the
// renders already made.
type chartEnv struct {
	chart  *chart.Chart
	engine *engine.Engine
	// validators hold compiled schemas; a compiled schema validates one
	// value at a time, so each parallel test takes its own validator.
	validators chan *schema.Validator
	split      *schemaSplit
	// depKeys are the top-level values that decide which subcharts are
	// enabled; nil when the processed chart cannot be shared by key.
	depKeys   []string
	depCache  flightCache[*chart.Chart]
	docs      docCache
	readFile  func(string) ([]byte, error)
	cache     flightCache[*rendered]
	prepCache flightCache[*prepared]

	// lookupEngine renders the tests that give lookup objects; its
	// Lookup reads the objects of the render in progress, one at a time.
	lookupMu      sync.Mutex
	lookupEngine  *engine.Engine
	lookupObjects []map[string]any
}

func newChartEnv(c *chart.Chart, parallelism int) *chartEnv {
	e := &chartEnv{
		chart:      c,
		engine:     engine.New(engine.Options{Helm3: true}),
		validators: make(chan *schema.Validator, parallelism),
		split:      newSchemaSplit(c),
		depKeys:    dependencyKeys(c),
		readFile:   readFileLimited,
	}
	for range parallelism {
		e.validators <- &schema.Validator{Helm3: true}
	}
	e.lookupEngine = engine.New(engine.Options{Helm3: true, Lookup: func(apiVersion, kind, namespace, name string) (map[string]any, error) {
		// called only while lookupMu is held by renderWithObjects
		return engine.ObjectLookup(e.lookupObjects...)(apiVersion, kind, namespace, name)
	}})
	return e
}

func (e *chartEnv) renderWithObjects(ctx context.Context, c *chart.Chart, top map[string]any, objs []map[string]any) (map[string]string, error) {
	e.lookupMu.Lock()
	defer e.lookupMu.Unlock()
	e.lookupObjects = objs
	defer func() { e.lookupObjects = nil }()
	return e.lookupEngine.Render(ctx, c, top)
}

// flightCache keeps results by key, computing each once even when asked
// for it concurrently. When full, it starts over.
type flightCache[V any] struct {
	mu      sync.Mutex
	entries map[string]*flight[V]
}

type flight[V any] struct {
	done chan struct{}
	val  V
	err  error
}

// maxCached bounds each cache of a chart.
const maxCached = 512

func (c *flightCache[V]) do(ctx context.Context, key string, f func() (V, error)) (V, error) {
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxCached {
		c.entries = map[string]*flight[V]{}
	}
	if en, ok := c.entries[key]; ok {
		c.mu.Unlock()
		select {
		case <-en.done:
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
		if en.err != nil && ctx.Err() == nil && (errors.Is(en.err, context.Canceled) || errors.Is(en.err, context.DeadlineExceeded)) {
			return f()
		}
		return en.val, en.err
	}
	en := &flight[V]{done: make(chan struct{})}
	c.entries[key] = en
	c.mu.Unlock()
	en.val, en.err = f()
	close(en.done)
	return en.val, en.err
}

// dependencyKeys returns the top-level values that Helm's dependency
// processing reads: the first key of each condition of the chart's own
// dependencies, the subcharts' names (deeper conditions live under them),
// tags and global. It returns nil when import-values make the processed
// chart depend on more.
func dependencyKeys(c *chart.Chart) []string {
	if anyDependency(c, func(d *chart.Dependency) bool { return len(d.ImportValues) > 0 }) {
		return nil
	}
	keys := map[string]bool{"tags": true, "global": true}
	if c.Metadata != nil {
		for _, d := range c.Metadata.Dependencies {
			if d == nil {
				continue
			}
			keys[d.Name] = true
			if d.Alias != "" {
				keys[d.Alias] = true
			}
			for _, cond := range strings.Split(d.Condition, ",") {
				if first, _, _ := strings.Cut(strings.TrimSpace(cond), "."); first != "" {
					keys[first] = true
				}
			}
		}
	}
	for _, d := range c.Dependencies() {
		keys[d.Name()] = true
	}
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// processDependencies enables, aliases and prunes the subcharts for the
// user values, sharing the result between values that agree on every key
// the processing reads.
func (e *chartEnv) processDependencies(ctx context.Context, user map[string]any) (*chart.Chart, error) {
	process := func() (*chart.Chart, error) {
		return chart.DependencyOptions{Helm3: true}.ProcessDependencies(e.chart, user)
	}
	if e.depKeys == nil {
		return process()
	}
	sub := make(map[string]any, len(e.depKeys))
	for _, k := range e.depKeys {
		if v, ok := user[k]; ok {
			sub[k] = v
		}
	}
	key, err := json.Marshal(jsonable(sub))
	if err != nil {
		return process()
	}
	return e.depCache.do(ctx, string(key), process)
}

// prepared is a chart processed for one set of user values: the subcharts
// enabled, the values coalesced and checked against the schemas.
type prepared struct {
	chart     *chart.Chart
	vals      map[string]any
	schemaErr error
}

// rendered is the outcome of one test's render, as the assertions see it.
// It may be shared by tests and is never modified once made.
type rendered struct {
	files     map[string]string      // template name -> text, as the engine gave it (or the error)
	docs      map[string][]*document // template name -> documents
	succeeded bool
	err       error // an error raised before the templates ran (values, schema, ...)
}

// routes returns the chart names on a route: "a/charts/b" -> [a b].
func routes(route string) []string {
	parts := strings.Split(route, "/")
	out := make([]string, len(parts)/2+1)
	for i := range out {
		out[i] = parts[i*2]
	}
	return out
}

// scope nests values for a subchart suite under the subchart's names,
// keeping global at every level.
func scope(rs []string, v map[string]any) map[string]any {
	for len(rs) > 1 {
		n := map[string]any{}
		if g, ok := v["global"]; ok {
			n["global"] = g
		}
		n[rs[len(rs)-1]] = v
		v = n
		rs = rs[:len(rs)-1]
	}
	return v
}

// mergeTables merges src into dst, dst winning, and returns dst.
func mergeTables(dst, src map[string]any) map[string]any {
	for k, sv := range src {
		dv, ok := dst[k]
		if !ok {
			dst[k] = sv
			continue
		}
		dm, ok1 := dv.(map[string]any)
		sm, ok2 := sv.(map[string]any)
		if ok1 && ok2 {
			mergeTables(dm, sm)
		}
	}
	return dst
}

// userValues layers a test's values files and set paths.
func (e *chartEnv) userValues(s *Suite, t *Test) (map[string]any, []byte, error) {
	base := map[string]any{}
	rs := routes(s.route)
	files := append(append(append([]string{}, s.Values...), s.extraValues...), t.Values...)
	for _, f := range files {
		p := f
		if !filepath.IsAbs(p) {
			p = filepath.Join(filepath.Dir(s.File), p)
		}
		data, err := e.readFile(p)
		if err != nil {
			return nil, nil, err
		}
		v := map[string]any{}
		if err := yamlUnmarshal(data, &v); err != nil {
			return nil, nil, fmt.Errorf("failed to parse %s: %s", f, err)
		}
		base = mergeTables(scope(rs, v), base)
	}
	for _, set := range []map[string]any{s.Set, t.Set} {
		keys := make([]string, 0, len(set))
		for k := range set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m, err := buildSetPath(deepCopy(set[k]), k)
			if err != nil {
				return nil, nil, err
			}
			base = mergeTables(scope(rs, m), base)
		}
	}
	// helm-unittest hands Helm the values as YAML text: read them back the
	// way Helm 3 reads values (numbers become float64).
	data, err := json.Marshal(jsonable(base))
	if err != nil {
		return nil, nil, err
	}
	v, err := values.ParseOptions{Helm3: true}.Parse(data, "values")
	return v, data, err
}

// jsonable turns the map[any]any YAML may produce into string-keyed maps.
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonable(e)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[scalarText(k)] = jsonable(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonable(e)
		}
		return out
	}
	return v
}

func scalarText(k any) string {
	if s, ok := k.(string); ok {
		return s
	}
	return fmt.Sprint(k)
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// buildSetPath turns a set path such as "a.b[0].c" or "a[x.y]" into nested
// maps and lists holding val.
func buildSetPath(val any, p string) (map[string]any, error) {
	if p == "" {
		return nil, errors.New("set path is empty")
	}
	var cursors []any // string keys and int indexes
	rd := strings.NewReader(p)
	const (
		expectKey = iota
		expectIndex
		expectDenotation
		expectEscaping
	)
	state := expectKey
	escaped := ""
	for {
		var tok []rune
		var last rune
		var eof bool
		for {
			r, _, err := rd.ReadRune()
			if err == io.EOF {
				eof = true
				break
			}
			if strings.ContainsRune(".[],{}=", r) {
				last = r
				break
			}
			tok = append(tok, r)
		}
		if strings.ContainsRune(",{}=", last) && last != 0 {
			return nil, fmt.Errorf("invalid token found %s", string(last))
		}
		if eof {
			switch {
			case len(tok) != 0 && state == expectKey:
				cursors = append(cursors, string(tok))
			case len(tok) == 0 && state == expectDenotation:
			default:
				return nil, errors.New("unexpected end of")
			}
			break
		}
		switch state {
		case expectIndex:
			if last != ']' {
				return nil, errors.New("missing index value")
			}
			var idx int
			if _, err := fmt.Sscanf(string(tok), "%d", &idx); err != nil || fmt.Sprint(idx) != strings.TrimPrefix(string(tok), "+") {
				return nil, fmt.Errorf("strconv.Atoi: parsing %q: invalid syntax", string(tok))
			}
			if idx < 0 || idx > maxSetIndex {
				return nil, fmt.Errorf("index %d out of range", idx)
			}
			cursors = append(cursors, idx)
			state = expectDenotation
		case expectDenotation:
			switch last {
			case '.':
				state = expectKey
			case '[':
				state = expectIndex
			default:
				return nil, fmt.Errorf("invalid denotation token %s", string(last))
			}
		case expectKey:
			switch last {
			case '.':
				cursors = append(cursors, string(tok))
			case '[':
				if len(tok) == 0 {
					escaped = ""
					state = expectEscaping
					continue
				}
				cursors = append(cursors, string(tok))
				state = expectIndex
			default:
				return nil, fmt.Errorf("invalid key %s", string(last))
			}
		case expectEscaping:
			switch last {
			case '.':
				escaped += string(tok) + "."
			case ']':
				escaped += string(tok)
				cursors = append(cursors, escaped)
				state = expectDenotation
			default:
				return nil, fmt.Errorf("invalid escaping token %s", string(last))
			}
		}
	}
	out := map[string]any{}
	var cur any = out
	for i, c := range cursors {
		var next any
		if i == len(cursors)-1 {
			next = val
		} else if idx, ok := cursors[i+1].(int); ok {
			next = make([]any, idx+1)
		} else {
			next = map[string]any{}
		}
		switch k := c.(type) {
		case string:
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("set path %q: a list index must follow a key", p)
			}
			m[k] = next
		case int:
			l, ok := cur.([]any)
			if !ok {
				return nil, fmt.Errorf("set path %q: a key must follow a list index", p)
			}
			l[k] = next
		}
		cur = next
	}
	return out, nil
}

// maxSetIndex bounds the list a set path may create.
const maxSetIndex = 65536

// templateName adds "templates/" to a name that names no chart folder, as
// helm-unittest does for older suites.
func templateName(name string) string {
	for _, p := range []string{"templates", "charts", "crds", "**"} {
		if strings.HasPrefix(name, p) {
			return name
		}
	}
	return path.Join("templates", name)
}

// templatePattern turns a template name with * and ** into a regexp; like
// helm-unittest's, it is not anchored.
func templatePattern(name string) string {
	r := strings.NewReplacer(
		".", `\.`, "+", `\+`, "[", `\[`, "]", `\]`, "?", `\?`, "(", `\(`, ")", `\)`,
		"|", `\|`, "{", `\{`, "}", `\}`, "^", `\^`, "$", `\$`,
	)
	p := r.Replace(name)
	p = strings.ReplaceAll(p, "**", "\x00")
	p = strings.ReplaceAll(p, "*", `[0-9a-zA-Z_\-_/\.]*`)
	return strings.ReplaceAll(p, "\x00", `[0-9a-zA-Z_\-/\.]+`)
}

// filterChart copies the chart tree keeping the templates a test renders:
// the ones matching include and not exclude, and every partial.
func filterChart(c *chart.Chart, route, current string, include, exclude []*regexp.Regexp) *chart.Chart {
	cp := new(chart.Chart)
	cp.Metadata, cp.Lock, cp.Values, cp.Schema, cp.Files, cp.Raw = c.Metadata, c.Lock, c.Values, c.Schema, c.Files, c.Raw
	var keep []*chart.File
	for _, re := range include {
		for _, t := range c.Templates {
			if re.MatchString(path.Join(current, t.Name)) {
				keep = append(keep, t)
			}
		}
	}
	keep = slicesDeleteFunc(keep, func(t *chart.File) bool {
		name := path.Join(current, t.Name)
		for _, re := range exclude {
			if re.MatchString(name) {
				return true
			}
		}
		return false
	})
	for _, t := range c.Templates {
		if strings.HasPrefix(path.Base(t.Name), "_") {
			keep = append(keep, t)
		}
	}
	cp.Templates = keep
	deps := make([]*chart.Chart, 0, len(c.Dependencies()))
	for _, d := range c.Dependencies() {
		deps = append(deps, filterChart(d, route, path.Join(current, "charts", d.Name()), include, exclude))
	}
	cp.SetDependencies(deps...)
	return cp
}

func slicesDeleteFunc[T any](s []T, del func(T) bool) []T {
	out := s[:0]
	for _, e := range s {
		if !del(e) {
			out = append(out, e)
		}
	}
	return out
}

func compilePatterns(route string, names []string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, 0, len(names))
	for _, n := range names {
		re, err := regexp.Compile(templatePattern(path.Join(route, templateName(n))))
		if err != nil {
			continue
		}
		out = append(out, re)
	}
	return out
}

// renderErrorRE takes the template file and the message out of a Helm
// render error.
var renderErrorRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?msU)^(?:.+: |.+ \()(?:(.+):\d+:\d+).+(?:.+>)*: (.+)$`)
})

// renderKey is everything a test's render depends on besides the chart.
type renderKey struct {
	Values      json.RawMessage
	Route       string
	Release     Release
	Kube        [2]string
	APIVersions []string
	Templates   []string
	Exclude     []string
	Chart       ChartOverride
	Objects     any
	CRDs        bool
	SkipSchema  bool
	NeedSuccess bool
	PostRender  [2]string
}

// render renders the chart for one test as helm-unittest does. Tests whose
// renders depend on the same input share one render.
func (e *chartEnv) render(ctx context.Context, s *Suite, t *Test, kube [2]string, templates []string, needSuccess bool) (*rendered, error) {
	user, raw, err := e.userValues(s, t)
	if err != nil {
		return nil, err
	}
	k := renderKey{Values: raw, Route: s.route, Release: t.Release, Kube: kube, APIVersions: t.caps.apiVersions,
		Templates: templates, Exclude: s.ExcludeTemplates, Chart: t.Chart, Objects: jsonable(anySlice(t.KubernetesProvider.Objects)),
		CRDs: s.IncludeCrds, SkipSchema: s.skipSchema, NeedSuccess: needSuccess,
		PostRender: [2]string{t.PostRenderer.Cmd, s.PostRenderer.Cmd}}
	key, err := json.Marshal(k)
	if err != nil {
		return e.renderValues(ctx, s, t, kube, templates, needSuccess, user, raw)
	}
	return e.cache.do(ctx, string(key), func() (*rendered, error) {
		return e.renderValues(ctx, s, t, kube, templates, needSuccess, user, raw)
	})
}

func anySlice(objs []map[string]any) []any {
	out := make([]any, len(objs))
	for i, o := range objs {
		out[i] = o
	}
	return out
}

// renderValues renders the chart with a test's user values.
func (e *chartEnv) renderValues(ctx context.Context, s *Suite, t *Test, kube [2]string, templates []string, needSuccess bool, user map[string]any, raw []byte) (*rendered, error) {
	if t.Release.Name != "" {
		if err := validateReleaseName(t.Release.Name); err != nil {
			return &rendered{}, err
		}
	}
	if t.PostRenderer.Cmd != "" || s.PostRenderer.Cmd != "" {
		return &rendered{}, errors.New("post-renderers are not supported: the runner never executes commands")
	}
	p, err := e.prepCache.do(ctx, string(raw), func() (*prepared, error) {
		pc, err := e.processDependencies(ctx, user)
		if err != nil {
			return nil, err
		}
		vals, err := values.CoalesceOptions{Helm3: true}.Coalesce(pc, user)
		if err != nil {
			return nil, err
		}
		v := <-e.validators
		defer func() { e.validators <- v }()
		return &prepared{chart: pc, vals: vals, schemaErr: e.split.validate(ctx, v, pc, vals, user)}, nil
	})
	if err != nil {
		return &rendered{}, err
	}
	if p.schemaErr != nil && !s.skipSchema {
		return &rendered{}, p.schemaErr
	}
	pc, vals := p.chart, p.vals
	fc := filterChart(pc, s.route, pc.Name(), compilePatterns(s.route, templates), compilePatterns(s.route, s.ExcludeTemplates))
	if t.Chart.Version != "" || t.Chart.AppVersion != "" {
		overrideMetadata(fc, t.Chart)
	}
	caps := values.DefaultCapabilities(true)
	if kv, err := (values.ParseOptions{Helm3: true}).ParseKubeVersion(fmt.Sprintf("v%s.%s.0", kube[0], kube[1])); err == nil {
		caps.KubeVersion = *kv
	} else {
		caps.KubeVersion = values.KubeVersion{Version: fmt.Sprintf("v%s.%s.0", kube[0], kube[1]), Major: kube[0], Minor: kube[1]}
	}
	caps.APIVersions = values.VersionSet(t.caps.apiVersions)
	rel := values.ReleaseOptions{
		Name:      cmpOr(t.Release.Name, "RELEASE-NAME"),
		Namespace: cmpOr(t.Release.Namespace, "NAMESPACE"),
		Revision:  t.Release.Revision,
		IsUpgrade: t.Release.IsUpgrade,
		IsInstall: !t.Release.IsUpgrade,
	}
	top := values.RenderOptions{Helm3: true}.ToRenderValues(fc, vals, rel, caps)
	if r, ok := top["Release"].(map[string]any); ok {
		r["Revision"] = t.Release.Revision // helm-unittest renders revision 0 by default
	}
	var files map[string]string
	var rerr error
	if len(t.KubernetesProvider.Objects) > 0 {
		files, rerr = e.renderWithObjects(ctx, fc, top, t.KubernetesProvider.Objects)
	} else {
		files, rerr = e.engine.Render(ctx, fc, top)
	}
	out := &rendered{files: files, succeeded: rerr == nil}
	if rerr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if needSuccess {
			return &rendered{}, rerr
		}
		file, raw := splitRenderError(rerr.Error())
		if file == "" && raw == "" {
			return &rendered{}, rerr
		}
		text := toYAML(map[string]any{rawKey: raw})
		out.files = map[string]string{}
		if strings.HasPrefix(path.Base(file), "_") {
			for _, n := range templates {
				out.files[path.Join(s.route, templateName(n))] = text
			}
		} else {
			out.files[file] = text
		}
		// The error now lives in the documents: failedTemplate reads it
		// from there, and the test carries no error.
	}
	out.docs = map[string][]*document{}
	if s.IncludeCrds {
		for _, crd := range fc.CRDObjects() {
			docs, err := parseDocuments(string(crd.File.Data))
			if err != nil {
				return out, err
			}
			out.docs[crd.Filename] = docs
		}
	}
	for name, text := range out.files {
		if !strings.HasPrefix(name, fc.Name()) {
			name = path.Join(fc.Name(), name)
		}
		ext := path.Ext(name)
		if !out.succeeded {
			ext = ".yaml"
		}
		switch ext {
		case ".yaml", ".yml", ".tpl":
			docs, err := e.docs.parse(text)
			if err != nil {
				return out, err
			}
			out.docs[name] = docs
		case ".txt":
			out.docs[name] = []*document{{m: map[string]any{rawKey: text}}}
		}
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func overrideMetadata(c *chart.Chart, o ChartOverride) {
	set := func(c *chart.Chart) {
		md := *c.Metadata
		md.Version = cmpOr(o.Version, md.Version)
		md.AppVersion = cmpOr(o.AppVersion, md.AppVersion)
		c.Metadata = &md
	}
	set(c)
	for _, d := range c.Dependencies() {
		set(d)
	}
}

func splitRenderError(msg string) (file, raw string) {
	m := renderErrorRE().FindStringSubmatch(msg)
	if len(m) != 3 {
		return "", ""
	}
	if lines := strings.SplitN(msg, "\n", 2); len(lines) > 1 {
		return m[1], lines[1]
	}
	return m[1], m[2]
}

// docCache keeps the documents parsed from rendered texts: tests of a
// chart render mostly the same files, and documents are never modified.
type docCache struct {
	mu    sync.Mutex
	bytes int
	m     map[string]docEntry
}

type docEntry struct {
	docs []*document
	err  error
}

// maxDocCacheBytes bounds the rendered text a docCache keeps.
const maxDocCacheBytes = 64 << 20

func (c *docCache) parse(text string) ([]*document, error) {
	c.mu.Lock()
	if en, ok := c.m[text]; ok {
		c.mu.Unlock()
		return en.docs, en.err
	}
	c.mu.Unlock()
	docs, err := parseDocuments(text)
	c.mu.Lock()
	if c.m == nil || c.bytes+len(text) > maxDocCacheBytes {
		c.m, c.bytes = map[string]docEntry{}, 0
	}
	if len(text) <= maxDocCacheBytes {
		c.m[text] = docEntry{docs, err}
		c.bytes += len(text)
	}
	c.mu.Unlock()
	return docs, err
}

var docSplitter = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|\s*\n)---\s*`) })

// parseDocuments splits rendered YAML into its non-empty documents.
func parseDocuments(text string) (docs []*document, err error) {
	defer func() {
		if r := recover(); r != nil {
			docs, err = nil, fmt.Errorf("cannot parse rendered YAML: %v", r)
		}
	}()
	text = docSplitter().ReplaceAllString(text, "\n---\n")
	dec := yaml.NewDecoder(strings.NewReader(text))
	for {
		m := map[string]any{}
		if err := dec.Decode(m); err != nil {
			if errors.Is(err, io.EOF) {
				return docs, nil
			}
			return nil, err
		}
		if len(m) > 0 {
			docs = append(docs, &document{m: m})
		}
	}
}

var validName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
})

func validateReleaseName(name string) error {
	if len(name) > 53 || !validName().MatchString(name) {
		return fmt.Errorf("invalid release name, must match regex %s and the length must not be longer than 53", validName().String())
	}
	return nil
}

func readFileLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSuiteBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxSuiteBytes {
		return nil, fmt.Errorf("%s: file is larger than %d bytes", p, maxSuiteBytes)
	}
	return data, nil
}
