package engine

import (
	"fmt"
	"reflect"
	"strings"
	"text/template/parse"
)

// printGuardName is the function the engine puts around the value of
// every action that prints something which may be a map or a list:
// text/template prints such a value with fmt, which builds the whole text
// before the output writer sees any of it, so a list doubled forty times
// by sharing ({{ $l = list $l $l }}) would take terabytes, and a map that
// contains itself would overflow the stack. The function measures the
// printed size first and refuses it beyond the value limit. The name
// cannot clash with a chart's: templates cannot call functions whose names
// start with an underscore unless they are defined, and no Helm or sprig
// function is. It never shows in an error message (see cleanGuardText).
const printGuardName = "_chartrenderPrint"

// printGuardValueName is the print guard for the result of a function
// call, which is never addressable: it hands the value over as it is.
const printGuardValueName = "_chartrenderPrintValue"

// printGuardRootName and printGuardRootValueName are the print guards of
// fully guarded trees for actions that print root data in the light
// variant: they count their calls (see tset.rootPrints).
const (
	printGuardRootName      = "_chartrenderPrintRoot"
	printGuardRootValueName = "_chartrenderPrintRootValue"
)

// includePrintName is include in an action that prints its result as it
// is, {{ include "name" . }}: it executes the template straight into the
// output (see binding.includePrint). It shows as include in errors.
const includePrintName = "_chartrenderInclude"

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// guardPrints prepares the printing actions below root (the root of one
// parsed template) for execution. {{ include "name" . }} calls includePrint
// instead, which writes the result to the output as it is executed, and
// needs no guard. Unless the engine is unguarded, the actions that print
// a value which may be a map or a list are rewritten: {{ X }}
// becomes {{ _chartrenderPrint X }}, where X is the action's only operand
// (a field, a variable, dot) or its whole pipeline in parentheses.
//
// Actions that can only print a scalar are left alone, decided from the
// template's text: literals, calls of functions whose static result type
// is a string, a number or a bool, default/ternary/coalesce/required of
// such operands, and variables every assignment of which in the template
// is such a value (or the key of a range). A variable cannot be seen from
// another template, so the template's own text decides.
//
// In the light variant (light set), the template is known to run on root
// data: dot and $ at its start are the scope of a template file (or a
// value reached from it by fields), which guarded mode never lets a
// template modify, and whose printed size the render has measured before
// it runs light templates (see renderState.light). Actions that print
// such a value, a field chain from dot or $ or from a variable that only
// ever holds one, need no guard either.
//
// Calling a function from text/template costs a reflect.Call. The guard is
// called with its operand as an argument rather than as the final value
// of a pipeline (one allocation fewer), and refuses by panicking with the
// error, which text/template turns into the call's error (one result fewer).
func (e *Engine) guardPrints(root parse.Node, light bool, rootPrints map[*parse.ActionNode]bool) {
	g := e.analyse(root, light)
	g.rootPrints = rootPrints
	g.guard(root, g.top())
}

// analyse settles the kinds of the variables of the template below root.
// A variable's value may flow into another assigned before it in the
// text (in a loop), so the kinds are settled by repeating the walk until
// nothing changes. A variable's kind only ever grows (scalar, root, any),
// so this ends.
func (e *Engine) analyse(root parse.Node, light bool) *printGuarder {
	g := &printGuarder{e: e, light: light, vars: map[string]valueKind{}}
	for !e.unguarded {
		g.changed = false
		g.collectVars(root, g.top())
		if !g.changed {
			break
		}
	}
	return g
}

// valueKind is what the analysis knows of a value, from the most to the
// least known.
type valueKind uint8

const (
	kindScalar valueKind = iota // a string, a number, a bool or nil
	kindRoot                    // root data (light variant only), or a scalar
	kindAny
)

// printGuarder is the state of guardPrints for one template.
type printGuarder struct {
	e     *Engine
	light bool
	// vars holds, for each variable of the template, the join of the
	// kinds of every value assigned to it.
	vars    map[string]valueKind
	changed bool
	// rootPrints are the actions that print root data in the light
	// variant, which the full one guards with the counting guards.
	rootPrints map[*parse.ActionNode]bool
}

// full returns the analysis of the fully guarded variant from g, the light
// one: a value is a scalar in one exactly when it is in the other, and
// root data is of any kind where the data is not known.
func (g *printGuarder) full() *printGuarder {
	f := &printGuarder{e: g.e, vars: make(map[string]valueKind, len(g.vars))}
	for name, k := range g.vars {
		if k != kindScalar {
			k = kindAny
		}
		f.vars[name] = k
	}
	return f
}

// top is the kind of dot and $ at the start of the template.
func (g *printGuarder) top() valueKind {
	if g.light {
		return kindRoot
	}
	return kindAny
}

// collectVars records in g.vars every variable declared or assigned below
// n, and the kind of its values; dot is the kind of dot at n.
func (g *printGuarder) collectVars(n parse.Node, dot valueKind) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			g.collectVars(c, dot)
		}
	case *parse.ActionNode:
		g.pipeVars(n.Pipe, dot, false)
	case *parse.IfNode:
		g.pipeVars(n.Pipe, dot, false)
		g.collectVars(n.List, dot)
		g.collectVars(n.ElseList, dot)
	case *parse.WithNode:
		g.pipeVars(n.Pipe, dot, false)
		g.collectVars(n.List, g.pipeKind(n.Pipe, dot))
		g.collectVars(n.ElseList, dot)
	case *parse.RangeNode:
		g.pipeVars(n.Pipe, dot, true)
		g.collectVars(n.List, g.pipeKind(n.Pipe, dot))
		g.collectVars(n.ElseList, dot)
	case *parse.TemplateNode:
		g.pipeVars(n.Pipe, dot, false)
	}
}

// pipeVars records the variables p declares or assigns, and those of the
// pipelines nested in its commands. In a range, of two variables the first
// is the key: an index, a map key or a count, never a map or a list (a
// map key is comparable, so it holds no map or slice); the other is an
// element, of the kind of the ranged value: an element of root data is
// root data. The one exception, the key of a Go iterator function, needs
// a function from the caller's Options.Funcs to produce the iterator.
func (g *printGuarder) pipeVars(p *parse.PipeNode, dot valueKind, isRange bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			switch a := a.(type) {
			case *parse.PipeNode:
				g.pipeVars(a, dot, false)
			case *parse.ChainNode:
				if pn, ok := a.Node.(*parse.PipeNode); ok {
					g.pipeVars(pn, dot, false)
				}
			}
		}
	}
	if len(p.Decl) == 0 {
		return
	}
	kind := g.pipeKind(p, dot)
	for i, v := range p.Decl {
		if len(v.Ident) != 1 {
			continue
		}
		k := kind
		if isRange && len(p.Decl) == 2 && i == 0 {
			k = kindScalar
		}
		name := v.Ident[0]
		old, seen := g.vars[name]
		if seen {
			k = max(k, old)
		}
		if !seen || k != old {
			g.vars[name] = k
			g.changed = true
		}
	}
}

// pipeScalar reports whether pipeline p can only produce a scalar (a
// string, a number, a bool or nil).
func (g *printGuarder) pipeScalar(p *parse.PipeNode) bool {
	return g.pipeKind(p, kindAny) == kindScalar
}

// pipeKind is the kind of the value pipeline p produces where dot is of
// kind dot. A variable whose assignments have not all been seen yet is of
// any kind.
func (g *printGuarder) pipeKind(p *parse.PipeNode, dot valueKind) valueKind {
	if p == nil || len(p.Cmds) == 0 {
		return kindAny
	}
	return g.cmdKind(p.Cmds, len(p.Cmds)-1, dot)
}

// cmdKind is the kind of the value command i of cmds produces; the
// command before it, if any, gives it its final argument.
func (g *printGuarder) cmdKind(cmds []*parse.CommandNode, i int, dot valueKind) valueKind {
	cmd := cmds[i]
	if len(cmd.Args) == 0 {
		return kindAny
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		if len(cmd.Args) == 1 && i == 0 {
			return g.argKind(cmd.Args[0], dot)
		}
		return kindAny
	}
	args := cmd.Args[1:]
	final := func() valueKind {
		if i == 0 {
			return kindScalar
		}
		return g.cmdKind(cmds, i-1, dot)
	}
	join := func(k valueKind, ns []parse.Node) valueKind {
		for _, n := range ns {
			k = max(k, g.argKind(n, dot))
		}
		return k
	}
	f, defined := g.e.funcs[id.Ident]
	_, own := g.e.opts.Funcs[id.Ident]
	if !defined {
		switch id.Ident {
		case "print", "printf", "println", "html", "js", "urlquery", "len", "not",
			"eq", "ne", "lt", "le", "gt", "ge":
			return kindScalar
		case "index":
			// An element of root data is root data.
			if !own && len(args) >= 1 && g.argKind(args[0], dot) <= kindRoot &&
				join(kindScalar, args[1:]) == kindScalar && i == 0 {
				return kindRoot
			}
		}
		return kindAny
	}
	if !own {
		// Functions whose result is one of their arguments.
		switch id.Ident {
		case "default", "coalesce":
			return max(join(kindScalar, args), final())
		case "ternary":
			if len(args) == 2 && i > 0 && g.stringTest(cmds[i-1], args[0]) {
				// typeIs "string" X | ternary X Y: X only when it is a
				// string (bitnami's common.tplvalues.render).
				return join(kindScalar, args[1:])
			}
			if len(args) >= 2 {
				return join(kindScalar, args[:2])
			}
			return kindAny
		case "required":
			if len(args) == 2 {
				return g.argKind(args[1], dot)
			}
			if len(args) == 1 {
				return final()
			}
			return kindAny
		case "get", "dig":
			// An entry of the map argument (get's first, dig's last,
			// reached through keys) or a default (get's "", dig's
			// second to last); every other argument is a key.
			return max(join(kindScalar, args), final())
		}
	}
	if scalarResult(f) {
		return kindScalar
	}
	return kindAny
}

// stringTest reports whether cmd is typeIs "string" x, with the engine's
// typeIs (true only for a value of Go type string), where x is a field,
// a variable or dot: evaluated right after cmd, as the first argument of
// the next command, it is the same value.
func (g *printGuarder) stringTest(cmd *parse.CommandNode, x parse.Node) bool {
	if len(cmd.Args) != 3 {
		return false
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok || id.Ident != "typeIs" {
		return false
	}
	if _, own := g.e.opts.Funcs["typeIs"]; own {
		return false
	}
	if _, defined := g.e.funcs["typeIs"]; !defined {
		return false
	}
	if s, ok := cmd.Args[1].(*parse.StringNode); !ok || s.Text != "string" {
		return false
	}
	switch x.(type) {
	case *parse.FieldNode, *parse.VariableNode, *parse.DotNode:
		return x.String() == cmd.Args[2].String()
	}
	return false
}

// argKind is the kind of operand n where dot is of kind dot. A field of
// root data is root data (a field of a scalar is an error, never printed).
func (g *printGuarder) argKind(n parse.Node, dot valueKind) valueKind {
	switch n := n.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return kindScalar
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		if dot <= kindRoot {
			return kindRoot
		}
		return kindAny
	case *parse.VariableNode:
		if len(n.Ident) == 0 {
			return kindAny
		}
		var k valueKind
		if n.Ident[0] == "$" {
			k = g.top()
		} else {
			var seen bool
			if k, seen = g.vars[n.Ident[0]]; !seen {
				return kindAny
			}
		}
		if len(n.Ident) > 1 && k == kindScalar {
			k = kindRoot
		}
		return k
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			return kindAny
		}
		return g.pipeKind(n, dot)
	case *parse.ChainNode:
		// (pipeline).field: a field of root data (or of a scalar, an
		// error) is root data.
		if len(n.Field) > 0 && g.argKind(n.Node, dot) <= kindRoot {
			return kindRoot
		}
		return kindAny
	case *parse.IdentifierNode:
		// A function called without arguments.
		switch n.Ident {
		case "and", "or", "index", "slice", "call":
			return kindAny
		}
		return g.cmdKind([]*parse.CommandNode{{NodeType: parse.NodeCommand, Args: []parse.Node{n}}}, 0, dot)
	}
	return kindAny
}

// scalarResult reports whether function f returns a string, a number or
// a bool.
func scalarResult(f any) bool {
	t := reflect.TypeOf(f)
	if t == nil || t.Kind() != reflect.Func || t.NumOut() == 0 {
		return false
	}
	switch t.Out(0).Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	}
	return false
}

// visit calls f for every action and template node below n, with the
// kind of dot there.
func (g *printGuarder) visit(n parse.Node, dot valueKind, f func(n parse.Node, dot valueKind)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			g.visit(c, dot, f)
		}
	case *parse.IfNode:
		g.visit(n.List, dot, f)
		g.visit(n.ElseList, dot, f)
	case *parse.WithNode:
		g.visit(n.List, g.pipeKind(n.Pipe, dot), f)
		g.visit(n.ElseList, dot, f)
	case *parse.RangeNode:
		g.visit(n.List, g.pipeKind(n.Pipe, dot), f)
		g.visit(n.ElseList, dot, f)
	case *parse.ActionNode, *parse.TemplateNode:
		f(n, dot)
	}
}

// templateCalls returns the names the {{ template }} actions below root
// call: in the light variant those whose data is not known to be root
// data (the called template runs with it as dot and $), in the full one
// all.
func (g *printGuarder) templateCalls(root parse.Node) []string {
	var calls []string
	g.visit(root, g.top(), func(n parse.Node, dot valueKind) {
		if t, ok := n.(*parse.TemplateNode); ok && (!g.light || (t.Pipe != nil && g.pipeKind(t.Pipe, dot) > kindRoot)) {
			calls = append(calls, t.Name)
		}
	})
	return calls
}

// lightPrints returns the actions below root that the light variant of
// the template leaves unguarded and the full one guards: those that print
// root data. g is the light analysis.
func (g *printGuarder) lightPrints(root parse.Node) map[*parse.ActionNode]bool {
	if g.e.unguarded {
		return nil
	}
	var acts map[*parse.ActionNode]bool
	g.visit(root, g.top(), func(n parse.Node, dot valueKind) {
		if a, ok := n.(*parse.ActionNode); ok && a.Pipe != nil && len(a.Pipe.Decl) == 0 &&
			len(a.Pipe.Cmds) > 0 && g.pipeKind(a.Pipe, dot) == kindRoot {
			if acts == nil {
				acts = map[*parse.ActionNode]bool{}
			}
			acts[a] = true
		}
	})
	return acts
}

// guard puts the print guard into the printing actions below n, where dot
// is of kind dot.
func (g *printGuarder) guard(n parse.Node, dot valueKind) {
	g.visit(n, dot, g.guardAction)
}

// guardAction puts the print guard into action n if it needs it.
func (g *printGuarder) guardAction(n parse.Node, dot valueKind) {
	switch n := n.(type) {
	case *parse.ActionNode:
		p := n.Pipe
		if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 || g.printInclude(p) || g.printWrite(p) ||
			g.e.unguarded || !g.mayPrintContainer(p, dot) {
			return
		}
		last := p.Cmds[len(p.Cmds)-1]
		name := printGuardValueName
		var arg parse.Node = p
		if len(p.Cmds) == 1 && len(last.Args) == 1 {
			switch a := last.Args[0].(type) {
			case *parse.FieldNode, *parse.VariableNode, *parse.DotNode:
				name, arg = printGuardName, a
			case *parse.ChainNode:
				// (pipeline).field is a field of a function's result,
				// most often a map entry (dict, get, index).
				if _, pipe := a.Node.(*parse.PipeNode); !pipe {
					name = printGuardName
				}
				arg = a
			}
		}
		if g.rootPrints[n] {
			name = map[string]string{printGuardName: printGuardRootName, printGuardValueName: printGuardRootValueName}[name]
		}
		// The position is the pipeline's first command's, where an error
		// of the guard points.
		pos := p.Cmds[0].Pos
		id := &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: pos, Ident: name}
		cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{id, arg}}
		n.Pipe = &parse.PipeNode{NodeType: parse.NodePipe, Pos: p.Pos, Line: p.Line, Cmds: []*parse.CommandNode{cmd}}
	}
}

// printInclude makes the pipeline p of a printing action call
// includePrint if it is a call of the engine's include and nothing else,
// and reports whether it did.
func (g *printGuarder) printInclude(p *parse.PipeNode) bool {
	if len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 3 {
		return false
	}
	id, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode)
	if !ok || id.Ident != "include" {
		return false
	}
	if _, own := g.e.opts.Funcs["include"]; own {
		return false
	}
	p.Cmds[0].Args[0] = &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: id.Pos, Ident: includePrintName}
	return true
}

// mayPrintContainer reports whether pipeline p of a printing action, where
// dot is of kind dot, may produce a map or a list that needs the guard.
func (g *printGuarder) mayPrintContainer(p *parse.PipeNode, dot valueKind) bool {
	last := p.Cmds[len(p.Cmds)-1]
	if len(last.Args) == 0 {
		return false
	}
	var fields []string
	switch n := last.Args[0].(type) {
	case *parse.FieldNode:
		fields = n.Ident
	case *parse.ChainNode:
		fields = n.Field
	case *parse.VariableNode:
		fields = n.Ident
	}
	if len(fields) > 0 && fields[len(fields)-1] == "KubeVersion" {
		// A struct, printed through its String method when addressable
		// (see printGuard); it is left to text/template.
		return false
	}
	k := g.pipeKind(p, dot)
	return k == kindAny || (k == kindRoot && !g.light)
}

// cleanGuardText removes the print guard from the text of an error of a
// guarded action, and names includePrint include: "at <_chartrenderPrint
// $l>: error calling _chartrenderPrint: " reads "at <$l>: ", and
// "_chartrenderInclude" reads "include", as the action was written.
func cleanGuardText(s string) string {
	if !strings.Contains(s, "_chartrender") {
		return s
	}
	for _, name := range []string{printGuardRootValueName, printGuardRootName, printGuardValueName, printGuardName} {
		s = strings.ReplaceAll(s, "error calling "+name+": ", "")
		s = strings.ReplaceAll(s, name+" ", "")
	}
	s = strings.ReplaceAll(s, writePrefix, "")
	return strings.ReplaceAll(s, includePrintName, "include")
}

// printGuard is the print guard: it refuses a map or list whose printed
// text would exceed the value limit, and otherwise returns v for
// text/template to print as it would have. A struct whose String or Error
// method has a pointer receiver is handed over as a pointer to a copy:
// text/template prints an addressable struct through that method, and the
// struct is no longer addressable once passed through a function.
//
// The struct case can only guess: a struct that was not addressable (a
// copy stored in a map) is also printed through the method. Charts print
// .Capabilities.KubeVersion (left alone, see mayPrintContainer) or a
// variable holding it; a copy of it in a map is left to guesswork.
//
// It refuses by panicking with the error: text/template recovers a panic
// of a called function and returns it as the call's error.
func (w *worker) printGuard(v any) any {
	v = w.printGuardValue(v)
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct {
		t := rv.Type()
		if !t.Implements(stringerType) && !t.Implements(errorType) &&
			(reflect.PointerTo(t).Implements(stringerType) || reflect.PointerTo(t).Implements(errorType)) {
			p := reflect.New(t)
			p.Elem().Set(rv)
			return p.Interface()
		}
	}
	return v
}

// printGuardRoot is printGuard for an action that prints root data in the
// light variant of its template; it counts its calls.
func (w *worker) printGuardRoot(v any) any {
	w.rootPrints++
	return w.printGuard(v)
}

// printGuardRootValue is printGuardValue counting its calls.
func (w *worker) printGuardRootValue(v any) any {
	w.rootPrints++
	return w.printGuardValue(v)
}

// printGuardValue is printGuard for a value that is not addressable.
func (w *worker) printGuardValue(v any) any {
	switch v := v.(type) {
	case string:
		if w.r.e.writable == nil { // an engine of the tests, printing as text/template does
			return v
		}
		return w.writeResult(v) // without fmt's copy (see writePrefix)
	case nil, bool, int, int64, float64:
		return v
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		if w.r.e.unguarded {
			return v
		}
		n, err := w.measure("print", modeFmt, v)
		if err != nil {
			panic(err)
		}
		if max := w.r.e.lim.maxValue; max > 0 && n > max {
			panic(&LimitError{Func: "print", Option: w.r.e.valueOption(), Need: n, Max: max, Err: ErrOutputLimit})
		}
	}
	return v
}
