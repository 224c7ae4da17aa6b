package engine

import (
	"maps"
	"text/template"
)

// FuncMap returns a copy of the function map the templates of e see (sprig's
// without env and expandenv, Helm's functions, and the options' changes),
// for use with text/template outside a render, for example to try a
// function on its own. include and tpl need a render: here they return an
// error. The render limits of Options do not apply to functions called this
// way. It returns nil when Options.Funcs holds a value text/template
// refuses (Render reports that error).
func (e *Engine) FuncMap() template.FuncMap {
	if e.funcs == nil {
		return nil
	}
	return maps.Clone(e.funcs)
}
