package unittest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// A Path is a compiled path expression of helm-unittest's assertion
// language: a JSONPath dialect in which the leading "$" and the first dot
// may be left out ("metadata.name", "spec.containers[0].image",
// "metadata.annotations['a.b/c']", "env[?(@.name == 'X')].value",
// "..image").
type Path struct {
	src   string
	steps []step
}

// A PathError reports a path expression that does not parse.
type PathError struct {
	Path string // the expression
	Pos  int    // byte offset of the problem
	Msg  string // what was wrong
}

func (e *PathError) Error() string {
	return fmt.Sprintf("invalid path %q at position %d: %s", e.Path, e.Pos, e.Msg)
}

type stepKind int

const (
	stepChild     stepKind = iota // names
	stepAll                       // * or [*]
	stepIndex                     // subscripts over sequences
	stepFilter                    // [?( )]
	stepRecursive                 // .. followed by the next step applied to every descendant
)

type step struct {
	kind   stepKind
	names  []string
	subs   []subscript
	filter filterExpr
}

// subscript is one element of [a,b,c] or a slice a:b:c.
type subscript struct {
	slice            bool
	idx              int
	from, to, stride *int
}

// maxPathLen bounds the expressions CompilePath accepts.
const maxPathLen = 4096

// maxFilterDepth bounds nested filter expressions.
const maxFilterDepth = 64

// CompilePath parses a path expression.
func CompilePath(src string) (*Path, error) {
	if len(src) > maxPathLen {
		return nil, &PathError{Path: src, Msg: "expression too long"}
	}
	p := &pathParser{src: src}
	steps, err := p.parse(0)
	if err != nil {
		return nil, err
	}
	return &Path{src: src, steps: steps}, nil
}

// String returns the expression as written.
func (p *Path) String() string { return p.src }

type pathParser struct {
	src   string
	pos   int
	depth int
}

func (p *pathParser) errf(format string, args ...any) error {
	return &PathError{Path: p.src, Pos: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *pathParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *pathParser) eof() bool { return p.pos >= len(p.src) }

func (p *pathParser) has(s string) bool { return strings.HasPrefix(p.src[p.pos:], s) }

func (p *pathParser) skipSpace() {
	for !p.eof() && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// nameStop reports the bytes that end an unbracketed child name.
func nameStop(c byte, first bool) bool {
	switch c {
	case '.', '[', ')', ' ', '&', '|', '=', '!', '>', '<', '~':
		return true
	case ']':
		return first
	}
	return false
}

// parse reads steps until the end of the text, or, inside a filter
// (nested > 0), until a byte that ends a filter operand.
func (p *pathParser) parse(nested int) ([]step, error) {
	var steps []step
	if nested == 0 {
		if p.has("$") {
			p.pos++
		} else if !p.eof() && !nameStop(p.peek(), true) {
			name := p.readName(true)
			steps = append(steps, childStep(name))
		}
	}
	for !p.eof() {
		c := p.peek()
		switch {
		case p.has(".."):
			p.pos += 2
			start := p.pos
			for !p.eof() && p.peek() != '.' && p.peek() != '[' {
				p.pos++
			}
			name := p.src[start:p.pos]
			if name == "" && p.peek() != '[' {
				return nil, p.errf("child name or array access or filter missing after recursive descent")
			}
			steps = append(steps, step{kind: stepRecursive})
			if name != "" {
				steps = append(steps, childStep(name))
			}
		case c == '.':
			p.pos++
			name := p.readName(false)
			if name == "" {
				return nil, p.errf("child name missing")
			}
			steps = append(steps, childStep(name))
		case c == '[':
			st, err := p.bracket()
			if err != nil {
				return nil, err
			}
			steps = append(steps, st)
		default:
			if nested > 0 {
				return steps, nil
			}
			return nil, p.errf("invalid path syntax")
		}
	}
	return steps, nil
}

func childStep(name string) step {
	if name == "*" {
		return step{kind: stepAll}
	}
	return step{kind: stepChild, names: []string{unescapePath(name)}}
}

func (p *pathParser) readName(first bool) string {
	start := p.pos
	for !p.eof() && !nameStop(p.peek(), first) {
		p.pos++
	}
	return p.src[start:p.pos]
}

func (p *pathParser) bracket() (step, error) {
	open := p.pos
	p.pos++ // [
	p.skipSpace()
	switch c := p.peek(); {
	case c == '\'' || c == '"':
		var names []string
		for {
			p.skipSpace()
			q := p.peek()
			if q != '\'' && q != '"' {
				return step{}, p.errf(`missing "'" or '"'`)
			}
			p.pos++
			start := p.pos
			for {
				if p.eof() {
					return step{}, p.errf("unmatched %c", q)
				}
				if p.has(`\`+string(q)) || p.has(`\\`) {
					p.pos += 2
					continue
				}
				if p.peek() == '\\' {
					return step{}, p.errf("unsupported escape sequence inside %c%c", q, q)
				}
				if p.peek() == q {
					break
				}
				p.pos++
			}
			names = append(names, unescapePath(p.src[start:p.pos]))
			p.pos++
			p.skipSpace()
			if p.peek() == ',' {
				p.pos++
				continue
			}
			break
		}
		if p.peek() != ']' {
			return step{}, p.errf(`missing "]" or ","`)
		}
		p.pos++
		return step{kind: stepChild, names: names}, nil
	case p.has("?("):
		p.pos += 2
		p.depth++
		if p.depth > maxFilterDepth {
			return step{}, p.errf("filter nested too deeply")
		}
		f, err := p.filterOr()
		p.depth--
		if err != nil {
			return step{}, err
		}
		p.skipSpace()
		if !p.has(")]") {
			return step{}, p.errf("missing end of filter")
		}
		p.pos += 2
		return step{kind: stepFilter, filter: f}, nil
	default:
		end := strings.IndexByte(p.src[p.pos:], ']')
		if end < 0 {
			p.pos = open
			return step{}, p.errf("unmatched [")
		}
		body := strings.TrimSpace(p.src[p.pos : p.pos+end])
		p.pos += end + 1
		if body == "" {
			return step{}, p.errf("subscript missing from []")
		}
		if body == "*" {
			return step{kind: stepAll}, nil
		}
		subs, err := parseSubscripts(body)
		if err != nil {
			return step{}, &PathError{Path: p.src, Pos: open, Msg: err.Error()}
		}
		return step{kind: stepIndex, subs: subs}, nil
	}
}

func parseSubscripts(body string) ([]subscript, error) {
	var out []subscript
	for _, part := range strings.Split(body, ",") {
		part = strings.TrimSpace(part)
		if strings.Contains(part, ":") {
			fields := strings.Split(part, ":")
			if len(fields) > 3 {
				return nil, fmt.Errorf("invalid array index %s", body)
			}
			s := subscript{slice: true}
			ptrs := []**int{&s.from, &s.to, &s.stride}
			for i, f := range fields {
				f = strings.TrimSpace(f)
				if f == "" {
					continue
				}
				n, err := strconv.Atoi(f)
				if err != nil {
					return nil, fmt.Errorf("invalid array index %s", body)
				}
				*ptrs[i] = &n
			}
			if s.stride != nil && *s.stride == 0 {
				return nil, fmt.Errorf("invalid array index %s: step must not be 0", body)
			}
			out = append(out, s)
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, fmt.Errorf("invalid array index %s", body)
		}
		out = append(out, subscript{idx: n})
	}
	return out, nil
}

// unescapePath drops the backslash of each escape, as helm-unittest's
// path library does.
func unescapePath(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	var b strings.Builder
	escaped := false
	for i := 0; i < len(raw); {
		r, w := utf8.DecodeRuneInString(raw[i:])
		i += w
		if r == '\\' {
			if escaped {
				b.WriteRune(r)
			}
			escaped = !escaped
			continue
		}
		escaped = false
		b.WriteRune(r)
	}
	return b.String()
}

// Filter expressions.

type filterExpr interface {
	match(node, root *yaml.Node) bool
}

type filterAnd struct{ a, b filterExpr }
type filterOr struct{ a, b filterExpr }
type filterNot struct{ a filterExpr }
type filterConst bool
type filterExists struct{ operand }
type filterCompare struct {
	op   string
	l, r operand
}
type filterRegex struct {
	l  operand
	re *regexp.Regexp
}

func (f filterAnd) match(n, r *yaml.Node) bool   { return f.a.match(n, r) && f.b.match(n, r) }
func (f filterOr) match(n, r *yaml.Node) bool    { return f.a.match(n, r) || f.b.match(n, r) }
func (f filterNot) match(n, r *yaml.Node) bool   { return !f.a.match(n, r) }
func (f filterConst) match(_, _ *yaml.Node) bool { return bool(f) }
func (f filterExists) match(n, r *yaml.Node) bool {
	return len(f.nodes(n, r)) > 0
}

// operand is a path from @ or $, or a literal.
type operand struct {
	fromRoot bool
	steps    []step
	literal  *yaml.Node
}

func (o operand) nodes(node, root *yaml.Node) []*yaml.Node {
	if o.literal != nil {
		return []*yaml.Node{o.literal}
	}
	start := node
	if o.fromRoot {
		start = root
	}
	return evalSteps(o.steps, []*yaml.Node{start}, root)
}

func literalNode(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}

func (p *pathParser) filterOr() (filterExpr, error) {
	a, err := p.filterAnd()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.has("||") {
			return a, nil
		}
		p.pos += 2
		b, err := p.filterAnd()
		if err != nil {
			return nil, err
		}
		a = filterOr{a, b}
	}
}

func (p *pathParser) filterAnd() (filterExpr, error) {
	a, err := p.filterUnary()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.has("&&") {
			return a, nil
		}
		p.pos += 2
		b, err := p.filterUnary()
		if err != nil {
			return nil, err
		}
		a = filterAnd{a, b}
	}
}

func (p *pathParser) filterUnary() (filterExpr, error) {
	p.skipSpace()
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxFilterDepth {
		return nil, p.errf("filter nested too deeply")
	}
	switch {
	case p.has("!="):
		return nil, p.errf("missing first operand for binary operator !=")
	case p.peek() == '!':
		p.pos++
		a, err := p.filterUnary()
		if err != nil {
			return nil, err
		}
		return filterNot{a}, nil
	case p.peek() == '(':
		p.pos++
		a, err := p.filterOr()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return nil, p.errf("missing )")
		}
		p.pos++
		return a, nil
	}
	l, err := p.operand()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	for _, op := range []string{"==", "!=", "<=", ">=", "=~", "<", ">"} {
		if !p.has(op) {
			continue
		}
		p.pos += len(op)
		p.skipSpace()
		if op == "=~" {
			if p.peek() != '/' {
				return nil, p.errf("regular expression must be enclosed in /")
			}
			p.pos++
			start := p.pos
			for !p.eof() && p.peek() != '/' {
				if p.peek() == '\\' {
					p.pos++
				}
				p.pos++
			}
			if p.eof() {
				return nil, p.errf("unmatched /")
			}
			expr := strings.ReplaceAll(p.src[start:p.pos], `\/`, `/`)
			p.pos++
			re, err := regexp.Compile(expr)
			if err != nil {
				return nil, p.errf("%v", err)
			}
			return filterRegex{l: l, re: re}, nil
		}
		r, err := p.operand()
		if err != nil {
			return nil, err
		}
		return filterCompare{op: op, l: l, r: r}, nil
	}
	if l.literal != nil {
		return filterConst(l.literal.Tag == "!!bool" && l.literal.Value == "true"), nil
	}
	return filterExists{l}, nil
}

func (p *pathParser) operand() (operand, error) {
	p.skipSpace()
	c := p.peek()
	switch {
	case c == '@' || c == '$':
		p.pos++
		steps, err := p.parse(1)
		if err != nil {
			return operand{}, err
		}
		return operand{fromRoot: c == '$', steps: steps}, nil
	case c == '\'' || c == '"':
		p.pos++
		var b strings.Builder
		for {
			if p.eof() {
				return operand{}, p.errf("unmatched string")
			}
			ch := p.peek()
			if ch == '\\' && p.pos+1 < len(p.src) {
				b.WriteByte(p.src[p.pos+1])
				p.pos += 2
				continue
			}
			if ch == c {
				p.pos++
				break
			}
			b.WriteByte(ch)
			p.pos++
		}
		return operand{literal: literalNode("!!str", b.String())}, nil
	case c == '-' || (c >= '0' && c <= '9') || c == '.':
		start := p.pos
		p.pos++
		for !p.eof() && strings.IndexByte("0123456789.eE+-", p.peek()) >= 0 {
			p.pos++
		}
		if _, err := strconv.ParseFloat(p.src[start:p.pos], 64); err != nil {
			return operand{}, p.errf("invalid number %q", p.src[start:p.pos])
		}
		return operand{literal: literalNode("!!float", p.src[start:p.pos])}, nil
	case p.has("true"):
		p.pos += 4
		return operand{literal: literalNode("!!bool", "true")}, nil
	case p.has("false"):
		p.pos += 5
		return operand{literal: literalNode("!!bool", "false")}, nil
	case p.has("null"):
		p.pos += 4
		return operand{literal: literalNode("!!null", "null")}, nil
	}
	return operand{}, p.errf("invalid filter operand")
}

func (f filterRegex) match(n, r *yaml.Node) bool {
	ok := false
	for _, v := range f.l.nodes(n, r) {
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!str" || !f.re.MatchString(v.Value) {
			return false
		}
		ok = true
	}
	return ok
}

type valueClass int

const (
	classOther valueClass = iota
	classString
	classNumber
	classBool
	classNull
)

func classify(n *yaml.Node) valueClass {
	if n.Kind != yaml.ScalarNode {
		return classOther
	}
	switch n.ShortTag() {
	case "!!str":
		return classString
	case "!!int", "!!float":
		return classNumber
	case "!!bool":
		return classBool
	case "!!null":
		return classNull
	}
	return classOther
}

func (f filterCompare) match(n, r *yaml.Node) bool {
	ls, rs := f.l.nodes(n, r), f.r.nodes(n, r)
	matched := false
	for _, l := range ls {
		for _, rv := range rs {
			if !compareNodes(f.op, l, rv) {
				return false
			}
			matched = true
		}
	}
	return matched
}

// compareNodes compares two scalars: numbers by value, strings by text,
// booleans and nulls for equality only; values of different kinds are
// unequal and unordered.
func compareNodes(op string, l, r *yaml.Node) bool {
	lc, rc := classify(l), classify(r)
	if lc != rc || lc == classOther {
		return op == "!="
	}
	cmp := 0
	switch lc {
	case classNumber:
		lf, err1 := strconv.ParseFloat(strings.ReplaceAll(l.Value, "_", ""), 64)
		rf, err2 := strconv.ParseFloat(strings.ReplaceAll(r.Value, "_", ""), 64)
		if err1 != nil || err2 != nil {
			cmp = strings.Compare(l.Value, r.Value)
		} else if lf < rf {
			cmp = -1
		} else if lf > rf {
			cmp = 1
		}
	case classString:
		cmp = strings.Compare(l.Value, r.Value)
	case classBool:
		if !strings.EqualFold(l.Value, r.Value) {
			cmp = 1
		}
		if op != "==" && op != "!=" {
			return false
		}
	case classNull:
		if op != "==" && op != "!=" {
			return false
		}
	}
	switch op {
	case "==":
		return cmp == 0
	case "!=":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	}
	return false
}

// Evaluation.

// Find returns the nodes the path selects in doc, in document order.
func (p *Path) Find(doc *yaml.Node) []*yaml.Node {
	if doc == nil {
		return nil
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		doc = doc.Content[0]
	}
	if len(p.steps) == 0 {
		return []*yaml.Node{doc}
	}
	return evalSteps(p.steps, []*yaml.Node{doc}, doc)
}

const maxResults = 1 << 20

func evalSteps(steps []step, nodes []*yaml.Node, root *yaml.Node) []*yaml.Node {
	for i := 0; i < len(steps) && len(nodes) > 0; i++ {
		st := steps[i]
		var next []*yaml.Node
		if st.kind == stepRecursive {
			for _, n := range nodes {
				next = descend(n, next)
			}
		} else {
			for _, n := range nodes {
				next = applyStep(st, n, root, next)
				if len(next) > maxResults {
					return next[:maxResults]
				}
			}
		}
		nodes = next
	}
	return nodes
}

func descend(n *yaml.Node, out []*yaml.Node) []*yaml.Node {
	if len(out) > maxResults {
		return out
	}
	out = append(out, n)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			out = descend(n.Content[i], out)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			out = descend(c, out)
		}
	}
	return out
}

func applyStep(st step, n, root *yaml.Node, out []*yaml.Node) []*yaml.Node {
	switch st.kind {
	case stepChild:
		if n.Kind != yaml.MappingNode {
			return out
		}
		for _, name := range st.names {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == name {
					out = append(out, n.Content[i+1])
					break
				}
			}
		}
	case stepAll:
		switch n.Kind {
		case yaml.MappingNode:
			for i := 1; i < len(n.Content); i += 2 {
				out = append(out, n.Content[i])
			}
		case yaml.SequenceNode:
			out = append(out, n.Content...)
		}
	case stepIndex:
		if n.Kind != yaml.SequenceNode {
			return out
		}
		for _, s := range st.subs {
			for _, i := range s.indexes(len(n.Content)) {
				if i >= 0 && i < len(n.Content) {
					out = append(out, n.Content[i])
				}
			}
		}
	case stepFilter:
		if n.Kind == yaml.SequenceNode {
			for _, e := range n.Content {
				if st.filter.match(e, root) {
					out = append(out, e)
				}
			}
		} else if st.filter.match(n, root) {
			out = append(out, n)
		}
	}
	return out
}

func (s subscript) indexes(n int) []int {
	if !s.slice {
		i := s.idx
		if i < 0 {
			i += n
		}
		return []int{i}
	}
	stride := 1
	if s.stride != nil {
		stride = *s.stride
	}
	norm := func(p *int, def int) int {
		if p == nil {
			return def
		}
		v := *p
		if v < 0 {
			v += n
		}
		return v
	}
	var out []int
	if stride > 0 {
		from, to := max(norm(s.from, 0), 0), min(norm(s.to, n), n)
		for i := from; i < to; i += stride {
			out = append(out, i)
		}
	} else {
		from, to := min(norm(s.from, n-1), n-1), max(norm(s.to, -1), -1)
		for i := from; i > to; i += stride {
			out = append(out, i)
		}
	}
	return out
}
