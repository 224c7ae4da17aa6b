package engine

import (
	"fmt"
	"reflect"
	"text/template/parse"
)

// printGuardName is the function the engine appends to the pipeline of
// every action that prints a value which may be a map or a list:
// text/template prints such a value with fmt, which builds the whole text
// before the output writer sees any of it, so a list doubled forty times
// by sharing ({{ $l = list $l $l }}) would take terabytes. The function
// measures the printed size first and refuses it beyond the value limit.
// The name cannot clash with a chart's: templates cannot call functions
// whose names start with an underscore unless they are defined, and no
// Helm or sprig function is.
const printGuardName = "_chartrenderPrint"

// printGuardValueName is the print guard for the result of a function
// call, which is never addressable: it hands the value over as it is.
const printGuardValueName = "_chartrenderPrintValue"

var (
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// guardPrints appends the print guard to the actions below n that print
// a value that may be a map or a list.
func (e *Engine) guardPrints(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			e.guardPrints(c)
		}
	case *parse.IfNode:
		e.guardPrints(n.List)
		e.guardPrints(n.ElseList)
	case *parse.WithNode:
		e.guardPrints(n.List)
		e.guardPrints(n.ElseList)
	case *parse.RangeNode:
		e.guardPrints(n.List)
		e.guardPrints(n.ElseList)
	case *parse.ActionNode:
		p := n.Pipe
		if p == nil || len(p.Decl) > 0 || len(p.Cmds) == 0 || !e.mayPrintContainer(p.Cmds[len(p.Cmds)-1]) {
			return
		}
		last := p.Cmds[len(p.Cmds)-1]
		name := printGuardName
		switch a := last.Args[0].(type) {
		case *parse.IdentifierNode:
			name = printGuardValueName
		case *parse.ChainNode:
			// (pipeline).field: a field of a function's result, most
			// often a map entry (dict, get, index).
			if _, pipe := a.Node.(*parse.PipeNode); pipe {
				name = printGuardValueName
			}
		}
		id := &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: last.Pos, Ident: name}
		p.Cmds = append(p.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: last.Pos, Args: []parse.Node{id}})
	}
}

// mayPrintContainer reports whether the last command of a printing action
// may produce a map or a list: anything but a call of a function that
// returns a string, a number or a bool.
func (e *Engine) mayPrintContainer(cmd *parse.CommandNode) bool {
	if len(cmd.Args) == 0 {
		return false
	}
	var fields []string
	switch n := cmd.Args[0].(type) {
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
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return true
	}
	switch id.Ident {
	case "print", "printf", "println", "html", "js", "urlquery", "len", "not",
		"eq", "ne", "lt", "le", "gt", "ge", "include", "tpl":
		return false
	case "and", "or", "index", "slice", "call":
		return true
	}
	f := reflect.ValueOf(e.funcs[id.Ident])
	if f.Kind() != reflect.Func || f.Type().NumOut() == 0 {
		return true
	}
	switch f.Type().Out(0).Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64,
		reflect.Uint32, reflect.Float64, reflect.Float32:
		return false
	}
	return true
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
func (w *worker) printGuard(v any) (any, error) {
	v, err := w.printGuardValue(v)
	if err != nil {
		return nil, err
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Struct {
		t := rv.Type()
		if !t.Implements(stringerType) && !t.Implements(errorType) &&
			(reflect.PointerTo(t).Implements(stringerType) || reflect.PointerTo(t).Implements(errorType)) {
			p := reflect.New(t)
			p.Elem().Set(rv)
			return p.Interface(), nil
		}
	}
	return v, nil
}

// printGuardValue is printGuard for a value that is not addressable.
func (w *worker) printGuardValue(v any) (any, error) {
	switch v.(type) {
	case nil, string, bool, int, int64, float64:
		return v, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		if w.r.e.unguarded {
			return v, nil
		}
		n, err := w.measure("print", modeFmt, v)
		if err != nil {
			return nil, err
		}
		if max := w.r.e.lim.maxValue; max > 0 && n > max {
			return nil, &LimitError{Func: "print", Option: w.r.e.valueOption(), Need: n, Max: max, Err: ErrOutputLimit}
		}
	}
	return v, nil
}
