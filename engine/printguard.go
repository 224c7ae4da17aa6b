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
// Calling a function from text/template costs a reflect.Call. The guard is
// called with its operand as an argument rather than as the final value
// of a pipeline (one allocation fewer), and refuses by panicking with the
// error, which text/template turns into the call's error (one result fewer).
func (e *Engine) guardPrints(root parse.Node) {
	g := printGuarder{e: e, vars: map[string]bool{}}
	// A variable's value may flow into another assigned before it in the
	// text (in a loop), so the types are settled by repeating the walk
	// until nothing changes. A variable only ever goes from scalar to
	// not, so this ends.
	for !e.unguarded {
		g.changed = false
		g.collectVars(root)
		if !g.changed {
			break
		}
	}
	g.guard(root)
}

// printGuarder is the state of guardPrints for one template.
type printGuarder struct {
	e *Engine
	// vars holds, for each variable of the template, whether every value
	// assigned to it is a scalar.
	vars    map[string]bool
	changed bool
}

// collectVars records in g.vars every variable declared or assigned below
// n, and whether all its values are scalars.
func (g *printGuarder) collectVars(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			g.collectVars(c)
		}
	case *parse.ActionNode:
		g.pipeVars(n.Pipe, false)
	case *parse.IfNode:
		g.pipeVars(n.Pipe, false)
		g.collectVars(n.List)
		g.collectVars(n.ElseList)
	case *parse.WithNode:
		g.pipeVars(n.Pipe, false)
		g.collectVars(n.List)
		g.collectVars(n.ElseList)
	case *parse.RangeNode:
		g.pipeVars(n.Pipe, true)
		g.collectVars(n.List)
		g.collectVars(n.ElseList)
	case *parse.TemplateNode:
		g.pipeVars(n.Pipe, false)
	}
}

// pipeVars records the variables p declares or assigns, and those of the
// pipelines nested in its commands. In a range, of two variables the first
// is the key: an index, a map key or a count, never a map or a list (a
// map key is comparable, so it holds no map or slice); the other is an
// element and may be anything. The one exception, the key of a Go
// iterator function, needs a function from the caller's Options.Funcs to
// produce the iterator.
func (g *printGuarder) pipeVars(p *parse.PipeNode, isRange bool) {
	if p == nil {
		return
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			switch a := a.(type) {
			case *parse.PipeNode:
				g.pipeVars(a, false)
			case *parse.ChainNode:
				if pn, ok := a.Node.(*parse.PipeNode); ok {
					g.pipeVars(pn, false)
				}
			}
		}
	}
	if len(p.Decl) == 0 {
		return
	}
	scalar := !isRange && g.pipeScalar(p)
	for i, v := range p.Decl {
		if len(v.Ident) != 1 {
			continue
		}
		s := scalar || (isRange && len(p.Decl) == 2 && i == 0)
		name := v.Ident[0]
		old, seen := g.vars[name]
		if seen {
			s = s && old
		}
		if !seen || s != old {
			g.vars[name] = s
			g.changed = true
		}
	}
}

// pipeScalar reports whether pipeline p can only produce a scalar (a
// string, a number, a bool or nil). A variable whose assignments have not
// all been seen yet counts as not a scalar.
func (g *printGuarder) pipeScalar(p *parse.PipeNode) bool {
	if p == nil || len(p.Cmds) == 0 {
		return false
	}
	return g.cmdScalar(p.Cmds, len(p.Cmds)-1)
}

// cmdScalar reports whether command i of cmds can only produce a scalar;
// the command before it, if any, gives it its final argument.
func (g *printGuarder) cmdScalar(cmds []*parse.CommandNode, i int) bool {
	cmd := cmds[i]
	if len(cmd.Args) == 0 {
		return false
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return len(cmd.Args) == 1 && i == 0 && g.argScalar(cmd.Args[0])
	}
	args := cmd.Args[1:]
	final := func() bool { return i > 0 && g.cmdScalar(cmds, i-1) }
	all := func(ns []parse.Node) bool {
		for _, n := range ns {
			if !g.argScalar(n) {
				return false
			}
		}
		return true
	}
	f, defined := g.e.funcs[id.Ident]
	if !defined {
		switch id.Ident {
		case "print", "printf", "println", "html", "js", "urlquery", "len", "not",
			"eq", "ne", "lt", "le", "gt", "ge":
			return true
		}
		return false
	}
	if _, own := g.e.opts.Funcs[id.Ident]; !own {
		// Functions whose result is one of their arguments.
		switch id.Ident {
		case "default", "coalesce":
			return all(args) && (i == 0 || final())
		case "ternary":
			return len(args) >= 2 && all(args[:2])
		case "required":
			if len(args) == 2 {
				return g.argScalar(args[1])
			}
			return len(args) == 1 && final()
		}
	}
	return scalarResult(f)
}

// argScalar reports whether operand n can only be a scalar.
func (g *printGuarder) argScalar(n parse.Node) bool {
	switch n := n.(type) {
	case *parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
		return true
	case *parse.VariableNode:
		return len(n.Ident) == 1 && g.vars[n.Ident[0]]
	case *parse.PipeNode:
		return len(n.Decl) == 0 && g.pipeScalar(n)
	case *parse.IdentifierNode:
		// A function called without arguments.
		switch n.Ident {
		case "and", "or", "index", "slice", "call":
			return false
		}
		return g.cmdScalar([]*parse.CommandNode{{NodeType: parse.NodeCommand, Args: []parse.Node{n}}}, 0)
	}
	return false
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

// guard puts the print guard into the printing actions below n.
func (g *printGuarder) guard(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			g.guard(c)
		}
	case *parse.IfNode:
		g.guard(n.List)
		g.guard(n.ElseList)
	case *parse.WithNode:
		g.guard(n.List)
		g.guard(n.ElseList)
	case *parse.RangeNode:
		g.guard(n.List)
		g.guard(n.ElseList)
	case *parse.ActionNode:
		p := n.Pipe
		if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 || g.printInclude(p) || g.printWrite(p) ||
			g.e.unguarded || !g.mayPrintContainer(p) {
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

// mayPrintContainer reports whether pipeline p of a printing action may
// produce a map or a list.
func (g *printGuarder) mayPrintContainer(p *parse.PipeNode) bool {
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
	return !g.pipeScalar(p)
}

// cleanGuardText removes the print guard from the text of an error of a
// guarded action, and names includePrint include: "at <_chartrenderPrint
// $l>: error calling _chartrenderPrint: " reads "at <$l>: ", and
// "_chartrenderInclude" reads "include", as the action was written.
func cleanGuardText(s string) string {
	if !strings.Contains(s, "_chartrender") {
		return s
	}
	for _, name := range []string{printGuardValueName, printGuardName} {
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
