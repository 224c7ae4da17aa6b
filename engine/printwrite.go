package engine

import (
	"fmt"
	"text/template"
	"text/template/parse"
	"unsafe"
)

// writePrefix prefixes the name of a function's write variant: the same
// function, with the same signature, which writes its result straight into
// the output of the template being executed and returns "". An action that
// only prints the result of such a function, {{ toYaml .Values.x }} or
// {{ "x" | repeat 100000 }}, calls the variant instead (see printWrite).
// Printed by text/template, the result would be copied by fmt into a buffer
// of its own before the output sees it, so that a render printing large
// strings until its output limit allocates twice what it prints. Errors
// name the function as it was written (see cleanGuardText).
const writePrefix = "_chartrenderWrite_"

// writeNames are the functions that have a write variant: those whose
// result is a string whose size their arguments choose.
var writeNames = []string{
	"repeat", "printf", "print", "println", "cat", "quote", "squote", "indent", "nindent",
	"replace", "regexReplaceAll", "regexReplaceAllLiteral", "mustRegexReplaceAll", "mustRegexReplaceAllLiteral",
	"join", "toYaml", "toYamlPretty", "toJson", "toPrettyJson", "toRawJson", "toString", "toToml",
	"mustToYaml", "mustToJson", "mustToPrettyJson", "mustToRawJson", "mustToToml",
	"b64enc", "b32enc", "upper", "lower", "title", "wrap", "wrapWith",
}

// writableFuncs returns the names of writeNames whose variant every worker
// of e defines: those the function map has (print, println and printf are
// text/template's when the map lacks them), and the caller did not define.
func (e *Engine) writableFuncs() map[string]bool {
	names := map[string]bool{}
	for _, name := range writeNames {
		if _, own := e.opts.Funcs[name]; own {
			continue
		}
		if _, ok := e.funcs[name]; ok || builtinPrinters[name] != nil || name == "printf" {
			names[name] = true
		}
	}
	return names
}

// writeFuncs returns the write variants of the functions named in e's
// writable set, bound to w: of fm's function, else of e's.
func (w *worker) writeFuncs(e *Engine, fm template.FuncMap) template.FuncMap {
	out := template.FuncMap{}
	for name := range e.writable {
		f, ok := fm[name]
		if !ok {
			f, ok = e.funcs[name]
		}
		if !ok {
			if name == "printf" {
				f = fmt.Sprintf
			} else {
				f = builtinPrinters[name]
			}
		}
		if v := w.writeVariant(f); v != nil {
			out[writePrefix+name] = v
		}
	}
	return out
}

// writeVariant returns the write variant of f, or nil for a signature it
// does not know.
func (w *worker) writeVariant(f any) any {
	switch f := f.(type) {
	case func(string) string:
		return func(a string) string { return w.writeResult(f(a)) }
	case func(any) string:
		return func(a any) string { return w.writeResult(f(a)) }
	case func(...any) string:
		return func(a ...any) string { return w.writeResult(f(a...)) }
	case func(string, ...any) string:
		return func(a string, b ...any) string { return w.writeResult(f(a, b...)) }
	case func(int, string) string:
		return func(a int, b string) string { return w.writeResult(f(a, b)) }
	case func(string, string, string) string:
		return func(a, b, c string) string { return w.writeResult(f(a, b, c)) }
	case func(int, string, string) string:
		return func(a int, b, c string) string { return w.writeResult(f(a, b, c)) }
	case func(string, any) string:
		return func(a string, b any) string { return w.writeResult(f(a, b)) }
	case func(any) (string, error):
		return func(a any) (string, error) { return w.writeResultErr(f(a)) }
	case func(int, string) (string, error):
		return func(a int, b string) (string, error) { return w.writeResultErr(f(a, b)) }
	case func(string, any) (string, error):
		return func(a string, b any) (string, error) { return w.writeResultErr(f(a, b)) }
	case func(string, string, string) (string, error):
		return func(a, b, c string) (string, error) { return w.writeResultErr(f(a, b, c)) }
	case func(int, string, string) (string, error):
		return func(a int, b, c string) (string, error) { return w.writeResultErr(f(a, b, c)) }
	}
	return nil
}

// writeResult writes s into the output of the template being executed and
// returns "" for text/template to print; outside a template it returns s.
// A write over a limit is refused by panicking, which text/template turns
// into the call's error.
func (w *worker) writeResult(s string) string {
	if len(w.outs) == 0 {
		return s
	}
	refuse(w.outs[len(w.outs)-1].writeString(s))
	return ""
}

func (w *worker) writeResultErr(s string, err error) (string, error) {
	if err != nil || len(w.outs) == 0 {
		return s, err
	}
	return "", w.outs[len(w.outs)-1].writeString(s)
}

// writeString writes s as text/template would print it, without counting a
// step: text/template then prints the variant's "" through Write, which
// counts the action's step as before.
func (lw *limitWriter) writeString(s string) error {
	if len(s) == 0 {
		return nil
	}
	// write never modifies p; it may keep it (see adoptBytes), as a string
	// never changes.
	return lw.write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// printWrite makes the pipeline p of a printing action call the write
// variant of its last command's function, if it has one, and reports
// whether it did.
func (g *printGuarder) printWrite(p *parse.PipeNode) bool {
	last := p.Cmds[len(p.Cmds)-1]
	if len(last.Args) == 0 {
		return false
	}
	id, ok := last.Args[0].(*parse.IdentifierNode)
	if !ok || !g.e.writable[id.Ident] {
		return false
	}
	last.Args[0] = &parse.IdentifierNode{NodeType: parse.NodeIdentifier, Pos: id.Pos, Ident: writePrefix + id.Ident}
	return true
}
