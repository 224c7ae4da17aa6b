package engine

import (
	"strconv"
	"strings"
	"text/template/parse"
)

// The analysis behind include memoisation (see memo.go): given a tree and
// where the root data of the file sits in its data, can anything the tree
// executes see the root's .Template or .Subcharts, the only entries in
// which the root data of two files of a chart differ? It follows values
// abstractly: clean (cannot hold per-file data), the root itself, a map
// made by a template with known entries, or anything. A clean value stays
// clean through any function. The root and values that may hold it may
// only be read through fields other than Template and Subcharts, passed to
// include and tpl (whose data the worker examines when they run), stored in
// dict and list, tested (not, empty, typeOf, ...) or passed through
// (default, ternary, coalesce, and, or); any other use (printing, ranging,
// a function that reads a map, a method call) counts as seeing them.
//
// The analysis also notes every call of an impure function (see
// memoImpureNames) in the tree and in the defines its template actions run.

type avKind uint8

const (
	avClean avKind = iota
	avRoot
	avRec // a map made by a template; rec holds its entries that are not clean
	avAny
)

type aval struct {
	k   avKind
	rec map[string]aval
}

var (
	clean = aval{k: avClean}
	anyv  = aval{k: avAny}
)

func (v aval) equal(o aval) bool {
	if v.k != o.k || len(v.rec) != len(o.rec) {
		return false
	}
	for k, e := range v.rec {
		if oe, ok := o.rec[k]; !ok || !e.equal(oe) {
			return false
		}
	}
	return true
}

func join(a, b aval) aval {
	switch {
	case a.k == avClean:
		return b
	case b.k == avClean:
		return a
	case a.equal(b):
		return a
	}
	return anyv
}

// parseShape reads the shape written by worker.keyOf: C, R, A or
// {"key":shape,...}.
func parseShape(s string) aval {
	v, _ := parseShapeAt(s, 0)
	return v
}

func parseShapeAt(s string, i int) (aval, int) {
	if i >= len(s) {
		return anyv, i
	}
	switch s[i] {
	case 'C':
		return clean, i + 1
	case 'R':
		return aval{k: avRoot}, i + 1
	case '{':
		v := aval{k: avRec, rec: map[string]aval{}}
		i++
		for i < len(s) && s[i] != '}' {
			q, err := strconv.QuotedPrefix(s[i:])
			if err != nil {
				return anyv, len(s)
			}
			key, _ := strconv.Unquote(q)
			i += len(q) + 1 // the quoted key and ':'
			var e aval
			e, i = parseShapeAt(s, i)
			v.rec[key] = e
			i++ // ','
		}
		return v, i + 1
	}
	return anyv, i + 1
}

// rootFields are the entries of the root data that are the same for every
// file of a chart.
var rootFields = map[string]bool{"Values": true, "Chart": true, "Release": true, "Capabilities": true, "Files": true}

func perFileName(s string) bool {
	return strings.Contains(s, "Template") || strings.Contains(s, "Subcharts")
}

// maxAnalysisDepth bounds the nesting of template actions followed, and
// maxAnalysisNodes the nodes visited by one analysis (template actions are
// followed each time, so a chain of defines each running the next twice
// would otherwise take exponential time). Past either, the analysis
// answers that the tree is impure and sees everything.
const (
	maxAnalysisDepth = 16
	maxAnalysisNodes = 1 << 14
)

type memoAnalyzer struct {
	w      *worker
	names  map[string]bool // the impure functions
	sees   bool
	impure bool // the tree calls an impure function
	nodes  int  // nodes visited
}

// giveUp makes the answer the most cautious one.
func (a *memoAnalyzer) giveUp() {
	a.sees, a.impure = true, true
}

// tree analyses t executed with dot, following its template actions.
func (a *memoAnalyzer) tree(t *parse.Tree, dot aval, depth int) {
	if depth > maxAnalysisDepth || t == nil || t.Root == nil {
		a.giveUp()
		return
	}
	s := &anScope{a: a, vars: map[string]aval{"$": dot}, depth: depth}
	// Variables take the join of all their assignments; repeat until
	// nothing changes (a value assigned later in the text may flow back
	// in a loop).
	for range 6 {
		s.changed = false
		s.list(t.Root, dot)
		if !s.changed || a.nodes > maxAnalysisNodes {
			return
		}
	}
	a.giveUp()
}

type anScope struct {
	a       *memoAnalyzer
	vars    map[string]aval
	changed bool
	depth   int
}

func (s *anScope) assign(name string, v aval) {
	old, ok := s.vars[name]
	nv := v
	if ok {
		nv = join(old, v)
	}
	if !ok || !nv.equal(old) {
		s.vars[name] = nv
		s.changed = true
	}
}

func (s *anScope) list(l *parse.ListNode, dot aval) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		s.node(n, dot)
	}
}

func (s *anScope) node(n parse.Node, dot aval) {
	if s.a.nodes++; s.a.nodes > maxAnalysisNodes {
		s.a.giveUp()
		return
	}
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
	case *parse.ActionNode:
		v := s.pipe(n.Pipe, dot)
		if len(n.Pipe.Decl) == 0 && v.k != avClean {
			s.a.sees = true // printed
		}
	case *parse.IfNode:
		s.pipe(n.Pipe, dot)
		s.list(n.List, dot)
		s.list(n.ElseList, dot)
	case *parse.WithNode:
		v := s.pipe(n.Pipe, dot)
		s.list(n.List, v)
		s.list(n.ElseList, dot)
	case *parse.RangeNode:
		v := s.cmds(n.Pipe, dot)
		if v.k != avClean {
			s.a.sees = true
		}
		for _, d := range n.Pipe.Decl {
			s.assign(d.Ident[0], clean)
		}
		s.list(n.List, clean)
		s.list(n.ElseList, dot)
	case *parse.TemplateNode:
		v := clean
		if n.Pipe != nil {
			v = s.pipe(n.Pipe, dot)
		}
		t := s.a.w.b.full.Lookup(n.Name)
		if t == nil {
			return // an error when executed
		}
		s.a.tree(t.Tree, v, s.depth+1)
	default:
		s.a.sees = true
	}
}

// pipe evaluates a pipeline and assigns its declared variables.
func (s *anScope) pipe(p *parse.PipeNode, dot aval) aval {
	if p == nil {
		return clean
	}
	v := s.cmds(p, dot)
	for _, d := range p.Decl {
		s.assign(d.Ident[0], v)
	}
	return v
}

func (s *anScope) cmds(p *parse.PipeNode, dot aval) aval {
	var v aval
	for i, c := range p.Cmds {
		var final *aval
		if i > 0 {
			final = &v
		}
		v = s.cmd(c, dot, final)
	}
	return v
}

func (s *anScope) cmd(c *parse.CommandNode, dot aval, final *aval) aval {
	if len(c.Args) == 0 {
		return anyv
	}
	switch n := c.Args[0].(type) {
	case *parse.IdentifierNode:
		args := c.Args[1:]
		avs := make([]aval, 0, len(args)+1)
		for _, x := range args {
			avs = append(avs, s.arg(x, dot))
		}
		if final != nil {
			avs = append(avs, *final)
			args = append(args[:len(args):len(args)], nil)
		}
		return s.call(n.Ident, args, avs)
	case *parse.FieldNode, *parse.ChainNode, *parse.VariableNode:
		v := s.arg(n, dot)
		if len(c.Args) > 1 || final != nil {
			// A method call with arguments.
			for _, x := range c.Args[1:] {
				if s.arg(x, dot).k != avClean {
					v = anyv
				}
			}
			if final != nil && final.k != avClean {
				v = anyv
			}
			if v.k != avClean {
				s.a.sees = true
			}
		}
		return v
	}
	return s.arg(c.Args[0], dot)
}

func (s *anScope) arg(n parse.Node, dot aval) aval {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.fields(dot, n.Ident)
	case *parse.VariableNode:
		v, ok := s.vars[n.Ident[0]]
		if !ok {
			v = anyv
		}
		return s.fields(v, n.Ident[1:])
	case *parse.ChainNode:
		return s.fields(s.arg(n.Node, dot), n.Field)
	case *parse.PipeNode:
		return s.pipe(n, dot)
	case *parse.StringNode:
		if perFileName(n.Text) {
			s.a.sees = true
		}
		return clean
	case *parse.BoolNode, *parse.NumberNode, *parse.NilNode:
		return clean
	case *parse.IdentifierNode:
		return s.call(n.Ident, nil, nil)
	}
	s.a.sees = true
	return anyv
}

func (s *anScope) fields(v aval, idents []string) aval {
	for _, id := range idents {
		v = s.field(v, id)
	}
	return v
}

func (s *anScope) field(v aval, id string) aval {
	switch v.k {
	case avClean:
		return clean
	case avRoot:
		if rootFields[id] {
			return clean
		}
	case avRec:
		if perFileName(id) {
			break
		}
		if e, ok := v.rec[id]; ok {
			return e
		}
		return clean
	case avAny:
		if !perFileName(id) {
			return anyv
		}
	}
	s.a.sees = true
	return anyv
}

// call evaluates a function call; args are the argument nodes (nil for a
// piped value), avs their values.
func (s *anScope) call(name string, args []parse.Node, avs []aval) aval {
	if s.a.names[strings.TrimPrefix(name, writePrefix)] {
		s.a.impure = true
	}
	allClean := true
	for _, v := range avs {
		if v.k != avClean {
			allClean = false
		}
	}
	switch name {
	case "include", includePrintName, "tpl":
		return clean // examined when it runs
	}
	if allClean {
		return clean
	}
	switch name {
	case "not", "empty", "typeOf", "kindOf", "typeIs", "kindIs", "typeIsLike", "fail":
		return clean
	case printGuardName, printGuardValueName, "default", "coalesce", "and", "or":
		v := clean
		for _, x := range avs {
			v = join(v, x)
		}
		return v
	case "ternary":
		if len(avs) == 3 {
			return join(avs[0], avs[1])
		}
	case "required":
		if len(avs) == 2 {
			return avs[1]
		}
	case "list":
		return anyv
	case "dict":
		if len(args) == len(avs) && len(avs)%2 == 0 {
			v := aval{k: avRec, rec: map[string]aval{}}
			for i := 0; i < len(args); i += 2 {
				k, ok := args[i].(*parse.StringNode)
				if !ok {
					return anyv
				}
				if avs[i+1].k != avClean {
					v.rec[k.Text] = avs[i+1]
				}
			}
			return v
		}
		return anyv
	case "hasKey":
		if len(args) == 2 && isStringLit(args[1]) {
			return clean
		}
	case "get":
		if len(args) == 2 && isStringLit(args[1]) {
			return s.field(avs[0], args[1].(*parse.StringNode).Text)
		}
	case "index":
		if len(args) >= 1 && len(args) == len(avs) {
			v := avs[0]
			for _, k := range args[1:] {
				if !isStringLit(k) {
					v = anyv
					s.a.sees = true
					break
				}
				v = s.field(v, k.(*parse.StringNode).Text)
			}
			return v
		}
	case "merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite":
		// Merging the root is followed only into a map made on the
		// spot from clean values: mergo copies the root's entries into
		// it and descends only into its entries the root also has,
		// which receive clean values.
		if len(args) == len(avs) && len(args) > 0 && freshDict(args[0]) && avs[0].k == avClean {
			ok := true
			for _, x := range avs[1:] {
				ok = ok && (x.k == avClean || x.k == avRoot)
			}
			if ok {
				return anyv
			}
		}
	}
	s.a.sees = true
	return anyv
}

func isStringLit(n parse.Node) bool {
	_, ok := n.(*parse.StringNode)
	return ok
}

// freshDict reports whether n is a parenthesised call of dict: a new map
// nothing else refers to.
func freshDict(n parse.Node) bool {
	p, ok := n.(*parse.PipeNode)
	if !ok || len(p.Cmds) != 1 || len(p.Decl) != 0 {
		return false
	}
	id, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == "dict"
}
