package strvals

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors identifying what went wrong. Every error returned by this
// package is a *ParseError whose Err field is one of these; use errors.Is to
// test for them. The text a caller sees is always the ParseError's own
// message, which is Helm's wording, not the sentinel's.
var (
	// ErrNoValue: a key is not followed by '=' ("key \"a\" has no value"),
	// is followed by ',' ("... (cannot end with ,)"), or a map key sets
	// nothing ("key map \"a\" has no value").
	ErrNoValue = errors.New("strvals: key has no value")

	// ErrUnterminatedList: a "{a,b" list value has no closing brace.
	ErrUnterminatedList = errors.New("strvals: list must terminate with '}'")

	// ErrInvalidIndex: the text between '[' and ']' is not a decimal int.
	// The *strconv.NumError is also in the chain.
	ErrInvalidIndex = errors.New("strvals: invalid list index")

	// ErrNegativeIndex: a list index is below zero.
	ErrNegativeIndex = errors.New("strvals: negative list index")

	// ErrIndexTooLarge: a list index is above the maximum (MaxIndex).
	ErrIndexTooLarge = errors.New("strvals: list index too large")

	// ErrUnexpectedData: text between ']' and the next '[', '.' or '='.
	ErrUnexpectedData = errors.New("strvals: unexpected data after list index")

	// ErrNestingTooDeep: a key has more dotted levels than allowed
	// (MaxNestedNameLevel).
	ErrNestingTooDeep = errors.New("strvals: key nested too deeply")

	// ErrTypeMismatch: the key path walks into an existing value of the
	// wrong kind, e.g. "a=1,a.b=2" (Helm reports this as a recovered
	// interface-conversion panic; so does this package, without panicking).
	ErrTypeMismatch = errors.New("strvals: existing value has the wrong type")

	// ErrNilMap: the destination map (or a map inside it) is a nil map.
	ErrNilMap = errors.New("strvals: assignment to entry in nil map")

	// ErrInvalidJSON: a --set-json value is not valid JSON. The
	// encoding/json error is also in the chain.
	ErrInvalidJSON = errors.New("strvals: invalid JSON value")

	// ErrReader: the RunesValueReader of ParseFile failed or panicked. The
	// reader's error, if any, is also in the chain.
	ErrReader = errors.New("strvals: value reader failed")

	// ErrTooManyListElements: the parse would allocate more list slots
	// than Parser.MaxListElements. Not a Helm error (see the package doc).
	ErrTooManyListElements = errors.New("strvals: too many list elements")

	// ErrTooDeep: the key path is deeper than Parser.MaxDepth. Not a Helm
	// error (see the package doc).
	ErrTooDeep = errors.New("strvals: key path too deep")

	// ErrTooLong: the line is longer than Parser.MaxBytes. Not a Helm
	// error (see the package doc).
	ErrTooLong = errors.New("strvals: line too long")
)

// ParseError is the error type returned by every parse function.
//
// Error returns exactly the message Helm v4.3.1 gives for the same input,
// for example `key "a" has no value` or
// `index of 65537 is greater than maximum supported index of 65536`.
// The other fields locate the problem; they are not part of the message.
type ParseError struct {
	// Key is the path of the value being set when the error was detected,
	// in --set notation with escapes removed, e.g. "a.b[2].c". It may be
	// empty when the problem is in the first key name.
	Key string
	// Offset is the byte offset in the input just past the point where the
	// error was detected.
	Offset int
	// Err is one of the package's sentinel errors (ErrNoValue, ...).
	Err error

	cause error  // underlying error (strconv, encoding/json, reader); may be nil
	msg   string // Helm's message
}

// Error returns Helm's message for the error.
func (e *ParseError) Error() string { return e.msg }

// Unwrap returns the sentinel error and, when there is one, the underlying
// error from strconv, encoding/json or the value reader.
func (e *ParseError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.cause}
}

// unwinding marks an error that, in Helm, is a runtime panic recovered by
// the innermost enclosing key() call. While it propagates, the code between
// the failure and that key() performs none of its side effects, exactly as
// a panic would skip them; key() then turns it into an ordinary error.
type unwinding struct{ pe *ParseError }

func (u *unwinding) Error() string { return u.pe.msg }

// segment is one step of a key path: a map key or a list index.
type segment struct {
	name    string
	index   int
	isIndex bool
}

// joinPath renders a key path for ParseError.Key in --set notation. Map
// keys containing the separators are shown with backslash escapes.
func joinPath(path []segment) string {
	var b strings.Builder
	for i, seg := range path {
		if seg.isIndex {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(seg.index))
			b.WriteByte(']')
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		for _, r := range seg.name {
			switch r {
			case '.', '[', ']', ',', '=', '\\':
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
