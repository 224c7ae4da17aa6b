package yamlx

import (
	"math"
	"strings"
)

// Values files are block YAML of a narrow kind: mappings and sequences by
// indentation, plain scalars, one-line quoted scalars, literal block
// scalars and comments. fastDecode builds the value of such a document
// directly from its lines, several times faster than building yaml.v3's
// node tree and converting it. It gives up (ok false) on anything else or
// on any doubt — anchors on collections, tags, flow collections other than [] and
// {} and one-line sequences of simple scalars, multi-line quoted scalars,
// escapes other than the commonest, folded and keep-chomped scalars, tabs,
// document markers, directives, complex or non-string keys, repeated keys,
// syntax errors — and the caller decodes the document with yaml.v3, so
// values, errors and their lines are always those of the full decoder. A
// differential test over every YAML file of the corpus and a fuzz target
// check that whenever fastDecode succeeds, its value is the full decoder's.

// blockMaxDepth bounds the nesting fastDecode follows; deeper documents go
// to the full decoder, whose own limits apply.
const blockMaxDepth = 200

type fastLine struct {
	indent int    // leading spaces
	text   string // the line without its indentation and line break
}

type fastDecoder struct {
	lines   []fastLine
	i       int // next line to read
	depth   int
	openEnd bool // the last line has no line break
	size    int  // the document's size in bytes
	json    bool // numbers as float64, as Unmarshal gives them

	anchors map[string]any // scalars by anchor name
	aliased int            // bytes of the scalars aliases have repeated

	done    <-chan struct{} // stops the decode when closed (nil: never)
	stopped bool
}

// fastDecode decodes data as Decode does, when data is in the subset
// described above.
func fastDecode(data []byte) (any, bool) { return fastDecodeAs(data, false, nil) }

// fastDecodeJSON decodes data as Unmarshal does (numbers as float64), when
// data is in the subset described above and holds no NaN or infinity.
func fastDecodeJSON(data []byte) (any, bool) { return fastDecodeAs(data, true, nil) }

// plain resolves a plain scalar; in the JSON data model, integers become
// float64 and NaN and infinities (an error there) are left to the full
// decoder.
func (d *fastDecoder) plain(text string) (any, bool) {
	v := resolvePlain(text)
	if !d.json {
		return v, true
	}
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
	}
	return v, true
}

// fastDecodeAs gives up when done is closed, checking every few thousand
// lines.
func fastDecodeAs(data []byte, json bool, done <-chan struct{}) (any, bool) {
	doc := string(data)
	if !plainText(doc) || strings.IndexByte(doc, '\t') >= 0 {
		return nil, false
	}
	d := fastDecoder{lines: make([]fastLine, 0, strings.Count(doc, "\n")+1), openEnd: len(doc) > 0 && doc[len(doc)-1] != '\n', size: len(doc), json: json, done: done}
	for len(doc) > 0 {
		var line string
		if i := strings.IndexByte(doc, '\n'); i >= 0 {
			line, doc = doc[:i], doc[i+1:]
		} else {
			line, doc = doc, ""
		}
		n := indentOf(line)
		if n == 0 && line != "" && (line[0] == '%' || strings.HasPrefix(line, "---") || strings.HasPrefix(line, "...")) {
			return nil, false // directives and document markers
		}
		d.lines = append(d.lines, fastLine{indent: n, text: line[n:]})
		if done != nil && len(d.lines)&4095 == 0 && isDone(done) {
			return nil, false
		}
	}
	if !d.skip() {
		return nil, !d.stopped // only blank lines and comments: an empty document
	}
	v, ok := d.node(-1)
	if !ok || d.skip() || d.stopped {
		return nil, false
	}
	return v, true
}

// skip moves to the next line with content (not blank, not a comment) and
// reports whether there is one.
func (d *fastDecoder) skip() bool {
	if d.done != nil && isDone(d.done) {
		d.stopped = true // the caller sees an end, and the result is dropped
		return false
	}
	for ; d.i < len(d.lines); d.i++ {
		if t := d.lines[d.i].text; t != "" && t[0] != '#' {
			return true
		}
	}
	return false
}

// node reads the block collection starting at the current line, which is
// more indented than parent.
func (d *fastDecoder) node(parent int) (any, bool) {
	if d.depth++; d.depth > blockMaxDepth {
		return nil, false
	}
	defer func() { d.depth-- }()
	l := d.lines[d.i]
	if l.indent <= parent {
		return nil, false
	}
	if isDash(l.text) {
		return d.sequence(l.indent)
	}
	return d.mapping(l.indent, nil)
}

// mapping reads a block mapping whose keys are at column indent. When
// first is set, the first key is on the current line at that column after
// a "- " (a mapping inside a sequence entry) and first is its text.
func (d *fastDecoder) mapping(indent int, first *string) (any, bool) {
	out := map[string]any{}
	for {
		var text string
		if first != nil {
			text, first = *first, nil
		} else {
			if !d.skip() {
				return out, true
			}
			l := d.lines[d.i]
			if l.indent < indent || (l.indent == indent && isDash(l.text)) {
				// The end of this mapping (a dash at its column belongs to
				// an enclosing sequence without indentation).
				return out, true
			}
			if l.indent > indent {
				return nil, false
			}
			text = l.text
		}
		key, rest, ok := fastKey(text)
		if !ok {
			return nil, false
		}
		if _, dup := out[key]; dup {
			return nil, false
		}
		v, ok := d.value(rest, indent, true)
		if !ok {
			return nil, false
		}
		out[key] = v
	}
}

// sequence reads a block sequence whose dashes are at column indent.
func (d *fastDecoder) sequence(indent int) (any, bool) {
	out := []any{}
	for d.skip() {
		l := d.lines[d.i]
		if l.indent < indent || !isDash(l.text) {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		after := l.text[1:]
		n := indentOf(after)
		content := after[n:]
		if content != "" && content[0] != '#' && n > 0 {
			if isDash(content) || content[0] == '?' {
				return nil, false // a sequence or complex key on the dash's line
			}
			if _, _, isKey := fastKey(content); isKey {
				col := indent + 1 + n
				d.depth++
				v, ok := d.mapping(col, &content)
				d.depth--
				if !ok {
					return nil, false
				}
				out = append(out, v)
				continue
			}
		}
		v, ok := d.value(after, indent, false)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// value reads the value that follows a key's colon or an entry's dash on
// the current line (rest), and the lines that belong to it. owner is the
// column of the key or the dash; inMap says which.
func (d *fastDecoder) value(rest string, owner int, inMap bool) (any, bool) {
	d.i++ // past the owner's line
	n := indentOf(rest)
	val := rest[n:]
	if val == "" || val[0] == '#' {
		if val != "" && n == 0 {
			return nil, false // "key:#" or "-#"
		}
		// The value is on the following lines, or null.
		if !d.skip() {
			return nil, true
		}
		l := d.lines[d.i]
		if l.indent > owner || (inMap && l.indent == owner && isDash(l.text)) {
			if !isDash(l.text) {
				if _, _, isKey := fastKey(l.text); !isKey {
					return nil, false // a scalar on its own line
				}
			}
			if l.indent == owner {
				return d.sequence(owner)
			}
			return d.node(owner)
		}
		return nil, true
	}
	if n == 0 {
		return nil, false // "key:value" was not split this way
	}
	anchor := ""
	switch val[0] {
	case '&':
		// An anchor on a scalar on this line; anchored collections go to
		// the full decoder.
		name, after := anchorName(val[1:])
		if name == "" || after == "" || after[0] != ' ' {
			return nil, false
		}
		after = strings.TrimLeft(after, " ")
		if after == "" || strings.IndexByte("#|>[{&*!", after[0]) >= 0 {
			return nil, false
		}
		anchor, val = name, after
	case '*':
		name, after := anchorName(val[1:])
		v, defined := d.anchors[name]
		if name == "" || !defined || !commentOnly(after) {
			return nil, false
		}
		// Each use of an alias counts its text again; more than the
		// document's size in all is left to the full decoder's limits.
		if s, ok := v.(string); ok {
			if d.aliased += len(s); d.aliased > d.size {
				return nil, false
			}
		}
		if d.skip() && d.lines[d.i].indent > owner {
			return nil, false
		}
		return v, true
	}
	var v any
	switch val[0] {
	case '|':
		return d.literal(val[1:], owner)
	case '[', '{':
		end, ok := 2, false
		switch {
		case strings.HasPrefix(val, "[]"):
			v, ok = []any{}, true
		case strings.HasPrefix(val, "{}"):
			v, ok = map[string]any{}, true
		case val[0] == '[':
			v, end, ok = d.flowSequence(val)
		}
		if !ok || !commentOnly(val[end:]) {
			return nil, false
		}
	case '"', '\'':
		s, after, ok := fastQuoted(val)
		if !ok || !commentOnly(after) {
			return nil, false
		}
		v = s
	default:
		if !plainFirst(val) && !(val[0] == '-' && len(val) > 1 && val[1] != ' ') {
			return nil, false
		}
		text, comment, ok := plainEnd(val)
		if !ok {
			return nil, false
		}
		if !comment {
			if text, ok = d.plainLines(text, owner); !ok {
				return nil, false
			}
		}
		if v, ok = d.plain(text); !ok {
			return nil, false
		}
	}
	// Nothing more indented may follow: it would continue the scalar or be
	// an error.
	if d.skip() && d.lines[d.i].indent > owner {
		return nil, false
	}
	if anchor != "" {
		if d.anchors == nil {
			d.anchors = map[string]any{}
		}
		d.anchors[anchor] = v
	}
	return v, true
}

// anchorName splits the name of an anchor or alias (after its & or *) from
// what follows.
func anchorName(text string) (name, rest string) {
	i := 0
	for i < len(text) {
		c := text[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '-') {
			break
		}
		i++
	}
	return text[:i], text[i:]
}

// plainLines reads the lines that continue the plain scalar whose first
// line is first: the lines more indented than owner up to a comment. They
// are folded as YAML folds them: a line break becomes a space, and n
// blank lines become n line breaks.
func (d *fastDecoder) plainLines(first string, owner int) (string, bool) {
	var b strings.Builder
	for {
		j, blanks := d.i, 0
		for j < len(d.lines) && d.lines[j].text == "" {
			j, blanks = j+1, blanks+1
		}
		if j == len(d.lines) || d.lines[j].indent <= owner || d.lines[j].text[0] == '#' {
			break // the end of the scalar (text more indented after a comment is refused later)
		}
		l := d.lines[j]
		if !plainFirst(l.text) {
			return "", false
		}
		text, comment, ok := plainEnd(l.text)
		if !ok {
			return "", false
		}
		if b.Len() == 0 {
			b.WriteString(first)
		}
		if blanks == 0 {
			b.WriteByte(' ')
		}
		for range blanks {
			b.WriteByte('\n')
		}
		b.WriteString(text)
		d.i = j + 1
		if comment {
			break
		}
	}
	if b.Len() == 0 {
		return first, true
	}
	return b.String(), true
}

// literal reads a literal block scalar ("|" with clip or strip chomping)
// whose header after the "|" is hdr, on lines more indented than owner.
func (d *fastDecoder) literal(hdr string, owner int) (any, bool) {
	strip := false
	if hdr != "" && hdr[0] == '-' {
		strip, hdr = true, hdr[1:]
	}
	if !commentOnly(hdr) {
		return nil, false // keep chomping, indentation indicators, junk
	}
	var b strings.Builder
	indent := -1 // the content's indentation, once known
	pending := 0 // blank lines not yet written
	for ; d.i < len(d.lines); d.i++ {
		l := d.lines[d.i]
		if l.text == "" {
			if indent >= 0 && l.indent > indent || indent < 0 && l.indent > owner {
				return nil, false // blank lines holding spaces that may count
			}
			pending++
			continue
		}
		if indent < 0 {
			if l.indent <= owner {
				break // an empty scalar
			}
			indent = l.indent
		} else if l.indent < indent {
			break
		}
		for ; pending > 0; pending-- {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat(" ", l.indent-indent))
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	if d.i == len(d.lines) && d.openEnd {
		return nil, false // how the last line break counts is the full decoder's business
	}
	if indent < 0 {
		return "", true // no content; what follows is the owner's
	}
	s := b.String()
	if strip {
		s = s[:len(s)-1]
	}
	// A line after the scalar must not be more indented than its owner.
	if d.skip() && d.lines[d.i].indent > owner {
		return nil, false
	}
	return s, true
}

// fastKey splits "key: value" or "key:" with a plain or single-line quoted
// key that decodes to a string and is not a merge key. rest starts after
// the colon.
func fastKey(text string) (key, rest string, ok bool) {
	if text[0] == '"' || text[0] == '\'' {
		k, after, ok := fastQuoted(text)
		if !ok || after == "" || after[0] != ':' || (len(after) > 1 && after[1] != ' ') || len(text)-len(after) > 1000 {
			return "", "", false
		}
		return k, after[1:], true
	}
	if !plainFirst(text) {
		return "", "", false
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ':':
			if i+1 < len(text) && text[i+1] != ' ' {
				continue
			}
			k := strings.TrimRight(text[:i], " ")
			if len(k) > 1000 || k == "<<" {
				return "", "", false
			}
			var ks string
			switch v := resolvePlain(k).(type) {
			case string:
				ks = v
			case int64, bool:
				s, err := keyString(v, nil)
				if err != nil {
					return "", "", false
				}
				ks = s
			case float64:
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return "", "", false
				}
				s, err := keyString(v, nil)
				if err != nil {
					return "", "", false
				}
				ks = s
			default:
				return "", "", false // null, uint64
			}
			return ks, text[i+1:], true
		case '#':
			if i > 0 && text[i-1] == ' ' {
				return "", "", false
			}
		}
	}
	return "", "", false
}

// fastQuoted reads a quoted scalar that closes on its line at the start of
// text. Of the escapes of double-quoted scalars it reads \\, \", \n, \t
// and \r, and leaves scalars with others to the full decoder.
func fastQuoted(text string) (val, rest string, ok bool) {
	if text[0] == '\'' {
		return quoted(text)
	}
	var b []byte
	start := 1
	for i := 1; i < len(text); i++ {
		switch text[i] {
		case '"':
			if b == nil {
				return text[1:i], text[i+1:], true
			}
			return string(append(b, text[start:i]...)), text[i+1:], true
		case '\\':
			if i+1 == len(text) {
				return "", "", false
			}
			var c byte
			switch text[i+1] {
			case '\\', '"':
				c = text[i+1]
			case 'n':
				c = '\n'
			case 't':
				c = '\t'
			case 'r':
				c = '\r'
			default:
				return "", "", false
			}
			b = append(append(b, text[start:i]...), c)
			i++
			start = i + 1
		}
	}
	return "", "", false
}

// flowSequence reads a one-line flow sequence of plain and quoted
// scalars at the start of text, as flowSequence accepts it.
func (d *fastDecoder) flowSequence(text string) (v []any, end int, ok bool) {
	end, ok = flowSequence(text)
	if !ok {
		return nil, 0, false
	}
	out := []any{}
	i := 1
	for {
		for text[i] == ' ' {
			i++
		}
		if text[i] == ']' {
			return out, end, true
		}
		if c := text[i]; c == '"' || c == '\'' {
			s, after, ok := quoted(text[i:])
			if !ok {
				return nil, 0, false
			}
			out = append(out, s)
			i = len(text) - len(after)
		} else {
			j := i
			for text[j] != ',' && text[j] != ']' {
				j++
			}
			item, ok := d.plain(strings.TrimRight(text[i:j], " "))
			if !ok {
				return nil, 0, false
			}
			out = append(out, item)
			i = j
		}
		for text[i] == ' ' {
			i++
		}
		switch text[i] {
		case ',':
			i++
		case ']':
		default:
			return nil, 0, false
		}
	}
}
