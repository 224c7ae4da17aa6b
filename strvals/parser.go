package strvals

import (
	"context"
	"fmt"
)

// Helm's limits. They are the defaults of the corresponding Parser fields.
const (
	// MaxIndex is the largest list index accepted, as in Helm (64 * 1024).
	MaxIndex = 65536
	// MaxNestedNameLevel is the largest number of '.' separators accepted
	// in one key outside list indices, as in Helm; "a.b" is level 1, so a
	// key may have at most 31 dotted parts.
	MaxNestedNameLevel = 30
)

// Limits this package adds to guard against hostile input. Helm has no
// such limits; no realistic --set argument comes near them.
const (
	// DefaultMaxListElements is the default of Parser.MaxListElements:
	// 4Mi list slots, i.e. at most 64 MiB of list storage per call.
	DefaultMaxListElements = 1 << 22
	// DefaultMaxDepth is the default of Parser.MaxDepth.
	DefaultMaxDepth = 10000
	// DefaultMaxBytes is the default of Parser.MaxBytes: eight times the
	// longest argument Linux passes to a program (128 KiB), so no command
	// line reaches it, while a hostile string given to the library (a list
	// of 32 million items in 64 MB takes 3 GiB and 40 s to parse) costs at
	// most about a second and 50 MiB.
	DefaultMaxBytes = 1 << 20
)

// RunesValueReader turns the raw value of a --set-file pair (a path, as
// runes, escapes already removed) into the value to store. Helm's reader
// returns the file's contents as a string.
type RunesValueReader func([]rune) (any, error)

// A Parser parses strvals lines with configurable limits. The zero value is
// ready to use and behaves like Helm v4.3.1, with the two safety limits of
// this package at their defaults. The package-level functions use a zero
// Parser. A Parser is never modified by parsing, so one may be shared by
// concurrent goroutines.
type Parser struct {
	// MaxIndex is the largest list index accepted; 0 means MaxIndex
	// (Helm's 65536). Larger indices fail with
	// "index of N is greater than maximum supported index of M".
	MaxIndex int

	// MaxNestedNameLevel is the number of dotted levels accepted in one key;
	// 0 means MaxNestedNameLevel (Helm's 30).
	MaxNestedNameLevel int

	// MaxListElements bounds the total number of list slots one call may
	// allocate when a list index grows a list ("a[9]=x" allocates 10 slots,
	// the nulls included). 0 means DefaultMaxListElements; a negative value
	// removes the limit, which is Helm's behaviour. Helm allocates whatever
	// the input asks for, e.g. 65537 slots per "[65536]", repeatedly.
	MaxListElements int

	// MaxDepth bounds the number of nested maps and lists one key path may
	// walk through ("a[0][0].b" has depth 4). 0 means DefaultMaxDepth; a
	// negative value removes the limit, which is Helm's behaviour (Helm
	// limits dotted names only, so "a[0][0][0]..." may nest without bound).
	MaxDepth int

	// MaxBytes bounds the length of one line in bytes; 0 means
	// DefaultMaxBytes, a negative value removes the limit (Helm has none).
	// A longer line fails with ErrTooLong before anything is parsed.
	MaxBytes int

	// Helm3 selects Helm v3.22.0 behaviour. The only difference is in how
	// an input that ends inside a list index is treated: "a[0" and
	// "a[0][1" are accepted silently by Helm v4 (the wrapped io.EOF stops
	// parsing) but fail in Helm v3 with "error parsing index: EOF". The
	// same applies to a value reader returning an error that wraps io.EOF.
	Helm3 bool
}

// Parse parses a --set line such as "name1=value1,name2.sub=value2" into a
// new map. Values are typed: true/false (any case) become bool, null (any
// case) nil, decimal integers without a leading zero int64, anything else a
// string. "{a,b}" is a list.
//
// On error the map holds what was set before the error.
func Parse(s string) (map[string]any, error) { return (*Parser)(nil).Parse(s) }

// ParseString parses a --set-string line: like Parse, but every value,
// list items included, is a string.
func ParseString(s string) (map[string]any, error) { return (*Parser)(nil).ParseString(s) }

// ParseInto parses a --set line into dest, which it modifies in place:
// maps and lists already in dest are extended or overwritten element by
// element (a deep set), and a new value replaces an existing scalar.
// Walking into an existing value of the wrong kind ("a.b=1" when a is a
// number) is an error.
func ParseInto(s string, dest map[string]any) error { return (*Parser)(nil).ParseInto(s, dest) }

// ParseIntoString is ParseInto with the value typing of ParseString.
func ParseIntoString(s string, dest map[string]any) error {
	return (*Parser)(nil).ParseIntoString(s, dest)
}

// ParseJSON parses a --set-json line "key1=json1,key2=json2" into dest.
// Each value is one JSON value as read by encoding/json (numbers are
// float64); an empty value is null. Blanks and one comma after a value are
// skipped. dest is modified in place as with ParseInto.
func ParseJSON(s string, dest map[string]any) error { return (*Parser)(nil).ParseJSON(s, dest) }

// ParseLiteral parses a --set-literal argument "key=value": everything
// after the first '=' is the value, a string, taken literally (no comma
// splitting, no escapes, no typing). The key has no escapes either.
func ParseLiteral(s string) (map[string]any, error) { return (*Parser)(nil).ParseLiteral(s) }

// ParseLiteralInto is ParseLiteral into an existing map (see ParseInto).
func ParseLiteralInto(s string, dest map[string]any) error {
	return (*Parser)(nil).ParseLiteralInto(s, dest)
}

// ParseFile parses a --set-file line "key1=path1,key2=path2" into a new
// map. Each value, and each item of a "{p1,p2}" list, is passed to reader
// and the result is stored.
func ParseFile(s string, reader RunesValueReader) (map[string]any, error) {
	return (*Parser)(nil).ParseFile(s, reader)
}

// ParseIntoFile is ParseFile into an existing map (see ParseInto).
func ParseIntoFile(s string, dest map[string]any, reader RunesValueReader) error {
	return (*Parser)(nil).ParseIntoFile(s, dest, reader)
}

// Parse is like the package-level Parse, with p's limits.
func (p *Parser) Parse(s string) (map[string]any, error) {
	vals := map[string]any{}
	return vals, p.run(s, vals, modeTyped, nil)
}

// ParseString is like the package-level ParseString, with p's limits.
func (p *Parser) ParseString(s string) (map[string]any, error) {
	vals := map[string]any{}
	return vals, p.run(s, vals, modeString, nil)
}

// ParseInto is like the package-level ParseInto, with p's limits.
func (p *Parser) ParseInto(s string, dest map[string]any) error {
	return p.run(s, dest, modeTyped, nil)
}

// ParseIntoString is like the package-level ParseIntoString, with p's limits.
func (p *Parser) ParseIntoString(s string, dest map[string]any) error {
	return p.run(s, dest, modeString, nil)
}

// ParseJSON is like the package-level ParseJSON, with p's limits.
func (p *Parser) ParseJSON(s string, dest map[string]any) error {
	return p.run(s, dest, modeJSON, nil)
}

// ParseLiteral is like the package-level ParseLiteral, with p's limits.
func (p *Parser) ParseLiteral(s string) (map[string]any, error) {
	vals := map[string]any{}
	return vals, p.run(s, vals, modeLiteral, nil)
}

// ParseLiteralInto is like the package-level ParseLiteralInto, with p's limits.
func (p *Parser) ParseLiteralInto(s string, dest map[string]any) error {
	return p.run(s, dest, modeLiteral, nil)
}

// ParseFile is like the package-level ParseFile, with p's limits.
func (p *Parser) ParseFile(s string, reader RunesValueReader) (map[string]any, error) {
	vals := map[string]any{}
	return vals, p.run(s, vals, modeFile, reader)
}

// ParseIntoFile is like the package-level ParseIntoFile, with p's limits.
func (p *Parser) ParseIntoFile(s string, dest map[string]any, reader RunesValueReader) error {
	return p.run(s, dest, modeFile, reader)
}

// ParseIntoContext is ParseInto that stops soon after ctx is done (it is
// checked every few thousand characters) and then returns ctx's error.
func (p *Parser) ParseIntoContext(ctx context.Context, s string, dest map[string]any) error {
	return p.runContext(ctx, s, dest, modeTyped, nil)
}

// ParseIntoStringContext is ParseIntoString with a context, as
// ParseIntoContext.
func (p *Parser) ParseIntoStringContext(ctx context.Context, s string, dest map[string]any) error {
	return p.runContext(ctx, s, dest, modeString, nil)
}

// ParseJSONContext is ParseJSON with a context, as ParseIntoContext.
func (p *Parser) ParseJSONContext(ctx context.Context, s string, dest map[string]any) error {
	return p.runContext(ctx, s, dest, modeJSON, nil)
}

// ParseLiteralIntoContext is ParseLiteralInto with a context, as
// ParseIntoContext.
func (p *Parser) ParseLiteralIntoContext(ctx context.Context, s string, dest map[string]any) error {
	return p.runContext(ctx, s, dest, modeLiteral, nil)
}

// ParseIntoFileContext is ParseIntoFile with a context, as
// ParseIntoContext; reader is not interrupted.
func (p *Parser) ParseIntoFileContext(ctx context.Context, s string, dest map[string]any, reader RunesValueReader) error {
	return p.runContext(ctx, s, dest, modeFile, reader)
}

// run parses s into dest in the given mode.
func (p *Parser) run(s string, dest map[string]any, m mode, reader RunesValueReader) error {
	return p.runContext(nil, s, dest, m, reader)
}

// runContext is run, stopping when ctx (which may be nil) is done.
func (p *Parser) runContext(ctx context.Context, s string, dest map[string]any, m mode, reader RunesValueReader) (err error) {
	if p == nil {
		p = &Parser{}
	}
	if max := orDefault(p.MaxBytes, DefaultMaxBytes); max >= 0 && len(s) > max {
		return &ParseError{Err: ErrTooLong, msg: fmt.Sprintf("the value is %d bytes long, more than the limit of %d bytes", len(s), max)}
	}
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return err
		}
		if done := ctx.Done(); done != nil {
			defer func() {
				if r := recover(); r != nil {
					a, ok := r.(ctxAbort)
					if !ok {
						panic(r)
					}
					err = a.err
				}
			}()
		}
	}
	t := &parser{
		src:       s,
		mode:      m,
		reader:    reader,
		helm3:     p.Helm3,
		maxIndex:  orDefault(p.MaxIndex, MaxIndex),
		maxNested: orDefault(p.MaxNestedNameLevel, MaxNestedNameLevel),
		budget:    orDefault(p.MaxListElements, DefaultMaxListElements),
		maxDepth:  orDefault(p.MaxDepth, DefaultMaxDepth),
		ctx:       ctx,
		left:      ctxEvery,
	}
	if ctx != nil {
		t.done = ctx.Done()
	}
	return t.parse(dest)
}

// ctxEvery is the number of characters read between checks of the
// context.
const ctxEvery = 4096

// ctxAbort carries the context's error from readRune to runContext.
type ctxAbort struct{ err error }

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
