package yamlx

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Helm reads YAML with go.yaml.in/yaml/v2 (YAML 1.1 scalar resolution) and
// then converts the result to JSON and back (sigs.k8s.io/yaml). This file
// reproduces both steps on top of gopkg.in/yaml.v3's parser: yaml.v3 builds
// the node tree, and the tags of plain scalars are resolved here by YAML 1.1
// rules instead of yaml.v3's YAML 1.2 ones.

// ErrExcessiveAliasing is returned when alias expansion would build a
// document far larger than its text (a "billion laughs" document).
var ErrExcessiveAliasing = errors.New("yaml: document contains excessive aliasing")

// SyntaxError is a YAML document that cannot be decoded. Its Error text is
// the one sigs.k8s.io/yaml gives for the same document, e.g.
// "error converting YAML to JSON: yaml: line 3: mapping values are not
// allowed in this context".
type SyntaxError struct {
	// Line is the 1-based line the parser reported, or 0 when unknown.
	Line int
	// Msg is the parser's message without the "yaml: line N: " prefix.
	Msg string
	err error
}

func (e *SyntaxError) Error() string { return "error converting YAML to JSON: " + e.err.Error() }

// Unwrap returns the underlying error.
func (e *SyntaxError) Unwrap() error { return e.err }

// TypeError is a document whose top-level value is not of the type asked
// for, e.g. a list where a map was expected. Its Error text is
// sigs.k8s.io/yaml's.
type TypeError struct {
	// Got is the JSON type found: "array", "string", "number" or "bool".
	Got string
	// Want is the Go type wanted, e.g. "map[string]interface {}".
	Want string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal %s into Go value of type %s", e.Got, e.Want)
}

// Decode parses the first YAML document of data with YAML 1.1 typing, the
// way go.yaml.in/yaml/v2 resolves it, with map keys turned into strings as
// sigs.k8s.io/yaml turns them. Unlike Unmarshal, it keeps YAML's own scalar
// types: integers are int64 (uint64 when they overflow int64), floats are
// float64 (possibly NaN or ±Inf), timestamps stay strings. Maps are
// map[string]any and sequences []any. An empty document is nil.
func Decode(data []byte) (any, error) { return decodeDone(data, nil) }

// decodeDone is Decode that stops with errDone soon after done is closed
// (nil: never).
func decodeDone(data []byte, done <-chan struct{}) (any, error) {
	if v, ok := fastDecodeAs(data, false, done); ok {
		return v, nil // the plain block YAML of values files, read directly
	}
	if isDone(done) {
		return nil, errDone
	}
	if stripped := withoutComments(data); stripped != nil {
		return decodeFrom(stripped, data, done) // the same value, without the comments' cost
	}
	return decodeFrom(data, data, done)
}

// errDone stops a decode whose context is done; the exported functions
// with a context return the context's error instead.
var errDone = errors.New("yamlx: decode stopped")

// isDone reports whether done is closed.
func isDone(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// bigDocument is the size from which a decode that can be stopped feeds
// yaml.v3 through a reader that checks the context: yaml.v3 then scans
// the text as it reads it, and stops at the next read. Smaller documents
// are parsed whole, as yaml.Unmarshal parses them.
const bigDocument = 1 << 20

// doneReader reads r until done is closed.
type doneReader struct {
	r    *bytes.Reader
	done <-chan struct{}
}

func (r *doneReader) Read(p []byte) (int, error) {
	if isDone(r.done) {
		return 0, errDone
	}
	return r.r.Read(p)
}

// decodeFrom decodes src, which is data or data with comment lines
// emptied; errors and limits refer to data.
func decodeFrom(src, data []byte, done <-chan struct{}) (any, error) {
	var doc yaml.Node
	var err error
	if done != nil && len(src) >= bigDocument {
		err = yaml.NewDecoder(&doneReader{r: bytes.NewReader(src), done: done}).Decode(&doc)
		if isDone(done) {
			return nil, errDone
		}
		if errors.Is(err, io.EOF) {
			err = nil // no document: yaml.Unmarshal leaves doc empty
		}
	} else {
		err = yaml.Unmarshal(src, &doc)
	}
	if err != nil {
		return nil, helmLine(data, syntaxError(err))
	}
	d := decoder{budget: aliasBudget(len(data)), bytes: aliasBytes(len(data)), done: done}
	return d.node(&doc)
}

// Unmarshal parses the first YAML document of data exactly as
// sigs.k8s.io/yaml.Unmarshal into an interface{} does: YAML 1.1 typing, then
// the JSON data model (every number a float64). NaN and infinities are
// errors, as they are for encoding/json.
func Unmarshal(data []byte) (any, error) { return unmarshalDone(data, nil) }

func unmarshalDone(data []byte, done <-chan struct{}) (any, error) {
	if v, ok := fastDecodeAs(data, true, done); ok {
		return v, nil
	}
	v, err := decodeDone(data, done)
	if err != nil {
		return nil, err
	}
	return jsonTyped(v)
}

// UnmarshalMap is Unmarshal for a document that must be a map, as when Helm
// decodes into a map[string]interface{}. An empty document gives an empty
// map.
func UnmarshalMap(data []byte) (map[string]any, error) { return unmarshalMapDone(data, nil) }

func unmarshalMapDone(data []byte, done <-chan struct{}) (map[string]any, error) {
	v, err := unmarshalDone(data, done)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return v, nil
	default:
		return nil, &TypeError{Got: jsonTypeName(v), Want: "map[string]interface {}"}
	}
}

// UnmarshalSlice is Unmarshal for a document that must be a sequence, as
// when Helm decodes into a []interface{}. An empty document gives nil.
func UnmarshalSlice(data []byte) ([]any, error) {
	v, err := Unmarshal(data)
	if err != nil {
		return nil, err
	}
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return v, nil
	default:
		return nil, &TypeError{Got: jsonTypeName(v), Want: "[]interface {}"}
	}
}

func jsonTypeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "bool"
	default:
		return "number"
	}
}

func syntaxError(err error) error {
	msg := err.Error()
	e := &SyntaxError{Msg: strings.TrimPrefix(msg, "yaml: "), err: err}
	if rest, ok := strings.CutPrefix(msg, "yaml: line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				e.Line, e.Msg = n, rest[i+2:]
			}
		}
	}
	return e
}

// scannerProblems are the messages of yaml's scanner (as opposed to its
// parser); both yaml.v2 and yaml.v3 add one to the line of a scanner error.
var scannerProblems = map[string]bool{
	"could not find expected ':'":                                  true,
	"found unexpected end of stream":                               true,
	"found character that cannot start any token":                  true,
	"mapping values are not allowed in this context":               true,
	"mapping keys are not allowed in this context":                 true,
	"block sequence entries are not allowed in this context":       true,
	"found a tab character that violates indentation":              true,
	"found a tab character where an indentation space is expected": true,
	"found unexpected document indicator":                          true,
	"found unknown escape character":                               true,
	"found invalid Unicode character escape code":                  true,
	"did not find expected hexdecimal number":                      true,
	"did not find expected comment or line break":                  true,
	"did not find expected whitespace or line break":               true,
	"found an indentation indicator equal to 0":                    true,
	"did not find expected alphabetic or numeric character":        true,
	"did not find expected tag URI":                                true,
	"did not find URI escaped octet":                               true,
	"did not find expected '!'":                                    true,
	"did not find the expected '>'":                                true,
	"did not find expected whitespace":                             true,
}

// helmLine gives a syntax error the line yaml.v2 (Helm's parser) reports.
// Both parsers know two places of an error: where the construct being read
// began (the context) and where reading failed (the problem). yaml.v3
// reports the context's line unless it is the first line, yaml.v2 the
// problem's. yaml.v3 only says the line it chose, so the problem's line is
// found from the parser itself, by the kind of error:
//   - block structure errors: the problem is the first line whose
//     inclusion makes the text fail with the same message (a text cut
//     before the offending token ends its blocks cleanly);
//   - an unterminated quoted scalar: the problem is the end of the text;
//   - a key without ':': see staleKeyLine;
//   - other errors (flow collections, escapes): the text is parsed again
//     from the context's line, where yaml.v3 reports the problem's line
//     counted from there.
//
// Before that, a scanner error is checked for an earlier block structure
// error that yaml.v2 reports instead (see blockErrorBefore).
//
// When the chosen method does not reproduce the error, the line is kept.
func helmLine(data []byte, err error) error {
	e, ok := err.(*SyntaxError)
	if !ok || e.Line == 0 {
		return err
	}
	context := e.Line // 0-based context line, plus one for scanner errors
	if scannerProblems[e.Msg] {
		context--
	}
	if context <= 0 {
		return err
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	if context >= len(lines) {
		return err
	}
	retry := len(data) <= maxRetrySize
	if retry && scannerProblems[e.Msg] && e.Msg != "could not find expected ':'" && e.Msg != "found unexpected end of stream" {
		if pe, prefix, ok := blockErrorBefore(lines, context, tokenStarts[e.Msg]); ok {
			return helmLine(prefix, pe)
		}
	}
	switch e.Msg {
	case "could not find expected ':'":
		return withLine(e, staleKeyLine(lines, context))
	case "found unexpected end of stream":
		return withLine(e, bytes.Count(data, []byte("\n"))+1)
	case "did not find expected key", "did not find expected '-' indicator":
		return withLine(e, firstFailing(lines, context, e.Msg, e.Line, retry))
	}
	rest := bytes.Join(lines[context:], nil)
	var doc yaml.Node
	again := yaml.Unmarshal(rest, &doc)
	if again == nil {
		return err
	}
	a, ok := syntaxError(again).(*SyntaxError)
	if !ok || a.Msg != e.Msg || a.Line == 0 {
		return err
	}
	return withLine(e, context+a.Line)
}

// maxRetrySize is the size up to which a syntax error's line is looked
// for by parsing cut copies of the text more than a few times.
const maxRetrySize = 1 << 20

// tokenStarts are, for a scanner error, the characters the token it fails
// on can start with, when that is known from the message.
var tokenStarts = map[string]string{
	"mapping values are not allowed in this context": ":",
	"found unknown escape character":                 `"`,
	"found invalid Unicode character escape code":    `"`,
	"did not find expected hexdecimal number":        `"`,
}

// blockErrorBefore reports the block structure error (a token where a
// key or a "- " was expected) that the text before the token starting on
// line p (0-based) holds, if any, and that text. yaml.v3 reads two tokens
// ahead of its parser, yaml.v2 none: when yaml.v3's scanner fails on a
// token (a ':' that cannot start a value, a bad escape in a quoted
// scalar...) and a token before it is already out of place, yaml.v2's
// parser stops at that token first.
//
// The text is cut at the start of line p, then, if that leaves an earlier
// token unterminated (a quoted scalar closed on line p), before each
// character of line p that can start the failing token (starts). A cut
// inside a token leaves it unterminated, which is not a block structure
// error; nor does the cut itself cause one, since at the end of the text
// every block closes. (The out-of-place token can run into line p, as a
// plain scalar continued by a more indented line does; cut, it still
// starts where it did.)
func blockErrorBefore(lines [][]byte, p int, starts string) (*SyntaxError, []byte, bool) {
	if p <= 0 || p >= len(lines) {
		return nil, nil, false
	}
	head := bytes.Join(lines[:p], nil)
	try := func(text []byte) (*SyntaxError, bool) {
		var doc yaml.Node
		err := yaml.Unmarshal(text, &doc)
		if err == nil {
			return nil, false
		}
		pe, ok := syntaxError(err).(*SyntaxError)
		return pe, ok
	}
	isBlock := func(e *SyntaxError) bool {
		return e.Msg == "did not find expected key" || e.Msg == "did not find expected '-' indicator"
	}
	pe, ok := try(head)
	if ok && isBlock(pe) {
		return pe, head, true
	}
	if !ok || pe.Msg != "found unexpected end of stream" {
		return nil, nil, false
	}
	const maxCuts = 8
	cuts := 0
	for i, c := range lines[p] {
		if !strings.ContainsRune(starts, rune(c)) {
			continue
		}
		if cuts++; cuts > maxCuts {
			break
		}
		text := append(bytes.Clone(head), lines[p][:i]...)
		pe, ok := try(text)
		if ok && isBlock(pe) {
			return pe, text, true
		}
	}
	return nil, nil, false
}

// firstFailing finds by bisection the fewest lines (more than from) that
// fail to parse with msg, and returns the 0-based index of the last of them:
// the line of the offending token. It returns fallback when the whole text
// is the first to fail that way but does not fail on its own.
//
// A cut inside a quoted scalar ends the text with the scalar open ("found
// unexpected end of stream", on the line where the scalar starts); the
// lines then count as failing when the text cut before that scalar's
// opening quote does, since the offending token is then no later than the
// scalar.
func firstFailing(lines [][]byte, from int, msg string, fallback int, quotes bool) int {
	parse := func(text []byte) *SyntaxError {
		var doc yaml.Node
		err := yaml.Unmarshal(text, &doc)
		if err == nil {
			return nil
		}
		e, _ := syntaxError(err).(*SyntaxError)
		return e
	}
	fails := func(n int) bool {
		e := parse(bytes.Join(lines[:n], nil))
		if e == nil {
			return false
		}
		if e.Msg == msg {
			return true
		}
		q := e.Line - 1 // the line the open scalar starts on
		if !quotes || e.Msg != "found unexpected end of stream" || q <= from || q >= n {
			return false
		}
		head := bytes.Join(lines[:q], nil)
		const maxCuts = 8
		cuts := 0
		for i, c := range lines[q] {
			if c != '"' && c != '\'' {
				continue
			}
			if cuts++; cuts > maxCuts {
				break
			}
			if e := parse(append(bytes.Clone(head), lines[q][:i]...)); e != nil && e.Msg == msg {
				return true
			}
		}
		return false
	}
	lo, hi := from+1, len(lines) // fails(hi) holds: it is the whole text
	if !fails(hi) {
		return fallback
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	// The offending token can be a quoted scalar that closes on the last
	// line; its line is the one it starts on.
	if !quotes {
		return hi - 1
	}
	if e := parse(bytes.Join(lines[:hi-1], nil)); e != nil && e.Msg == "found unexpected end of stream" {
		if q := e.Line - 1; q >= from && q < hi-1 {
			const maxCuts = 8
			cuts := 0
			for i, c := range lines[q] {
				if c != '"' && c != '\'' {
					continue
				}
				if cuts++; cuts > maxCuts {
					break
				}
				end, col := closingQuote(lines, q, i)
				if end != hi-1 {
					continue
				}
				text := append(bytes.Join(lines[:end], nil), lines[end][:col]...)
				if e := parse(text); e != nil && e.Msg == msg {
					return q
				}
			}
		}
	}
	return hi - 1
}

func withLine(e *SyntaxError, line int) error {
	if line == e.Line {
		return e
	}
	return &SyntaxError{Line: line, Msg: e.Msg, err: fmt.Errorf("yaml: line %d: %s", line, e.Msg)}
}

// closingQuote finds the end of the quoted scalar that starts at line
// key, column col: the 0-based line and column after its closing quote, or
// -1 when it is not closed.
func closingQuote(lines [][]byte, key, col int) (int, int) {
	q := lines[key][col]
	col++
	for i := key; i < len(lines); i++ {
		text := lines[i]
		for j := col; j < len(text); j++ {
			switch {
			case q == '"' && text[j] == '\\':
				j++
			case text[j] != q:
			case q == '\'' && j+1 < len(text) && text[j+1] == '\'':
				j++
			default:
				return i, j + 1
			}
		}
		col = 0
	}
	return -1, 0
}

// staleKeyLine is the line yaml.v2 reports for "could not find expected
// ':'": a key was started on line key (0-based) and the scanner reached a
// later line without finding its ':'. That happens where the scanner stands
// when the key's token is complete: for a plain key, after any more-indented
// continuation lines, at the first line that is a comment, less indented,
// a document marker, or that holds ": " or " #"; for a quoted key that
// spans lines, on the line where it closes; for a quoted key closed on its
// line or one followed by a comment, at the next line with a token. At the end of the
// data it is the line after the last. Lines count from 1, as reported.
func staleKeyLine(lines [][]byte, key int) int {
	if key >= len(lines) {
		return key + 1
	}
	head := bytes.TrimRight(lines[key], "\r\n")
	body := bytes.TrimLeft(head, " ")
	for bytes.HasPrefix(body, []byte("- ")) {
		body = bytes.TrimLeft(body[2:], " ")
	}
	column := len(head) - len(body)
	if len(body) > 0 && (body[0] == '{' || body[0] == '[') {
		// A flow collection that starts a key: the scanner notices the
		// missing ':' where it stands after the last token of the key's
		// line. After a plain scalar that is the first line below that is
		// not blank (the scalar's reading stops there, at a comment or a
		// continuation); after an indicator, a quoted scalar or a comment,
		// it is the first line below with a token.
		last, comment := body, false
		for j := 1; j < len(body); j++ {
			if body[j] == '#' && bytes.IndexByte([]byte(" \t{[,"), body[j-1]) >= 0 {
				last, comment = body[:j], true
				break
			}
		}
		last = bytes.TrimRight(last, " \t")
		plainLast := !comment && len(last) > 0 && !bytes.ContainsAny(last[len(last)-1:], "{[,:]}\"'")
		for i := key + 1; i < len(lines); i++ {
			content := bytes.TrimLeft(bytes.TrimRight(lines[i], "\r\n"), " ")
			if len(content) > 0 && (plainLast || content[0] != '#') {
				return i + 1
			}
		}
		return len(lines) + 1
	}
	if len(body) > 0 && (body[0] == '"' || body[0] == '\'') {
		if end, col := closingQuote(lines, key, column); end > key {
			return end + 1
		} else if end == key && bytes.Contains(lines[key][col:], []byte(":")) {
			return key + 1 // not the key this error is about
		}
	}
	plain := len(body) > 0 && body[0] != '"' && body[0] != '\'' && !bytes.Contains(body, []byte(" #"))
	for i := key + 1; i < len(lines); i++ {
		text := bytes.TrimRight(lines[i], "\r\n")
		content := bytes.TrimLeft(text, " ")
		if len(content) == 0 {
			continue
		}
		if !plain {
			if content[0] == '#' {
				continue
			}
			return i + 1
		}
		indent := len(text) - len(content)
		if content[0] == '#' || indent <= column ||
			bytes.HasPrefix(text, []byte("---")) || bytes.HasPrefix(text, []byte("...")) ||
			bytes.Contains(content, []byte(": ")) || bytes.HasSuffix(content, []byte(":")) ||
			bytes.Contains(content, []byte(" #")) {
			return i + 1
		}
	}
	return len(lines) + 1
}

// aliasBudget bounds how many values one document may expand to: a
// document without aliases holds fewer values than bytes, so this is far
// more than any real document holds, and far less than an alias bomb asks
// for.
func aliasBudget(size int) int { return 1<<20 + 4*size }

// aliasBytes bounds the scalar bytes one document may expand to, counted
// once per use: a document without aliases holds fewer than its size.
// Values are shared, not copied, when an alias repeats them, but whatever
// encodes them later (JSON, YAML, templates) writes every copy.
func aliasBytes(size int) int { return 16<<20 + 4*size }

type decoder struct {
	budget int // values still allowed to be built
	bytes  int // scalar bytes still allowed
	done   <-chan struct{}
}

func errAliasing() error {
	return &SyntaxError{Msg: "document contains excessive aliasing", err: ErrExcessiveAliasing}
}

func (d *decoder) node(n *yaml.Node) (any, error) {
	if d.budget--; d.budget < 0 {
		return nil, errAliasing()
	}
	if d.done != nil && d.budget&4095 == 0 && isDone(d.done) {
		return nil, errDone
	}
	if d.bytes -= len(n.Value); d.bytes < 0 {
		return nil, errAliasing()
	}
	switch n.Kind {
	case 0:
		return nil, nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return d.node(n.Content[0])
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return d.node(n.Alias)
	case yaml.ScalarNode:
		return scalar(n)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := d.node(c)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		if err := d.fill(n, out); err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, fmt.Errorf("yaml: unexpected node kind %d", n.Kind)
}

// fill sets the pairs of mapping node n into out. As in yaml.v2, a merge key
// (<<) writes the merged maps' keys at the point where it stands, so keys
// after it override merged ones and merged ones override keys before it.
func (d *decoder) fill(n *yaml.Node, out map[string]any) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMerge(k) {
			if err := d.merge(v, out); err != nil {
				return err
			}
			continue
		}
		key, err := d.node(k)
		if err != nil {
			return err
		}
		val, err := d.node(v)
		if err != nil {
			return err
		}
		ks, err := keyString(key, val)
		if err != nil {
			return err
		}
		out[ks] = val
	}
	return nil
}

var errMergeValue = &SyntaxError{Msg: "map merge requires map or sequence of maps as the value",
	err: errors.New("yaml: map merge requires map or sequence of maps as the value")}

func (d *decoder) merge(v *yaml.Node, out map[string]any) error {
	mapping := func(n *yaml.Node) (*yaml.Node, bool) {
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		return n, n.Kind == yaml.MappingNode
	}
	switch v.Kind {
	case yaml.MappingNode, yaml.AliasNode:
		m, ok := mapping(v)
		if !ok {
			return errMergeValue
		}
		return d.fill(m, out)
	case yaml.SequenceNode:
		// Earlier maps take precedence: apply them last.
		for i := len(v.Content) - 1; i >= 0; i-- {
			m, ok := mapping(v.Content[i])
			if !ok {
				return errMergeValue
			}
			if err := d.fill(m, out); err != nil {
				return err
			}
		}
		return nil
	}
	return errMergeValue
}

func isMerge(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || n.Value != "<<" {
		return false
	}
	return n.Style == 0 || (n.Style&yaml.TaggedStyle != 0 && n.Tag == "!!merge")
}

// keyString turns a decoded key into the string sigs.k8s.io/yaml uses.
func keyString(k, v any) (string, error) {
	switch k := k.(type) {
	case string:
		return k, nil
	case int64:
		return strconv.FormatInt(k, 10), nil
	case float64:
		s := strconv.FormatFloat(k, 'g', -1, 32)
		switch s {
		case "+Inf":
			s = ".inf"
		case "-Inf":
			s = "-.inf"
		case "NaN":
			s = ".nan"
		}
		return s, nil
	case bool:
		return strconv.FormatBool(k), nil
	case map[string]any, []any:
		return "", &SyntaxError{Msg: "invalid map key", err: fmt.Errorf("yaml: invalid map key: %#v", k)}
	}
	return "", &SyntaxError{err: fmt.Errorf("unsupported map key of type: %s, key: %+#v, value: %+#v", reflect.TypeOf(k), k, v)}
}

// scalar resolves a scalar node as yaml.v2 does.
func scalar(n *yaml.Node) (any, error) {
	explicit := n.Style&yaml.TaggedStyle != 0
	if !explicit {
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return n.Value, nil
		}
		return resolvePlain(n.Value), nil
	}
	switch n.Tag {
	case "!!str":
		return n.Value, nil
	case "!!binary":
		b, err := base64.StdEncoding.DecodeString(n.Value)
		if err != nil {
			return nil, &SyntaxError{Msg: "!!binary value contains invalid base64 data",
				err: errors.New("yaml: !!binary value contains invalid base64 data")}
		}
		return string(b), nil
	case "!!null", "!!bool", "!!int", "!!float", "!!timestamp":
		return resolveTagged(n)
	}
	// Any other tag (a custom one, !!map on a scalar, ...) leaves the text as is.
	return n.Value, nil
}

func resolveTagged(n *yaml.Node) (any, error) {
	v := resolvePlain(n.Value)
	if n.Tag == "!!timestamp" {
		if _, ok := parseTimestamp(n.Value); ok {
			return n.Value, nil
		}
	}
	ok := false
	switch n.Tag {
	case "!!null":
		ok = v == nil
	case "!!bool":
		_, ok = v.(bool)
	case "!!int":
		switch v.(type) {
		case int64, uint64:
			ok = true
		}
	case "!!float":
		switch x := v.(type) {
		case float64:
			ok = true
		case int64:
			v, ok = float64(x), true
		case uint64:
			v, ok = float64(x), true
		}
	}
	if !ok {
		msg := fmt.Sprintf("cannot decode %s `%s` as a %s", tagOf(v, n.Value), n.Value, n.Tag)
		return nil, &SyntaxError{Line: n.Line, Msg: msg, err: errors.New("yaml: " + msg)}
	}
	return v, nil
}

func tagOf(v any, text string) string {
	switch v.(type) {
	case nil:
		return "!!null"
	case bool:
		return "!!bool"
	case int64, uint64:
		return "!!int"
	case float64:
		return "!!float"
	}
	if _, ok := parseTimestamp(text); ok {
		return "!!timestamp"
	}
	return "!!str"
}

// resolvePlain gives the value of a plain (unquoted, untagged) scalar under
// yaml.v2's YAML 1.1 rules.
func resolvePlain(s string) any {
	if s == "" {
		return nil
	}
	switch s {
	case "~", "null", "Null", "NULL":
		return nil
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false
	case ".nan", ".NaN", ".NAN":
		return math.NaN()
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1)
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1)
	}
	switch c := s[0]; {
	case c == '.':
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
	case c == '+' || c == '-' || ('0' <= c && c <= '9'):
		if _, ok := parseTimestamp(s); ok {
			return s // yaml.v2 keeps timestamps as text when decoding into interface{}
		}
		plain := strings.ReplaceAll(s, "_", "")
		if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return i
		}
		if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return u
		}
		if isYAMLFloat(plain) {
			if f, err := strconv.ParseFloat(plain, 64); err == nil {
				return f
			}
		}
		if rest, ok := strings.CutPrefix(plain, "0b"); ok {
			if i, err := strconv.ParseInt(rest, 2, 64); err == nil {
				return i
			}
			if u, err := strconv.ParseUint(rest, 2, 64); err == nil {
				return u
			}
		} else if rest, ok := strings.CutPrefix(plain, "-0b"); ok {
			if i, err := strconv.ParseInt("-"+rest, 2, 64); err == nil {
				return i
			}
		}
	}
	return s
}

// isYAMLFloat matches yaml.v2's float syntax:
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
func isYAMLFloat(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

var timestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// parseTimestamp reports whether s is one of the timestamp forms yaml.v2
// recognises (four digits and a dash first, then a known layout).
func parseTimestamp(s string) (time.Time, bool) {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return time.Time{}, false
	}
	for _, layout := range timestampFormats {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// UnsupportedValueError is a NaN or infinite number, which JSON (and so
// Helm) cannot represent.
type UnsupportedValueError struct{ Value float64 }

func (e *UnsupportedValueError) Error() string {
	return "error converting YAML to JSON: json: unsupported value: " + strconv.FormatFloat(e.Value, 'g', -1, 64)
}

// jsonTyped converts a decoded tree to the JSON data model in place of a
// json.Marshal/json.Unmarshal round trip: integers become float64, strings
// are coerced to valid UTF-8 the way encoding/json coerces them.
func jsonTyped(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			t, err := jsonTyped(e)
			if err != nil {
				return nil, err
			}
			x[k] = t
			if !utf8.ValidString(k) {
				delete(x, k)
				x[validUTF8(k)] = t
			}
		}
		return x, nil
	case []any:
		for i, e := range x {
			t, err := jsonTyped(e)
			if err != nil {
				return nil, err
			}
			x[i] = t
		}
		return x, nil
	case int64:
		return float64(x), nil
	case uint64:
		return float64(x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, &UnsupportedValueError{Value: x}
		}
		return x, nil
	case string:
		if !utf8.ValidString(x) {
			return validUTF8(x), nil
		}
		return x, nil
	}
	return v, nil
}

// validUTF8 replaces each invalid byte with U+FFFD, as encoding/json does.
func validUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// SplitDocuments splits a multi-document YAML stream the way Kubernetes'
// YAMLReader does for Helm: a line starting with "---" ends a document, and
// only spaces or a comment may follow the marker on that line. Empty
// documents are dropped. Each document keeps its trailing newline. The
// documents share data's memory.
func SplitDocuments(data []byte) ([][]byte, error) {
	if !bytes.HasPrefix(data, []byte("---")) && !bytes.Contains(data, []byte("\n---")) {
		if len(data) == 0 {
			return nil, nil
		}
		return [][]byte{data}, nil // one document, the usual case
	}
	var docs [][]byte
	start := 0 // where the current document began
	for off := 0; off < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		line := data[off:end]
		if rest, ok := bytes.CutPrefix(line, []byte("---")); ok {
			trimmed := strings.TrimSpace(string(rest))
			if trimmed != "" && trimmed[0] != '#' {
				return nil, fmt.Errorf("invalid Yaml document separator: %s", trimmed)
			}
			if off > start {
				docs = append(docs, data[start:off:off])
			}
			start = end
		}
		off = end
	}
	if len(data) > start {
		docs = append(docs, data[start:len(data):len(data)])
	}
	return docs, nil
}

// LoadValues reads a values file as Helm v4 does: every document of the
// stream is decoded as a map (YAML 1.1 typing, JSON data model) and the
// documents are merged in order, later ones winning. Empty documents count
// as empty maps.
func LoadValues(data []byte) (map[string]any, error) {
	return LoadValuesContext(context.Background(), data)
}

// LoadValuesContext is LoadValues that stops soon after ctx is done, and
// then returns ctx's error: between documents, and within a document every
// few thousand lines or values.
func LoadValuesContext(ctx context.Context, data []byte) (map[string]any, error) {
	docs, err := SplitDocuments(data)
	if err != nil {
		return nil, fmt.Errorf("error reading yaml document: %w", err)
	}
	values := map[string]any{}
	for _, doc := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := unmarshalMapDone(doc, ctx.Done())
		if err == errDone {
			return nil, ctx.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("cannot unmarshal yaml document: %w", err)
		}
		values = MergeMaps(values, m)
	}
	return values, nil
}

// LoadValuesFirst reads only the first document of a values file, as Helm
// v3 does.
func LoadValuesFirst(data []byte) (map[string]any, error) {
	return UnmarshalMap(data)
}

// LoadValuesFirstContext is LoadValuesFirst that stops soon after ctx is
// done, and then returns ctx's error.
func LoadValuesFirstContext(ctx context.Context, data []byte) (map[string]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m, err := unmarshalMapDone(data, ctx.Done())
	if err == errDone {
		return nil, ctx.Err()
	}
	return m, err
}

// MergeMaps returns a new map with the entries of a overlaid by those of b,
// recursing where both hold maps. Neither argument is modified; nested maps
// that only one side holds are shared with the result.
func MergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = MergeMaps(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}
