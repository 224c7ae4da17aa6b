package engine

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// globMatcher matches paths against a gobwas/glob pattern compiled with "/"
// as the only separator. It translates the pattern to an anchored regular
// expression, so matching is linear in the path length.
type globMatcher struct {
	re  *regexp.Regexp // nil: matches everything (invalid pattern)
	all bool
}

func (g *globMatcher) match(name string) bool {
	if g.all {
		return true
	}
	return g.re.MatchString(name)
}

// compileGlob compiles pattern; an invalid pattern matches everything, as
// Helm's .Files.Glob falls back to "**".
func compileGlob(pattern string) *globMatcher {
	toks, ok := lexGlob(pattern)
	if !ok {
		return &globMatcher{all: true}
	}
	var b strings.Builder
	b.WriteString(`^(?s:`)
	if !parseGlob(toks, &b) {
		return &globMatcher{all: true}
	}
	b.WriteString(`)$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return &globMatcher{all: true}
	}
	return &globMatcher{re: re}
}

type globTokKind int

const (
	gText globTokKind = iota
	gAny
	gSuper
	gSingle
	gTermsOpen
	gSeparator
	gTermsClose
	gRange // a whole [...] class
)

type globTok struct {
	kind  globTokKind
	text  string // gText: literal text; gRange: the characters (list form)
	not   bool   // gRange
	lo    rune   // gRange in lo-hi form
	hi    rune
	isLoH bool
}

// lexGlob splits pattern into tokens following gobwas/glob v0.2.3's lexer,
// including its quirks (an unterminated "{" is accepted; "}" and "," are
// literal outside braces; "[a-z" + more than one range is an error).
func lexGlob(p string) ([]globTok, bool) {
	var toks []globTok
	level := 0
	i := 0
	read := func() (rune, bool) {
		if i >= len(p) {
			return 0, false
		}
		r, w := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError {
			return 0, false
		}
		i += w
		return r, true
	}
	text := func(breakers string) (string, bool) {
		var sb strings.Builder
		escaped := false
		for i < len(p) {
			r, w := utf8.DecodeRuneInString(p[i:])
			if r == utf8.RuneError {
				return "", false
			}
			if !escaped {
				if r == '\\' {
					escaped = true
					i += w
					continue
				}
				if strings.ContainsRune(breakers, r) {
					break
				}
			}
			escaped = false
			sb.WriteRune(r)
			i += w
		}
		return sb.String(), true
	}
	for i < len(p) {
		r, _ := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError {
			return nil, false
		}
		switch {
		case r == '{':
			i++
			level++
			toks = append(toks, globTok{kind: gTermsOpen})
		case r == ',' && level > 0:
			i++
			toks = append(toks, globTok{kind: gSeparator})
		case r == '}' && level > 0:
			i++
			level--
			toks = append(toks, globTok{kind: gTermsClose})
		case r == '[':
			i++
			t, ok := lexRange(p, &i, read, text)
			if !ok {
				return nil, false
			}
			toks = append(toks, t)
		case r == '?':
			i++
			toks = append(toks, globTok{kind: gSingle})
		case r == '*':
			i++
			if i < len(p) && p[i] == '*' {
				i++
				toks = append(toks, globTok{kind: gSuper})
			} else {
				toks = append(toks, globTok{kind: gAny})
			}
		default:
			breakers := "?*[{"
			if level > 0 {
				breakers = "?*[{},"
			}
			s, ok := text(breakers)
			if !ok {
				return nil, false
			}
			if s != "" {
				toks = append(toks, globTok{kind: gText, text: s})
			}
		}
	}
	return toks, true
}

// lexRange reads a character class after its "[", up to and including "]".
func lexRange(p string, i *int, read func() (rune, bool), text func(string) (string, bool)) (globTok, bool) {
	t := globTok{kind: gRange}
	seenNot := false
	wantHi, wantClose := false, false
	haveLo, haveHi := false, false
	for {
		r, ok := read()
		if !ok {
			return t, false
		}
		if wantClose {
			return t, r == ']' && t.valid(haveLo, haveHi)
		}
		if wantHi {
			t.hi, haveHi = r, true
			if t.hi < t.lo {
				return t, false
			}
			wantClose = true
			continue
		}
		if !seenNot && r == '!' {
			t.not, seenNot = true, true
			continue
		}
		if *i < len(p) && p[*i] == '-' {
			*i++
			t.lo, haveLo = r, true
			wantHi = true
			continue
		}
		*i -= utf8.RuneLen(r)
		s, ok := text("]")
		if !ok {
			return t, false
		}
		t.text = s
		wantClose = true
	}
}

func (t *globTok) valid(haveLo, haveHi bool) bool {
	isRange := haveLo && haveHi && t.lo != 0 && t.hi != 0
	t.isLoH = isRange
	return (t.text != "") != isRange
}

// parseGlob writes the regular expression for toks to b, following the
// gobwas/glob parser: a "}" closes the innermost alternative group, and
// groups still open at the end are closed.
func parseGlob(toks []globTok, b *strings.Builder) bool {
	depth := 0
	for _, t := range toks {
		switch t.kind {
		case gText:
			b.WriteString(regexp.QuoteMeta(t.text))
		case gAny:
			b.WriteString(`[^/]*`)
		case gSuper:
			b.WriteString(`.*`)
		case gSingle:
			b.WriteString(`[^/]`)
		case gRange:
			b.WriteString(rangeRegexp(t))
		case gTermsOpen:
			depth++
			b.WriteString(`(?:`)
		case gSeparator:
			b.WriteString(`|`)
		case gTermsClose:
			depth--
			b.WriteString(`)`)
		}
	}
	for ; depth > 0; depth-- {
		b.WriteString(`)`)
	}
	return true
}

func rangeRegexp(t globTok) string {
	var b strings.Builder
	b.WriteByte('[')
	if t.not {
		b.WriteByte('^')
	}
	if t.isLoH {
		b.WriteString(classRune(t.lo))
		b.WriteByte('-')
		b.WriteString(classRune(t.hi))
	} else {
		for _, r := range t.text {
			b.WriteString(classRune(r))
		}
	}
	b.WriteByte(']')
	return b.String()
}

func classRune(r rune) string {
	return `\x{` + strings.ToUpper(strconvHex(r)) + `}`
}

func strconvHex(r rune) string {
	const digits = "0123456789abcdef"
	if r == 0 {
		return "0"
	}
	var buf [8]byte
	i := len(buf)
	for r > 0 {
		i--
		buf[i] = digits[r&0xf]
		r >>= 4
	}
	return string(buf[i:])
}
