package fastparse

import (
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// maxDepth bounds the nesting of control actions and parentheses the
// package handles; deeper input goes to parse.Parse.
const maxDepth = 1000

// protoText holds one node of each kind whose String method reads the
// delimiters of the node's tree (as text/template/parse does from Go 1.27
// on, where a node without a tree cannot print itself); the range gives
// the branch of if, with and range nodes. The parser makes its nodes of
// these kinds as copies of these (a struct copy carries the unexported
// tree field), so that they point to a tree with the right delimiters,
// text and name.
const protoText = `{{.}}{{range .}}{{break}}{{continue}}{{end}}{{template "x"}}`

// protos are the prototype nodes, emptied of their pipelines and lists.
type protos struct {
	action   *parse.ActionNode
	branch   parse.BranchNode
	template *parse.TemplateNode
	brk      *parse.BreakNode
	cont     *parse.ContinueNode
}

// unsure is the panic value that ends a parse the package does not finish
// itself: the caller then parses with parse.Parse.
type unsure struct{}

// Parse returns the trees parse.Parse(name, text, "", "", funcs...) returns
// for text, and true; or nil and false when the text does not parse or uses
// a form the package leaves to parse.Parse.
func Parse(name, text string, funcs ...map[string]any) (map[string]*parse.Tree, bool) {
	trees, ok, _ := parseTrees(name, text, funcs)
	return trees, ok
}

// parseTrees is Parse. It also returns the value of any panic other than
// the package's own way of giving up, which would be a defect: Parse then
// still answers false, and the tests check that none happens.
func parseTrees(name, text string, funcs []map[string]any) (trees map[string]*parse.Tree, ok bool, bug any) {
	defer func() {
		if r := recover(); r != nil {
			trees, ok = nil, false
			if _, mine := r.(unsure); !mine {
				bug = r
			}
		}
	}()
	base, pr, ok := baseTree(name, text)
	if !ok {
		return nil, false, nil
	}
	p := &parser{
		src:     text,
		buf:     []byte(text),
		base:    base,
		proto:   pr,
		funcs:   funcs,
		trees:   make(map[string]*parse.Tree),
		vars:    []string{"$"},
		lineNum: 1,
	}
	p.a.sizeFor(strings.Count(text, "{{"))
	p.breakOK = !p.hasFunction("break")
	p.continueOK = !p.hasFunction("continue")
	p.parse()
	return p.trees, true, nil
}

// baseTree returns a tree that holds text, named name, with the default
// delimiters and no nodes, and prototype nodes that point to it. The
// source text of a tree (which Tree.ErrorContext reads) is unexported and
// set only by Tree.Parse: the tree parses the prototypes, and then text,
// which Tree.Parse records before parsing it. Whatever that second parse
// finds is discarded (text/template's parser as of Go 1.26 and 1.27 finds
// nothing and costs nothing: its lookahead still holds the end of the
// prototypes), and the function checks that it left the tree as needed.
func baseTree(name, text string) (*parse.Tree, protos, bool) {
	var pr protos
	t := parse.New(name)
	set := map[string]*parse.Tree{}
	if _, err := t.Parse(protoText, "", "", set); err != nil || t.Root == nil || len(t.Root.Nodes) != 3 {
		return nil, pr, false
	}
	n := t.Root.Nodes
	action, ok1 := n[0].(*parse.ActionNode)
	rng, ok2 := n[1].(*parse.RangeNode)
	template, ok3 := n[2].(*parse.TemplateNode)
	if !ok1 || !ok2 || !ok3 || rng.List == nil || len(rng.List.Nodes) != 2 {
		return nil, pr, false
	}
	brk, ok1 := rng.List.Nodes[0].(*parse.BreakNode)
	cont, ok2 := rng.List.Nodes[1].(*parse.ContinueNode)
	if !ok1 || !ok2 {
		return nil, pr, false
	}
	pr = protos{action: action, branch: rng.BranchNode, template: template, brk: brk, cont: cont}
	pr.action.Pipe = nil
	pr.branch.Pipe, pr.branch.List, pr.branch.ElseList = nil, nil, nil
	// The tree's prototypes stay in set, under the same name as the text's
	// tree: whatever this parse makes of text, set keeps them.
	_, _ = t.Parse(text, "", "", set)
	if t.Name != name || t.ParseName != name || t.Mode != 0 || treeText(t) != text || pr.brk.String() != "{{break}}" {
		return nil, pr, false
	}
	t.Root = nil
	return t, pr, true
}

// treeText returns the unexported source text of t, which
// Tree.ErrorContext uses, or "" if parse.Tree has no such field.
func treeText(t *parse.Tree) string {
	if f := reflect.ValueOf(t).Elem().FieldByName("text"); f.Kind() == reflect.String {
		return f.String()
	}
	return ""
}

// itemKind is the kind of an item outside actions.
type itemKind uint8

const (
	itemText   itemKind = iota // text between actions
	itemAction                 // a left delimiter (not a comment's)
	itemEOF                    // the end of the text
)

// item is what the text lexer of text/template emits outside actions.
// For text, [pos, end) is the text; for an action, pos is the left
// delimiter and end where the action's content starts. next is where
// scanning resumes after the item.
type item struct {
	kind      itemKind
	pos, end  int
	next      int
	isDefined bool // the item holds a scanned value
}

// How an action ends a list.
const (
	endNone     = iota // the action is a node of the list
	endEnd             // {{end}}
	endElse            // {{else}}
	endElseIf          // {{else if ...: the "if" is consumed
	endElseWith        // {{else with ...: the "with" is consumed
)

// Pipeline contexts, which decide how a pipeline ends and what it may
// declare.
const (
	ctxCommand = iota
	ctxRange
	ctxControl // if, with
	ctxParen
	ctxClause // template, block
)

type parser struct {
	src   string
	buf   []byte // a copy of src, which text nodes slice
	base  *parse.Tree
	funcs []map[string]any
	trees map[string]*parse.Tree

	breakOK, continueOK bool // break and continue are keywords

	pos int  // scanning position
	it  item // the item after pos, once peeked

	vars       []string // variables in scope, as parse.Tree keeps them
	rangeDepth int
	parens     int // open parentheses in the current action
	depth      int // nesting of controls and parentheses

	linePos, lineNum int // lineNum is the line of byte linePos

	proto   protos
	a       arena
	cmdTemp []*parse.CommandNode // a stack of the commands of pipelines being parsed
}

func giveUp() { panic(unsure{}) }

// hasFunction reports whether name is a function of the maps, as the
// parser checks it: present with a non-nil value.
func (p *parser) hasFunction(name string) bool {
	for _, m := range p.funcs {
		if m != nil && m[name] != nil {
			return true
		}
	}
	return false
}

// lineAt returns the line number of byte pos.
func (p *parser) lineAt(pos int) int {
	if pos >= p.linePos {
		p.lineNum += strings.Count(p.src[p.linePos:pos], "\n")
	} else {
		p.lineNum -= strings.Count(p.src[pos:p.linePos], "\n")
	}
	p.linePos = pos
	return p.lineNum
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// hasLeftTrim reports a trim marker at i, after a left delimiter.
func (p *parser) hasLeftTrim(i int) bool {
	return i+1 < len(p.src) && p.src[i] == '-' && isSpace(p.src[i+1])
}

// hasTrimRight reports a trim-marked right delimiter (" -}}") at i.
func (p *parser) hasTrimRight(i int) bool {
	s := p.src
	return i+3 < len(s) && isSpace(s[i]) && s[i+1] == '-' && s[i+2] == '}' && s[i+3] == '}'
}

// atRightDelim reports a right delimiter, with or without trim marker, at i.
func (p *parser) atRightDelim(i int) bool {
	return strings.HasPrefix(p.src[i:], "}}") || p.hasTrimRight(i)
}

// closeDelim consumes the right delimiter at p.pos and the spaces its
// trim marker removes.
func (p *parser) closeDelim() {
	i := p.pos
	trim := p.src[i] != '}'
	if trim {
		i += 2
	}
	i += 2
	if trim {
		for i < len(p.src) && isSpace(p.src[i]) {
			i++
		}
	}
	p.pos = i
	p.it.isDefined = false
}

// expectClose consumes spaces and the right delimiter that must follow.
func (p *parser) expectClose() {
	p.skipSpace()
	if !p.atRightDelim(p.pos) {
		giveUp()
	}
	p.closeDelim()
}

// skipSpace skips spaces inside an action, stopping at a trim-marked
// right delimiter.
func (p *parser) skipSpace() { p.pos = p.spaceEnd(p.pos) }

func (p *parser) spaceEnd(i int) int {
	for i < len(p.src) && isSpace(p.src[i]) && !p.hasTrimRight(i) {
		i++
	}
	return i
}

// atTerminator reports whether i may follow an identifier, a field or a
// variable.
func (p *parser) atTerminator(i int) bool {
	if i >= len(p.src) {
		return true
	}
	switch p.src[i] {
	case ' ', '\t', '\r', '\n', '.', ',', '|', ':', ')', '(':
		return true
	}
	return strings.HasPrefix(p.src[i:], "}}")
}

// alnumEnd returns the end of the run of ASCII letters, digits and
// underscores at i, which must be followed by a terminator.
func (p *parser) alnumEnd(i int) int {
	for i < len(p.src) && isAlnum(p.src[i]) {
		i++
	}
	if i < len(p.src) && p.src[i] >= 0x80 || !p.atTerminator(i) {
		giveUp()
	}
	return i
}

// peek returns the item at p.pos, outside actions.
func (p *parser) peek() item {
	if !p.it.isDefined {
		p.it = p.scanItem(p.pos)
	}
	return p.it
}

// consume moves past the peeked item.
func (p *parser) consume() {
	p.pos = p.it.next
	p.it.isDefined = false
}

// scanItem lexes the item at s outside actions, skipping comments.
func (p *parser) scanItem(s int) item {
	src := p.src
	for {
		x := strings.Index(src[s:], "{{")
		if x < 0 {
			if s < len(src) {
				return item{kind: itemText, pos: s, end: len(src), next: len(src), isDefined: true}
			}
			return item{kind: itemEOF, pos: s, end: s, next: s, isDefined: true}
		}
		d := s + x
		trim := p.hasLeftTrim(d + 2)
		end := d
		if trim {
			end = s + len(strings.TrimRight(src[s:d], " \t\r\n"))
		}
		if end > s {
			return item{kind: itemText, pos: s, end: end, next: d, isDefined: true}
		}
		in := d + 2
		if trim {
			in += 2
		}
		if !strings.HasPrefix(src[in:], "/*") {
			return item{kind: itemAction, pos: d, end: in, next: in, isDefined: true}
		}
		c := strings.Index(src[in+2:], "*/")
		if c < 0 {
			giveUp()
		}
		q := in + 2 + c + 2
		switch {
		case strings.HasPrefix(src[q:], "}}"):
			q += 2
		case p.hasTrimRight(q):
			q += 4
			for q < len(src) && isSpace(src[q]) {
				q++
			}
		default:
			giveUp()
		}
		s = q
	}
}

// parse parses the whole text: the top-level list and the defines.
func (p *parser) parse() {
	root := p.a.lists.new()
	*root = parse.ListNode{NodeType: parse.NodeList, Pos: parse.Pos(p.peek().pos)}
	mark := len(p.a.nodeTemp)
	for {
		it := p.peek()
		if it.kind == itemEOF {
			break
		}
		if it.kind == itemAction {
			i := p.spaceEnd(it.end)
			if strings.HasPrefix(p.src[i:], "define") && p.atTerminator(i+len("define")) {
				p.consume()
				p.pos = i + len("define")
				p.definition()
				continue
			}
		}
		n, end, _ := p.textOrAction()
		if end != endNone {
			giveUp()
		}
		p.a.nodeTemp = append(p.a.nodeTemp, n)
	}
	root.Nodes = p.popNodes(mark)
	p.add(p.base.Name, root, true)
}

// add installs a define, block or the top-level tree as parse.Tree's add
// does: a name already defined with a non-empty tree keeps it, and two
// non-empty definitions are an error.
func (p *parser) add(name string, root *parse.ListNode, top bool) {
	if old := p.trees[name]; old != nil && !parse.IsEmptyTree(old.Root) {
		if !parse.IsEmptyTree(root) {
			giveUp()
		}
		return
	}
	t := p.base
	if !top {
		t = p.base.Copy()
		t.Name = name
	}
	t.Root = root
	p.trees[name] = t
}

// enter counts one more level of nesting.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		giveUp()
	}
}

// ownTree parses the body of a define or block, in a scope of its own, up
// to its {{end}}.
func (p *parser) ownTree() *parse.ListNode {
	vars, rangeDepth := p.vars, p.rangeDepth
	p.vars, p.rangeDepth = []string{"$"}, 0
	list, end, _ := p.itemList()
	if end != endEnd {
		giveUp()
	}
	p.vars, p.rangeDepth = vars, rangeDepth
	return list
}

// definition parses {{define "name"}} ... {{end}} after the keyword.
func (p *parser) definition() {
	p.enter()
	p.skipSpace()
	name := p.templateName()
	p.expectClose()
	p.add(name, p.ownTree(), false)
	p.depth--
}

// popNodes returns the nodes on the stack above mark and removes them.
func (p *parser) popNodes(mark int) []parse.Node {
	nodes := p.a.nodes.copyOf(p.a.nodeTemp[mark:])
	clear(p.a.nodeTemp[mark:])
	p.a.nodeTemp = p.a.nodeTemp[:mark]
	return nodes
}

// itemList parses nodes up to an {{end}} or {{else}}.
func (p *parser) itemList() (list *parse.ListNode, end, elsePos int) {
	list = p.a.lists.new()
	*list = parse.ListNode{NodeType: parse.NodeList, Pos: parse.Pos(p.peek().pos)}
	mark := len(p.a.nodeTemp)
	for p.peek().kind != itemEOF {
		n, end, elsePos := p.textOrAction()
		if end != endNone {
			list.Nodes = p.popNodes(mark)
			return list, end, elsePos
		}
		p.a.nodeTemp = append(p.a.nodeTemp, n)
	}
	giveUp()
	return
}

// textOrAction parses the next text or action.
func (p *parser) textOrAction() (n parse.Node, end, elsePos int) {
	it := p.peek()
	p.consume()
	switch it.kind {
	case itemText:
		n := p.a.texts.new()
		*n = parse.TextNode{NodeType: parse.NodeText, Pos: parse.Pos(it.pos), Text: p.buf[it.pos:it.end:it.end]}
		return n, endNone, 0
	case itemAction:
		return p.action()
	}
	giveUp()
	return
}

// action parses an action after its left delimiter.
func (p *parser) action() (n parse.Node, end, elsePos int) {
	p.parens = 0
	p.skipSpace()
	start := p.pos
	if start < len(p.src) && isLetter(p.src[start]) {
		e := p.alnumEnd(start)
		switch w := p.src[start:e]; w {
		case "if", "with", "range":
			p.pos = e
			return p.control(w), endNone, 0
		case "else":
			p.pos = e
			return p.elseControl()
		case "end":
			p.pos = e
			p.expectClose()
			return nil, endEnd, 0
		case "template":
			p.pos = e
			return p.templateControl(), endNone, 0
		case "block":
			p.pos = e
			return p.blockControl(), endNone, 0
		case "define":
			giveUp()
		case "break", "continue":
			if w == "break" && p.breakOK || w == "continue" && p.continueOK {
				p.pos = e
				p.expectClose()
				if p.rangeDepth == 0 {
					giveUp()
				}
				line := p.lineAt(start)
				if w == "break" {
					b := new(parse.BreakNode)
					*b = *p.proto.brk
					b.Pos, b.Line = parse.Pos(start), line
					return b, endNone, 0
				}
				c := new(parse.ContinueNode)
				*c = *p.proto.cont
				c.Pos, c.Line = parse.Pos(start), line
				return c, endNone, 0
			}
		}
	}
	pipe := p.pipeline(ctxCommand)
	a := p.a.actions.new()
	*a = *p.proto.action
	a.Pos, a.Line, a.Pipe = pipe.Pos, pipe.Line, pipe
	return a, endNone, 0
}

// elseControl parses {{else}}, or the start of {{else if or {{else with.
func (p *parser) elseControl() (n parse.Node, end, elsePos int) {
	p.skipSpace()
	i := p.pos
	if i < len(p.src) && isLetter(p.src[i]) {
		e := p.alnumEnd(i)
		switch p.src[i:e] {
		case "if":
			p.pos = e
			return nil, endElseIf, i
		case "with":
			p.pos = e
			return nil, endElseWith, i
		}
	}
	p.expectClose()
	return nil, endElse, 0
}

// control parses an if, with or range action and its lists, after the
// keyword.
func (p *parser) control(kw string) parse.Node {
	p.enter()
	mark := len(p.vars)
	ctx := ctxControl
	if kw == "range" {
		ctx = ctxRange
	}
	pipe := p.pipeline(ctx)
	if ctx == ctxRange {
		p.rangeDepth++
	}
	list, end, elsePos := p.itemList()
	if ctx == ctxRange {
		p.rangeDepth--
	}
	var elseList *parse.ListNode
	switch end {
	case endEnd:
	case endElseIf, endElseWith:
		if end == endElseIf && kw != "if" || end == endElseWith && kw != "with" {
			giveUp()
		}
		elseList = p.a.lists.new()
		*elseList = parse.ListNode{NodeType: parse.NodeList, Pos: parse.Pos(elsePos), Nodes: p.a.nodes.copyOf([]parse.Node{p.control(kw)})}
	case endElse:
		var next int
		elseList, next, _ = p.itemList()
		if next != endEnd {
			giveUp()
		}
	}
	p.vars = p.vars[:mark]
	p.depth--
	var n parse.Node
	var b *parse.BranchNode
	switch kw {
	case "if":
		x := p.a.ifs.new()
		n, b = x, &x.BranchNode
		*b = p.proto.branch
		b.NodeType = parse.NodeIf
	case "with":
		x := p.a.withs.new()
		n, b = x, &x.BranchNode
		*b = p.proto.branch
		b.NodeType = parse.NodeWith
	default:
		x := p.a.ranges.new()
		n, b = x, &x.BranchNode
		*b = p.proto.branch
		b.NodeType = parse.NodeRange
	}
	b.Pos, b.Line, b.Pipe, b.List, b.ElseList = pipe.Pos, pipe.Line, pipe, list, elseList
	return n
}

// templateName parses the quoted name of a define, block or template
// action at p.pos.
func (p *parser) templateName() string {
	i := p.pos
	var quoted string
	switch p.byteAt(i) {
	case '"':
		quoted = p.src[i:p.quotedEnd(i, '"')]
	case '`':
		quoted = p.src[i:p.rawEnd(i)]
	default:
		giveUp()
	}
	s, err := strconv.Unquote(quoted)
	if err != nil {
		giveUp()
	}
	p.pos = i + len(quoted)
	return s
}

// templateControl parses {{template "name" pipeline}} after the keyword.
func (p *parser) templateControl() parse.Node {
	p.skipSpace()
	i := p.pos
	name := p.templateName()
	line := p.lineAt(i)
	var pipe *parse.PipeNode
	p.skipSpace()
	if p.pos < len(p.src) && p.atRightDelim(p.pos) {
		p.closeDelim()
	} else {
		pipe = p.pipeline(ctxClause)
	}
	return p.templateNode(i, line, name, pipe)
}

// blockControl parses {{block "name" pipeline}} ... {{end}} after the
// keyword: a define, and a template action in place.
func (p *parser) blockControl() parse.Node {
	p.enter()
	p.skipSpace()
	i := p.pos
	name := p.templateName()
	line := p.lineAt(i)
	pipe := p.pipeline(ctxClause)
	p.add(name, p.ownTree(), false)
	p.depth--
	return p.templateNode(i, line, name, pipe)
}

func (p *parser) templateNode(pos, line int, name string, pipe *parse.PipeNode) parse.Node {
	n := p.a.templates.new()
	*n = *p.proto.template
	n.Pos, n.Line, n.Name, n.Pipe = parse.Pos(pos), line, name, pipe
	return n
}

func (p *parser) byteAt(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

// pipeline parses declarations and commands up to the right delimiter
// (consumed) or, in parentheses, the right parenthesis (consumed).
func (p *parser) pipeline(ctx int) *parse.PipeNode {
	p.skipSpace()
	pos := p.pos
	pipe := p.a.pipes.new()
	*pipe = parse.PipeNode{NodeType: parse.NodePipe, Pos: parse.Pos(pos), Line: p.lineAt(pos)}
	if p.byteAt(pos) == '$' {
		p.declarations(pipe, ctx)
	}
	mark := len(p.cmdTemp)
	for {
		p.skipSpace()
		i := p.pos
		if i >= len(p.src) {
			giveUp()
		}
		if p.atRightDelim(i) {
			if ctx == ctxParen {
				giveUp()
			}
			p.closeDelim()
			break
		}
		if p.src[i] == ')' {
			if ctx != ctxParen {
				giveUp()
			}
			p.pos++
			break
		}
		p.cmdTemp = append(p.cmdTemp, p.command())
	}
	if len(p.cmdTemp) == mark {
		giveUp()
	}
	pipe.Cmds = p.a.cmdPtrs.copyOf(p.cmdTemp[mark:])
	clear(p.cmdTemp[mark:])
	p.cmdTemp = p.cmdTemp[:mark]
	for _, c := range pipe.Cmds[1:] {
		switch c.Args[0].Type() {
		case parse.NodeBool, parse.NodeDot, parse.NodeNil, parse.NodeNumber, parse.NodeString:
			giveUp()
		}
	}
	return pipe
}

// declarations parses "$x :=", "$x =" and, in range, "$x, $y :=" at the
// start of a pipeline; without one, it leaves p.pos where it was.
func (p *parser) declarations(pipe *parse.PipeNode, ctx int) {
	v := p.pos
	ve := p.variableEnd(v)
	q := p.spaceEnd(ve)
	if isAssign, next, ok := p.assignOp(q); ok {
		pipe.IsAssign, p.pos = isAssign, next
		pipe.Decl = p.a.varPtrs.copyOf([]*parse.VariableNode{p.declare(v, ve)})
		return
	}
	if p.byteAt(q) != ',' {
		return
	}
	if ctx != ctxRange {
		giveUp()
	}
	first := p.declare(v, ve)
	w := p.spaceEnd(q + 1)
	if p.byteAt(w) != '$' {
		giveUp()
	}
	we := p.variableEnd(w)
	isAssign, next, ok := p.assignOp(p.spaceEnd(we))
	if !ok {
		giveUp()
	}
	pipe.IsAssign, p.pos = isAssign, next
	pipe.Decl = p.a.varPtrs.copyOf([]*parse.VariableNode{first, p.declare(w, we)})
}

// assignOp reads the ":=" (a declaration) or "=" (an assignment) at q and
// returns which it is and where the pipeline goes on; ok is false when
// neither is there.
func (p *parser) assignOp(q int) (isAssign bool, next int, ok bool) {
	switch {
	case strings.HasPrefix(p.src[q:], ":="):
		return false, q + 2, true
	case p.byteAt(q) == '=':
		return true, q + 1, true
	}
	return false, q, false
}

// declare returns the node of the variable declared at [v, ve) and puts
// it in scope.
func (p *parser) declare(v, ve int) *parse.VariableNode {
	name := p.src[v:ve]
	n := p.a.vars.new()
	*n = parse.VariableNode{NodeType: parse.NodeVariable, Pos: parse.Pos(v), Ident: p.a.strings.copyOf([]string{name})}
	p.vars = append(p.vars, name)
	return n
}

// variableEnd returns the end of the variable token ("$" or "$name") at i.
func (p *parser) variableEnd(i int) int {
	if p.atTerminator(i + 1) {
		return i + 1
	}
	return p.alnumEnd(i + 1)
}

// command parses space-separated operands up to a pipe symbol (consumed),
// a right delimiter or a right parenthesis (not consumed).
func (p *parser) command() *parse.CommandNode {
	cmd := p.a.commands.new()
	*cmd = parse.CommandNode{NodeType: parse.NodeCommand, Pos: parse.Pos(p.pos)}
	mark := len(p.a.nodeTemp)
	for {
		p.skipSpace()
		if op := p.operand(); op != nil {
			p.a.nodeTemp = append(p.a.nodeTemp, op)
		}
		i := p.pos
		if i >= len(p.src) {
			giveUp()
		}
		if p.atRightDelim(i) {
			if p.parens > 0 {
				giveUp()
			}
			break
		}
		c := p.src[i]
		if isSpace(c) {
			continue
		}
		if c == ')' {
			if p.parens == 0 {
				giveUp()
			}
			break
		}
		if c == '|' {
			p.pos++
			break
		}
		giveUp()
	}
	if len(p.a.nodeTemp) == mark {
		giveUp()
	}
	cmd.Args = p.popNodes(mark)
	return cmd
}

// operand parses a term and the fields that follow it.
func (p *parser) operand() parse.Node {
	node := p.term()
	if node == nil || p.byteAt(p.pos) != '.' {
		return node
	}
	chainPos := p.pos
	var fieldBuf [8]string
	fields := fieldBuf[:0]
	for p.byteAt(p.pos) == '.' {
		i := p.pos + 1
		if i >= len(p.src) || isDigit(p.src[i]) || p.atTerminator(i) {
			giveUp() // a number or a dot right after an operand
		}
		e := p.alnumEnd(i)
		if e == i {
			giveUp()
		}
		fields = append(fields, p.src[i:e])
		p.pos = e
	}
	switch n := node.(type) {
	case *parse.FieldNode:
		// The term is replaced: its node is reused.
		n.Pos = parse.Pos(chainPos)
		n.Ident = p.a.strings.copyOf(append([]string{n.Ident[0]}, fields...))
		return n
	case *parse.VariableNode:
		n.Pos = parse.Pos(chainPos)
		n.Ident = p.a.strings.copyOf(append([]string{n.Ident[0]}, fields...))
		return n
	case *parse.IdentifierNode, *parse.PipeNode:
		c := p.a.chains.new()
		*c = parse.ChainNode{NodeType: parse.NodeChain, Pos: parse.Pos(chainPos), Node: node, Field: p.a.strings.copyOf(fields)}
		return c
	}
	giveUp()
	return nil
}

// term parses a literal, a function name, dot, a field, a variable or a
// parenthesized pipeline; it returns nil at a right delimiter, a right
// parenthesis or a pipe symbol.
func (p *parser) term() parse.Node {
	i := p.pos
	if i >= len(p.src) {
		giveUp()
	}
	c := p.src[i]
	switch {
	case c == '|' || c == ')' || p.atRightDelim(i):
		return nil
	case c == '(':
		p.enter()
		p.parens++
		p.pos++
		pipe := p.pipeline(ctxParen)
		p.parens--
		p.depth--
		return pipe
	case c == '"':
		e := p.quotedEnd(i, '"')
		return p.stringNode(i, e)
	case c == '`':
		return p.stringNode(i, p.rawEnd(i))
	case c == '\'':
		e := p.quotedEnd(i, '\'')
		text := p.src[i:e]
		r, _, tail, err := strconv.UnquoteChar(text[1:], '\'')
		if err != nil || tail != "'" {
			giveUp()
		}
		p.pos = e
		return &parse.NumberNode{NodeType: parse.NodeNumber, Pos: parse.Pos(i), Text: text,
			IsInt: true, IsUint: true, IsFloat: true, Int64: int64(r), Uint64: uint64(r), Float64: float64(r)}
	case c == '$':
		e := p.variableEnd(i)
		name := p.src[i:e]
		declared := false
		for _, v := range p.vars {
			if v == name {
				declared = true
				break
			}
		}
		if !declared {
			giveUp()
		}
		p.pos = e
		if p.byteAt(e) == '.' {
			// A chain follows, which operand makes into the node.
			return &parse.VariableNode{NodeType: parse.NodeVariable, Pos: parse.Pos(i), Ident: []string{name}}
		}
		n := p.a.vars.new()
		*n = parse.VariableNode{NodeType: parse.NodeVariable, Pos: parse.Pos(i), Ident: p.a.strings.copyOf([]string{name})}
		return n
	case c == '.' && i+1 < len(p.src) && !isDigit(p.src[i+1]):
		if p.atTerminator(i + 1) {
			p.pos = i + 1
			n := p.a.dots.new()
			*n = parse.DotNode{NodeType: parse.NodeDot, Pos: parse.Pos(i)}
			return n
		}
		e := p.alnumEnd(i + 1)
		if e == i+1 {
			giveUp()
		}
		p.pos = e
		n := p.a.fields.new()
		if p.byteAt(e) == '.' {
			// A chain follows, which operand sets as the node's names.
			*n = parse.FieldNode{NodeType: parse.NodeField, Pos: parse.Pos(i), Ident: []string{p.src[i+1 : e]}}
			return n
		}
		*n = parse.FieldNode{NodeType: parse.NodeField, Pos: parse.Pos(i), Ident: p.a.strings.copyOf([]string{p.src[i+1 : e]})}
		return n
	case c == '.' || c == '+' || c == '-' || isDigit(c):
		return p.number()
	case isLetter(c):
		e := p.alnumEnd(i)
		w := p.src[i:e]
		p.pos = e
		switch w {
		case "nil":
			return &parse.NilNode{NodeType: parse.NodeNil, Pos: parse.Pos(i)}
		case "true", "false":
			return &parse.BoolNode{NodeType: parse.NodeBool, Pos: parse.Pos(i), True: w == "true"}
		case "block", "define", "else", "end", "if", "range", "template", "with":
			giveUp()
		case "break":
			if p.breakOK {
				giveUp()
			}
		case "continue":
			if p.continueOK {
				giveUp()
			}
		}
		if !p.hasFunction(w) {
			giveUp()
		}
		n := p.a.idents.new()
		*n = parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: parse.Pos(i), Ident: w}
		return n
	}
	giveUp()
	return nil
}

// quotedEnd returns the end of the quoted string or character constant
// starting at i.
func (p *parser) quotedEnd(i int, quote byte) int {
	s := p.src
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if j+1 >= len(s) || s[j+1] == '\n' {
				giveUp()
			}
			j++
		case '\n':
			giveUp()
		case quote:
			return j + 1
		}
	}
	giveUp()
	return 0
}

// rawEnd returns the end of the raw string starting at i.
func (p *parser) rawEnd(i int) int {
	x := strings.IndexByte(p.src[i+1:], '`')
	if x < 0 {
		giveUp()
	}
	return i + 1 + x + 1
}

func (p *parser) stringNode(i, e int) parse.Node {
	quoted := p.src[i:e]
	s, err := strconv.Unquote(quoted)
	if err != nil {
		giveUp()
	}
	p.pos = e
	n := p.a.strs.new()
	*n = parse.StringNode{NodeType: parse.NodeString, Pos: parse.Pos(i), Quoted: quoted, Text: s}
	return n
}

// number parses a number at p.pos. Complex and imaginary numbers are left
// to parse.Parse.
func (p *parser) number() parse.Node {
	i := p.pos
	e := p.numberEnd(i)
	if c := p.byteAt(e); c == '+' || c == '-' {
		giveUp()
	}
	n := numberNode(p.src[i:e])
	n.Pos = parse.Pos(i)
	p.pos = e
	return n
}

// numberEnd scans a number as text/template's lexer does.
func (p *parser) numberEnd(i int) int {
	s := p.src
	accept := func(valid string) bool {
		if i < len(s) && strings.IndexByte(valid, s[i]) >= 0 {
			i++
			return true
		}
		return false
	}
	acceptRun := func(valid string) {
		for accept(valid) {
		}
	}
	const decimal = "0123456789_"
	const hex = "0123456789abcdefABCDEF_"
	accept("+-")
	digits := decimal
	if accept("0") {
		switch {
		case accept("xX"):
			digits = hex
		case accept("oO"):
			digits = "01234567_"
		case accept("bB"):
			digits = "01_"
		}
	}
	acceptRun(digits)
	if accept(".") {
		acceptRun(digits)
	}
	if digits == decimal && accept("eE") {
		accept("+-")
		acceptRun(decimal)
	}
	if digits == hex && accept("pP") {
		accept("+-")
		acceptRun(decimal)
	}
	accept("i")
	if i < len(s) && (s[i] >= 0x80 || isAlnum(s[i])) {
		giveUp()
	}
	return i
}

// numberNode computes the values of a number as parse.Tree does, giving
// up on imaginary numbers and on text that is not a number.
func numberNode(text string) *parse.NumberNode {
	if text == "" || text[len(text)-1] == 'i' {
		giveUp()
	}
	n := &parse.NumberNode{NodeType: parse.NodeNumber, Text: text}
	u, err := strconv.ParseUint(text, 0, 64)
	if err == nil {
		n.IsUint = true
		n.Uint64 = u
	}
	i, err := strconv.ParseInt(text, 0, 64)
	if err == nil {
		n.IsInt = true
		n.Int64 = i
		if i == 0 {
			n.IsUint = true // -0
			n.Uint64 = u
		}
	}
	switch {
	case n.IsInt:
		n.IsFloat = true
		n.Float64 = float64(n.Int64)
	case n.IsUint:
		n.IsFloat = true
		n.Float64 = float64(n.Uint64)
	default:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || !strings.ContainsAny(text, ".eEpP") {
			giveUp()
		}
		n.IsFloat = true
		n.Float64 = f
		if float64(int64(f)) == f {
			n.IsInt = true
			n.Int64 = int64(f)
		}
		if float64(uint64(f)) == f {
			n.IsUint = true
			n.Uint64 = uint64(f)
		}
	}
	return n
}
