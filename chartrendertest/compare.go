package chartrendertest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// A doc is one YAML document of a render, with what identifies it.
type doc struct {
	source                string
	kind, namespace, name string
	n                     int // occurrence of the same identity, from 0
	text                  string
	obj                   map[string]any // nil when text does not decode
}

type docKey struct {
	source, kind, namespace, name string
	n                             int
}

func (d *doc) key() docKey { return docKey{d.source, d.kind, d.namespace, d.name, d.n} }

// String names the document as a report shows it, e.g.
// "Deployment prod/web (mychart/templates/deployment.yaml)".
func (d *doc) String() string {
	id := d.name
	if d.namespace != "" {
		id = d.namespace + "/" + d.name
	}
	kind := d.kind
	if kind == "" {
		kind = "document"
	}
	s := kind + " " + id
	if d.n > 0 {
		s += fmt.Sprintf(" #%d", d.n+1)
	}
	return s + " (" + d.source + ")"
}

const sourcePrefix = "# Source: "

// splitDocs cuts the output of `helm template` into documents: each block
// starts with a "---" line and a "# Source: <template>" line; a block can
// hold several documents when a CRD file does.
func splitDocs(text string) []*doc {
	var docs []*doc
	lines := strings.SplitAfter(text, "\n")
	source := ""
	var cur []string
	flush := func() {
		docs = append(docs, contentDocs(source, strings.Join(cur, ""))...)
		cur = cur[:0]
	}
	for i := 0; i < len(lines); i++ {
		if isSeparator(lines[i]) && i+1 < len(lines) && strings.HasPrefix(lines[i+1], sourcePrefix) {
			flush()
			source = strings.TrimSpace(strings.TrimPrefix(lines[i+1], sourcePrefix))
			i++
			continue
		}
		cur = append(cur, lines[i])
	}
	flush()
	return number(docs)
}

func isSeparator(line string) bool {
	return strings.HasPrefix(line, "---") && strings.TrimSpace(line[3:]) == ""
}

// contentDocs cuts the text of one template (or CRD file) at its "---"
// lines; blank documents are left out.
func contentDocs(source, text string) []*doc {
	var docs []*doc
	var cur strings.Builder
	add := func() {
		t := cur.String()
		cur.Reset()
		if strings.TrimSpace(t) == "" {
			return
		}
		d := &doc{source: source, text: t}
		if obj, err := yamlx.UnmarshalMap([]byte(t)); err == nil {
			d.obj = obj
			d.kind, _ = obj["kind"].(string)
			if md, ok := obj["metadata"].(map[string]any); ok {
				d.name = fmt.Sprint(valueOr(md["name"]))
				d.namespace = fmt.Sprint(valueOr(md["namespace"]))
			}
		}
		docs = append(docs, d)
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if isSeparator(line) {
			add()
			continue
		}
		cur.WriteString(line)
	}
	add()
	return docs
}

func valueOr(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// number sets the occurrence numbers of documents with the same identity.
func number(docs []*doc) []*doc {
	seen := make(map[docKey]int)
	for _, d := range docs {
		d.n = 0
		k := d.key()
		d.n = seen[k]
		seen[k]++
	}
	return docs
}

// A diff is the comparison of two renders.
type diff struct {
	changed        []changedDoc
	added, removed []*doc
}

type changedDoc struct {
	doc  *doc
	diff string
}

func (d *diff) empty() bool {
	return len(d.changed) == 0 && len(d.added) == 0 && len(d.removed) == 0
}

// String is the report: the changed documents with their diffs, then the
// removed and the added ones by name.
func (d *diff) String() string {
	if d.empty() {
		return ""
	}
	var b strings.Builder
	for _, c := range d.changed {
		fmt.Fprintf(&b, "changed %s:\n", c.doc)
		for _, line := range strings.SplitAfter(strings.TrimRight(c.diff, "\n"), "\n") {
			b.WriteString("\t" + line)
		}
		b.WriteString("\n")
	}
	for _, r := range d.removed {
		fmt.Fprintf(&b, "removed %s\n", r)
	}
	for _, a := range d.added {
		fmt.Fprintf(&b, "added %s\n", a)
	}
	return b.String()
}

// compare pairs the documents by identity and diffs each pair.
func compare(want, got []*doc, opts []cmp.Option) *diff {
	number(want)
	number(got)
	byKey := make(map[docKey]*doc, len(got))
	for _, g := range got {
		byKey[g.key()] = g
	}
	d := &diff{}
	matched := make(map[docKey]bool, len(want))
	for _, w := range want {
		g, ok := byKey[w.key()]
		if !ok {
			d.removed = append(d.removed, w)
			continue
		}
		matched[w.key()] = true
		var text string
		if w.obj != nil && g.obj != nil {
			text = cmp.Diff(w.obj, g.obj, opts...)
		} else if w.text != g.text {
			text = cmp.Diff(strings.Split(w.text, "\n"), strings.Split(g.text, "\n"))
		}
		if text != "" {
			d.changed = append(d.changed, changedDoc{w, stableDiff(text)})
		}
	}
	for _, g := range got {
		if !matched[g.key()] {
			d.added = append(d.added, g)
		}
	}
	d.pairUndecodable()
	return d
}

// pairUndecodable reports a removed and an added document of the same
// template as one changed document, with a diff of their lines, when one
// of them is not YAML and so has no identity to pair them by.
func (d *diff) pairUndecodable() {
	var removed []*doc
	for _, w := range d.removed {
		i := slices.IndexFunc(d.added, func(g *doc) bool { return g.source == w.source && (g.obj == nil || w.obj == nil) })
		if i < 0 {
			removed = append(removed, w)
			continue
		}
		g := d.added[i]
		d.added = slices.Delete(d.added, i, i+1)
		text := cmp.Diff(strings.Split(w.text, "\n"), strings.Split(g.text, "\n"))
		d.changed = append(d.changed, changedDoc{w, stableDiff(text)})
	}
	d.removed = removed
}

// stableDiff undoes go-cmp's deliberate instability: its diff lines start
// with "- ", "+ " or "  " written with either ordinary or non-breaking
// spaces, chosen at random per process. The report always uses ordinary
// ones, so that it can be compared exactly.
func stableDiff(s string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, line := range lines {
		for _, p := range [][2]string{{"-\u00a0", "- "}, {"+\u00a0", "+ "}, {"\u00a0\u00a0", "  "}} {
			if rest, ok := strings.CutPrefix(line, p[0]); ok {
				lines[i] = p[1] + rest
				break
			}
		}
	}
	return strings.Join(lines, "")
}
