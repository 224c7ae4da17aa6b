package yamlx

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf8"
)

// Head is what ScanHead reads from a document: the fields Helm decodes to
// sort it.
type Head struct {
	APIVersion, Kind string
	// HasMetadata reports a metadata mapping; Name and Annotations come
	// from it. Annotations is nil when the mapping has no annotations key
	// and empty (not nil) for "annotations: {}".
	HasMetadata bool
	Name        string
	Annotations map[string]string
	// Namespace and Labels are metadata.namespace and metadata.labels
	// (keys spelled exactly so); Labels is nil when absent or empty.
	Namespace string
	Labels    map[string]string
}

// ScanHead reads apiVersion, kind, metadata.name and metadata.annotations
// (and metadata.namespace and metadata.labels) from a YAML document
// without building it, for documents written in a
// plain subset of YAML: block mappings and sequences, plain and quoted
// scalars (multi-line too, head fields excepted), block scalars, comments,
// and the empty flow collections {} and []. It checks the whole document, so
// that ok means Decode would succeed (no syntax error, no NaN or infinity,
// no key it refuses) and the fields are the ones Decode would give, as
// strings. On anything outside the subset or any doubt (anchors, tags, flow
// collections, rare escapes, tabs, non-string head fields, keys spelled in
// another case, repeated head keys, ...) it returns ok false and the caller
// decodes the document.
func ScanHead(doc string) (h Head, ok bool) {
	if !plainText(doc) {
		return Head{}, false
	}
	s := headScanner{h: &h}
	if !s.run(doc) {
		return Head{}, false
	}
	return h, true
}

// plainText reports that doc holds only characters YAML allows in a
// document, with "\n" the only line break and no byte order mark.
func plainText(doc string) bool {
	for i := 0; i < len(doc); {
		c := doc[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(doc[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return false
		case r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF: // line breaks in YAML 1.1, BOM
			return false
		case r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return false
		}
		i += n
	}
	return true
}

// Roles of a mapping in the head.
const (
	roleOther = iota
	roleTop
	roleMeta
	roleAnn
	roleLabels
)

type scanLevel struct {
	indent int
	seq    bool
	role   int
	seen   [4]bool // head keys seen (top: apiVersion, kind, metadata; meta: name, annotations, namespace, labels)
}

type headScanner struct {
	h     *Head
	stack []scanLevel

	off       int      // offset of the line being read
	comments  [][2]int // the comment lines outside scalars (start, end)
	keepChomp bool     // a block scalar keeps its trailing line breaks (|+, >+)

	// A key or dash whose value is on the following lines.
	pending      bool
	pendingOwner int
	pendingMap   bool // a mapping value: a sequence may start at the owner's column
	pendingRole  int

	// A plain scalar that may continue on more indented lines.
	contOwner int // -1 when none
	contHead  bool

	// A quoted scalar going on over lines.
	inQuote    bool
	quoteChar  byte
	quoteOwner int

	// A block scalar being skipped.
	inBlock       bool
	blockOwner    int
	blockIndent   int // 0 until the first content line
	blockMaxBlank int
}

func (s *headScanner) run(doc string) bool {
	s.contOwner = -1
	for len(doc) > 0 {
		var line string
		if i := strings.IndexByte(doc, '\n'); i >= 0 {
			line, doc = doc[:i], doc[i+1:]
		} else {
			line, doc = doc, ""
		}
		if !s.line(line) {
			return false
		}
		s.off += len(line) + 1
	}
	if len(s.stack) == 0 || s.inQuote {
		return false // not a mapping, or an unclosed quote
	}
	if s.pending && s.pendingRole != roleOther {
		return false // null metadata or annotations
	}
	return true
}

func indentOf(line string) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

func isDash(rest string) bool {
	return rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ')
}

func (s *headScanner) line(line string) bool {
	col := indentOf(line)
	rest := line[col:]
	if s.inQuote {
		if strings.IndexByte(line, '\t') >= 0 {
			return false
		}
		if rest == "" {
			return true
		}
		if col <= s.quoteOwner || (col == 0 && (strings.HasPrefix(rest, "---") || strings.HasPrefix(rest, "..."))) {
			return false
		}
		end, closed, ok := skipQuoted(rest, s.quoteChar)
		if !ok {
			return false
		}
		if closed {
			s.inQuote = false
			return commentOnly(rest[end:])
		}
		return true
	}
	if s.inBlock {
		if rest == "" {
			if s.blockIndent == 0 {
				s.blockMaxBlank = max(s.blockMaxBlank, col)
			}
			return true
		}
		if s.blockIndent == 0 {
			if rest[0] == '\t' {
				return false
			}
			if col > s.blockOwner {
				if s.blockMaxBlank > col {
					return false
				}
				s.blockIndent = col
				return true
			}
		} else if col >= s.blockIndent {
			return true
		} else if rest[0] == '\t' {
			return false
		}
		if s.blockMaxBlank > s.blockOwner && s.blockMaxBlank > col {
			return false
		}
		s.inBlock = false
	}
	if rest == "" {
		return true
	}
	if strings.IndexByte(rest, '\t') >= 0 {
		return false
	}
	if rest[0] == '#' {
		s.contOwner = -1
		s.comments = append(s.comments, [2]int{s.off, s.off + len(line)})
		return true
	}
	if col == 0 && (strings.HasPrefix(rest, "---") || strings.HasPrefix(rest, "...") || rest[0] == '%') {
		return false
	}
	if s.contOwner >= 0 && col > s.contOwner {
		// The plain scalar goes on.
		if s.contHead || isDash(rest) || rest[0] == '?' || rest[0] == ':' {
			return false
		}
		_, comment, ok := plainEnd(rest)
		if comment {
			s.contOwner = -1 // a comment ends the scalar
		}
		return ok
	}
	s.contOwner = -1

	if len(s.stack) == 0 {
		if col != 0 || s.pending {
			return false
		}
		s.stack = append(s.stack, scanLevel{indent: 0, role: roleTop})
	}
	if s.pending {
		s.pending = false
		if col > s.pendingOwner && (strings.HasPrefix(rest, "{}") || strings.HasPrefix(rest, "[]")) && commentOnly(rest[2:]) {
			// An empty collection on its own line.
			switch {
			case s.pendingRole == roleAnn && rest[0] == '{':
				s.h.Annotations = map[string]string{}
			case s.pendingRole == roleOther, s.pendingRole == roleLabels && rest[0] == '{', s.pendingRole == roleMeta && rest[0] == '{':
			default:
				return false
			}
			return true
		}
		switch {
		case col > s.pendingOwner, s.pendingMap && col == s.pendingOwner && isDash(rest):
			seq := isDash(rest)
			if seq && s.pendingRole != roleOther {
				return false
			}
			s.stack = append(s.stack, scanLevel{indent: col, seq: seq, role: s.pendingRole})
		default:
			if s.pendingRole != roleOther {
				return false // null
			}
		}
	}
	for len(s.stack) > 0 && s.stack[len(s.stack)-1].indent > col {
		s.stack = s.stack[:len(s.stack)-1]
	}
	if len(s.stack) == 0 {
		return false
	}
	top := &s.stack[len(s.stack)-1]
	if top.seq && !isDash(rest) && len(s.stack) > 1 && s.stack[len(s.stack)-2].indent == col {
		s.stack = s.stack[:len(s.stack)-1] // the end of a sequence at its key's column
		top = &s.stack[len(s.stack)-1]
	}
	if top.indent != col {
		return false
	}
	if !top.seq {
		if isDash(rest) {
			return false
		}
		return s.key(top, col, rest)
	}
	if !isDash(rest) {
		return false
	}
	after := rest[1:]
	n := indentOf(after)
	content := after[n:]
	if content == "" || content[0] == '#' {
		if content != "" && n == 0 {
			return false
		}
		s.setPending(col, false, roleOther)
		return true
	}
	if isDash(content) {
		return false
	}
	if _, _, isKey := splitKey(content); isKey {
		kcol := col + 1 + n
		s.stack = append(s.stack, scanLevel{indent: kcol, role: roleOther})
		return s.key(&s.stack[len(s.stack)-1], kcol, content)
	}
	return s.value(content, col, nil)
}

func (s *headScanner) setPending(owner int, mapValue bool, role int) {
	s.pending, s.pendingOwner, s.pendingMap, s.pendingRole = true, owner, mapValue, role
}

// headKeys are the keys the head decodes, by role.
var headKeys = [...][]string{
	roleTop:  {"apiVersion", "kind", "metadata"},
	roleMeta: {"name", "annotations"},
}

// key handles "key: value" at column col of mapping lv.
func (s *headScanner) key(lv *scanLevel, col int, text string) (ok bool) {
	key, val, isKey := splitKey(text)
	if !isKey {
		return false
	}
	var target *string
	role := roleOther
	if lv.role == roleTop || lv.role == roleMeta {
		for i, name := range headKeys[lv.role] {
			if !strings.EqualFold(key, name) {
				continue
			}
			if key != name || lv.seen[i] {
				return false // another spelling, or a repeated key: let the decoder decide
			}
			lv.seen[i] = true
			switch {
			case lv.role == roleTop && i == 0:
				target = &s.h.APIVersion
			case lv.role == roleTop && i == 1:
				target = &s.h.Kind
			case lv.role == roleTop:
				role = roleMeta
				s.h.HasMetadata = true
			case i == 0:
				target = &s.h.Name
			default:
				role = roleAnn
			}
		}
		if lv.role == roleMeta && (key == "namespace" || key == "labels") {
			i := 2
			if key == "labels" {
				i = 3
			}
			if lv.seen[i] {
				return false
			}
			lv.seen[i] = true
			if i == 2 {
				target = &s.h.Namespace
			} else {
				role = roleLabels
			}
		}
	} else if lv.role == roleAnn || lv.role == roleLabels {
		if strings.HasPrefix(key, "\x00") {
			return false // a key that is not a string
		}
		m := &s.h.Annotations
		if lv.role == roleLabels {
			m = &s.h.Labels
		}
		var v string
		target = &v
		defer func() {
			if ok {
				if *m == nil {
					*m = map[string]string{}
				}
				(*m)[key] = v
			}
		}()
	}
	val = strings.TrimLeft(val, " ")
	if val == "" || val[0] == '#' {
		if target != nil {
			return false // null or a collection where a string belongs
		}
		s.setPending(col, true, role)
		return true
	}
	if val == "{}" || strings.HasPrefix(val, "{} ") || val == "[]" || strings.HasPrefix(val, "[] ") {
		if target != nil || !commentOnly(val[2:]) {
			return false
		}
		switch {
		case role == roleAnn && val[0] == '{':
			s.h.Annotations = map[string]string{}
		case role == roleLabels && val[0] == '{':
			// empty labels are reported as none
		case role != roleOther:
			if val[0] != '{' {
				return false
			}
		}
		return true
	}
	if role != roleOther {
		return false // a scalar where a mapping belongs
	}
	return s.value(val, col, target)
}

// commentOnly reports that rest is spaces, optionally followed by a comment
// after at least one space.
func commentOnly(rest string) bool {
	t := strings.TrimLeft(rest, " ")
	return t == "" || (t[0] == '#' && len(t) < len(rest))
}

// splitKey splits "key: value" (value possibly empty) with a plain or
// quoted key. The key is returned as decoded.
func splitKey(text string) (key, val string, ok bool) {
	switch text[0] {
	case '"', '\'':
		k, rest, ok := quoted(text)
		if !ok || rest == "" || rest[0] != ':' || (len(rest) > 1 && rest[1] != ' ') {
			return "", "", false
		}
		return k, rest[1:], true
	}
	if !plainFirst(text) {
		return "", "", false
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ':':
			if i+1 == len(text) || text[i+1] == ' ' {
				k := strings.TrimRight(text[:i], " ")
				if len(k) > 1000 || k == "<<" {
					return "", "", false
				}
				switch v := resolvePlain(k).(type) {
				case string:
					return v, text[i+1:], true
				case int64, bool:
				case float64:
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return "", "", false
					}
				default:
					return "", "", false
				}
				// A key that is not a string never names a head field;
				// keyString gives its text, which is all that matters.
				return "\x00" + k, text[i+1:], true
			}
		case '#':
			if i > 0 && text[i-1] == ' ' {
				return "", "", false
			}
		}
	}
	return "", "", false
}

// plainFirst reports that text may start a plain scalar in block context.
func plainFirst(text string) bool {
	c := text[0]
	switch c {
	case '-', '?', ':':
		return false // possible indicators; the caller has handled "- "
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// quoted reads a one-line quoted scalar at the start of text: the value and
// the text after the closing quote. Double-quoted scalars with escapes are
// left to the decoder.
func quoted(text string) (val, rest string, ok bool) {
	q := text[0]
	if q == '"' {
		i := strings.IndexByte(text[1:], '"')
		if i < 0 || strings.IndexByte(text[1:1+i], '\\') >= 0 {
			return "", "", false
		}
		return text[1 : 1+i], text[2+i:], true
	}
	var b strings.Builder
	for i := 1; i < len(text); i++ {
		if text[i] != '\'' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '\'' {
			b.WriteString(text[1:i])
			b.WriteByte('\'')
			text = text[i+1:]
			i = 0
			continue
		}
		b.WriteString(text[1:i])
		return b.String(), text[i+1:], true
	}
	return "", "", false
}

// skipQuoted scans text, a line of a quoted scalar after its opening quote
// q or the start of one of its continuation lines, for the closing quote:
// end is the index after it when closed. ok is false for anything the
// decoder might refuse or read differently: escapes other than the
// one-character ones, a tab.
func skipQuoted(text string, q byte) (end int, closed, ok bool) {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\t':
			return 0, false, false
		case c == q && q == '\'':
			if i+1 < len(text) && text[i+1] == '\'' {
				i++
				continue
			}
			return i + 1, true, true
		case c == q:
			return i + 1, true, true
		case c == '\\' && q == '"':
			if i+1 == len(text) {
				return 0, false, true // an escaped line break
			}
			if !strings.ContainsRune(`0abtnvfre "'\NLP_`, rune(text[i+1])) {
				return 0, false, false
			}
			i++
		}
	}
	return 0, false, true
}

// plainEnd returns the plain scalar at the start of text, without a
// trailing comment and spaces, and whether a comment ends the line; ok is
// false when the line holds ": " (a mapping value where none is allowed)
// or ends with ":".
func plainEnd(text string) (val string, comment, ok bool) {
	end := len(text)
	for i := 0; i < len(text); i++ {
		if text[i] == ':' && (i+1 == len(text) || text[i+1] == ' ') {
			return "", false, false
		}
		if text[i] == '#' && i > 0 && text[i-1] == ' ' {
			end, comment = i, true
			break
		}
	}
	return strings.TrimRight(text[:end], " "), comment, true
}

// value handles a scalar value (after "key: " or "- "); owner is the
// column of the key or dash, target where a head string goes (nil for
// others).
func (s *headScanner) value(val string, owner int, target *string) bool {
	switch val[0] {
	case '[':
		if target != nil {
			return false
		}
		end, ok := flowSequence(val)
		return ok && commentOnly(val[end:])
	case '|', '>':
		if target != nil {
			return false
		}
		hdr := val[1:]
		if hdr != "" && (hdr[0] == '-' || hdr[0] == '+') {
			s.keepChomp = s.keepChomp || hdr[0] == '+'
			hdr = hdr[1:]
		}
		if !commentOnly(hdr) {
			return false
		}
		s.inBlock, s.blockOwner, s.blockIndent, s.blockMaxBlank = true, owner, 0, 0
		return true
	case '"', '\'':
		if target == nil {
			// Not a head field: only its validity matters, and it may go
			// on over lines.
			end, closed, ok := skipQuoted(val[1:], val[0])
			if !ok {
				return false
			}
			if !closed {
				s.inQuote, s.quoteChar, s.quoteOwner = true, val[0], owner
				return true
			}
			return commentOnly(val[1+end:])
		}
		v, rest, ok := quoted(val)
		if !ok || !commentOnly(rest) {
			return false
		}
		*target = v
		return true
	}
	if !plainFirst(val) && !(val[0] == '-' && len(val) > 1 && val[1] != ' ') {
		return false
	}
	text, comment, ok := plainEnd(val)
	if !ok {
		return false
	}
	switch v := resolvePlain(text).(type) {
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		if target != nil {
			return false
		}
	case string:
		if target != nil {
			*target = v
		}
	default:
		if target != nil {
			return false // a number, boolean or null where a string belongs
		}
	}
	if !comment {
		s.contOwner, s.contHead = owner, target != nil
	}
	return true
}

// withoutComments returns data with every comment line outside scalars
// emptied, when ScanHead reads data (so that data decodes without error)
// and the result decodes to the same value: yaml.v3 spends much of its
// time on comments, which values files are full of. It returns nil when
// there is nothing to gain or any doubt: a comment line ending a block
// scalar that keeps its trailing line breaks would add one to it.
func withoutComments(data []byte) []byte {
	if bytes.IndexByte(data, '#') < 0 {
		return nil
	}
	doc := string(data)
	if !plainText(doc) {
		return nil
	}
	s := headScanner{h: &Head{}}
	if !s.run(doc) || s.keepChomp || len(s.comments) == 0 {
		return nil
	}
	out := make([]byte, 0, len(data))
	prev := 0
	for _, c := range s.comments {
		out = append(out, data[prev:c[0]]...)
		prev = c[1]
	}
	return append(out, data[prev:]...)
}

// flowSequence checks a one-line flow sequence of scalars at the start of
// text, such as [a, "b", 'c', 1.5], and returns the index after its "]".
// Plain items holding anything but plain characters (":", "#", brackets,
// braces), empty items and NaN or infinities are left to the decoder.
func flowSequence(text string) (end int, ok bool) {
	i := 1
	for {
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i == len(text) {
			return 0, false
		}
		switch c := text[i]; {
		case c == ']':
			return i + 1, true // "[a, b, ]" and "[ ]" are valid too
		case c == '"' || c == '\'':
			n, closed, ok := skipQuoted(text[i+1:], c)
			if !closed || !ok {
				return 0, false
			}
			i += 1 + n
		default:
			j := i
			for j < len(text) && text[j] != ',' && text[j] != ']' {
				switch text[j] {
				case ':', '#', '[', '{', '}', '?', '\t', '"', '\'':
					return 0, false
				}
				j++
			}
			item := strings.TrimRight(text[i:j], " ")
			if item == "" || !(plainFirst(item) || item[0] == '-' && len(item) > 1 && item[1] != ' ') {
				return 0, false
			}
			if f, isFloat := resolvePlain(item).(float64); isFloat && (math.IsNaN(f) || math.IsInf(f, 0)) {
				return 0, false
			}
			i = j
		}
		for i < len(text) && text[i] == ' ' {
			i++
		}
		if i == len(text) {
			return 0, false
		}
		switch text[i] {
		case ']':
			return i + 1, true
		case ',':
			i++
		default:
			return 0, false
		}
	}
}
