package engine

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// ParseError is a template that does not parse. Its text is Helm's:
// "parse error at (<name>:<line>): <message>".
type ParseError struct {
	// Template is the name of the template file.
	Template string
	// Line is the line the parser reported, or 0.
	Line int
	// Msg is the parser's message.
	Msg string
	// Err is text/template's error.
	Err  error
	text string
}

func (e *ParseError) Error() string { return e.text }

// Unwrap returns text/template's error.
func (e *ParseError) Unwrap() error { return e.Err }

func newParseError(name string, err error) *ParseError {
	s := err.Error()
	pe := &ParseError{Template: name, Err: err}
	tokens := strings.Split(s, ": ")
	if len(tokens) == 1 {
		pe.Msg = s
		pe.text = fmt.Sprintf("parse error in (%s): %s", name, s)
		return pe
	}
	loc := tokens[1]
	pe.Msg = tokens[len(tokens)-1]
	pe.text = fmt.Sprintf("parse error at (%s): %s", loc, pe.Msg)
	if i := strings.LastIndexByte(loc, ':'); i >= 0 {
		pe.Line, _ = strconv.Atoi(loc[i+1:])
	}
	return pe
}

// RenderError is an error while executing a template. Its text is Helm's
// (for Helm 4 the multi-line form when every link of the error chain is a
// template error, else the raw text/template error; for required and fail,
// "execution error at (<file>:<line>:<col>): <message>").
type RenderError struct {
	// Template is the name of the template file being rendered.
	Template string
	// Location is the outermost position, "<file>:<line>:<col>", as Helm
	// prints it; Line and Col are its numbers (0 when absent).
	Location  string
	Line, Col int
	// Msg is the innermost message, e.g. the text given to required or
	// fail, or "nil pointer evaluating interface {}.b".
	Msg string
	// Expr is the innermost expression being executed, e.g.
	// ".Values.a.b.c", when the error names one.
	Expr string
	// ValuesPath is set when a nil pointer error stops a .Values
	// expression: the dotted path under .Values whose value was missing,
	// e.g. "a" for ".Values.a.b.c" failing at ".b".
	ValuesPath string
	// Err is the underlying error.
	Err  error
	text string
}

func (e *RenderError) Error() string { return e.text }

// Unwrap returns the underlying error.
func (e *RenderError) Unwrap() error { return e.Err }

var warnRegex = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(warnStart + `((?s).*)` + warnEnd) })

// execError turns an execution error of the template file name into
// Helm's error text, as reformatExecErrorMsg (Helm 4) or cleanupExecError
// (Helm 3) do.
func (e *Engine) execError(name string, err error) error {
	var ee template.ExecError
	if !errors.As(err, &ee) {
		return err
	}
	if e.opts.Helm3 {
		if _, ok := err.(template.ExecError); !ok {
			return err
		}
	}
	re := &RenderError{Template: name, Err: err}
	re.describe(err)
	s := cleanGuardText(err.Error())
	tokens := strings.SplitN(s, ": ", 3)
	if len(tokens) != 3 {
		re.text = fmt.Sprintf("execution error in (%s): %s", name, s)
		return re
	}
	re.setLocation(tokens[1])
	if m := warnRegex().FindStringSubmatch(tokens[2]); len(m) >= 2 {
		re.Msg = m[1]
		re.text = fmt.Sprintf("execution error at (%s): %s", tokens[1], m[1])
		return re
	}
	re.text = s
	if e.opts.Helm3 {
		return re
	}
	var links []traceable
	for cur := error(err); cur != nil; cur = errors.Unwrap(cur) {
		t, ok := parseTraceable(cleanGuardText(cur.Error()))
		if !ok {
			return re
		}
		if len(links) == 0 || links[len(links)-1] != t {
			links = append(links, t)
		}
	}
	var b strings.Builder
	for _, t := range links {
		b.WriteString(t.String())
	}
	re.text = strings.TrimSpace(b.String())
	return re
}

func (re *RenderError) setLocation(loc string) {
	re.Location = loc
	parts := strings.Split(loc, ":")
	if len(parts) >= 3 {
		re.Line, _ = strconv.Atoi(parts[len(parts)-2])
		re.Col, _ = strconv.Atoi(parts[len(parts)-1])
	} else if len(parts) == 2 {
		re.Line, _ = strconv.Atoi(parts[1])
	}
}

// describe fills Msg, Expr and ValuesPath from the innermost links of the
// chain.
func (re *RenderError) describe(err error) {
	for cur := err; cur != nil; cur = errors.Unwrap(cur) {
		text := cleanGuardText(cur.Error())
		if t, ok := parseTraceable(text); ok {
			if t.fn != "" {
				re.Expr = t.expr
			}
			re.Msg = t.message
		} else {
			re.Msg = text
		}
	}
	const nilPrefix = "nil pointer evaluating "
	if !strings.HasPrefix(re.Msg, nilPrefix) {
		return
	}
	expr := strings.TrimPrefix(re.Expr, "$")
	if !strings.HasPrefix(expr, ".Values.") {
		return
	}
	field := re.Msg[strings.LastIndexByte(re.Msg, '.')+1:]
	segs := strings.Split(strings.TrimPrefix(expr, ".Values."), ".")
	for i, s := range segs {
		if s == field && i > 0 {
			re.ValuesPath = strings.Join(segs[:i], ".")
			return
		}
	}
}

// traceable is one link of a text/template error chain, as Helm 4 splits
// it.
type traceable struct {
	location string
	message  string
	fn       string // `executing "<name>" at <<expr>>:`
	expr     string
}

func (t traceable) String() string {
	var b strings.Builder
	if t.location != "" {
		b.WriteString(t.location + "\n  ")
	}
	if t.fn != "" {
		b.WriteString(t.fn + "\n    ")
	}
	if t.message != "" {
		b.WriteString(t.message + "\n")
	}
	return b.String()
}

func parseTraceable(s string) (traceable, bool) {
	const prefix = "template: "
	if !strings.HasPrefix(s, prefix) {
		return traceable{}, false
	}
	rest := s[len(prefix):]
	if strings.HasPrefix(rest, "no template ") {
		return traceable{message: s}, true
	}
	if name, after, found := strings.Cut(rest, ": executing "); found {
		if after == "" || after[0] != '"' {
			return traceable{}, false
		}
		end := strings.IndexByte(after[1:], '"')
		if end == -1 {
			return traceable{}, false
		}
		end++
		fn := after[1:end]
		afterFn := after[end+1:]
		const at = " at <"
		if !strings.HasPrefix(afterFn, at) {
			return traceable{}, false
		}
		loc, msg, found := strings.Cut(afterFn[len(at):], ">: ")
		if !found {
			return traceable{}, false
		}
		if i := strings.Index(msg, " template:"); i != -1 {
			msg = msg[:i]
		}
		return traceable{
			location: name,
			message:  msg,
			fn:       `executing "` + fn + `" at <` + loc + `>:`,
			expr:     loc,
		}, true
	}
	if sep := strings.LastIndex(rest, ": "); sep != -1 {
		msg := rest[sep+2:]
		if i := strings.Index(msg, " template:"); i != -1 {
			msg = msg[:i]
		}
		return traceable{location: rest[:sep], message: msg}, true
	}
	return traceable{}, false
}
