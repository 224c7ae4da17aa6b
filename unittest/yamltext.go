package unittest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// rawKey is the key under which a text file's content, or a render error,
// is kept as a document.
const rawKey = "raw"

// document is one rendered YAML document (or a text file as {raw: text}).
type document struct {
	m    map[string]any
	once sync.Once
	node *yaml.Node // m re-encoded and parsed, built on first use
	err  error
}

// tree returns the document as helm-unittest's path library sees it: the
// value encoded as YAML and parsed again.
func (d *document) tree() (*yaml.Node, error) {
	d.once.Do(func() {
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := encodeSafe(enc, d.m); err != nil {
			d.err = err
			return
		}
		var n yaml.Node
		if err := yaml.Unmarshal(buf.Bytes(), &n); err != nil {
			d.err = err
			return
		}
		d.node = &n
	})
	return d.node, d.err
}

func encodeSafe(enc *yaml.Encoder, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("cannot encode value: %v", r)
		}
	}()
	if err := enc.Encode(v); err != nil {
		return err
	}
	return enc.Close()
}

// valuesAt returns the values the path selects in the document.
func (d *document) valuesAt(path string, cache map[string]*Path) ([]any, error) {
	if path == "" {
		return []any{d.m}, nil
	}
	p, ok := cache[path]
	if !ok {
		var err error
		p, err = CompilePath(path)
		if err != nil {
			return nil, err
		}
		cache[path] = p
	}
	if v, ok, err := p.simpleFind(d.m); ok {
		if err != nil {
			return nil, err
		}
		return v, nil
	}
	root, err := d.tree()
	if err != nil {
		return nil, err
	}
	var out []any
	for _, n := range p.Find(root) {
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// toYAML renders v as helm-unittest prints values in messages and
// snapshots: YAML with two-space indentation, leading newlines of strings
// removed.
func toYAML(v any) string {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := encodeSafe(enc, trimLeadingNewlines(v)); err != nil {
		return fmt.Sprintf("%v\n", v)
	}
	return buf.String()
}

func trimLeadingNewlines(v any) any {
	switch x := v.(type) {
	case string:
		return strings.TrimLeft(x, "\n")
	case map[string]any:
		if x == nil {
			return x
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = trimLeadingNewlines(e)
		}
		return out
	case []any:
		if x == nil {
			return x
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = trimLeadingNewlines(e)
		}
		return out
	}
	return v
}

var trailingSpaces = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)[ ]+\r?\n`) })

// uniform drops the spaces before line ends and the leading newlines, as
// helm-unittest does to the actual strings it compares.
func uniform(v any) string {
	s := fmt.Sprintf("%v", v)
	return strings.TrimLeft(trailingSpaces().ReplaceAllString(s, "\n"), "\n")
}

func uniformDeep(v any) any {
	switch x := v.(type) {
	case string:
		return uniform(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = uniformDeep(e)
		}
		return out
	case map[any]any:
		out := make(map[any]any, len(x))
		for k, e := range x {
			out[k] = uniformDeep(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = uniformDeep(e)
		}
		return out
	}
	return v
}

// failFormat builds the message skeleton of most assertions.
func failFormat(not, path, actual, diff bool, what string) string {
	s := "\nExpected"
	if not {
		s += " NOT"
	}
	s += what + ":\n%s\n"
	if path {
		s = "Path:%s" + s
	}
	if actual {
		s += "Actual:\n%s\n"
	}
	if diff {
		s += "Diff:\n%s\n"
	}
	return s
}

const errorFormat = "\nError:\n%s\n"

// info formats a failure message into lines, each argument indented by a
// tab, with the document and value indexes first when they are >= 0.
func info(format string, docIndex, valueIndex int, args ...string) []string {
	format = strings.Trim(format, "\t\n ")
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = "\t" + strings.Trim(strings.ReplaceAll(a, "\n", "\n\t"), "\n\t ")
	}
	lines := strings.Split(fmt.Sprintf(format, vals...), "\n")
	if valueIndex >= 0 {
		lines = append([]string{"ValuesIndex:\t" + strconv.Itoa(valueIndex)}, lines...)
	}
	if docIndex >= 0 {
		lines = append([]string{"DocumentIndex:\t" + strconv.Itoa(docIndex)}, lines...)
	}
	return lines
}

// unifiedDiff returns a unified diff of two texts with one line of
// context, headed "Expected" and "Actual".
func unifiedDiff(a, b string) string {
	al, bl := splitLines(a), splitLines(b)
	if strings.Join(al, "") == strings.Join(bl, "") {
		return ""
	}
	ops := lineOps(al, bl)
	var out strings.Builder
	out.WriteString("--- Expected\n+++ Actual\n")
	const ctx = 1
	// group the edit script into hunks
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i >= len(ops) {
			break
		}
		start := max(i-ctx, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run >= len(ops) || run-end > 2*ctx {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		hunk := ops[start:end]
		a1, b1 := hunk[0].ai, hunk[0].bi
		na, nb := 0, 0
		for _, o := range hunk {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(a1, na), hunkRange(b1, nb))
		for _, o := range hunk {
			out.WriteByte(o.kind)
			out.WriteString(o.text)
			if !strings.HasSuffix(o.text, "\n") {
				out.WriteString("\n")
			}
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	first := start + 1
	if n == 0 {
		first--
	}
	if n == 1 {
		return strconv.Itoa(first)
	}
	return fmt.Sprintf("%d,%d", first, n)
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	lines[len(lines)-1] += "\n"
	return lines
}

type lineOp struct {
	kind   byte // ' ', '-', '+'
	text   string
	ai, bi int
}

// maxDiffCells bounds the LCS table; larger inputs get a plain
// replace-everything diff.
const maxDiffCells = 4 << 20

func lineOps(a, b []string) []lineOp {
	n, m := len(a), len(b)
	if n*m > maxDiffCells {
		var ops []lineOp
		for i, l := range a {
			ops = append(ops, lineOp{'-', l, i, 0})
		}
		for j, l := range b {
			ops = append(ops, lineOp{'+', l, n, j})
		}
		return ops
	}
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []lineOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, lineOp{' ', a[i], i, j})
			i++
			j++
		case j < m && (i >= n || lcs[i][j+1] > lcs[i+1][j]):
			ops = append(ops, lineOp{'+', b[j], i, j})
			j++
		default:
			ops = append(ops, lineOp{'-', a[i], i, j})
			i++
		}
	}
	return ops
}

// simpleFind evaluates a path made of single keys and indexes directly on
// the document's values, without re-encoding the whole document: such a
// path selects at most one value whatever the key order. The value found
// is re-encoded and decoded on its own, which gives what helm-unittest
// sees (an integral float becomes an int, for example). ok is false when
// the path needs the general evaluation.
func (p *Path) simpleFind(doc map[string]any) (vals []any, ok bool, err error) {
	var cur any = doc
	for _, st := range p.steps {
		switch {
		case st.kind == stepChild && len(st.names) == 1:
			m, isMap := cur.(map[string]any)
			if !isMap {
				if _, other := cur.(map[any]any); other {
					return nil, false, nil
				}
				return nil, true, nil
			}
			v, found := m[st.names[0]]
			if !found {
				return nil, true, nil
			}
			cur = v
		case st.kind == stepIndex && len(st.subs) == 1 && !st.subs[0].slice:
			l, isList := cur.([]any)
			if !isList {
				if _, other := cur.(map[any]any); other {
					return nil, false, nil
				}
				return nil, true, nil
			}
			i := st.subs[0].indexes(len(l))[0]
			if i < 0 || i >= len(l) {
				return nil, true, nil
			}
			cur = l[i]
		default:
			return nil, false, nil
		}
	}
	v, err := reencode(cur)
	if err != nil {
		return nil, true, err
	}
	return []any{v}, true, nil
}

// reencode returns v as it reads back after being written as YAML.
func reencode(v any) (any, error) {
	switch v.(type) {
	case string, bool, int, nil:
		return v, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := encodeSafe(enc, v); err != nil {
		return nil, err
	}
	var out any
	if err := yaml.Unmarshal(buf.Bytes(), &out); err != nil {
		return nil, err
	}
	return out, nil
}
