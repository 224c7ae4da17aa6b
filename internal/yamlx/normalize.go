package yamlx

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A MarshalError reports why a value has no YAML form. Op is "json" when
// encoding/json refused the value (NaN, infinities, unsupported types or map
// keys, cycles); Err is then encoding/json's error. Op is "yaml" when
// yaml.v2 would refuse to read the JSON text back (for example a control
// character such as DEL, or nesting deeper than 10000).
type MarshalError struct {
	Op  string
	Err error
}

// Error returns the text sigs.k8s.io/yaml.Marshal gives for the same value.
func (e *MarshalError) Error() string {
	if e.Op == "json" {
		return "error marshaling into JSON: " + e.Err.Error()
	}
	return e.Err.Error()
}

func (e *MarshalError) Unwrap() error { return e.Err }

// Errors for values whose JSON text yaml.v2 cannot read (Op "yaml").
var (
	ErrControlCharacter  = errors.New("yaml: control characters are not allowed")
	ErrInvalidUTF8       = errors.New("yaml: invalid leading UTF-8 octet")
	ErrKeyNotSimple      = errors.New("yaml: did not find expected ',' or '}'")
	ErrTooDeep           = errors.New("yaml: exceeded max depth of 10000")
	ErrUnknownEscape     = errors.New("yaml: found unknown escape character")
	ErrInvalidEscapeCode = errors.New("yaml: found invalid Unicode character escape code")
	ErrDocumentIndicator = errors.New("yaml: found unexpected document indicator")
	ErrBadJSON           = errors.New("yaml: did not find expected node content")
)

// maxFlowDepth is yaml.v2's limit on nested flow collections.
const maxFlowDepth = 10000

// Normalize returns v as Helm's toYaml sees it: the value encoding/json
// produces, read back the way yaml.v2 reads JSON text. Objects become
// map[string]any, arrays []any; integral numbers become int64 (uint64 above
// the int64 range), other numbers float64 (a number too large for float64
// stays a string, as in yaml.v2). Errors are *MarshalError. The result
// shares nothing with v.
func Normalize(v any) (any, error) {
	if n, err := normalizeDirect(v, 0); err == nil {
		return n, nil
	}
	return normalizeJSON(v)
}

// normalizeJSON is the exact route: json.Marshal, then read the JSON text
// with yaml.v2's rules.
func normalizeJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, &MarshalError{Op: "json", Err: err}
	}
	n, err := readJSONText(data)
	if err != nil {
		return nil, &MarshalError{Op: "yaml", Err: err}
	}
	return n, nil
}

// normalizeDirect handles the JSON data model without encoding/json. It
// returns errSlowPath for anything it cannot reproduce exactly.
func normalizeDirect(v any, depth int) (any, error) {
	switch x := v.(type) {
	case nil, bool:
		return x, nil
	case string:
		if !cleanString(x) {
			return nil, errSlowPath
		}
		return x, nil
	case float64:
		return jsonFloatValue(x)
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), nil
		}
		return x, nil
	case map[string]any:
		if depth >= fastMaxDepth {
			return nil, errSlowPath
		}
		m := make(map[string]any, len(x))
		for k, e := range x {
			if !cleanKey(k) {
				return nil, errSlowPath
			}
			n, err := normalizeDirect(e, depth+1)
			if err != nil {
				return nil, err
			}
			m[k] = n
		}
		return m, nil
	case []any:
		if depth >= fastMaxDepth {
			return nil, errSlowPath
		}
		s := make([]any, len(x))
		for i, e := range x {
			n, err := normalizeDirect(e, depth+1)
			if err != nil {
				return nil, err
			}
			s[i] = n
		}
		return s, nil
	}
	return nil, errSlowPath
}

// jsonFloatValue is the value yaml.v2 reads from encoding/json's text for f.
func jsonFloatValue(f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errSlowPath
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		var buf [32]byte
		text := strconv.AppendFloat(buf[:0], f, 'f', -1, 64)
		if i, err := strconv.ParseInt(string(text), 10, 64); err == nil {
			return i, nil
		}
		if u, err := strconv.ParseUint(string(text), 10, 64); err == nil {
			return u, nil
		}
	}
	return f, nil
}

// readJSONText reads the output of json.Marshal the way yaml.v2 reads it
// (JSON is YAML flow syntax): double-quoted strings fold raw line breaks
// (NEL), implicit keys are limited to 1024 characters on one line, scalars
// are resolved with the YAML 1.1 rules, and the character set and nesting
// depth are checked.
func readJSONText(data []byte) (any, error) {
	if err := checkReaderChars(data); err != nil {
		return nil, err
	}
	r := &jsonReader{data: data}
	r.skipSpace()
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	r.skipSpace()
	if r.pos != len(r.data) {
		return nil, ErrBadJSON
	}
	return v, nil
}

// checkReaderChars applies yaml.v2's reader check: only TAB, LF, CR,
// printable ASCII, NEL, U+00A0-U+D7FF, U+E000-U+FFFD and the supplementary
// planes may appear raw.
func checkReaderChars(data []byte) error {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F {
				return ErrControlCharacter
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return ErrInvalidUTF8
		}
		switch {
		case r == 0x85, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000:
		default:
			return ErrControlCharacter
		}
		i += size
	}
	return nil
}

type jsonReader struct {
	data  []byte
	pos   int
	depth int
	line  int    // raw line breaks seen, for error messages
	buf   []byte // scratch for strings
}

func (r *jsonReader) skipSpace() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jsonReader) peek() byte {
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

// lineError adds yaml.v2's "line N: " to err. Scanner errors report the
// current line counting from 1, parser errors (scanner false) the line of
// the offending token counting from 0; line 0 is never shown.
func (r *jsonReader) lineError(err error, scanner bool) error {
	line := r.line
	if line == 0 {
		return err
	}
	if scanner {
		line++
	}
	return &lineError{line: line, err: err}
}

// lineError is an error of readJSONText with yaml.v2's line prefix; it
// unwraps to one of the Err* values.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string {
	return "yaml: line " + strconv.Itoa(e.line) + ": " + strings.TrimPrefix(e.err.Error(), "yaml: ")
}

func (e *lineError) Unwrap() error { return e.err }

func (r *jsonReader) value() (any, error) {
	switch r.peek() {
	case '{':
		return r.object()
	case '[':
		return r.array()
	case '"':
		s, _, err := r.str()
		return s, err
	}
	start := r.pos
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		if c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		r.pos++
	}
	if start == r.pos {
		return nil, ErrBadJSON
	}
	return resolveJSONScalar(string(r.data[start:r.pos])), nil
}

func (r *jsonReader) open() error {
	r.depth++
	if r.depth > maxFlowDepth {
		return ErrTooDeep
	}
	r.pos++
	r.skipSpace()
	return nil
}

func (r *jsonReader) object() (any, error) {
	if err := r.open(); err != nil {
		return nil, err
	}
	m := map[string]any{}
	if r.peek() == '}' {
		r.pos++
		r.depth--
		return m, nil
	}
	for {
		if r.peek() != '"' {
			return nil, ErrBadJSON
		}
		line := r.line
		k, n, err := r.str()
		if err != nil {
			return nil, err
		}
		r.skipSpace()
		if r.peek() != ':' {
			return nil, ErrBadJSON
		}
		// yaml.v2 accepts an implicit key only if the ':' follows within
		// 1024 characters of the key's start, on the same line.
		if n > 1024 || r.line != line {
			return nil, r.lineError(ErrKeyNotSimple, false)
		}
		r.pos++
		r.skipSpace()
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		r.skipSpace()
		switch r.peek() {
		case ',':
			r.pos++
			r.skipSpace()
		case '}':
			r.pos++
			r.depth--
			return m, nil
		default:
			return nil, ErrBadJSON
		}
	}
}

func (r *jsonReader) array() (any, error) {
	if err := r.open(); err != nil {
		return nil, err
	}
	s := []any{}
	if r.peek() == ']' {
		r.pos++
		r.depth--
		return s, nil
	}
	for {
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		s = append(s, v)
		r.skipSpace()
		switch r.peek() {
		case ',':
			r.pos++
			r.skipSpace()
		case ']':
			r.pos++
			r.depth--
			return s, nil
		default:
			return nil, ErrBadJSON
		}
	}
}

func (r *jsonReader) blankz(i int) bool {
	if i >= len(r.data) {
		return true
	}
	switch r.data[i] {
	case ' ', '\t', '\r', '\n', 0:
		return true
	case 0xC2:
		return i+1 < len(r.data) && r.data[i+1] == 0x85
	case 0xE2:
		return i+2 < len(r.data) && r.data[i+1] == 0x80 && (r.data[i+2] == 0xA8 || r.data[i+2] == 0xA9)
	}
	return false
}

// rawBreak returns the width of a raw line break at r.pos and its
// replacement in a folded scalar (CR, LF and NEL become LF).
func (r *jsonReader) rawBreak() (int, string) {
	d := r.data[r.pos:]
	switch {
	case len(d) >= 2 && d[0] == '\r' && d[1] == '\n':
		return 2, "\n"
	case len(d) >= 1 && (d[0] == '\r' || d[0] == '\n'):
		return 1, "\n"
	case len(d) >= 2 && d[0] == 0xC2 && d[1] == 0x85:
		return 2, "\n"
	case len(d) >= 3 && d[0] == 0xE2 && d[1] == 0x80 && (d[2] == 0xA8 || d[2] == 0xA9):
		return 3, string(d[:3])
	}
	return 0, ""
}

// str reads a double-quoted scalar starting at r.pos with yaml.v2's
// scanner rules. It returns the text and the token's length in characters
// (quotes included), which limits implicit keys.
func (r *jsonReader) str() (string, int, error) {
	r.pos++ // opening quote
	chars := 1
	out := r.buf[:0]
	atLineStart := false
	var leadingBreak, trailingBreaks, whitespace []byte
	for {
		if atLineStart && r.pos+3 <= len(r.data) {
			p := string(r.data[r.pos : r.pos+3])
			if (p == "---" || p == "...") && r.blankz(r.pos+3) {
				return "", 0, r.lineError(ErrDocumentIndicator, true)
			}
		}
		if r.pos >= len(r.data) {
			return "", 0, ErrBadJSON
		}
		leadingBlanks := false
		for !r.blankz(r.pos) {
			c := r.data[r.pos]
			if c == '"' {
				break
			}
			if c == '\\' {
				if r.pos+1 >= len(r.data) {
					return "", 0, ErrBadJSON
				}
				esc := r.data[r.pos+1]
				r.pos += 2
				chars += 2
				switch esc {
				case '"', '\\':
					out = append(out, esc)
				case 'b':
					out = append(out, '\b')
				case 'f':
					out = append(out, '\f')
				case 'n':
					out = append(out, '\n')
				case 'r':
					out = append(out, '\r')
				case 't':
					out = append(out, '\t')
				case 'u':
					if r.pos+4 > len(r.data) {
						return "", 0, ErrBadJSON
					}
					v, err := strconv.ParseUint(string(r.data[r.pos:r.pos+4]), 16, 32)
					if err != nil {
						return "", 0, ErrBadJSON
					}
					if v >= 0xD800 && v <= 0xDFFF {
						return "", 0, r.lineError(ErrInvalidEscapeCode, true)
					}
					out = utf8.AppendRune(out, rune(v))
					r.pos += 4
					chars += 4
				default:
					// yaml.v2 knows no "\/" (nor anything else JSON allows).
					return "", 0, r.lineError(ErrUnknownEscape, true)
				}
				continue
			}
			_, size := utf8.DecodeRune(r.data[r.pos:])
			out = append(out, r.data[r.pos:r.pos+size]...)
			r.pos += size
			chars++
		}
		if r.pos >= len(r.data) {
			return "", 0, ErrBadJSON
		}
		if r.data[r.pos] == '"' {
			break
		}
		// A run of blanks and line breaks.
		leadingBreak, trailingBreaks, whitespace = leadingBreak[:0], trailingBreaks[:0], whitespace[:0]
		atLineStart = false
		for r.pos < len(r.data) {
			c := r.data[r.pos]
			if c == ' ' || c == '\t' {
				if !leadingBlanks {
					whitespace = append(whitespace, c)
				}
				r.pos++
				chars++
				atLineStart = false
				continue
			}
			w, repl := r.rawBreak()
			if w == 0 {
				break
			}
			r.pos += w
			chars++
			if w == 2 && r.data[r.pos-2] == '\r' {
				chars++
			}
			r.line++
			atLineStart = true
			if !leadingBlanks {
				whitespace = whitespace[:0]
				leadingBreak = append(leadingBreak, repl...)
				leadingBlanks = true
			} else {
				trailingBreaks = append(trailingBreaks, repl...)
			}
		}
		if leadingBlanks {
			if len(leadingBreak) > 0 && leadingBreak[0] == '\n' {
				if len(trailingBreaks) == 0 {
					out = append(out, ' ')
				} else {
					out = append(out, trailingBreaks...)
				}
			} else {
				out = append(out, leadingBreak...)
				out = append(out, trailingBreaks...)
			}
		} else {
			out = append(out, whitespace...)
		}
	}
	r.pos++ // closing quote
	chars++
	r.buf = out
	return string(out), chars, nil
}

// resolveJSONScalar resolves a JSON literal or number with yaml.v2's rules.
func resolveJSONScalar(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	case "null":
		return nil
	}
	if i, err := strconv.ParseInt(s, 0, 64); err == nil {
		return i
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return u
	}
	if isYAMLFloat(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	}
	return s
}
