package strvals

import (
	"context"
	"io"
	"unicode"
	"unicode/utf8"
)

// mode selects the flavour of the grammar and how values are typed.
type mode int

const (
	modeTyped   mode = iota // --set
	modeString              // --set-string
	modeFile                // --set-file
	modeJSON                // --set-json
	modeLiteral             // --set-literal
)

// parser holds the state of one parse call.
type parser struct {
	src  string
	pos  int // next byte to read
	prev int // start of the rune last read, for unreadRune

	mode      mode
	reader    RunesValueReader
	helm3     bool
	maxIndex  int
	maxNested int
	budget    int // list slots left to allocate; negative: unlimited
	maxDepth  int // negative: unlimited

	ctx  context.Context
	done <-chan struct{} // ctx's, or nil
	left int             // characters to read before the next check of done
}

// readRune reads one rune, decoding invalid UTF-8 as one U+FFFD per byte
// (as bytes.Buffer does in Helm). At the end it returns io.EOF.
func (t *parser) readRune() (rune, error) {
	if t.pos >= len(t.src) {
		return 0, io.EOF
	}
	if t.done != nil {
		if t.left--; t.left <= 0 {
			t.checkDone()
		}
	}
	r, n := utf8.DecodeRuneInString(t.src[t.pos:])
	t.prev = t.pos
	t.pos += n
	return r, nil
}

// checkDone ends the parse by panicking with ctxAbort if the context is
// done; runContext recovers it.
func (t *parser) checkDone() {
	t.left = ctxEvery
	select {
	case <-t.done:
		panic(ctxAbort{t.ctx.Err()})
	default:
	}
}

// unreadRune steps back over the rune returned by the last successful
// readRune.
func (t *parser) unreadRune() { t.pos = t.prev }

// Stop sets of the scanner.
func isKeyStop(r rune) bool     { return r == '=' || r == '[' || r == ',' || r == '.' }
func isLitKeyStop(r rune) bool  { return r == '=' || r == '[' || r == '.' }
func isAfterIndex(r rune) bool  { return r == '[' || r == '.' || r == '=' }
func isIndexStop(r rune) bool   { return r == ']' }
func isValueStop(r rune) bool   { return r == ',' }
func isItemStop(r rune) bool    { return r == ',' || r == '}' }
func isNeverStop(rune) bool     { return false }
func (t *parser) escapes() bool { return t.mode != modeLiteral }

// runesUntil reads runes up to and including the first one in the stop set
// and returns the runes before it and the stop rune. If escapes is on, a
// backslash makes the next rune ordinary (a trailing backslash is dropped).
// At the end of input it returns what was read and io.EOF.
func (t *parser) runesUntil(stop func(rune) bool) ([]rune, rune, error) {
	v := []rune{}
	esc := t.escapes()
	for {
		r, err := t.readRune()
		switch {
		case err != nil:
			return v, r, err
		case stop(r):
			return v, r, nil
		case esc && r == '\\':
			next, err := t.readRune()
			if err != nil {
				return v, next, err
			}
			v = append(v, next)
		default:
			v = append(v, r)
		}
	}
}

// emptyVal reports whether a --set-json value is empty: it skips Unicode
// white space and reports true at the end of input or at a comma (which it
// consumes). Any other rune is left unread.
func (t *parser) emptyVal() bool {
	for {
		r, err := t.readRune()
		if err != nil || r == ',' {
			return true
		}
		if !unicode.IsSpace(r) {
			t.unreadRune()
			return false
		}
	}
}
