package engine

import (
	"fmt"
	"math/bits"
	"reflect"
	"regexp"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// The functions below wrap sprig's and Helm's functions that build a string
// or a list whose size their arguments choose, or that walk a value. Each
// wrapper computes (or bounds from above) the size of the result before
// calling the function, refuses it when it would exceed the limit, counts
// the bytes and a step in the render's budget, and checks values for
// cycles and depth. Within the limits they return exactly what the
// wrapped function returns.

// Sizes charged for list elements and map entries.
const (
	elemBytes  = 64 // a list element, with the garbage of building lists one element at a time
	entryBytes = 64
)

// limitFuncs returns the worker's wrappers of the functions of base.
func (w *worker) limitFuncs(base template.FuncMap) template.FuncMap {
	out := template.FuncMap{}
	add := func(name string, fn any) {
		if _, ok := base[name]; ok {
			out[name] = fn
		}
	}
	// Encoders and printers of one value.
	for name, mode := range map[string]sizeMode{
		"toYaml": modeIndent, "toYamlPretty": modeIndent, "toJson": modeJSON, "toPrettyJson": modeIndent,
		"toRawJson": modeJSON, "toString": modeFmt,
	} {
		if f, ok := base[name].(func(any) string); ok {
			// toYaml writes most values without measuring them first.
			direct := name == "toYaml" && sameFunc(f, yamlx.ToYAML)
			add(name, func(v any) string {
				// checkValue, in line: most values encoded are maps.
				if s, ok := v.(string); !ok {
					if direct {
						if out, ok := w.toYAMLWithin(v); ok {
							return out
						}
					}
					refuse(w.checkValueSlow(name, mode, v))
				} else if n := strSize(s, mode); !w.chargeSmall(n) {
					refuse(w.checkSizeSlow(name, n))
				}
				return f(v)
			})
		}
	}
	for name, mode := range map[string]sizeMode{
		"mustToYaml": modeIndent, "mustToJson": modeJSON, "mustToPrettyJson": modeIndent,
		"mustToRawJson": modeJSON, "toToml": modeIndent, "mustToToml": modeIndent,
	} {
		if f, ok := base[name].(func(any) (string, error)); ok {
			add(name, func(v any) (string, error) {
				if err := w.checkValue(name, mode, v); err != nil {
					return "", err
				}
				return f(v)
			})
		}
	}
	// Printers of several values.
	for name, factor := range map[string]int64{"cat": 1, "quote": 6, "squote": 1, "print": 1, "println": 1,
		"html": 6, "js": 6, "urlquery": 3} {
		f, ok := base[name].(func(...any) string)
		if !ok {
			f, ok = builtinPrinters[name]
		}
		if ok && name == "cat" {
			f = catStrings(f)
		} else if ok && name == "print" && base[name] == nil {
			f = printStrings
		}
		if ok {
			out[name] = func(vs ...any) string {
				// checkArgs, in line.
				n, i := stringsLen(vs)
				if i < len(vs) {
					refuse(w.checkArgsSlow(name, factor, vs, i, n))
				} else if n = factor * (n + 2*int64(len(vs))); !w.chargeSmall(n) {
					refuse(w.checkSizeSlow(name, n))
				}
				return f(vs...)
			}
		}
	}
	out["printf"] = func(format string, vs ...any) string {
		// checkPrintf, in line.
		n, i := stringsLen(vs)
		if i < len(vs) {
			refuse(w.checkPrintfSlow(format, vs, i, n))
		} else if n = printfSize(format, n, vs); !w.chargeSmall(n) {
			refuse(w.checkSizeSlow("printf", n))
		}
		return fmt.Sprintf(format, vs...)
	}
	if f, ok := base["join"].(func(string, any) string); ok {
		add("join", func(sep string, v any) string {
			n, err := w.measure("join", modeFmt, v)
			refuse(err)
			refuse(w.checkSize("join", n+mulSat(int64(len(sep)), listLen(v))))
			return f(sep, v)
		})
	}
	for _, name := range []string{"toStrings", "sortAlpha"} {
		if f, ok := base[name].(func(any) []string); ok {
			add(name, func(v any) []string {
				n, err := w.measure(name, modeFmt, v)
				refuse(err)
				refuse(w.checkSize(name, n))
				return f(v)
			})
		}
	}
	for _, name := range []string{"deepCopy", "deepEqual"} {
		switch f := base[name].(type) {
		case func(any) any:
			add(name, func(v any) any {
				refuse(w.checkValue(name, modeFmt, v))
				return f(v)
			})
		case func(any, any) bool:
			add(name, func(a, b any) bool {
				refuse(w.checkValues(name, a, b))
				return f(a, b)
			})
		}
	}
	if f, ok := base["mustDeepCopy"].(func(any) (any, error)); ok {
		add("mustDeepCopy", func(v any) (any, error) {
			if err := w.checkValue("mustDeepCopy", modeFmt, v); err != nil {
				return nil, err
			}
			return f(v)
		})
	}

	// Strings whose size the arguments choose.
	if f, ok := base["repeat"].(func(int, string) string); ok {
		add("repeat", func(count int, s string) string {
			if count > 0 && len(s) > 0 {
				refuse(w.checkSize("repeat", mulSat(int64(count), int64(len(s)))))
			}
			return f(count, s)
		})
	}
	for _, name := range []string{"indent", "nindent"} {
		if f, ok := base[name].(func(int, string) string); ok && (sameFunc(f, indentFunc) || sameFunc(f, nindentFunc)) {
			// The engine's own: the check and the build share the count
			// of newlines, and the wrapper calls the builder itself.
			newline := sameFunc(f, nindentFunc)
			add(name, func(spaces int, s string) string {
				nls := strings.Count(s, "\n")
				if spaces > 0 {
					if n := mulSat(int64(spaces), int64(nls)+1) + int64(len(s)) + 1; !w.chargeSmall(n) {
						refuse(w.checkSizeSlow(name, n))
					}
				}
				return indentText(spaces, s, newline, nls)
			})
		} else if ok {
			add(name, func(spaces int, s string) string {
				if spaces > 0 {
					lines := int64(strings.Count(s, "\n")) + 1
					if n := mulSat(int64(spaces), lines) + int64(len(s)) + 1; !w.chargeSmall(n) {
						refuse(w.checkSizeSlow(name, n))
					}
				}
				return f(spaces, s)
			})
		}
	}
	if f, ok := base["replace"].(func(string, string, string) string); ok {
		add("replace", func(old, new, src string) string {
			if len(new) > len(old) {
				var n int64
				if old == "" {
					n = int64(utf8.RuneCountInString(src)) + 1
				} else {
					n = int64(strings.Count(src, old))
				}
				refuse(w.checkSize("replace", int64(len(src))+mulSat(n, int64(len(new)-len(old)))))
				// Every replacement costs a step.
				refuse(w.steps(n))
			}
			return f(old, new, src)
		})
	}
	for _, name := range []string{"regexReplaceAll", "regexReplaceAllLiteral"} {
		if f, ok := base[name].(func(string, string, string) string); ok {
			literal := strings.HasSuffix(name, "Literal")
			add(name, func(re, s, repl string) string {
				refuse(w.checkRegexReplace(name, re, s, repl, literal))
				return f(re, s, repl)
			})
		}
	}
	for _, name := range []string{"mustRegexReplaceAll", "mustRegexReplaceAllLiteral"} {
		if f, ok := base[name].(func(string, string, string) (string, error)); ok {
			literal := strings.HasSuffix(name, "Literal")
			add(name, func(re, s, repl string) (string, error) {
				if err := w.checkRegexReplace(name, re, s, repl, literal); err != nil {
					return "", err
				}
				return f(re, s, repl)
			})
		}
	}
	for name, factor := range map[string]int64{"b64enc": 2, "b32enc": 2, "upper": 3, "lower": 3, "title": 3,
		"snakecase": 2, "kebabcase": 2, "camelcase": 1, "swapcase": 3, "shuffle": 1} {
		if f, ok := base[name].(func(string) string); ok {
			add(name, func(s string) string {
				refuse(w.checkSize(name, factor*int64(len(s))+8))
				return f(s)
			})
		}
	}
	if f, ok := base["wrap"].(func(int, string) string); ok {
		add("wrap", func(width int, s string) string {
			refuse(w.checkSize("wrap", 2*int64(len(s))+1))
			return f(width, s)
		})
	}
	if f, ok := base["wrapWith"].(func(int, string, string) string); ok {
		add("wrapWith", func(width int, sep, s string) string {
			refuse(w.checkSize("wrapWith", int64(len(s))*(int64(len(sep))+1)+1))
			return f(width, sep, s)
		})
	}
	for _, name := range []string{"randAlphaNum", "randAlpha", "randAscii", "randNumeric"} {
		if f, ok := base[name].(func(int) string); ok {
			add(name, func(n int) string {
				refuse(w.checkSize(name, int64(n)))
				return f(n)
			})
		}
	}
	if f, ok := base["randBytes"].(func(int) (string, error)); ok {
		add("randBytes", func(n int) (string, error) {
			if err := w.checkSize("randBytes", 2*int64(n)); err != nil {
				return "", err
			}
			return f(n)
		})
	}
	for _, name := range []string{"splitList", "split"} {
		per := int64(elemBytes)
		if name == "split" {
			per = entryBytes
		}
		switch f := base[name].(type) {
		case func(string, string) []string:
			add(name, func(sep, s string) []string {
				refuse(w.checkSplit(name, sep, s, per))
				return f(sep, s)
			})
		case func(string, string) map[string]string:
			add(name, func(sep, s string) map[string]string {
				refuse(w.checkSplit(name, sep, s, per))
				return f(sep, s)
			})
		}
	}

	// Lists whose length the arguments choose.
	if f, ok := base["until"].(func(int) []int); ok {
		add("until", func(count int) []int {
			refuse(w.checkSize("until", mulSat(abs64(int64(count)), 8)))
			return f(count)
		})
	}
	if f, ok := base["untilStep"].(func(int, int, int) []int); ok {
		add("untilStep", func(start, stop, step int) []int {
			if step != 0 {
				refuse(w.checkSize("untilStep", mulSat(abs64((int64(stop)-int64(start))/int64(step)), 8)))
			}
			return f(start, stop, step)
		})
	}
	if f, ok := base["seq"].(func(...int) string); ok {
		add("seq", func(params ...int) string {
			refuse(w.checkSize("seq", seqSize(params)))
			return f(params...)
		})
	}
	for _, name := range []string{"list", "tuple"} {
		if f, ok := base[name].(func(...any) []any); ok {
			add(name, func(vs ...any) []any {
				// nest's check, in line.
				for _, v := range vs {
					if !nestFree(v) {
						w.addNestSteps()
						break
					}
				}
				if n := elemBytes * int64(len(vs)); !w.chargeSmall(n) {
					refuse(w.checkSizeSlow(name, n))
				}
				return f(vs...)
			})
		}
	}
	if f, ok := base["dict"].(func(...any) map[string]any); ok && sameFunc(f, sprigMaps().dict) {
		// sprig's dict, with the checks in its loop: they charge what the
		// wrapper of another dict would (dictSlow) once the map is built,
		// which holds no more than the arguments.
		add("dict", func(vs ...any) map[string]any {
			d := map[string]any{} // no size hint, as sprig's
			nested := false
			for i := 0; i < len(vs); i += 2 {
				k, ok := vs[i].(string)
				if !ok {
					return w.dictSlow(f, vs)
				}
				if i+1 == len(vs) {
					d[k] = ""
					break
				}
				nested = nested || !nestFree(vs[i+1])
				d[k] = vs[i+1]
			}
			if nested {
				w.addNestSteps()
			}
			refuse(w.charge(entryBytes * int64(len(vs)/2)))
			return d
		})
	} else if ok {
		add("dict", func(vs ...any) map[string]any { return w.dictSlow(f, vs) })
	}
	for _, name := range []string{"append", "push", "prepend"} {
		if f, ok := base[name].(func(any, any) []any); ok {
			add(name, func(l, v any) []any {
				refuse(w.nest(v))
				refuse(w.checkSize(name, elemBytes*(listLen(l)+1)))
				return f(l, v)
			})
		}
	}
	for _, name := range []string{"mustAppend", "mustPush", "mustPrepend"} {
		if f, ok := base[name].(func(any, any) ([]any, error)); ok {
			add(name, func(l, v any) ([]any, error) {
				if err := w.nest(v); err != nil {
					return nil, err
				}
				if err := w.checkSize(name, elemBytes*(listLen(l)+1)); err != nil {
					return nil, err
				}
				return f(l, v)
			})
		}
	}
	if f, ok := base["concat"].(func(...any) any); ok {
		add("concat", func(ls ...any) any {
			var n int64
			for _, l := range ls {
				n += listLen(l)
			}
			refuse(w.checkSize("concat", elemBytes*n))
			return f(ls...)
		})
	}
	// Numbers converted with spf13/cast (toDecimal with fmt.Sprint): a map
	// or a list is no number and converts to 0, but only after cast has
	// printed it into an error that sprig drops, and fmt's text of a list
	// doubled forty times by sharing is terabytes. The wrappers pass such
	// an argument on as nil, which converts to 0 as well, without the text.
	for _, name := range []string{"int", "int64", "float64", "toDecimal", "add1", "add", "sub", "div", "mod",
		"mul", "add1f", "addf", "subf", "divf", "mulf", "max", "min", "biggest", "maxf", "minf", "floor",
		"ceil", "round", "slice", "mustSlice"} {
		if fn := numberArgs(base[name], name == "slice" || name == "mustSlice"); fn != nil {
			add(name, fn)
		}
	}
	return out
}

// dictKeys checks dict's keys (vs[0], vs[2], ...) when one is not a
// string: sprig prints such a key with fmt, so a container is checked as
// a value printed. nested: one of them is a container, whose storing nest
// charges.
//
//go:noinline
func (w *worker) dictKeys(vs []any) (nested bool, err error) {
	for i := 0; i < len(vs); i += 2 {
		v := vs[i]
		if nestFree(v) {
			continue
		}
		nested = true
		if isContainer(v) {
			if err := w.checkValue("dict", modeFmt, v); err != nil {
				return true, err
			}
		}
	}
	return nested, nil
}

// dictSlow is dict for a call with a key that is not a string, or for a
// dict other than sprig's (see limitFuncs): sprig's dict makes a key a
// string as fmt prints it, so a key that is a map or a list is walked
// first; a value that is not a scalar costs nest's steps, and each entry
// entryBytes.
//
//go:noinline
func (w *worker) dictSlow(f func(...any) map[string]any, vs []any) map[string]any {
	nested, err := w.dictKeys(vs)
	refuse(err)
	for i := 1; i < len(vs) && !nested; i += 2 {
		nested = !nestFree(vs[i])
	}
	if nested {
		w.addNestSteps()
	}
	refuse(w.charge(entryBytes * int64(len(vs)/2)))
	return f(vs...)
}

// sameFunc reports whether f and g are the same function.
func sameFunc(f, g any) bool { return reflect.ValueOf(f).Pointer() == reflect.ValueOf(g).Pointer() }

// addNestSteps adds what nest charges for storing a container to the
// meter, without its check: the caller's charge or checkSize, which comes
// next, checks the sum (the same total, one check instead of two).
func (w *worker) addNestSteps() {
	w.m.units += nestSteps * stepUnits
	w.m.steps += nestSteps
}

// nestFree reports whether v is a string, nil, a bool, an int, an int64
// or a float64: a value that nest charges nothing for storing. One type
// comparison each, without a type switch's hash search.
func nestFree(v any) bool {
	if _, ok := v.(string); ok || v == nil {
		return true
	}
	if _, ok := v.(int); ok {
		return true
	}
	if _, ok := v.(bool); ok {
		return true
	}
	if _, ok := v.(float64); ok {
		return true
	}
	_, ok := v.(int64)
	return ok
}

// isContainer reports whether fmt prints v as a map, a list or an array
// of its elements (a []byte is a string to sprig).
func isContainer(v any) bool {
	switch v.(type) {
	case nil, string, bool, int, int64, float64, []byte:
		return false
	}
	switch reflect.TypeOf(v).Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		return true
	}
	return false
}

// noList is v, or nil for a container (see isContainer).
func noList(v any) any {
	if isContainer(v) {
		return nil
	}
	return v
}

// noLists is vs with its containers replaced by nil, a copy if it has any.
func noLists(vs []any) []any {
	for i, v := range vs {
		if isContainer(v) {
			c := make([]any, len(vs))
			for j, v := range vs {
				c[j] = v
				if j >= i {
					c[j] = noList(v)
				}
			}
			return c
		}
	}
	return vs
}

// numberArgs wraps f, a function that converts its arguments to numbers,
// so that it gets no container (see limitFuncs), or returns nil for a
// signature it does not know. keepFirst: the first argument is not a
// number (slice's list).
func numberArgs(f any, keepFirst bool) any {
	switch f := f.(type) {
	case func(any) int:
		return func(a any) int { return f(noList(a)) }
	case func(any) int64:
		return func(a any) int64 { return f(noList(a)) }
	case func(any) float64:
		return func(a any) float64 { return f(noList(a)) }
	case func(any, any) int64:
		return func(a, b any) int64 { return f(noList(a), noList(b)) }
	case func(...any) int64:
		return func(vs ...any) int64 { return f(noLists(vs)...) }
	case func(...any) float64:
		return func(vs ...any) float64 { return f(noLists(vs)...) }
	case func(any, ...any) int64:
		return func(a any, vs ...any) int64 { return f(noList(a), noLists(vs)...) }
	case func(any, ...any) float64:
		return func(a any, vs ...any) float64 { return f(noList(a), noLists(vs)...) }
	case func(any, int, ...float64) float64:
		return func(a any, p int, r ...float64) float64 { return f(noList(a), p, r...) }
	case func(any, ...any) any:
		if keepFirst {
			return func(l any, vs ...any) any { return f(l, noLists(vs)...) }
		}
	case func(any, ...any) (any, error):
		if keepFirst {
			return func(l any, vs ...any) (any, error) { return f(l, noLists(vs)...) }
		}
	}
	return nil
}

// refuse panics with err, if any. The wrappers of functions that return
// no error report limits this way, so that they keep the signatures (and
// the cost of a call) of the functions they wrap: text/template turns the
// panic into the call's error, "error calling <fn>: <err>", exactly as it
// does a returned error, and a call of a function with an error result
// costs an allocation more (reflect boxes every result that is not a
// pointer, and a nil error too).
func refuse(err error) {
	if err != nil {
		panic(err)
	}
}

// checkValue checks v for fn and refuses a printed form larger than the
// limit. A string is sized on the spot; anything else is checkValueSlow's.
func (w *worker) checkValue(fn string, mode sizeMode, v any) error {
	if s, ok := v.(string); ok {
		if n := strSize(s, mode); !w.chargeSmall(n) {
			return w.checkSizeSlow(fn, n)
		}
		return nil
	}
	return w.checkValueSlow(fn, mode, v)
}

// Bounds of the encodings toYAMLWithin tries: far below the value and
// depth limits, so that whatever it gives up on, the walk of checkValue
// decides, and its work before giving up is small.
const (
	withinBytes = 64 << 10
	withinDepth = 64
)

// toYAMLWithin is toYaml of v without measuring v first: it writes v with
// yamlx.ToYAMLWithin, which gives up, having written at most a few times
// withinBytes, on values larger or deeper than its bounds (values that
// contain themselves among them), and charges what it wrote. It reports
// false when the encoder gave up or the charge did not fit, having charged
// nothing; toYaml then measures v and refuses it or encodes it as before.
//
//go:noinline
func (w *worker) toYAMLWithin(v any) (string, bool) {
	l := &w.r.e.lim
	maxBytes := int64(withinBytes)
	if l.maxValue > 0 {
		maxBytes = min(maxBytes, l.maxValue/2)
	}
	out, ok := yamlx.ToYAMLWithin(v, int(maxBytes), min(withinDepth, l.maxDepth/2))
	if !ok || !w.chargeSmall(int64(len(out))) {
		return "", false
	}
	return out, true
}

// checkValueSlow is checkValue of a value that is not a string: mostly a
// map or a list, so it goes straight to the walk, which sizes any other
// scalar as scalarSize does.
//
//go:noinline
func (w *worker) checkValueSlow(fn string, mode sizeMode, v any) error {
	n, err := w.measure(fn, mode, v)
	if err != nil {
		return err
	}
	if !w.chargeSmall(n) {
		return w.checkSizeSlow(fn, n)
	}
	return nil
}

// stringsLen adds up the lengths of the strings at the start of vs, up to
// vs[i], the first argument that is not a string (i = len(vs): all are).
func stringsLen(vs []any) (n int64, i int) {
	for ; i < len(vs); i++ {
		s, ok := vs[i].(string)
		if !ok {
			break
		}
		n += int64(len(s))
	}
	return n, i
}

// checkArgsSlow checks the arguments of a printer of several values
// (fmt's form) from vs[i], the first that is not a string, on (n is the
// length of the strings before it), and charges factor times their size
// plus two bytes per argument. The wrappers add up the strings at the
// start themselves (stringsLen), which for most calls is all of them.
//
//go:noinline
func (w *worker) checkArgsSlow(fn string, factor int64, vs []any, i int, n int64) error {
	n, err := w.measureArgsFrom(fn, vs, i, n)
	if err != nil {
		return err
	}
	if n = factor * (n + 2*int64(len(vs))); !w.chargeSmall(n) {
		return w.checkSizeSlow(fn, n)
	}
	return nil
}

// checkPrintfSlow checks printf's arguments from vs[i], the first that is
// not a string, on (n is the length of the strings before it), and charges
// the bound printfSize gives for them and format.
//
//go:noinline
func (w *worker) checkPrintfSlow(format string, vs []any, i int, n int64) error {
	n, err := w.measureArgsFrom("printf", vs, i, n)
	if err != nil {
		return err
	}
	if n = printfSize(format, n, vs); !w.chargeSmall(n) {
		return w.checkSizeSlow("printf", n)
	}
	return nil
}

// measureArgsFrom is measure of a printer's arguments (fmt's form) when
// the arguments before vs[i] are strings whose lengths add up to n. Most
// are strings and numbers, whose sizes are added up without a walk; the
// caller's check of the sum refuses long strings as the walk would.
func (w *worker) measureArgsFrom(fn string, vs []any, i int, n int64) (int64, error) {
	for _, v := range vs[i:] {
		if s, ok := v.(string); ok {
			n += int64(len(s))
			continue
		}
		k, ok := scalarSize(v, modeFmt)
		if !ok {
			return w.measure(fn, modeFmt, vs...)
		}
		n += k
	}
	return n, nil
}

// builtinPrinters are text/template's printing builtins, which the
// wrappers replace.
var builtinPrinters = map[string]func(...any) string{
	"print":    fmt.Sprint,
	"println":  fmt.Sprintln,
	"html":     template.HTMLEscaper,
	"js":       template.JSEscaper,
	"urlquery": template.URLQueryEscaper,
}

// printfSize bounds the size of fmt.Sprintf(format, vs...), where n bounds
// the printed size of vs: every width and precision may add as many bytes
// as it says, and verbs that quote or hex-encode multiply. Most formats
// have only verbs without flags, widths or precisions ("%s-%d"): those are
// sized here, in one short loop; a format with anything else after a '%'
// is printfSizeFull's.
func printfSize(format string, n int64, vs []any) int64 {
	factor := int64(1)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		if i++; i == len(format) {
			break
		}
		c := format[i] - 'A'
		if c >= 64 || c == '['-'A' || c == ']'-'A' {
			// Below 'A' (flags, digits, '*', '%'), past 'z', or an
			// argument index.
			return printfSizeFull(format, n, vs)
		}
		if hexVerbs>>c&1 != 0 {
			factor = 10
		}
	}
	return mulSat(int64(len(format))+n, factor) + 24*int64(len(vs))
}

// hexVerbs has bit c-'A' set for each verb c that quotes or encodes its
// argument in a larger form: q, x, X, U, b, o and O.
const hexVerbs = 1<<('q'-'A') | 1<<('x'-'A') | 1<<('X'-'A') | 1<<('U'-'A') | 1<<('b'-'A') | 1<<('o'-'A') |
	1<<('O'-'A')

// printfSizeFull is printfSize of any format.
//
//go:noinline
func printfSizeFull(format string, n int64, vs []any) int64 {
	total := int64(len(format)) + n
	factor := int64(1)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		for i++; i < len(format); i++ {
			c := format[i]
			switch {
			case c >= '0' && c <= '9':
				var num int64
				for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
					num = min(num*10+int64(format[i]-'0'), 1<<40)
				}
				i--
				total += num
				continue
			case c == '*':
				for _, v := range vs {
					if k, ok := v.(int); ok {
						total += abs64(int64(k))
					}
				}
				continue
			case c == '+' || c == '-' || c == '#' || c == ' ' || c == '.' || c == '[' || c == ']':
				continue
			case c == 'q' || c == 'x' || c == 'X' || c == 'U' || c == 'b' || c == 'o' || c == 'O':
				factor = max(factor, 10)
			}
			break
		}
	}
	return mulSat(total, factor) + 24*int64(len(vs))
}

// seqSize bounds the size of seq's result.
func seqSize(params []int) int64 {
	var start, end, step int64 = 1, 0, 1
	switch len(params) {
	case 1:
		end = int64(params[0])
	case 2:
		start, end = int64(params[0]), int64(params[1])
	case 3:
		start, step, end = int64(params[0]), int64(params[1]), int64(params[2])
	default:
		return 0
	}
	if step == 0 {
		step = 1
	}
	return mulSat(abs64((end-start)/step)+1, 21)
}

func (w *worker) checkSplit(fn, sep, s string, per int64) error {
	var n int64
	if sep == "" {
		n = int64(len(s))
	} else {
		n = int64(strings.Count(s, sep)) + 1
	}
	return w.checkSize(fn, mulSat(n, per))
}

// checkRegexReplace bounds the result of replacing the matches of re in s
// with repl. A replacement template can refer to submatches, each at most
// as long as the match. When the quick bound exceeds the limit, the matches
// are counted.
func (w *worker) checkRegexReplace(fn, re, s, repl string, literal bool) error {
	refs := int64(0)
	if !literal {
		refs = int64(strings.Count(repl, "$"))
	}
	per := int64(len(repl)) + refs*int64(len(s))
	quick := int64(len(s)) + mulSat(int64(len(s))+1, per)
	if max := w.r.e.lim.maxValue; max <= 0 || quick <= max {
		return w.checkSize(fn, quick)
	}
	r, err := regexp.Compile(re)
	if err != nil {
		return nil // the function reports it
	}
	n := int64(len(s))
	r.ReplaceAllStringFunc(s, func(m string) string {
		n = addSat(n, int64(len(repl))+refs*int64(len(m)))
		return ""
	})
	return w.checkSize(fn, n)
}

// listLen is the length of a list argument, or 0.
func listLen(v any) int64 {
	switch l := v.(type) {
	case []any:
		return int64(len(l))
	case []string:
		return int64(len(l))
	case []int:
		return int64(len(l))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		return int64(rv.Len())
	}
	return 0
}

// mulSat is a*b capped at 1<<62 when both are positive, and a*b but at
// least 0 otherwise.
func mulSat(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return max(a*b, 0)
	}
	// One widening multiplication, no division.
	if hi, lo := bits.Mul64(uint64(a), uint64(b)); hi != 0 || lo > 1<<62 {
		return 1 << 62
	}
	return a * b
}

func addSat(a, b int64) int64 {
	if a > 1<<62-b {
		return 1 << 62
	}
	return a + b
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
