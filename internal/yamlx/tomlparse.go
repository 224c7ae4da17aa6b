package yamlx

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// FromTOML parses a TOML document into the values Helm's fromToml gives
// (BurntSushi/toml v1.6.0 decoding into map[string]any): tables are
// map[string]any, arrays []any, arrays of tables []map[string]any,
// integers int64, floats float64, dates and times time.Time (local ones in
// the zones "datetime-local", "date-local" and "time-local"). It accepts
// TOML 1.0 plus the TOML 1.1 additions that BurntSushi reads (\e and \xHH
// escapes, times without seconds, newlines in inline tables). Errors are
// *TOMLSyntaxError, in BurntSushi's "toml: line N (last key "k"): msg" form.
func FromTOML(s string) (map[string]any, error) {
	p := &tomlParser{
		src:      s,
		line:     1,
		root:     map[string]any{},
		explicit: map[string]bool{},
		fixed:    map[string]bool{},
	}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.root, nil
}

// A TOMLSyntaxError reports where a TOML document is malformed.
type TOMLSyntaxError struct {
	Line    int
	LastKey string
	Msg     string
}

func (e *TOMLSyntaxError) Error() string {
	if e.LastKey == "" {
		return fmt.Sprintf("toml: line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("toml: line %d (last key %q): %s", e.Line, e.LastKey, e.Msg)
}

type tomlParser struct {
	src  string
	pos  int
	line int

	root    map[string]any
	cur     map[string]any // table that key/value lines go to
	curPath []string
	lastKey []string
	// BurntSushi's parser names in its errors the key it last took (see
	// current): ctx is its context (the table of the line, extended by the
	// keys of the inline tables being read and, while a value is read, by
	// the parents of a dotted key) and curKey the last part of the key read
	// last in that context ("" after a top-level line). Errors its lexer
	// raises while a key is read come before the parser takes the key.
	ctx    []string
	curKey string

	explicit map[string]bool // tables defined by a [header]
	fixed    map[string]bool // inline tables and static arrays: closed
}

// tomlStop is a parse error raised with panic inside the parser.
type tomlStop struct{ err *TOMLSyntaxError }

func (p *tomlParser) fail(format string, args ...any) {
	panic(tomlStop{&TOMLSyntaxError{Line: p.line, LastKey: strings.Join(p.lastKey, "."), Msg: fmt.Sprintf(format, args...)}})
}

func pathKey(path []string) string { return strings.Join(path, "\x00") }

func (p *tomlParser) parse() (err error) {
	defer func() {
		if r := recover(); r != nil {
			stop, ok := r.(tomlStop)
			if !ok {
				panic(r)
			}
			err = stop.err
		}
	}()
	if strings.HasPrefix(p.src, "\xef\xbb\xbf") {
		p.pos = 3
	}
	if i := strings.IndexByte(p.src, 0); i >= 0 {
		p.fail("files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8")
	}
	if !utf8.ValidString(p.src) {
		p.fail("invalid UTF-8 byte")
	}
	p.cur = p.root
	for {
		p.skipSpace()
		if p.eof() {
			return nil
		}
		switch c := p.peek(); {
		case c == '#':
			p.skipComment()
		case c == '\n':
			p.pos++
			p.line++
		case c == '\r' && p.at(1) == '\n':
			p.pos += 2
			p.line++
		case c == '[':
			p.header()
			p.endOfLine()
		default:
			p.ctx, p.curKey = p.curPath, ""
			p.keyValue(p.cur, p.curPath, true)
			p.curKey = ""
			p.lastKey = p.ctx
			p.endOfLine()
		}
	}
}

func (p *tomlParser) eof() bool { return p.pos >= len(p.src) }

func (p *tomlParser) peek() byte { return p.at(0) }

func (p *tomlParser) at(i int) byte {
	if p.pos+i < len(p.src) {
		return p.src[p.pos+i]
	}
	return 0
}

func (p *tomlParser) skipSpace() {
	for !p.eof() && (p.peek() == ' ' || p.peek() == '\t') {
		p.pos++
	}
}

func (p *tomlParser) skipComment() {
	for !p.eof() && p.peek() != '\n' {
		c := p.peek()
		if (c < 0x20 && c != '\t' && c != '\r') || c == 0x7F {
			p.fail("control characters are not allowed in comments")
		}
		p.pos++
	}
}

// skipBlank skips spaces, newlines and comments (inside arrays and inline
// tables).
func (p *tomlParser) skipBlank() {
	for {
		p.skipSpace()
		switch {
		case p.peek() == '#':
			p.skipComment()
		case p.peek() == '\n':
			p.pos++
			p.line++
		case p.peek() == '\r' && p.at(1) == '\n':
			p.pos += 2
			p.line++
		default:
			return
		}
	}
}

func (p *tomlParser) endOfLine() {
	p.skipSpace()
	switch {
	case p.eof():
	case p.peek() == '#':
		p.skipComment()
	case p.peek() == '\n' || (p.peek() == '\r' && p.at(1) == '\n'):
	default:
		r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
		p.fail("expected a top-level item to end with a newline, comment, or EOF, but got %q instead", r)
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// current is BurntSushi's last key: the context and the current key.
func (p *tomlParser) current() []string {
	if p.curKey == "" {
		return p.ctx
	}
	return append(p.ctx[:len(p.ctx):len(p.ctx)], p.curKey)
}

// key reads a possibly dotted key; kv is set for the key of a key/value
// pair (not a table name), where a missing part has its own messages.
func (p *tomlParser) key(kv bool) []string {
	var parts []string
	for {
		p.skipSpace()
		var part string
		switch c := p.peek(); {
		case kv && (c == '=' || p.eof()) && len(parts) == 0:
			p.fail("unexpected '=': key name appears blank")
		case kv && c == '.' && len(parts) == 0:
			p.fail("unexpected '.': keys cannot start with a '.'")
		case kv && (c == '=' || p.eof()):
			p.fail("unexpected '='")
		case kv && c == '.':
			p.fail("unexpected '.'")
		case c == '"':
			if strings.HasPrefix(p.src[p.pos:], `"""`) {
				p.fail("multi-line strings are not allowed as keys")
			}
			part = p.basicString()
		case c == '\'':
			if strings.HasPrefix(p.src[p.pos:], `'''`) {
				p.fail("multi-line strings are not allowed as keys")
			}
			part = p.literalString()
		case isBareKeyByte(c):
			start := p.pos
			for !p.eof() && isBareKeyByte(p.peek()) {
				p.pos++
			}
			part = p.src[start:p.pos]
		case p.eof():
			p.fail("unexpected EOF; expected key name")
		default:
			r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
			p.fail("bare keys cannot contain %q", r)
		}
		parts = append(parts, part)
		p.skipSpace()
		if p.peek() != '.' {
			return parts
		}
		p.pos++
	}
}

// header reads [table] or [[array of tables]] and makes it current.
func (p *tomlParser) header() {
	array := strings.HasPrefix(p.src[p.pos:], "[[")
	if array {
		p.pos += 2
	} else {
		p.pos++
	}
	path := p.key(false)
	p.skipSpace()
	if array {
		if !strings.HasPrefix(p.src[p.pos:], "]]") {
			p.fail("expected ']]' to close the array table name")
		}
		p.pos += 2
	} else {
		if p.peek() != ']' {
			p.fail("expected ']' to close the table name")
		}
		p.pos++
	}
	// While a header is checked, BurntSushi's "last key" is the table
	// before it, then the new table's parent.
	p.lastKey = p.curPath
	parent := p.descend(p.root, nil, path[:len(path)-1], true)
	p.lastKey = path[:len(path)-1]
	last := path[len(path)-1]
	full := pathKey(path)
	switch existing := parent[last].(type) {
	case nil:
		t := map[string]any{}
		if array {
			parent[last] = []map[string]any{t}
		} else {
			parent[last] = t
			p.explicit[full] = true
		}
		p.cur = t
	case map[string]any:
		if array {
			p.fail("Key '%s' was already created and cannot be used as an array.", strings.Join(path, "."))
		}
		if p.explicit[full] || p.fixed[full] {
			p.fail("Key '%s' has already been defined.", strings.Join(path, "."))
		}
		p.explicit[full] = true
		p.cur = existing
	case []map[string]any:
		if !array {
			p.fail("Key '%s' has already been defined.", strings.Join(path, "."))
		}
		t := map[string]any{}
		parent[last] = append(existing, t)
		p.cur = t
		// Sub-tables and arrays of the previous element may be defined again.
		prefix := full + "\x00"
		for _, m := range []map[string]bool{p.explicit, p.fixed} {
			for k := range m {
				if strings.HasPrefix(k, prefix) {
					delete(m, k)
				}
			}
		}
	default:
		if array {
			p.fail("Key '%s' was already created and cannot be used as an array.", strings.Join(path, "."))
		}
		p.fail("Key '%s' has already been defined.", strings.Join(path, "."))
	}
	p.curPath = path
	p.lastKey = path
}

// descend walks (creating tables as needed) from table t at path base
// through parts, entering the last element of arrays of tables.
func (p *tomlParser) descend(t map[string]any, base, parts []string, fromHeader bool) map[string]any {
	path := append([]string(nil), base...)
	for _, part := range parts {
		path = append(path, part)
		switch v := t[part].(type) {
		case nil:
			n := map[string]any{}
			t[part] = n
			t = n
		case map[string]any:
			if p.fixed[pathKey(path)] {
				p.fail("Key '%s' has already been defined.", strings.Join(path, "."))
			}
			if !fromHeader && p.explicit[pathKey(path)] {
				// a table from a [header] cannot be extended with dotted keys
				p.fail("Key '%s' has already been defined.", strings.Join(path, "."))
			}
			t = v
		case []map[string]any:
			if !fromHeader || p.fixed[pathKey(path)] {
				p.fail("Key '%s' has already been defined.", strings.Join(path, "."))
			}
			t = v[len(v)-1]
		default:
			p.fail("Key '%s' was already created as a hash.", strings.Join(path, "."))
		}
	}
	return t
}

// keyValue reads key = value into table t (at path base).
func (p *tomlParser) keyValue(t map[string]any, base []string, top bool) {
	p.lastKey = p.current()
	key := p.key(true)
	full := append(append([]string(nil), base...), key...)
	p.skipSpace()
	if p.peek() != '=' {
		if p.eof() {
			p.fail("unexpected EOF; expected key separator '='")
		}
		r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
		p.fail("expected '.' or '=', but got %q instead", r)
	}
	p.pos++
	p.skipSpace()
	outer := p.ctx
	p.ctx = append(p.ctx[:len(p.ctx):len(p.ctx)], key[:len(key)-1]...)
	p.curKey = key[len(key)-1]
	p.lastKey = p.current()
	parent := p.descend(t, base, key[:len(key)-1], false)
	last := key[len(key)-1]
	if _, dup := parent[last]; dup {
		p.fail("Key '%s' has already been defined.", strings.Join(full, "."))
	}
	v := p.value(full)
	parent[last] = v
	p.ctx = outer
	p.lastKey = p.current()
}

// value reads any value; path is where it goes (for closing inline tables
// and static arrays).
func (p *tomlParser) value(path []string) any {
	switch c := p.peek(); {
	case p.eof() || c == '\n' || c == '\r' || c == '#':
		p.fail("unexpected EOF; expected value")
	case c == '"':
		if strings.HasPrefix(p.src[p.pos:], `"""`) {
			return p.multilineBasic()
		}
		return p.basicString()
	case c == '\'':
		if strings.HasPrefix(p.src[p.pos:], `'''`) {
			return p.multilineLiteral()
		}
		return p.literalString()
	case c == '[':
		return p.array(path)
	case c == '{':
		return p.inlineTable(path)
	case c == 't' || c == 'f':
		for _, w := range []string{"true", "false"} {
			if strings.HasPrefix(p.src[p.pos:], w) && !isBareKeyByte(p.at(len(w))) {
				p.pos += len(w)
				return w == "true"
			}
		}
	}
	return p.scalarToken()
}

// scalarToken reads a number, date or time.
func (p *tomlParser) scalarToken() any {
	start := p.pos
	for !p.eof() {
		c := p.peek()
		if isBareKeyByte(c) || c == '+' || c == '.' || c == ':' {
			p.pos++
			continue
		}
		// "1979-05-27 07:32:00": a date, a space, a time.
		if c == ' ' && p.pos-start == 10 && p.src[start+4] == '-' && tomlIsDigit(p.at(1)) && tomlIsDigit(p.at(2)) && p.at(3) == ':' {
			p.pos++
			continue
		}
		break
	}
	tok := p.src[start:p.pos]
	if tok == "" {
		r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
		p.fail("expected value but found %q instead", r)
	}
	if len(tok) >= 5 && tomlIsDigit(tok[0]) && (tok[2] == ':' || (len(tok) >= 8 && tok[4] == '-')) {
		return p.datetime(tok)
	}
	return p.number(tok)
}

func tomlIsDigit(c byte) bool { return '0' <= c && c <= '9' }

func (p *tomlParser) number(tok string) any {
	switch strings.TrimLeft(tok, "+-") {
	case "inf":
		if tok[0] == '-' {
			return math.Inf(-1)
		}
		return math.Inf(1)
	case "nan":
		if tok[0] == '-' {
			return math.Copysign(math.NaN(), -1)
		}
		return math.NaN()
	}
	body := strings.TrimLeft(tok, "+-")
	sign := tok[:len(tok)-len(body)]
	if len(sign) <= 1 && strings.HasPrefix(body, ".") {
		p.fail("floats must start with a digit, not '.'")
	}
	if len(sign) == 1 && len(body) > 1 && body[0] == '0' && strings.IndexByte("box", body[1]) >= 0 {
		p.fail("cannot use sign with non-decimal numbers: '%s'", tok[:3])
	}
	if len(tok)-len(body) > 1 || body == "" {
		p.fail("invalid number %q", tok)
	}
	if strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0o") || strings.HasPrefix(body, "0b") {
		if body != tok {
			p.fail("invalid number %q", tok)
		}
		if !tomlUnderscoresOK(body[2:]) {
			p.fail("Invalid integer %q: underscores must be surrounded by digits", tok)
		}
		n, err := strconv.ParseInt(body, 0, 64)
		if err != nil {
			p.numberError(tok, err, "int64")
		}
		return n
	}
	if !strings.ContainsAny(body, ".eE") {
		if !tomlUnderscoresOK(body) || !tomlDigits(body) {
			if !tomlDigits(body) {
				p.fail("invalid number %q", tok)
			}
			p.fail("Invalid integer %q: underscores must be surrounded by digits", tok)
		}
		if len(body) > 1 && body[0] == '0' {
			p.fail("Invalid integer %q: cannot have leading zeroes", tok)
		}
		n, err := strconv.ParseInt(strings.ReplaceAll(tok, "_", ""), 10, 64)
		if err != nil {
			p.numberError(tok, err, "int64")
		}
		return n
	}
	// float: int part, optional fraction, optional exponent
	intPart := body
	if i := strings.IndexAny(body, ".eE"); i >= 0 {
		intPart = body[:i]
	}
	if intPart == "" || !tomlDigits(intPart) {
		p.fail("invalid number %q", tok)
	}
	for _, part := range strings.FieldsFunc(body, func(r rune) bool { return r == '.' || r == 'e' || r == 'E' }) {
		if !tomlUnderscoresOK(strings.TrimLeft(part, "+-")) {
			p.fail("Invalid float %q: underscores must be surrounded by digits", tok)
		}
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		p.fail("Invalid float %q: cannot have leading zeroes", tok)
	}
	if i := strings.IndexByte(body, '.'); i >= 0 && (i+1 >= len(body) || !tomlIsDigit(body[i+1])) {
		p.fail("Invalid float %q: '.' must be followed by one or more digits", tok)
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(tok, "_", ""), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			p.numberError(tok, err, "float64")
		}
		p.fail("Invalid float value: %q", tok)
	}
	return f
}

func (p *tomlParser) numberError(tok string, err error, size string) {
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		p.fail("%s is out of range for %s", tok, size)
	}
	p.fail("invalid number %q", tok)
}

func tomlDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !tomlIsDigit(s[i]) && s[i] != '_' {
			return false
		}
	}
	return s != ""
}

// tomlUnderscoresOK: each underscore sits between two digits (hex digits
// for prefixed integers).
func tomlUnderscoresOK(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && (i == 0 || i == len(s)-1 || s[i-1] == '_' || s[i+1] == '_') {
			return false
		}
	}
	return true
}

// datetime layouts BurntSushi tries, in order, after turning 'z', 't' and
// ' ' into 'Z', 'T' and 'T'.
var tomlDatetimeLayouts = [...]struct {
	layout string
	zone   string // "" for time.Local
}{
	{time.RFC3339Nano, ""},
	{"2006-01-02T15:04:05.999999999", tomlLocalDatetime},
	{"2006-01-02", tomlLocalDate},
	{"15:04:05.999999999", tomlLocalTime},
	{"2006-01-02T15:04Z07:00", ""},
	{"2006-01-02T15:04", tomlLocalDatetime},
	{"15:04", tomlLocalTime},
}

func (p *tomlParser) datetime(tok string) any {
	val := strings.NewReplacer("z", "Z", "t", "T", " ", "T").Replace(tok)
	_, offset := time.Now().Zone()
	for _, dt := range tomlDatetimeLayouts {
		loc := time.Local
		if dt.zone != "" {
			loc = time.FixedZone(dt.zone, offset)
		}
		t, err := time.ParseInLocation(dt.layout, val, loc)
		if err != nil {
			continue
		}
		if tomlMissingLeadingZero(val, dt.layout) {
			break
		}
		return t
	}
	p.fail("invalid datetime: %q", tok)
	return nil
}

// missingLeadingZero catches values time.Parse accepts without the
// leading zeros TOML requires (the separators must line up).
func tomlMissingLeadingZero(d, layout string) bool {
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c == '.' || c == 'Z' {
			return false
		}
		if (c < '0' || c > '9') && (i >= len(d) || d[i] != c) {
			return true
		}
	}
	return false
}

func (p *tomlParser) array(path []string) any {
	p.pos++ // [
	arr := make([]any, 0, 2)
	for {
		p.skipBlank()
		if p.eof() {
			p.fail("unexpected EOF; expected array separator ',' or end ']'")
		}
		if p.peek() == ']' {
			p.pos++
			p.fixed[pathKey(path)] = true
			return arr
		}
		arr = append(arr, p.value(append(path, strconv.Itoa(len(arr)))))
		p.skipBlank()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
		default:
			if p.eof() {
				p.fail("unexpected EOF; expected array separator ',' or end ']'")
			}
			r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
			p.fail("expected a comma (',') or array terminator (']'), but got %q", r)
		}
	}
}

func (p *tomlParser) inlineTable(path []string) any {
	p.pos++ // {
	outerCtx, outerKey := p.ctx, p.curKey
	p.ctx, p.curKey = p.current(), ""
	defer func() { p.ctx, p.curKey = outerCtx, outerKey }()
	t := map[string]any{}
	for {
		p.skipBlank()
		if p.eof() {
			p.fail("unexpected EOF; expected inline table separator ',' or end '}'")
		}
		if p.peek() == '}' {
			p.pos++
			p.fixed[pathKey(path)] = true
			return t
		}
		p.keyValue(t, path, false)
		p.skipBlank()
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
		default:
			if p.eof() {
				p.fail("unexpected EOF; expected inline table separator ',' or end '}'")
			}
			r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
			p.fail("expected a comma or an inline table terminator '}', but got %q instead", r)
		}
	}
}

func (p *tomlParser) basicString() string {
	p.pos++ // "
	var b strings.Builder
	for {
		if p.peek() == '\n' {
			p.fail("strings cannot contain newlines")
		}
		if p.eof() {
			p.fail("unexpected EOF; expected '\"'")
		}
		c := p.peek()
		switch {
		case c == '"':
			p.pos++
			return b.String()
		case c == '\\':
			p.escape(&b)
		case (c < 0x20 && c != '\t') || c == 0x7F:
			p.fail("control characters are not allowed in strings: %q", rune(c))
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

// escape decodes one escape sequence at p.pos.
func (p *tomlParser) escape(b *strings.Builder) {
	e := p.at(1)
	p.pos += 2
	switch e {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case 'e':
		b.WriteByte(0x1B)
	case '"':
		b.WriteByte('"')
	case '\\':
		b.WriteByte('\\')
	case 'x', 'u', 'U':
		n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
		if p.pos+n > len(p.src) {
			p.fail("unexpected EOF; expected %d hexadecimal digits", n)
		}
		hex := p.src[p.pos : p.pos+n]
		v, err := strconv.ParseUint(hex, 16, 32)
		if err != nil {
			p.fail("invalid escape: '\\%c%s'", e, hex)
		}
		if !utf8.ValidRune(rune(v)) {
			p.fail("Escaped character '\\%c%s' is not valid UTF-8.", e, hex)
		}
		b.WriteRune(rune(v))
		p.pos += n
	default:
		p.fail("invalid escape in string '\\%c'", e)
	}
}

func (p *tomlParser) literalString() string {
	p.pos++ // '
	start := p.pos
	for {
		if p.peek() == '\n' {
			p.fail("strings cannot contain newlines")
		}
		if p.eof() {
			p.fail("unexpected EOF; expected \"'\"")
		}
		c := p.peek()
		if c == '\'' {
			s := p.src[start:p.pos]
			p.pos++
			return s
		}
		if (c < 0x20 && c != '\t') || c == 0x7F {
			p.fail("control characters are not allowed in strings: %q", rune(c))
		}
		p.pos++
	}
}

// skipFirstNewline drops the newline right after an opening triple quote.
func (p *tomlParser) skipFirstNewline() {
	if p.peek() == '\n' {
		p.pos++
		p.line++
	} else if p.peek() == '\r' && p.at(1) == '\n' {
		p.pos += 2
		p.line++
	}
}

// closing reports whether the multi-line string ends at p.pos, and how
// many quote characters before the closing three belong to the text.
func (p *tomlParser) closing(q byte) (bool, int) {
	n := 0
	for p.at(n) == q {
		n++
	}
	if n < 3 {
		return false, 0
	}
	if n > 5 {
		p.fail("too many quotes closing a multi-line string")
	}
	return true, n - 3
}

func (p *tomlParser) multilineBasic() string {
	p.pos += 3
	p.skipFirstNewline()
	var b strings.Builder
	for {
		if p.eof() {
			p.fail(`unexpected EOF; expected '"""'`)
		}
		c := p.peek()
		if c == '"' {
			if end, extra := p.closing('"'); end {
				b.WriteString(strings.Repeat(`"`, extra))
				p.pos += 3 + extra
				return b.String()
			}
			b.WriteByte(c)
			p.pos++
			continue
		}
		switch {
		case c == '\\':
			// a line-ending backslash trims the following whitespace
			j := p.pos + 1
			for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\t') {
				j++
			}
			if j < len(p.src) && (p.src[j] == '\n' || (p.src[j] == '\r' && j+1 < len(p.src) && p.src[j+1] == '\n')) {
				p.pos = j
				for !p.eof() && strings.IndexByte(" \t\r\n", p.peek()) >= 0 {
					if p.peek() == '\n' {
						p.line++
					}
					p.pos++
				}
				continue
			}
			p.escape(&b)
		case c == '\n':
			b.WriteByte('\n')
			p.pos++
			p.line++
		case c == '\r' && p.at(1) == '\n':
			b.WriteString("\r\n")
			p.pos += 2
			p.line++
		case (c < 0x20 && c != '\t') || c == 0x7F:
			p.fail("control characters are not allowed in strings: %q", rune(c))
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

func (p *tomlParser) multilineLiteral() string {
	p.pos += 3
	p.skipFirstNewline()
	var b strings.Builder
	for {
		if p.eof() {
			p.fail("unexpected EOF; expected \"'''\"")
		}
		c := p.peek()
		if c == '\'' {
			if end, extra := p.closing('\''); end {
				b.WriteString(strings.Repeat("'", extra))
				p.pos += 3 + extra
				return b.String()
			}
		}
		switch {
		case c == '\n':
			p.line++
		case c == '\r' && p.at(1) == '\n':
		case (c < 0x20 && c != '\t') || c == 0x7F:
			p.fail("control characters are not allowed in strings: %q", rune(c))
		}
		b.WriteByte(c)
		p.pos++
	}
}
