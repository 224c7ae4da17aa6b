package yamlx

// Scalar analysis and the four scalar writers (plain, single-quoted,
// double-quoted, literal) of a yaml.v2 style block emitter. The rules follow
// the libyaml emitter that go.yaml.in/yaml/v2 v2.4.4 uses: the same character
// classes, the same folding at column 80 and the same escapes, so that the
// output is byte-identical to sigs.k8s.io/yaml.Marshal.

const (
	bestWidth  = 80 // yaml.v2 default line width
	bestIndent = 2  // yaml.v2 default indentation
)

// scalarStyle is the presentation chosen for a scalar.
type scalarStyle uint8

const (
	stylePlain scalarStyle = iota
	styleSingle
	styleDouble
	styleLiteral
)

// scalarFacts is the result of analysing a scalar's text.
type scalarFacts struct {
	multiline           bool // contains a line break character
	blockPlainAllowed   bool
	singleQuotedAllowed bool
	blockAllowed        bool // literal block style is possible
}

// charWidth is the length of the UTF-8 sequence that starts with b
// (0 for a continuation byte).
func charWidth(b byte) int {
	switch {
	case b&0x80 == 0:
		return 1
	case b&0xE0 == 0xC0:
		return 2
	case b&0xF0 == 0xE0:
		return 3
	case b&0xF8 == 0xF0:
		return 4
	}
	return 0
}

// at returns s[i], or 0 past the end (libyaml strings are NUL terminated).
func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

// isPrintableAt mirrors libyaml's is_printable: only part of Unicode counts
// as printable, and no character outside the Basic Multilingual Plane does.
func isPrintableAt(s string, i int) bool {
	b := s[i]
	b1, b2 := byteAt(s, i+1), byteAt(s, i+2)
	return b == 0x0A ||
		(b >= 0x20 && b <= 0x7E) ||
		(b == 0xC2 && b1 >= 0xA0) ||
		(b > 0xC2 && b < 0xED) ||
		(b == 0xED && b1 < 0xA0) ||
		b == 0xEE ||
		(b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)))
}

// isBreakAt reports CR, LF, NEL, LS or PS at s[i].
func isBreakAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	switch s[i] {
	case '\r', '\n':
		return true
	case 0xC2:
		return byteAt(s, i+1) == 0x85
	case 0xE2:
		return byteAt(s, i+1) == 0x80 && (byteAt(s, i+2) == 0xA8 || byteAt(s, i+2) == 0xA9)
	}
	return false
}

func isSpaceAt(s string, i int) bool { return i < len(s) && s[i] == ' ' }

func isBlankAt(s string, i int) bool { return i < len(s) && (s[i] == ' ' || s[i] == '\t') }

// isBlankzAt is a blank, a break, or the end of the text.
func isBlankzAt(s string, i int) bool {
	return i >= len(s) || s[i] == 0 || isBlankAt(s, i) || isBreakAt(s, i)
}

// analyzeScalar classifies a scalar's text like yaml_emitter_analyze_scalar.
func analyzeScalar(value string) scalarFacts {
	if len(value) == 0 {
		return scalarFacts{blockPlainAllowed: true, singleQuotedAllowed: true}
	}
	var (
		blockIndicators, lineBreaks, specialChars  bool
		leadingSpace, leadingBreak                 bool
		trailingSpace, trailingBreak, breakSpace   bool
		spaceBreak, previousSpace, previousBreak   bool
		precededByWhitespace, followedByWhitespace bool
	)
	if len(value) >= 3 && (value[:3] == "---" || value[:3] == "...") {
		blockIndicators = true
	}
	precededByWhitespace = true
	for i, w := 0, 0; i < len(value); i += w {
		c := value[i]
		if c < 0x80 {
			w = 1
		} else if w = charWidth(c); w == 0 {
			w = 1
		}
		followedByWhitespace = i+w >= len(value) || value[i+w] == ' ' || value[i+w] == '\t'
		if c < 0x80 && c > ' ' && c != '#' && c != ',' && c != '[' && c != ']' && c != '{' && c != '}' &&
			c != '&' && c != '*' && c != '!' && c != '|' && c != '>' && c != '\'' && c != '"' && c != '%' &&
			c != '@' && c != '`' && c != '?' && c != ':' && c != '-' && c != 0x7F {
			// Common case: a printable ASCII character with no role.
			previousSpace, previousBreak = false, false
			precededByWhitespace = false
			continue
		}
		if i == 0 {
			switch c {
			case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
				blockIndicators = true
			case '?', ':':
				if followedByWhitespace {
					blockIndicators = true
				}
			case '-':
				if followedByWhitespace {
					blockIndicators = true
				}
			}
		} else {
			switch c {
			case ':':
				if followedByWhitespace {
					blockIndicators = true
				}
			case '#':
				if precededByWhitespace {
					blockIndicators = true
				}
			}
		}
		if !isPrintableAt(value, i) {
			specialChars = true
		}
		switch {
		case c == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i+w == len(value) {
				trailingSpace = true
			}
			if previousBreak {
				breakSpace = true
			}
			previousSpace, previousBreak = true, false
		case isBreakAt(value, i):
			lineBreaks = true
			if i == 0 {
				leadingBreak = true
			}
			if i+w == len(value) {
				trailingBreak = true
			}
			if previousSpace {
				spaceBreak = true
			}
			previousSpace, previousBreak = false, true
		default:
			previousSpace, previousBreak = false, false
		}
		precededByWhitespace = isBlankzAt(value, i)
	}
	f := scalarFacts{multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		f.blockPlainAllowed = false
	}
	if trailingSpace {
		f.blockAllowed = false
	}
	if breakSpace {
		f.blockPlainAllowed = false
		f.singleQuotedAllowed = false
	}
	if spaceBreak || specialChars {
		f.blockPlainAllowed = false
		f.singleQuotedAllowed = false
		f.blockAllowed = false
	}
	if lineBreaks || blockIndicators {
		f.blockPlainAllowed = false
	}
	return f
}

// writeChar copies the UTF-8 character at s[*i] and advances one column.
func (e *emitter) writeChar(s string, i *int) {
	if c := s[*i]; c < 0x80 {
		e.buf = append(e.buf, c)
		e.column++
		*i++
		return
	}
	w := charWidth(s[*i])
	if w == 0 || *i+w > len(s) {
		w = 1
	}
	e.buf = append(e.buf, s[*i:*i+w]...)
	e.column++
	*i += w
}

// writeBreakChar copies a line break character from s.
func (e *emitter) writeBreakChar(s string, i *int) {
	if s[*i] == '\n' {
		e.putBreak()
		*i++
		return
	}
	e.writeChar(s, i)
	e.column = 0
}

func (e *emitter) writePlain(value string, allowBreaks bool) {
	if !e.whitespace {
		e.put(' ')
	}
	spaces, breaks := false, false
	for i := 0; i < len(value); {
		switch {
		case value[i] == ' ':
			if allowBreaks && !spaces && e.column > bestWidth && !isSpaceAt(value, i+1) {
				e.writeIndent()
				i++
			} else {
				e.writeChar(value, &i)
			}
			spaces = true
		case isBreakAt(value, i):
			if !breaks && value[i] == '\n' {
				e.putBreak()
			}
			e.writeBreakChar(value, &i)
			e.indention = true
			breaks = true
		default:
			if breaks {
				e.writeIndent()
			}
			e.writeChar(value, &i)
			e.indention = false
			spaces, breaks = false, false
		}
	}
	e.whitespace = false
	e.indention = false
}

func (e *emitter) writeSingleQuoted(value string, allowBreaks bool) {
	e.writeIndicator("'", true, false, false)
	spaces, breaks := false, false
	for i := 0; i < len(value); {
		switch {
		case value[i] == ' ':
			if allowBreaks && !spaces && e.column > bestWidth && i > 0 && i < len(value)-1 && !isSpaceAt(value, i+1) {
				e.writeIndent()
				i++
			} else {
				e.writeChar(value, &i)
			}
			spaces = true
		case isBreakAt(value, i):
			if !breaks && value[i] == '\n' {
				e.putBreak()
			}
			e.writeBreakChar(value, &i)
			e.indention = true
			breaks = true
		default:
			if breaks {
				e.writeIndent()
			}
			if value[i] == '\'' {
				e.put('\'')
			}
			e.writeChar(value, &i)
			e.indention = false
			spaces, breaks = false, false
		}
	}
	e.writeIndicator("'", false, false, false)
	e.whitespace = false
	e.indention = false
}

const hexDigits = "0123456789ABCDEF"

func (e *emitter) writeDoubleQuoted(value string, allowBreaks bool) {
	// libyaml's is_bom looks at the start of the value, not at the current
	// position: a value that starts with U+FEFF has every character escaped.
	bom := len(value) >= 3 && value[:3] == "\xEF\xBB\xBF"
	spaces := false
	e.writeIndicator("\"", true, false, false)
	for i := 0; i < len(value); {
		c := value[i]
		if bom || !isPrintableAt(value, i) || isBreakAt(value, i) || c == '"' || c == '\\' {
			w := charWidth(c)
			var v rune
			switch w {
			case 1:
				v = rune(c & 0x7F)
			case 2:
				v = rune(c & 0x1F)
			case 3:
				v = rune(c & 0x0F)
			case 4:
				v = rune(c & 0x07)
			default:
				w, v = 1, rune(c)
			}
			for k := 1; k < w && i+k < len(value); k++ {
				v = v<<6 | rune(value[i+k])&0x3F
			}
			i += w
			e.put('\\')
			switch v {
			case 0x00:
				e.put('0')
			case 0x07:
				e.put('a')
			case 0x08:
				e.put('b')
			case 0x09:
				e.put('t')
			case 0x0A:
				e.put('n')
			case 0x0B:
				e.put('v')
			case 0x0C:
				e.put('f')
			case 0x0D:
				e.put('r')
			case 0x1B:
				e.put('e')
			case 0x22:
				e.put('"')
			case 0x5C:
				e.put('\\')
			case 0x85:
				e.put('N')
			case 0xA0:
				e.put('_')
			case 0x2028:
				e.put('L')
			case 0x2029:
				e.put('P')
			default:
				digits := 2
				switch {
				case v <= 0xFF:
					e.put('x')
				case v <= 0xFFFF:
					e.put('u')
					digits = 4
				default:
					e.put('U')
					digits = 8
				}
				for k := (digits - 1) * 4; k >= 0; k -= 4 {
					e.put(hexDigits[(v>>uint(k))&0x0F])
				}
			}
			spaces = false
		} else if c == ' ' {
			if allowBreaks && !spaces && e.column > bestWidth && i > 0 && i < len(value)-1 {
				e.writeIndent()
				if isSpaceAt(value, i+1) {
					e.put('\\')
				}
				i++
			} else {
				e.writeChar(value, &i)
			}
			spaces = true
		} else {
			e.writeChar(value, &i)
			spaces = false
		}
	}
	e.writeIndicator("\"", false, false, false)
	e.whitespace = false
	e.indention = false
}

// lastCharStart returns the index of the first byte of the character that
// ends at s[end] (end inclusive).
func lastCharStart(s string, end int) int {
	for end > 0 && s[end]&0xC0 == 0x80 {
		end--
	}
	return end
}

func (e *emitter) writeBlockScalarHints(value string) {
	if isSpaceAt(value, 0) || isBreakAt(value, 0) {
		e.writeIndicator(string(rune('0'+bestIndent)), false, false, false)
	}
	chomp := chompIndicator(value)
	if chomp != "" {
		e.writeIndicator(chomp, false, false, false)
	}
}

func (e *emitter) writeLiteral(value string) {
	e.writeIndicator("|", true, false, false)
	e.writeBlockScalarHints(value)
	e.putBreak()
	e.indention = true
	e.whitespace = true
	breaks := true
	for i := 0; i < len(value); {
		if isBreakAt(value, i) {
			e.writeBreakChar(value, &i)
			e.indention = true
			breaks = true
		} else {
			if breaks {
				e.writeIndent()
			}
			e.writeChar(value, &i)
			e.indention = false
			breaks = false
		}
	}
}
