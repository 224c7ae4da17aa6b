package yamlx

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Marshal returns the YAML encoding of v exactly as sigs.k8s.io/yaml v1.6.0
// Marshal (and so Helm's toYaml) writes it: v goes through encoding/json,
// the JSON text is read back with yaml.v2's rules (see Normalize), and the
// result is written in yaml.v2's block style — sequences not indented under
// their key, keys in yaml.v2's natural order, strings quoted only when they
// would read back as something else, long lines folded at column 80.
//
// Values made only of map[string]any, []any, strings, bools, nil, Go
// integers and float64 are written without running encoding/json, with the
// same result. The error, if any, is a *MarshalError.
func Marshal(v any) ([]byte, error) {
	e := emitter{buf: make([]byte, 0, 128)}
	if err := e.document(v); err == nil {
		return e.buf, nil
	}
	n, err := normalizeJSON(v)
	if err != nil {
		return nil, err
	}
	e = emitter{buf: e.buf[:0], trusted: true, runes: e.runes, entries: e.entries, num: e.num}
	if err := e.document(n); err != nil {
		// Not reached: the normalised tree holds only emittable types.
		return nil, err
	}
	return e.buf, nil
}

// MarshalWithin is Marshal for the values the direct path writes (see
// Marshal) in at most about limit bytes, nesting at most maxDepth maps and
// lists. For any other value it reports false having written at most a few
// times limit bytes, whatever the size, depth or shape of v (a value that
// contains itself is too deep): a caller that must bound what an encoding
// costs measures such a value before it calls Marshal. It reports false
// for any value when limit or maxDepth is not positive.
func MarshalWithin(v any, limit, maxDepth int) ([]byte, bool) {
	if limit <= 0 || maxDepth <= 0 {
		return nil, false
	}
	e := emitter{buf: make([]byte, 0, 128), maxDepth: maxDepth, limit: limit}
	if e.document(v) != nil || e.over() {
		return nil, false
	}
	return e.buf, true
}

// ToYAMLWithin is ToYAML of the values MarshalWithin writes: the same text,
// and false for the other values.
func ToYAMLWithin(v any, limit, maxDepth int) (string, bool) {
	b, ok := MarshalWithin(v, limit, maxDepth)
	if !ok {
		return "", false
	}
	return strings.TrimSuffix(string(b), "\n"), true
}

// ToYAML is Helm's toYaml: Marshal with one trailing newline removed, or ""
// when v cannot be marshalled.
func ToYAML(v any) string {
	s, err := MustToYAML(v)
	if err != nil {
		return ""
	}
	return s
}

// MustToYAML is Helm's mustToYaml: like ToYAML, but the error is returned
// (Helm panics with it).
func MustToYAML(v any) (string, error) {
	b, err := Marshal(v)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(b), "\n"), nil
}

// ToYAMLPretty is Helm's toYamlPretty: the yaml.v3 encoder with an
// indentation of 2 applied to v directly (no JSON step, so sequences are
// indented and Go types keep their YAML form), one trailing newline
// removed, "" on error.
//
// Helm uses go.yaml.in/yaml/v3 v3.0.5, whose emitter fixed a bug of
// gopkg.in/yaml.v3 v3.0.1: a literal block whose text starts with a line
// break lost that break. ToYAMLPretty corrects this for strings held in
// maps and slices of the JSON data model (not for map keys or strings inside
// other Go types, where v3.0.1's output is returned unchanged).
func ToYAMLPretty(v any) string {
	out, err := encodeV3(v)
	if err != nil {
		return ""
	}
	if strings.Contains(out, "|2") && !strings.Contains(out, leadMark) {
		var marked []string
		mv := markLeadingBreaks(v, &marked)
		if len(marked) > 0 {
			if fixed, err := encodeV3(mv); err == nil {
				if f, ok := fixLeadingBreaks(fixed, marked); ok {
					out = f
				}
			}
		}
	}
	return strings.TrimSuffix(out, "\n")
}

func encodeV3(v any) (out string, err error) {
	defer func() {
		// yaml.v3 panics on some unsupported types (channels, functions);
		// Helm's template engine turns that into an error, we into "".
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("yaml: %v", r)
		}
	}()
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// leadMark, with a number and a second snowman, is put in front of strings
// that start with a line break so that their literal block can be found in
// the output.
const leadMark = "yamlx\u2603"

func markText(i int) string { return leadMark + strconv.Itoa(i) + "\u2603" }

// markLeadingBreaks copies the data-model parts of v, putting a mark in
// front of each string value that yaml.v3 writes as a literal block
// starting with a line break; the original strings are appended to marked.
func markLeadingBreaks(v any, marked *[]string) any {
	switch x := v.(type) {
	case string:
		if isBreakAt(x, 0) && strings.Contains(x, "\n") && v3BlockAllowed(x) {
			*marked = append(*marked, x)
			return markText(len(*marked)-1) + x
		}
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = markLeadingBreaks(e, marked)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = markLeadingBreaks(e, marked)
		}
		return s
	}
	return v
}

// v3BlockAllowed reports whether yaml.v3 may write s as a literal block
// (unlike yaml.v2, it allows tabs there).
func v3BlockAllowed(s string) bool {
	return analyzeScalar(strings.ReplaceAll(s, "\t", "x")).blockAllowed
}

// fixLeadingBreaks rewrites, for each marked string, the
// "|<chomp>\n<indent><mark>" v3.0.1 wrote into v3.0.5's "|2<chomp>\n"; the
// text's own first line break follows. ok is false if a mark is missing or
// not in a literal block.
func fixLeadingBreaks(out string, marked []string) (string, bool) {
	for i, orig := range marked {
		mark := markText(i)
		at := strings.Index(out, mark)
		if at < 0 {
			return "", false
		}
		j := at
		for j > 0 && out[j-1] == ' ' {
			j--
		}
		if j == 0 || out[j-1] != '\n' {
			return "", false
		}
		j--
		if j > 0 && (out[j-1] == '-' || out[j-1] == '+') {
			j--
		}
		if j == 0 || out[j-1] != '|' {
			return "", false
		}
		j--
		out = out[:j] + "|2" + chompIndicator(orig) + "\n" + out[at+len(mark):]
	}
	if strings.Contains(out, leadMark) {
		return "", false
	}
	return out, true
}

// chompIndicator is the block chomping indicator libyaml writes for value.
func chompIndicator(value string) string {
	if value == "" {
		return "-"
	}
	i := lastCharStart(value, len(value)-1)
	switch {
	case !isBreakAt(value, i):
		return "-"
	case i == 0:
		return "+"
	}
	if isBreakAt(value, lastCharStart(value, i-1)) {
		return "+"
	}
	return ""
}
