package strvals

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// errNotList tells the callers of valList that the value is not "{...}".
var errNotList = errors.New("not a list")

// parse reads pairs until the input is exhausted or an error occurs.
func (t *parser) parse(data map[string]any) error {
	for {
		err := t.key(data, 0, nil)
		if err == nil {
			continue
		}
		if t.isEOF(err) {
			return nil
		}
		var pe *ParseError
		if !errors.As(err, &pe) { // not reached: every error is a *ParseError
			pe = t.fail(nil, ErrReader, err, err.Error())
		}
		return pe
	}
}

// isEOF is Helm's end-of-input test: errors.Is in v4, identity in v3.
func (t *parser) isEOF(err error) bool {
	if t.helm3 {
		return err == io.EOF
	}
	return errors.Is(err, io.EOF)
}

// fail builds a *ParseError at the current position.
func (t *parser) fail(path []segment, kind, cause error, msg string) *ParseError {
	return &ParseError{Key: joinPath(path), Offset: t.pos, Err: kind, cause: cause, msg: msg}
}

func (t *parser) failf(path []segment, kind, cause error, format string, args ...any) *ParseError {
	return t.fail(path, kind, cause, fmt.Sprintf(format, args...))
}

// mismatch reports a value of the wrong type where Helm's type assertion
// would panic; the message is the runtime's, as Helm recovers it.
func (t *parser) mismatch(path []segment, have any, want string) error {
	var msg string
	if have == nil {
		msg = "interface conversion: interface {} is nil, not " + want
	} else {
		msg = fmt.Sprintf("interface conversion: interface {} is %T, not %s", have, want)
	}
	return &unwinding{t.fail(path, ErrTypeMismatch, nil, "unable to parse key: "+msg)}
}

// depthError reports a key path deeper than MaxDepth, or nil.
func (t *parser) depthError(path []segment) error {
	if t.maxDepth >= 0 && len(path) > t.maxDepth {
		return t.failf(path, ErrTooDeep, nil,
			"key path depth is greater than maximum supported depth of %d", t.maxDepth)
	}
	return nil
}

// set stores val under key unless key is empty.
func (t *parser) set(data map[string]any, key string, val any, path []segment) error {
	if key == "" {
		return nil
	}
	if data == nil {
		return &unwinding{t.fail(path, ErrNilMap, nil, "unable to parse key: assignment to entry in nil map")}
	}
	data[key] = val
	return nil
}

// key parses one "name..." production into data. level counts the dots
// seen so far in this key; path is where data sits, for error reporting.
func (t *parser) key(data map[string]any, level int, path []segment) error {
	err := t.keyBody(data, level, path)
	if u, ok := err.(*unwinding); ok {
		return u.pe
	}
	return err
}

func (t *parser) keyBody(data map[string]any, level int, path []segment) error {
	stop := isKeyStop
	if t.mode == modeLiteral {
		stop = isLitKeyStop
	}
	k, last, err := t.runesUntil(stop)
	name := string(k)
	here := append(path, segment{name: name})
	if err := t.depthError(here); err != nil {
		return err
	}
	switch {
	case err != nil:
		if len(k) == 0 {
			return err
		}
		return t.failf(here, ErrNoValue, nil, "key %q has no value", name)

	case last == '[':
		i, err := t.keyIndex()
		if err != nil {
			return t.fail(here, ErrInvalidIndex, err, "error parsing index: "+err.Error())
		}
		list := []any{}
		if v, ok := data[name]; ok {
			l, ok := v.([]any)
			if !ok {
				return t.mismatch(here, v, "[]interface {}")
			}
			list = l
		}
		list, err = t.listItem(list, i, level, here)
		if _, ok := err.(*unwinding); ok {
			return err
		}
		if e := t.set(data, name, list, here); e != nil {
			return e
		}
		return err

	case last == '=':
		switch t.mode {
		case modeLiteral:
			v, _, _ := t.runesUntil(isNeverStop)
			return t.set(data, name, string(v), here)
		case modeJSON:
			if t.emptyVal() {
				return t.set(data, name, nil, here)
			}
			v, err := t.decodeJSON(here)
			if err != nil {
				return err
			}
			if err := t.set(data, name, v, here); err != nil {
				return err
			}
			t.emptyVal() // skip blanks and a comma
			return nil
		}
		vl, e := t.valList(here)
		switch {
		case e == nil:
			return t.set(data, name, vl, here)
		case t.isEOF(e):
			if err := t.set(data, name, "", here); err != nil {
				return err
			}
			return e
		case e == errNotList:
			rs, _, _ := t.runesUntil(isValueStop)
			v, e := t.read(rs, here)
			if _, ok := e.(*unwinding); ok {
				return e
			}
			if err := t.set(data, name, v, here); err != nil {
				return err
			}
			return e
		default:
			return e
		}

	case last == ',':
		if err := t.set(data, name, "", here); err != nil {
			return err
		}
		return t.failf(here, ErrNoValue, nil, "key %q has no value (cannot end with ,)", name)

	default: // '.'
		level++
		if level > t.maxNested {
			return t.failf(here, ErrNestingTooDeep, nil,
				"value name nested level is greater than maximum supported nested level of %d", t.maxNested)
		}
		inner := map[string]any{}
		if v, ok := data[name]; ok {
			m, ok := v.(map[string]any)
			if !ok {
				return t.mismatch(here, v, "map[string]interface {}")
			}
			inner = m
		}
		e := t.key(inner, level, here)
		if e == nil && len(inner) == 0 {
			return t.failf(here, ErrNoValue, nil, "key map %q has no value", name)
		}
		if len(inner) != 0 {
			if err := t.set(data, name, inner, here); err != nil {
				return err
			}
		}
		return e
	}
}

// keyIndex reads the text up to ']' and converts it to an int.
func (t *parser) keyIndex() (int, error) {
	v, _, err := t.runesUntil(isIndexStop)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(string(v))
}

// listItem parses what follows "[i]" and stores it at index i of list,
// returning the (possibly reallocated) list. On error it returns the list
// as it stands, which the caller still stores, as Helm does.
func (t *parser) listItem(list []any, i, level int, path []segment) ([]any, error) {
	here := append(path, segment{index: i, isIndex: true})
	if err := t.depthError(here); err != nil {
		return list, err
	}
	if i < 0 {
		return list, t.failf(here, ErrNegativeIndex, nil, "negative %d index not allowed", i)
	}
	k, last, err := t.runesUntil(isAfterIndex)
	switch {
	case len(k) > 0:
		return list, t.failf(here, ErrUnexpectedData, nil, "unexpected data at end of array index: %q", k)
	case err != nil:
		return list, err

	case last == '=':
		switch t.mode {
		case modeLiteral:
			v, _, _ := t.runesUntil(isNeverStop)
			return t.setIndex(list, i, string(v), here)
		case modeJSON:
			if t.emptyVal() {
				return t.setIndex(list, i, nil, here)
			}
			v, err := t.decodeJSON(here)
			if err != nil {
				return list, err
			}
			if list, err = t.setIndex(list, i, v, here); err != nil {
				return list, err
			}
			t.emptyVal() // skip blanks and a comma
			return list, nil
		}
		vl, e := t.valList(here)
		switch {
		case e == nil:
			return t.setIndex(list, i, vl, here)
		case t.isEOF(e):
			return t.setIndex(list, i, "", here)
		case e == errNotList:
			rs, _, _ := t.runesUntil(isValueStop)
			v, e := t.read(rs, here)
			if e != nil {
				return list, e
			}
			return t.setIndex(list, i, v, here)
		default:
			return list, e
		}

	case last == '[':
		next, err := t.keyIndex()
		if err != nil {
			return list, t.fail(here, ErrInvalidIndex, err, "error parsing index: "+err.Error())
		}
		var inner []any
		if len(list) > i && list[i] != nil {
			l, ok := list[i].([]any)
			if !ok {
				return list, t.mismatch(here, list[i], "[]interface {}")
			}
			inner = l
		}
		inner, err = t.listItem(inner, next, level, here)
		if err != nil {
			return list, err
		}
		return t.setIndex(list, i, inner, here)

	default: // '.'
		inner := map[string]any{}
		if len(list) > i {
			m, ok := list[i].(map[string]any)
			if !ok {
				// Helm replaces a non-map element in place, even if the
				// rest of the key then fails.
				m = map[string]any{}
				list[i] = m
			}
			inner = m
		}
		if err := t.key(inner, level, here); err != nil {
			return list, err
		}
		return t.setIndex(list, i, inner, here)
	}
}

// setIndex stores val at list[index], growing the list with nils if
// needed. Like Helm it grows by allocating exactly index+1 slots.
func (t *parser) setIndex(list []any, index int, val any, path []segment) ([]any, error) {
	if index < 0 {
		return list, t.failf(path, ErrNegativeIndex, nil, "negative %d index not allowed", index)
	}
	if index > t.maxIndex {
		return list, t.failf(path, ErrIndexTooLarge, nil,
			"index of %d is greater than maximum supported index of %d", index, t.maxIndex)
	}
	if len(list) <= index {
		n := index + 1
		if t.budget >= 0 {
			if n > t.budget {
				return list, t.failf(path, ErrTooManyListElements, nil,
					"too many list elements: the limit of allocated list elements was reached at index %d", index)
			}
			t.budget -= n
		}
		grown := make([]any, n)
		copy(grown, list)
		list = grown
	}
	list[index] = val
	return list, nil
}

// valList parses a "{a,b,...}" value. If the value does not start with
// '{' it returns errNotList and consumes nothing.
func (t *parser) valList(path []segment) ([]any, error) {
	r, err := t.readRune()
	if err != nil {
		return []any{}, err
	}
	if r != '{' {
		t.unreadRune()
		return []any{}, errNotList
	}
	list := []any{}
	for {
		rs, last, err := t.runesUntil(isItemStop)
		switch {
		case err != nil:
			return list, t.fail(path, ErrUnterminatedList, nil, "list must terminate with '}'")
		case last == '}':
			// A comma right after the brace is consumed.
			if r, err := t.readRune(); err == nil && r != ',' {
				t.unreadRune()
			}
			v, e := t.read(rs, path)
			list = append(list, v)
			return list, e
		default: // ','
			v, e := t.read(rs, path)
			if e != nil {
				return list, e
			}
			list = append(list, v)
		}
	}
}

// read converts the runes of a value (or list item) according to the mode.
func (t *parser) read(rs []rune, path []segment) (any, error) {
	switch t.mode {
	case modeString:
		return string(rs), nil
	case modeFile:
		return t.callReader(rs, path)
	default:
		return typedVal(string(rs)), nil
	}
}

// callReader runs the user's reader. Helm recovers a panic in the reader
// (including calling a nil reader) in the enclosing key; so does this.
func (t *parser) callReader(rs []rune, path []segment) (v any, err error) {
	if t.reader == nil {
		return nil, &unwinding{t.fail(path, ErrReader, nil,
			"unable to parse key: runtime error: invalid memory address or nil pointer dereference")}
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, &unwinding{t.failf(path, ErrReader, nil, "unable to parse key: %s", r)}
		}
	}()
	v, err = t.reader(rs)
	if err != nil && err != io.EOF {
		// io.EOF itself is kept bare: Helm v3 compares it with ==.
		err = t.fail(path, ErrReader, err, err.Error())
	}
	return v, err
}

// decodeJSON decodes one JSON value at the current position and moves past
// it (not past what follows it).
func (t *parser) decodeJSON(path []segment) (any, error) {
	dec := json.NewDecoder(strings.NewReader(t.src[t.pos:]))
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, t.fail(path, ErrInvalidJSON, err, err.Error())
	}
	t.pos += int(dec.InputOffset())
	return v, nil
}

// typedVal types a --set value: bool, nil, int64 or string.
func typedVal(val string) any {
	switch {
	case strings.EqualFold(val, "true"):
		return true
	case strings.EqualFold(val, "false"):
		return false
	case strings.EqualFold(val, "null"):
		return nil
	case val == "0":
		return int64(0)
	}
	// Only values not starting with '0' may be integers: "007" is a string.
	if val != "" && val[0] != '0' {
		if n, err := strconv.ParseInt(val, 10, 64); err == nil {
			return n
		}
	}
	return val
}
