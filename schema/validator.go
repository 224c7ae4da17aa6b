package schema

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	v5 "github.com/santhosh-tekuri/jsonschema/v5"
)

// ResourceURL is the URL a chart's values.schema.json is registered under,
// as in Helm: relative $refs resolve against it.
const ResourceURL = "file:///values.schema.json"

// Default limits of a Validator.
const (
	DefaultMaxSchemaSize  = 32 << 20 // bytes of one schema document
	DefaultMaxSteps       = 200_000  // subschema evaluations per validation
	DefaultMaxDepth       = 10_000   // nesting of the values
	DefaultMaxSchemaDepth = 256      // nesting of a schema document
	DefaultTimeout        = 10 * time.Second
	maxCacheEntries       = 256
)

// A Validator compiles and applies values schemas the way Helm v4.3.1 does.
// The zero Validator is ready to use: no network, no file access, Helm's
// default draft (2020-12) and the default limits. A Validator caches
// compiled schemas by content, so one Validator used for many renders
// parses each schema once. It is safe for concurrent use and must not be
// copied after first use.
type Validator struct {
	// Loader, if set, loads a document that a schema refers to by a file,
	// http or https URL (in $ref or $schema), and is asked first for urn:
	// references. Without it such references fail with a *LoadError
	// wrapping ErrNoLoader, except urn: references, which Helm replaces by
	// the permissive schema true (with a warning).
	Loader func(url string) ([]byte, error)

	// Logger receives the warning for an unresolved urn: reference, once
	// per URN per Validator. Nil means no logging.
	Logger *slog.Logger

	// MaxSchemaSize limits the size of a schema document and of each
	// loaded document; 0 means DefaultMaxSchemaSize.
	MaxSchemaSize int
	// MaxSteps limits the subschema evaluations of one validation, which
	// bounds the time a hostile schema can take; 0 means DefaultMaxSteps.
	MaxSteps int
	// MaxDepth limits the nesting depth of the values; 0 means
	// DefaultMaxDepth.
	MaxDepth int
	// MaxSchemaDepth limits the nesting depth of a schema document (the
	// largest in the corpus of real charts is 15); 0 means
	// DefaultMaxSchemaDepth.
	MaxSchemaDepth int
	// Timeout limits the time of one validation; 0 means DefaultTimeout,
	// a negative value no limit. The cost of a validation step grows with
	// the square of the nesting of the schemas involved, so a hostile
	// schema can make few steps slow; the timeout bounds that case.
	Timeout time.Duration
	// MaxWork limits the estimated cost of one validation, in about the
	// bytes the underlying validator would allocate. The estimate is made
	// before validating, by a walk of the schema over the values that
	// builds nothing, so a schema whose nested anyOf/oneOf/allOf or $ref
	// chains would make the validation exponential or its errors huge is
	// refused at once with a *LimitError ("work"). 0 means
	// DefaultMaxWork; a negative value no limit.
	MaxWork int64

	// Helm3 selects Helm 3.22 behaviour. The validation itself is the same
	// in both; only the urn: warning text differs.
	Helm3 bool

	mu     sync.Mutex
	cache  map[[sha256.Size]byte]*compiled
	warned map[string]bool
}

type compiled struct {
	s    *Schema
	err  error
	urns []string // urn: references replaced by the permissive schema
}

func (v *Validator) maxSchemaSize() int {
	if v.MaxSchemaSize > 0 {
		return v.MaxSchemaSize
	}
	return DefaultMaxSchemaSize
}

func (v *Validator) maxSteps() int {
	if v.MaxSteps > 0 {
		return v.MaxSteps
	}
	return DefaultMaxSteps
}

func (v *Validator) maxSchemaDepth() int {
	if v.MaxSchemaDepth > 0 {
		return v.MaxSchemaDepth
	}
	return DefaultMaxSchemaDepth
}

func (v *Validator) timeout() time.Duration {
	switch {
	case v.Timeout < 0:
		return 0
	case v.Timeout == 0:
		return DefaultTimeout
	}
	return v.Timeout
}

func (v *Validator) maxWork() int64 {
	switch {
	case v.MaxWork < 0:
		return 0
	case v.MaxWork == 0:
		return DefaultMaxWork
	}
	return v.MaxWork
}

func (v *Validator) maxDepth() int {
	if v.MaxDepth > 0 {
		return v.MaxDepth
	}
	return DefaultMaxDepth
}

// Schema is a compiled values schema. Validate may be called many times,
// from several goroutines (validations of one Schema run one at a time).
type Schema struct {
	sch      *v5.Schema
	index    map[string]*v5.Schema
	raw      map[string]any // parsed documents by URL (without fragment)
	maxDepth int
	maxSteps int
	maxWork  int64 // 0: none
	timeout  time.Duration

	mu     sync.Mutex // guards budget and cycles
	budget budget
	cycles *cycleState // nil: no $ref renamed (see refcycle.go)

	// fast is the schema compiled for the fast path (fast.go), or nil.
	// With it, the underlying validator's compilation waits until a
	// validation needs it: pending holds what it needs, once runs it.
	fast      *fastSchema
	pending   *pendingCompile
	once      sync.Once
	onceError error
}

// pendingCompile is what a deferred compilation by the underlying
// compiler needs.
type pendingCompile struct {
	v    *Validator
	text []byte // a copy of the schema document
	doc  any
}

// slowPath compiles the schema with the underlying compiler if that was
// deferred, and returns the compilation's error.
func (s *Schema) slowPath() error {
	s.once.Do(func() {
		p := s.pending
		if p == nil {
			return
		}
		s.pending = nil
		st := &compileState{v: p.v, raw: s.raw}
		s.onceError = p.v.compileV5(s, p.text, p.doc, st)
	})
	return s.onceError
}

// Compile parses and compiles a values schema, or returns the compiled
// schema cached for the same bytes. Errors are a *SchemaError, *LoadError
// or *LimitError whose text is Helm's for the same schema where Helm has
// one.
func (v *Validator) Compile(schemaJSON []byte) (*Schema, error) {
	c := v.compiled(schemaJSON)
	return c.s, c.err
}

// compiled is Compile with the urn: references that were not resolved.
func (v *Validator) compiled(schemaJSON []byte) *compiled {
	key := sha256.Sum256(schemaJSON)
	v.mu.Lock()
	if c, ok := v.cache[key]; ok {
		v.mu.Unlock()
		return c
	}
	v.mu.Unlock()

	st := &compileState{v: v}
	s, err := v.compile(schemaJSON, st)
	// The compiler loads references in map order, which is random (in
	// Helm as well); report them in the order they appear in the text.
	pos := func(u string) int {
		if i := bytes.Index(schemaJSON, []byte(u)); i >= 0 {
			return i
		}
		return len(schemaJSON)
	}
	slices.SortStableFunc(st.urns, func(a, b string) int { return pos(a) - pos(b) })
	c := &compiled{s, err, st.urns}

	v.mu.Lock()
	defer v.mu.Unlock()
	if v.cache == nil || len(v.cache) >= maxCacheEntries {
		v.cache = map[[sha256.Size]byte]*compiled{}
	}
	v.cache[key] = c
	return c
}

// jsonDepth returns the nesting depth of doc, stopping beyond limit.
func jsonDepth(doc any, depth, limit int) int {
	if depth > limit {
		return depth
	}
	max := depth
	switch d := doc.(type) {
	case map[string]any:
		for _, v := range d {
			if n := jsonDepth(v, depth+1, limit); n > max {
				max = n
			}
		}
	case []any:
		for _, v := range d {
			if n := jsonDepth(v, depth+1, limit); n > max {
				max = n
			}
		}
	}
	return max
}

// decodeJSON parses a schema document as Helm does: numbers kept as
// json.Number, nothing allowed after the top-level value.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid character after top-level value")
	}
	return doc, nil
}

func syntaxError(err error) *SchemaError {
	se := &SchemaError{Offset: -1, Err: err}
	var jse *json.SyntaxError
	if errors.As(err, &jse) {
		se.Offset = jse.Offset
	}
	return se
}

// compileState is the per-compilation state the v5 loader hook uses.
type compileState struct {
	v       *Validator
	raw     map[string]any
	loadErr error
	urns    []string // unresolved urn: references, in the order loaded
}

func (st *compileState) load(url string) (io.ReadCloser, error) {
	v := st.v
	if strings.HasPrefix(url, "urn:") {
		if v.Loader != nil {
			if data, err := v.Loader(url); err == nil && data != nil {
				if doc, err := decodeJSON(data); err == nil {
					st.raw[url] = doc
					return io.NopCloser(bytes.NewReader(data)), nil
				}
			}
		}
		if !slices.Contains(st.urns, url) {
			st.urns = append(st.urns, url)
		}
		v.warnURN(url)
		return io.NopCloser(strings.NewReader("true")), nil
	}
	fail := func(err error) (io.ReadCloser, error) {
		le := &LoadError{URL: url, Err: err}
		if st.loadErr == nil {
			st.loadErr = le
		}
		return nil, le
	}
	if v.Loader == nil {
		return fail(ErrNoLoader)
	}
	data, err := v.Loader(url)
	if err != nil {
		return fail(err)
	}
	if len(data) > v.maxSchemaSize() {
		le := &LimitError{What: "schema size", Err: fmt.Errorf("%s is %d bytes, more than %d", url, len(data), v.maxSchemaSize())}
		if st.loadErr == nil {
			st.loadErr = le
		}
		return nil, le
	}
	doc, err := decodeJSON(data)
	if err != nil {
		return fail(err)
	}
	if jsonDepth(doc, 0, v.maxSchemaDepth()) > v.maxSchemaDepth() {
		le := &LimitError{What: "schema depth", Err: fmt.Errorf("%s nests deeper than %d levels", url, v.maxSchemaDepth())}
		if st.loadErr == nil {
			st.loadErr = le
		}
		return nil, le
	}
	st.raw[url] = doc
	return io.NopCloser(bytes.NewReader(stabilize(data, doc, url, mainDraft(doc)))), nil
}

// warnURN logs the unresolved-URN warning once per URN.
func (v *Validator) warnURN(urn string) {
	v.mu.Lock()
	if v.warned == nil {
		v.warned = map[string]bool{}
	}
	seen := v.warned[urn]
	v.warned[urn] = true
	v.mu.Unlock()
	if seen || v.Logger == nil {
		return
	}
	if v.Helm3 {
		v.Logger.Warn("WARNING: unresolved URN reference ignored; using permissive schema: " + urn)
		return
	}
	v.Logger.Warn("unresolved URN reference ignored; using permissive schema", "urn", urn)
}

// newV5Compiler configures the underlying compiler like Helm's: draft
// 2020-12 by default, Helm's set of formats, content keywords not
// asserted.
//
// assertFormats selects whether "format" is checked: Helm's validator does
// for drafts 4 to 7 only, v5 also for 2020-12 schemas without $schema, so
// the format checks are replaced by ones that always pass for the newer
// drafts.
func newV5Compiler(st *compileState, b *budget, assertFormats bool) *v5.Compiler {
	c := v5.NewCompiler()
	c.Draft = v5.Draft2020
	c.LoadURL = st.load
	c.Formats = map[string]func(any) bool{}
	for name := range formatCheckers {
		if assertFormats {
			c.Formats[name] = func(v any) bool { return checkFormat(name, v) == nil }
		} else {
			c.Formats[name] = func(any) bool { return true }
		}
	}
	for _, name := range formatsKnownOnlyToV5 {
		c.Formats[name] = func(any) bool { return true }
	}
	// A nil entry disables the built-in decoder / media type: Helm's
	// validator never asserts contentEncoding or contentMediaType.
	c.Decoders = map[string]func(string) ([]byte, error){"base64": nil}
	c.MediaTypes = map[string]func([]byte) error{"application/json": nil}
	c.RegisterExtension("chartrender-budget", nil, budgetCompiler{b})
	return c
}

func (v *Validator) compile(schemaJSON []byte, st *compileState) (s *Schema, err error) {
	if len(schemaJSON) > v.maxSchemaSize() {
		return nil, &LimitError{What: "schema size", Err: fmt.Errorf("%d bytes, more than %d", len(schemaJSON), v.maxSchemaSize())}
	}
	doc, err := decodeJSON(schemaJSON)
	if err != nil {
		return nil, syntaxError(err)
	}
	st.raw = map[string]any{ResourceURL: doc}
	if d := jsonDepth(doc, 0, v.maxSchemaDepth()); d > v.maxSchemaDepth() {
		return nil, &LimitError{What: "schema depth", Err: fmt.Errorf("schema nests deeper than %d levels", v.maxSchemaDepth())}
	}
	s = &Schema{raw: st.raw, maxDepth: v.maxDepth(), maxSteps: v.maxSteps(), maxWork: v.maxWork(), timeout: v.timeout()}
	if f := compileFast(doc); f != nil {
		s.fast = f
		s.pending = &pendingCompile{v: v, text: bytes.Clone(schemaJSON), doc: doc}
		return s, nil
	}
	if err := v.compileV5(s, schemaJSON, doc, st); err != nil {
		return nil, err
	}
	return s, nil
}

// compileV5 compiles the parsed schema document doc (whose text is
// schemaJSON) with the underlying compiler into s.
func (v *Validator) compileV5(s *Schema, schemaJSON []byte, doc any, st *compileState) (err error) {
	c := newV5Compiler(st, &s.budget, mainDraft(doc) < 2019)
	if sameIn2019(doc, largeSchema) {
		c.Draft = v5.Draft2019
	}
	text, compiledDoc, renamed := renameCyclicRefs(schemaJSON, doc)
	if renamed {
		s.cycles = &cycleState{}
		c.RegisterExtension(cycleRefKeyword, nil, cycleRefCompiler{s.cycles})
	}

	defer func() {
		if r := recover(); r != nil {
			err = &SchemaError{Offset: -1, Err: fmt.Errorf("unable to validate schema: %v", r)}
		}
	}()
	if err := c.AddResource(ResourceURL, bytes.NewReader(stabilize(text, compiledDoc, ResourceURL, mainDraft(doc)))); err != nil {
		return &SchemaError{Offset: -1, Err: err}
	}
	sch, err := c.Compile(ResourceURL)
	if err != nil {
		if st.loadErr != nil {
			return st.loadErr
		}
		return compileError(err, doc)
	}
	s.sch = sch
	s.index = indexSchemas(sch)
	if s.cycles != nil {
		s.cycles.root, s.cycles.index = sch, s.index
	}
	return nil
}

// largeSchema is the number of schema objects from which a 2020-12 schema
// that means the same in 2019-09 is compiled as 2019-09.
const largeSchema = 1000

// sameIn2019 reports whether doc, a schema without $schema (so 2020-12),
// has more than limit objects and none of the keywords whose meaning
// differs in draft 2019-09 ($dynamicRef, $dynamicAnchor, $recursiveRef,
// $recursiveAnchor, prefixItems, items as an array). The underlying
// compiler resolves 2020-12's dynamic anchors by scanning every subschema
// for every subschema, which makes compiling a large schema quadratic;
// compiled as 2019-09, such a schema validates the same in linear time.
func sameIn2019(doc any, limit int) bool {
	m, ok := doc.(map[string]any)
	if !ok {
		return false
	}
	if _, ok := m["$schema"]; ok {
		return false
	}
	n := 0
	var walk func(v any, depth int) bool
	walk = func(v any, depth int) bool {
		if depth > DefaultMaxSchemaDepth {
			return false
		}
		switch x := v.(type) {
		case map[string]any:
			n++
			for k, e := range x {
				switch k {
				case "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "prefixItems":
					return false
				case "items":
					if _, isList := e.([]any); isList {
						return false
					}
				}
				if !walk(e, depth+1) {
					return false
				}
			}
		case []any:
			for _, e := range x {
				if !walk(e, depth+1) {
					return false
				}
			}
		}
		return true
	}
	return walk(doc, 0) && n > limit
}

// compileError turns a v5 compilation error into Helm's.
func compileError(err error, doc any) error {
	var se *v5.SchemaError
	if !errors.As(err, &se) {
		return &SchemaError{Offset: -1, Err: err}
	}
	var ve *v5.ValidationError
	if errors.As(se.Err, &ve) {
		return metaschemaError(se.SchemaURL, ve, doc)
	}
	var loop v5.InfiniteLoopError
	if errors.As(se.Err, &loop) {
		return cycleError(string(loop), doc)
	}
	msg := strings.TrimPrefix(se.Err.Error(), "jsonschema: ")
	if u, ok := strings.CutSuffix(msg, " not found"); ok && strings.Contains(u, "#") && !strings.Contains(u, " ") {
		base, frag, _ := strings.Cut(u, "#")
		if strings.HasPrefix(frag, "/") {
			return &SchemaError{Offset: -1, Err: fmt.Errorf("json-pointer in %q not found", u)}
		}
		return &SchemaError{Offset: -1, Err: fmt.Errorf("anchor in %q not found in schema %q", u, base)}
	}
	return &SchemaError{Offset: -1, Err: errors.New(msg)}
}

// mainDraft returns the draft of a schema document as Helm's validator
// selects it: from $schema, 2020-12 when absent or unknown.
func mainDraft(doc any) int {
	m, _ := doc.(map[string]any)
	s, _ := m["$schema"].(string)
	if s == "" {
		return 2020
	}
	u, frag, _ := strings.Cut(s, "#")
	if frag != "" {
		return 2020
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")
	switch u {
	case "json-schema.org/draft-04/schema":
		return 4
	case "json-schema.org/draft-06/schema":
		return 6
	case "json-schema.org/draft-07/schema":
		return 7
	case "json-schema.org/draft/2019-09/schema":
		return 2019
	}
	return 2020
}

// metaschemaError translates a metaschema violation of the schema. When a
// $ref points into a part of the document that is not a subschema position
// of its draft, the part is checked on its own, and v6 reports it with its
// own URL and locations relative to it.
func metaschemaError(url string, ve *v5.ValidationError, doc any) error {
	meta := ve.AbsoluteKeywordLocation
	if prefix := ve.InstanceLocation; prefix != "" {
		if sub, ok := lookup(doc, splitV5Pointer(prefix)); ok {
			doc = sub
			stripInstancePrefix(ve, prefix)
			if !strings.Contains(url, "#") {
				url += "#" + prefix
			}
		}
	}
	mc := v5.NewCompiler()
	mc.LoadURL = func(u string) (io.ReadCloser, error) { return nil, ErrNoLoader }
	index := map[string]*v5.Schema{}
	if base, _, _ := strings.Cut(meta, "#"); base != "" {
		if m, err := mc.Compile(base); err == nil {
			index = indexSchemas(m)
		}
	}
	t := &translator{root: doc, index: index, raw: func(string) (map[string]any, bool) { return nil, false }, metaschema: true}
	if !strings.Contains(url, "#") {
		url += "#"
	}
	return &SchemaError{Offset: -1, URL: url, MetaSchema: meta, Violations: t.top(ve)}
}

// stripInstancePrefix makes the instance locations of a v5 error tree
// relative to prefix.
func stripInstancePrefix(e *v5.ValidationError, prefix string) {
	if rest, ok := strings.CutPrefix(e.InstanceLocation, prefix); ok && (rest == "" || rest[0] == '/') {
		e.InstanceLocation = rest
	}
	for _, c := range e.Causes {
		stripInstancePrefix(c, prefix)
	}
}

// indexSchemas maps the absolute location of every schema reachable from
// root to the compiled schema.
func indexSchemas(root *v5.Schema) map[string]*v5.Schema {
	index := map[string]*v5.Schema{}
	var walk func(s *v5.Schema)
	walk = func(s *v5.Schema) {
		if s == nil {
			return
		}
		if _, ok := index[s.Location]; ok {
			return
		}
		index[s.Location] = s
		if r, ok := s.Extensions[cycleRefKeyword].(*cycleRef); ok {
			walk(r.target)
		}
		for _, sub := range []*v5.Schema{s.Ref, s.RecursiveRef, s.DynamicRef, s.Not, s.If, s.Then, s.Else,
			s.PropertyNames, s.UnevaluatedProperties, s.Items2020, s.Contains, s.UnevaluatedItems, s.ContentSchema} {
			walk(sub)
		}
		for _, list := range [][]*v5.Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
			for _, sub := range list {
				walk(sub)
			}
		}
		for _, sub := range s.Properties {
			walk(sub)
		}
		for _, sub := range s.PatternProperties {
			walk(sub)
		}
		for _, sub := range s.DependentSchemas {
			walk(sub)
		}
		for _, d := range s.Dependencies {
			if sub, ok := d.(*v5.Schema); ok {
				walk(sub)
			}
		}
		for _, x := range []any{s.AdditionalProperties, s.Items, s.AdditionalItems} {
			switch x := x.(type) {
			case *v5.Schema:
				walk(x)
			case []*v5.Schema:
				for _, sub := range x {
					walk(sub)
				}
			}
		}
	}
	walk(root)
	return index
}

// Validate checks vals against the schema. It returns nil, a *ValuesError
// listing the violations, or a *LimitError.
func (s *Schema) Validate(vals map[string]any) error {
	return s.ValidateContext(context.Background(), vals)
}

// ValidateContext is Validate with a context that can stop a long
// validation.
func (s *Schema) ValidateContext(ctx context.Context, vals map[string]any) error {
	if s.fast != nil && s.fast.valid(ctx, vals, s) {
		return nil
	}
	return s.validateSlow(ctx, vals)
}

// validateSlow is ValidateContext without the fast path: the underlying
// validator, its limits, and the translation of its errors.
func (s *Schema) validateSlow(ctx context.Context, vals map[string]any) (err error) {
	if err := s.slowPath(); err != nil {
		return err
	}
	p, err := prepare(vals, s.maxDepth)
	if err != nil {
		return &LimitError{What: "values depth", Err: err}
	}
	if s.maxWork > 0 {
		if need, err := estimate(ctx, s.sch, p.v, s.maxWork); err != nil {
			if _, ok := err.(errWorkLimit); ok {
				return workError(need, s.maxWork)
			}
			return &LimitError{What: "context", Err: err}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.budget.start(ctx, s.maxSteps, s.timeout)
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if stop, ok := r.(budgetStop); ok {
			err = stop.err
			return
		}
		err = fmt.Errorf("unable to validate schema: %v", r)
	}()
	if s.cycles != nil {
		s.cycles.cycles = map[*v5.ValidationError]bool{}
	}
	verr := s.sch.Validate(p.v)
	if verr == nil {
		return nil
	}
	t := &translator{root: vals, index: s.index, raw: s.rawAt}
	if s.cycles != nil {
		t.cycles = s.cycles.cycles
	}
	var ve *v5.ValidationError
	var bad v5.InvalidJSONTypeError
	var loop v5.InfiniteLoopError
	switch {
	case errors.As(verr, &ve):
		vs := t.top(ve)
		if len(vs) == 0 {
			return nil
		}
		return &ValuesError{Violations: vs}
	case errors.As(verr, &bad):
		return &ValuesError{Violations: []*Violation{leaf(p.badLoc, "", "invalid jsonType "+p.badType, rankEarly)}}
	case errors.As(verr, &loop):
		return cycleError(string(loop), s.raw[ResourceURL])
	}
	return verr
}

// rawAt returns the raw schema object at an absolute location.
func (s *Schema) rawAt(loc string) (map[string]any, bool) {
	base, frag, _ := strings.Cut(loc, "#")
	doc, ok := s.raw[base]
	if !ok {
		return nil, false
	}
	v, ok := lookup(doc, splitV5Pointer(frag))
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	return m, ok
}

// cycleError reports a $ref cycle on one value that the underlying
// validator found (the cycles refcycle.go does not rename: see there). The
// message is Helm's when the cycle is a chain of $refs starting at the
// root schema.
func cycleError(path string, doc any) error {
	_, frag, _ := strings.Cut(path, "#")
	toks := splitV5Pointer(frag)
	msg := "reference cycle at " + path
	// Follow the chain of $refs from the root, recording each target.
	if len(toks) > 0 && !hasNonRef(toks) {
		seen := []string{""} // pointer of the schema reached after i refs
		cur := ""
		for range toks {
			node, _ := lookup(doc, splitV5Pointer(cur))
			m, _ := node.(map[string]any)
			ref, _ := m["$ref"].(string)
			if !strings.HasPrefix(ref, "#") {
				break
			}
			cur = strings.TrimPrefix(ref, "#")
			seen = append(seen, cur)
		}
		if len(seen) == len(toks)+1 {
			last := seen[len(seen)-1]
			for i := 0; i < len(seen)-1; i++ {
				if seen[i] == last {
					kw1 := strings.Repeat("/$ref", len(toks))
					kw2 := strings.Repeat("/$ref", i)
					msg = fmt.Sprintf("both %s and %s resolve to %q causing reference cycle", kw1, kw2, ResourceURL+"#"+last)
					break
				}
			}
		}
	}
	return &ValuesError{Violations: []*Violation{leaf(nil, "$ref", msg, rankEarly)}}
}

func hasNonRef(toks []string) bool {
	for _, t := range toks {
		if t != "$ref" {
			return true
		}
	}
	return false
}
