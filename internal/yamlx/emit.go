package yamlx

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// errSlowPath tells the caller that the value cannot be emitted directly and
// must take the exact route (encoding/json, then our reading of its output).
var errSlowPath = errors.New("yamlx: value needs the JSON round trip")

// fastMaxDepth bounds the direct path. encoding/json only starts looking for
// cycles past 1000 nested levels, so deeper values take the JSON route, which
// reports cycles the way Helm does.
const fastMaxDepth = 1000

// emitter writes one YAML document in yaml.v2's block style.
//
// With trusted false it accepts the raw JSON data model (maps, slices,
// strings, bools, nil, Go integers, float64) and applies JSON's number rules
// on the fly; anything it cannot reproduce exactly yields errSlowPath. With
// trusted true its input is the output of the JSON route, already normalised.
type emitter struct {
	buf        []byte
	column     int
	indent     int
	whitespace bool // the last character written was a blank or indicator that allows a scalar right after it
	indention  bool // only indentation has been written on the current line
	trusted    bool
	depth      int
	// With trusted false, the direct path also gives up (errSlowPath)
	// past maxDepth nested maps and lists (0: fastMaxDepth) and, when
	// limit is not 0, once it has written more than limit bytes or meets
	// a string longer than limit/64 bytes (see MarshalWithin).
	maxDepth int
	limit    int
	runes    []rune       // scratch for key sorting
	entries  [][]mapEntry // per-depth scratch for map entries
	num      []byte       // scratch for number formatting
}

func (e *emitter) put(b byte) {
	e.buf = append(e.buf, b)
	e.column++
}

func (e *emitter) putBreak() {
	e.buf = append(e.buf, '\n')
	e.column = 0
}

func (e *emitter) writeIndent() {
	indent := max(e.indent, 0)
	if !e.indention || e.column > indent || (e.column == indent && !e.whitespace) {
		e.putBreak()
	}
	for e.column < indent {
		e.put(' ')
	}
	e.whitespace = true
	e.indention = true
}

// writeIndicator writes an ASCII indicator.
func (e *emitter) writeIndicator(ind string, needWhitespace, isWhitespace, isIndention bool) {
	if needWhitespace && !e.whitespace {
		e.put(' ')
	}
	e.buf = append(e.buf, ind...)
	e.column += len(ind)
	e.whitespace = isWhitespace
	e.indention = e.indention && isIndention
}

// document emits v as a whole document, ending with a line break.
func (e *emitter) document(v any) error {
	e.indent = -1
	e.column = 0
	e.whitespace = true
	e.indention = true
	if err := e.node(v, false, false); err != nil {
		return err
	}
	e.writeIndent()
	return nil
}

// node emits one value; mapCtx and simpleKey are libyaml's mapping_context
// and simple_key_context.
func (e *emitter) node(v any, mapCtx, simpleKey bool) error {
	switch x := v.(type) {
	case nil:
		e.plainToken("null")
	case string:
		if !e.trusted && (!cleanString(x) || e.limit > 0 && (len(x) > e.limit>>6 || len(e.buf) > e.limit)) {
			return errSlowPath
		}
		e.stringScalar(x, analyzeScalar(x), simpleKey)
	case bool:
		if x {
			e.plainToken("true")
		} else {
			e.plainToken("false")
		}
	case int64:
		e.plainNumber(strconv.AppendInt(e.num[:0], x, 10))
	case uint64:
		e.plainNumber(strconv.AppendUint(e.num[:0], x, 10))
	case float64:
		if e.trusted {
			// Already final: yaml.v2 prints floats with 'g'.
			e.plainNumber(strconv.AppendFloat(e.num[:0], x, 'g', -1, 64))
			return nil
		}
		b, ok := appendJSONFloat(e.num[:0], x)
		if !ok {
			return errSlowPath
		}
		e.plainNumber(b)
	case int:
		e.plainNumber(strconv.AppendInt(e.num[:0], int64(x), 10))
	case int8:
		e.plainNumber(strconv.AppendInt(e.num[:0], int64(x), 10))
	case int16:
		e.plainNumber(strconv.AppendInt(e.num[:0], int64(x), 10))
	case int32:
		e.plainNumber(strconv.AppendInt(e.num[:0], int64(x), 10))
	case uint:
		e.plainNumber(strconv.AppendUint(e.num[:0], uint64(x), 10))
	case uint8:
		e.plainNumber(strconv.AppendUint(e.num[:0], uint64(x), 10))
	case uint16:
		e.plainNumber(strconv.AppendUint(e.num[:0], uint64(x), 10))
	case uint32:
		e.plainNumber(strconv.AppendUint(e.num[:0], uint64(x), 10))
	case map[string]any:
		if len(x) == 0 {
			e.writeIndicator("{", true, true, false)
			e.writeIndicator("}", false, false, false)
			return nil
		}
		return e.mapping(x)
	case []any:
		if len(x) == 0 {
			e.writeIndicator("[", true, true, false)
			e.writeIndicator("]", false, false, false)
			return nil
		}
		return e.sequence(x, mapCtx)
	default:
		return errSlowPath
	}
	return nil
}

func (e *emitter) enter() error {
	e.depth++
	if !e.trusted && (e.depth > fastMaxDepth || e.maxDepth > 0 && e.depth > e.maxDepth) {
		return errSlowPath
	}
	return nil
}

// over reports whether the direct path has written more than its limit.
func (e *emitter) over() bool { return e.limit > 0 && len(e.buf) > e.limit && !e.trusted }

func (e *emitter) sequence(items []any, mapCtx bool) error {
	if err := e.enter(); err != nil {
		return err
	}
	saved := e.indent
	indentless := mapCtx && !e.indention
	if e.indent < 0 {
		e.indent = 0
	} else if !indentless {
		e.indent += bestIndent
	}
	for _, it := range items {
		e.writeIndent()
		e.writeIndicator("-", true, false, true)
		if err := e.node(it, false, false); err != nil {
			return err
		}
		if e.over() {
			return errSlowPath
		}
	}
	e.indent = saved
	e.depth--
	return nil
}

func (e *emitter) mapping(m map[string]any) error {
	if err := e.enter(); err != nil {
		return err
	}
	d := e.depth
	for len(e.entries) <= d {
		e.entries = append(e.entries, nil)
	}
	es := e.entries[d][:0]
	for k, v := range m {
		if !e.trusted && !cleanKey(k) {
			return errSlowPath
		}
		es = append(es, mapEntry{key: k, val: v})
	}
	e.runes = sortEntries(es, e.runes)

	saved := e.indent
	if e.indent < 0 {
		e.indent = 0
	} else {
		e.indent += bestIndent
	}
	for i := range es {
		k := es[i].key
		e.writeIndent()
		facts := analyzeScalar(k)
		if !facts.multiline && len(k) <= 128 {
			e.stringScalar(k, facts, true)
			e.writeIndicator(":", false, false, false)
		} else {
			e.writeIndicator("?", true, false, true)
			e.stringScalar(k, facts, false)
			e.writeIndent()
			e.writeIndicator(":", true, false, true)
		}
		if err := e.node(es[i].val, true, false); err != nil {
			return err
		}
		if e.over() {
			return errSlowPath
		}
	}
	clear(es) // drop references for the garbage collector
	e.entries[d] = es[:0]
	e.indent = saved
	e.depth--
	return nil
}

// plainToken writes a plain scalar made of ASCII without spaces.
func (e *emitter) plainToken(s string) {
	if !e.whitespace {
		e.put(' ')
	}
	e.buf = append(e.buf, s...)
	e.column += len(s)
	e.whitespace = false
	e.indention = false
}

func (e *emitter) plainNumber(b []byte) {
	e.num = b
	if !e.whitespace {
		e.put(' ')
	}
	e.buf = append(e.buf, b...)
	e.column += len(b)
	e.whitespace = false
	e.indention = false
}

// stringScalar chooses the style yaml.v2 uses for a string and writes it.
func (e *emitter) stringScalar(s string, f scalarFacts, simpleKey bool) {
	var style scalarStyle
	switch {
	case strings.IndexByte(s, '\n') >= 0:
		style = styleLiteral
	case plainIsString(s):
		style = stylePlain
	default:
		style = styleDouble
	}
	if simpleKey && f.multiline {
		style = styleDouble
	}
	if style == stylePlain {
		if !f.blockPlainAllowed || (len(s) == 0 && simpleKey) {
			style = styleSingle
		}
	}
	if style == styleSingle && !f.singleQuotedAllowed {
		style = styleDouble
	}
	if style == styleLiteral && (!f.blockAllowed || simpleKey) {
		style = styleDouble
	}

	saved := e.indent
	if e.indent < 0 {
		e.indent = bestIndent
	} else {
		e.indent += bestIndent
	}
	switch style {
	case stylePlain:
		e.writePlain(s, !simpleKey)
	case styleSingle:
		e.writeSingleQuoted(s, !simpleKey)
	case styleDouble:
		e.writeDoubleQuoted(s, !simpleKey)
	case styleLiteral:
		e.writeLiteral(s)
	}
	e.indent = saved
}

// appendJSONFloat appends the text yaml.v2 prints for a float64 after the
// JSON round trip: encoding/json writes integral values below 1e21 as plain
// digits, which yaml.v2 then reads back as an integer when they fit in 64
// bits. It reports false for NaN and infinities, which JSON rejects.
func appendJSONFloat(dst []byte, f float64) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return dst, false
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		start := len(dst)
		dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
		text := dst[start:]
		if string(text) == "-0" {
			return append(dst[:start], '0'), true
		}
		if fits64(text) {
			return dst, true
		}
		dst = dst[:start]
	}
	return strconv.AppendFloat(dst, f, 'g', -1, 64), true
}

// fits64 reports whether the decimal digits in text (with an optional
// minus sign) fit an int64, or, for non-negative values, a uint64.
func fits64(text []byte) bool {
	if len(text) > 0 && text[0] == '-' {
		_, err := strconv.ParseInt(string(text), 10, 64)
		return err == nil
	}
	_, err := strconv.ParseUint(string(text), 10, 64)
	return err == nil
}

// cleanString reports whether s passes through the JSON round trip
// unchanged and without error: valid UTF-8, and none of the characters that
// encoding/json leaves raw but yaml.v2 either rejects (DEL, C1 controls,
// U+FFFE, U+FFFF) or folds (NEL, a line break inside a quoted scalar).
func cleanString(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == 0x7F {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		if (r >= 0x80 && r <= 0x9F) || r == 0xFFFE || r == 0xFFFF {
			return false
		}
		i += size
	}
	return true
}

// maxKeyJSONRunes is the longest JSON-encoded key (in characters, without
// its quotes) that yaml.v2 accepts as an implicit key: the ':' must come at
// most 1024 characters after the key's opening quote.
const maxKeyJSONRunes = 1022

// cleanKey is cleanString plus yaml.v2's limit on implicit key length.
func cleanKey(k string) bool {
	if !cleanString(k) {
		return false
	}
	if len(k) <= maxKeyJSONRunes/6 {
		return true // even if every byte became a six-character escape
	}
	return jsonRuneLen(k) <= maxKeyJSONRunes
}

// jsonRuneLen is the number of characters encoding/json writes for the
// contents of string s (HTML escaping on, valid UTF-8 assumed).
func jsonRuneLen(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '\n' || r == '\r' || r == '\t' || r == '\b' || r == '\f':
			n += 2
		case r < 0x20 || r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029:
			n += 6
		default:
			n++
		}
	}
	return n
}
