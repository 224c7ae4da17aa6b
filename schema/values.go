package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// jsonNumber is the number type of parsed schema documents.
type jsonNumber = json.Number

// jsonType names the JSON type of v as the validator reports it: "null",
// "boolean", "number", "string", "array" or "object". Integers are
// "number" too. It returns "" for a value outside the JSON data model.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return "number"
	case float32:
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return ""
		}
		return "number"
	case jsonNumber, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return ""
}

// quote single-quotes s the way the validator's messages do: Go escaping,
// but with double quotes left alone and single quotes escaped.
func quote(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, `\"`, `"`)
	q = strings.ReplaceAll(q, `'`, `\'`)
	return "'" + q[1:len(q)-1] + "'"
}

// unquote reverses quote. ok is false when s is not a quoted string.
func unquote(s string) (string, bool) {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}
	body := s[1 : len(s)-1]
	body = strings.ReplaceAll(body, `\'`, `'`)
	// Re-escape bare double quotes so strconv.Unquote accepts the text.
	var sb strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			sb.WriteByte(c)
			sb.WriteByte(body[i+1])
			i++
			continue
		}
		if c == '"' {
			sb.WriteString(`\"`)
			continue
		}
		sb.WriteByte(c)
	}
	out, err := strconv.Unquote(`"` + sb.String() + `"`)
	return out, err == nil
}

// quotedList returns every single-quoted string in msg, in order.
func quotedList(msg string) []string {
	var out []string
	for i := 0; i < len(msg); i++ {
		if msg[i] != '\'' {
			continue
		}
		j := i + 1
		for j < len(msg) && msg[j] != '\'' {
			if msg[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(msg) {
			break
		}
		if s, ok := unquote(msg[i : j+1]); ok {
			out = append(out, s)
		}
		i = j
	}
	return out
}

// display renders a primitive value inside a message: strings quoted,
// containers as "value", anything else with %v (so json.Number keeps the
// schema's spelling and nil prints as <nil>).
func display(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case []any, map[string]any:
		return "value"
	default:
		return fmt.Sprintf("%v", v)
	}
}

// pointer renders instance location tokens as a JSON pointer, escaping
// "~" and "/" only.
func pointer(tokens []string) string {
	var sb strings.Builder
	for _, t := range tokens {
		sb.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		t = strings.ReplaceAll(t, "/", "~1")
		sb.WriteString(t)
	}
	return sb.String()
}

// splitV5Pointer turns a location as the underlying validator writes it
// (tokens JSON-pointer escaped and then URL path escaped) into raw tokens.
func splitV5Pointer(p string) []string {
	if p == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	out := make([]string, len(parts))
	for i, t := range parts {
		if u, err := url.PathUnescape(t); err == nil {
			t = u
		}
		t = strings.ReplaceAll(t, "~1", "/")
		t = strings.ReplaceAll(t, "~0", "~")
		out[i] = t
	}
	return out
}

// lookup returns the value at tokens inside root.
func lookup(root any, tokens []string) (any, bool) {
	cur := root
	for _, t := range tokens {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[t]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// badValue stands in for a value outside the JSON data model (NaN,
// infinities, foreign Go types). The underlying validator rejects its type,
// which is how such values are detected when — and only when — a schema
// reaches them.
type badValue struct{}

// prepared is the form of the values handed to the underlying validator.
type prepared struct {
	v any
	// bad holds the location and Go type of the first value outside the
	// JSON data model, when there is one.
	badLoc  []string
	badType string
}

// errTooDeep is returned by prepare when values nest deeper than allowed.
type errTooDeep struct{ limit int }

func (e errTooDeep) Error() string {
	return fmt.Sprintf("values nest deeper than %d levels", e.limit)
}

// prepare checks vals for depth and data-model conformance. The caller's
// map is never modified: when a value needs converting, the containers on
// its path are copied.
func prepare(vals map[string]any, maxDepth int) (prepared, error) {
	p := prepared{}
	var path []string
	var walk func(v any, depth int) (any, bool, error)
	walk = func(v any, depth int) (any, bool, error) {
		if depth > maxDepth {
			return nil, false, errTooDeep{maxDepth}
		}
		switch t := v.(type) {
		case map[string]any:
			var out map[string]any
			for k, e := range t {
				path = append(path, k)
				ne, changed, err := walk(e, depth+1)
				path = path[:len(path)-1]
				if err != nil {
					return nil, false, err
				}
				if changed {
					if out == nil {
						out = make(map[string]any, len(t))
						for k2, e2 := range t {
							out[k2] = e2
						}
					}
					out[k] = ne
				}
			}
			if out != nil {
				return out, true, nil
			}
			return v, false, nil
		case []any:
			var out []any
			for i, e := range t {
				path = append(path, strconv.Itoa(i))
				ne, changed, err := walk(e, depth+1)
				path = path[:len(path)-1]
				if err != nil {
					return nil, false, err
				}
				if changed {
					if out == nil {
						out = append([]any(nil), t...)
					}
					out[i] = ne
				}
			}
			if out != nil {
				return out, true, nil
			}
			return v, false, nil
		case int16:
			return int64(t), true, nil
		case uint16:
			return uint64(t), true, nil
		}
		if jsonType(v) == "" {
			if p.badLoc == nil {
				p.badLoc = append([]string{}, path...)
				p.badType = fmt.Sprintf("%T", v)
			}
			return badValue{}, true, nil
		}
		return v, false, nil
	}
	out, _, err := walk(vals, 0)
	if err != nil {
		return p, err
	}
	if vals == nil {
		out = map[string]any(nil)
	}
	p.v = out
	return p, nil
}
