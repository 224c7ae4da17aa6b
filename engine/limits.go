package engine

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"text/template"
)

// ErrOutputLimit is wrapped by the error of a render whose output, or one of
// whose intermediate strings, would exceed Options.MaxOutputBytes.
var ErrOutputLimit = errors.New("output limit exceeded")

// ErrTplDepth is wrapped by the error of a render whose tpl calls nest
// deeper than Options.MaxTplDepth.
var ErrTplDepth = errors.New("tpl nesting limit exceeded")

// limitWriter collects output, checking on every write that the render was
// not cancelled and that no limit is exceeded. Text/template writes every
// piece of text and every action result through it, and the engine adds an
// empty write at the start of every range iteration, so even a loop that
// prints nothing notices cancellation.
type limitWriter struct {
	sb    strings.Builder
	done  <-chan struct{}
	ctx   context.Context
	max   int64         // per-buffer limit, 0 = none
	total *atomic.Int64 // shared budget of the render's final outputs, or nil
	limit int64         // the budget of total
}

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.done != nil {
		select {
		case <-w.done:
			return 0, w.ctx.Err()
		default:
		}
	}
	if w.max > 0 {
		if int64(w.sb.Len())+int64(len(p)) > w.max {
			return 0, fmt.Errorf("%w: more than %d bytes", ErrOutputLimit, w.max)
		}
		if w.total != nil && w.total.Add(int64(len(p))) > w.limit {
			return 0, fmt.Errorf("%w: more than %d bytes in all", ErrOutputLimit, w.limit)
		}
	}
	return w.sb.Write(p)
}

func (w *limitWriter) String() string { return w.sb.String() }

func limitErr(fn string, n, max int64) error {
	return fmt.Errorf("%w: %s would build %d bytes, more than %d", ErrOutputLimit, fn, n, max)
}

// limitedFuncs wraps the sprig functions that build a string or list whose
// size an argument chooses, so that hostile templates cannot exhaust
// memory. Within the limit they behave exactly as sprig's.
func limitedFuncs(f template.FuncMap, max int64) template.FuncMap {
	out := template.FuncMap{}
	if orig, ok := f["repeat"].(func(int, string) string); ok {
		out["repeat"] = func(count int, s string) (string, error) {
			if n := int64(count) * int64(len(s)); count > 0 && (n > max || n/int64(count) != int64(len(s))) {
				return "", limitErr("repeat", n, max)
			}
			return orig(count, s), nil
		}
	}
	for _, name := range []string{"indent", "nindent"} {
		if orig, ok := f[name].(func(int, string) string); ok {
			out[name] = func(spaces int, s string) (string, error) {
				lines := int64(strings.Count(s, "\n") + 1)
				if spaces > 0 && (int64(spaces) > max || int64(spaces)*lines+int64(len(s)) > max) {
					return "", limitErr(name, int64(spaces)*lines+int64(len(s)), max)
				}
				return orig(spaces, s), nil
			}
		}
	}
	if orig, ok := f["until"].(func(int) []int); ok {
		out["until"] = func(count int) ([]int, error) {
			if n := abs64(int64(count)); n > max {
				return nil, limitErr("until", n, max)
			}
			return orig(count), nil
		}
	}
	if orig, ok := f["untilStep"].(func(int, int, int) []int); ok {
		out["untilStep"] = func(start, stop, step int) ([]int, error) {
			if step != 0 {
				if n := abs64((int64(stop) - int64(start)) / int64(step)); n > max {
					return nil, limitErr("untilStep", n, max)
				}
			}
			return orig(start, stop, step), nil
		}
	}
	if orig, ok := f["seq"].(func(...int) string); ok {
		out["seq"] = func(params ...int) (string, error) {
			var span, step int64 = 0, 1
			switch len(params) {
			case 1:
				span = int64(params[0])
			case 2:
				span = int64(params[1]) - int64(params[0])
			case 3:
				span, step = int64(params[2])-int64(params[0]), int64(params[1])
			}
			if step == 0 {
				step = 1
			}
			if n := abs64(span / step); n > max {
				return "", limitErr("seq", n, max)
			}
			return orig(params...), nil
		}
	}
	for _, name := range []string{"randAlphaNum", "randAlpha", "randAscii", "randNumeric"} {
		if orig, ok := f[name].(func(int) string); ok {
			out[name] = func(n int) (string, error) {
				if int64(n) > max {
					return "", limitErr(name, int64(n), max)
				}
				return orig(n), nil
			}
		}
	}
	if orig, ok := f["randBytes"].(func(int) (string, error)); ok {
		out["randBytes"] = func(n int) (string, error) {
			if int64(n) > max {
				return "", limitErr("randBytes", int64(n), max)
			}
			return orig(n)
		}
	}
	// Functions whose result can be much larger than their arguments
	// (concatenation, replacement), so that doubling a variable in a loop
	// stops at the limit: their results are checked after the call.
	for _, name := range []string{
		"print", "printf", "println", "cat", "join", "replace", "concat", "append", "mustAppend",
		"prepend", "mustPrepend", "regexReplaceAll", "mustRegexReplaceAll", "regexReplaceAllLiteral",
		"mustRegexReplaceAllLiteral", "wrapWith", "toJson", "toPrettyJson", "toRawJson", "toYaml",
		"toYamlPretty", "b64enc", "b32enc", "quote", "squote", "list", "tuple",
	} {
		if fn, ok := f[name]; ok {
			out[name] = sizeChecked(name, fn, max)
		} else if fn, ok := builtinFuncsForLimits[name]; ok {
			out[name] = sizeChecked(name, fn, max)
		}
	}
	return out
}

var builtinFuncsForLimits = map[string]any{
	"print":   fmt.Sprint,
	"printf":  fmt.Sprintf,
	"println": fmt.Sprintln,
}

var errorType = reflect.TypeFor[error]()

// sizeChecked wraps fn (any function returning one value, or a value and an
// error) so that a string result longer than max bytes, or a list result
// with more than max elements, becomes an ErrOutputLimit error.
func sizeChecked(name string, fn any, max int64) any {
	fv := reflect.ValueOf(fn)
	ft := fv.Type()
	if ft.Kind() != reflect.Func || ft.NumOut() == 0 || ft.NumOut() > 2 {
		return fn
	}
	in := make([]reflect.Type, ft.NumIn())
	for i := range in {
		in[i] = ft.In(i)
	}
	outT := []reflect.Type{ft.Out(0), errorType}
	wt := reflect.FuncOf(in, outT, ft.IsVariadic())
	return reflect.MakeFunc(wt, func(args []reflect.Value) []reflect.Value {
		var res []reflect.Value
		if ft.IsVariadic() {
			res = fv.CallSlice(args)
		} else {
			res = fv.Call(args)
		}
		errV := reflect.Zero(errorType)
		if len(res) == 2 && !res[1].IsNil() {
			errV = res[1]
		} else if n := resultSize(res[0]); n > max {
			errV = reflect.ValueOf(limitErr(name, n, max))
			return []reflect.Value{reflect.Zero(ft.Out(0)), errV}
		}
		return []reflect.Value{res[0], errV}
	}).Interface()
}

func resultSize(v reflect.Value) int64 {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String, reflect.Slice:
		return int64(v.Len())
	}
	return 0
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
