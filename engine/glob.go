package engine

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// .Files.Glob matches names as github.com/gobwas/glob v0.2.3 (Helm's glob
// library) does when compiled with "/" as the only separator. That library
// does not match by the meaning of a pattern: it compiles the pattern into
// a tree of specialised matchers (prefix, suffix, fixed-length rows, a
// search for the longest fixed part...), and several of them disagree with
// the pattern's meaning on some names: "***" does not match what "**"
// matches, "?" matches an empty name, an unterminated "{" at the end of a
// pattern matches nothing and, after text, makes matching fail with an
// out-of-range slice (which Helm reports as the template's error). Helm's
// output is what counts, so this file models the library's pattern tree,
// the way it simplifies that tree, and the matching rules of each kind of
// matcher, written from its documented behaviour and checked name by name
// against it (see conformance/testdata: the glob cases).

// globSeparators are the runes "*" and "?" do not match.
var globSeparators = []rune{'/'}

// globMatcher matches names against one compiled pattern.
type globMatcher struct {
	m   gmatcher
	all bool // the pattern did not compile: everything matches (Helm uses "**")
}

// match reports whether name matches. It panics with a *GlobError where the
// library fails with an out-of-range slice.
func (g *globMatcher) match(name string) bool {
	if g.all {
		return true
	}
	return g.m.match(name)
}

// GlobError is the failure of .Files.Glob on a pattern for which Helm's
// glob library slices a name beyond its end while matching it: Helm reports
// the Go runtime error, and so does this package, with the same numbers.
type GlobError struct {
	Pattern string // the pattern given to .Files.Glob
	Name    string // the file name being matched
	High    int    // the end of the slice taken (in the part of the name being matched)
	Length  int    // the length of that part
}

func (e *GlobError) Error() string {
	return fmt.Sprintf("runtime error: slice bounds out of range [:%d] with length %d", e.High, e.Length)
}

// matchName is match with the pattern named in a *GlobError.
func (g *globMatcher) matchName(pattern, name string) bool {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*GlobError); ok {
				e.Pattern, e.Name = pattern, name
			}
			panic(r)
		}
	}()
	return g.match(name)
}

// GlobLimitError is the failure of .Files.Glob on a pattern whose
// compiling and matching would take more than MaxGlobWork steps: Helm's
// glob library simplifies a pattern in cubic time and backtracks while
// matching, in exponential time (Helm then runs until stopped). It reaches
// the template as the call's error.
type GlobLimitError struct {
	Pattern string
	Limit   int
}

func (e *GlobLimitError) Error() string {
	return fmt.Sprintf(".Files.Glob %q: compiling and matching the pattern takes more than %d steps", e.Pattern, e.Limit)
}

// MaxGlobWork bounds the work of one .Files.Glob call (bytes examined while
// matching, matchers tried while simplifying): far more than any real
// pattern needs, far less than a hostile one asks for.
const MaxGlobWork = 1 << 28

// globBudget counts the bytes examined by the matchers of one call.
type globBudget struct {
	pattern string
	used    int
}

func (b *globBudget) spend(n int) {
	if b.used += n + 1; b.used > MaxGlobWork {
		panic(&GlobLimitError{Pattern: b.pattern, Limit: MaxGlobWork})
	}
}

// compileGlob compiles pattern; an invalid pattern matches everything, as
// Helm's .Files.Glob falls back to "**".
func compileGlob(pattern string) *globMatcher {
	toks, ok := lexGlob(pattern)
	if !ok {
		return &globMatcher{all: true}
	}
	b := &globBudget{pattern: pattern}
	return &globMatcher{m: compileGlobNode(parseGlobTokens(toks), b)}
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

// The pattern tree.

type gnodeKind int

const (
	gnNothing gnodeKind = iota
	gnPattern           // a sequence
	gnList              // [abc] or [!abc]
	gnRange             // [a-z] or [!a-z]
	gnText
	gnAny    // *
	gnSuper  // **
	gnSingle // ?
	gnAnyOf  // {a,b}: its children are patterns
)

type gnode struct {
	kind     gnodeKind
	text     string // gnText, gnList (the characters)
	lo, hi   rune   // gnRange
	not      bool   // gnList, gnRange
	children []*gnode
}

func (a *gnode) equal(b *gnode) bool {
	if a.kind != b.kind || a.text != b.text || a.lo != b.lo || a.hi != b.hi || a.not != b.not || len(a.children) != len(b.children) {
		return false
	}
	for i, c := range a.children {
		if !c.equal(b.children[i]) {
			return false
		}
	}
	return true
}

// parseGlobTokens builds the pattern tree. A "{" opens an alternative whose
// branches are patterns; a "}" goes back to the pattern holding the
// alternative; alternatives still open at the end stay as they are.
func parseGlobTokens(toks []globTok) *gnode {
	root := &gnode{kind: gnPattern}
	type frame struct{ anyOf, pattern *gnode }
	var open []frame // innermost last
	cur := root
	for _, t := range toks {
		switch t.kind {
		case gText:
			cur.children = append(cur.children, &gnode{kind: gnText, text: t.text})
		case gAny:
			cur.children = append(cur.children, &gnode{kind: gnAny})
		case gSuper:
			cur.children = append(cur.children, &gnode{kind: gnSuper})
		case gSingle:
			cur.children = append(cur.children, &gnode{kind: gnSingle})
		case gRange:
			if t.isLoH {
				cur.children = append(cur.children, &gnode{kind: gnRange, lo: t.lo, hi: t.hi, not: t.not})
			} else {
				cur.children = append(cur.children, &gnode{kind: gnList, text: t.text, not: t.not})
			}
		case gTermsOpen:
			a := &gnode{kind: gnAnyOf}
			p := &gnode{kind: gnPattern}
			a.children = append(a.children, p)
			cur.children = append(cur.children, a)
			open = append(open, frame{a, cur})
			cur = p
		case gSeparator:
			if len(open) == 0 {
				continue
			}
			p := &gnode{kind: gnPattern}
			a := open[len(open)-1].anyOf
			a.children = append(a.children, p)
			cur = p
		case gTermsClose:
			if len(open) == 0 {
				continue
			}
			cur = open[len(open)-1].pattern
			open = open[:len(open)-1]
		}
	}
	return root
}

// compileGlobNode turns a pattern tree into matchers, simplified as the
// library simplifies them.
func compileGlobNode(n *gnode, b *globBudget) gmatcher {
	var m gmatcher
	switch n.kind {
	case gnAnyOf:
		if f := factorAnyOf(n); f != nil {
			return compileGlobNode(f, b)
		}
		ms := make([]gmatcher, len(n.children))
		for i, c := range n.children {
			ms[i] = simplify(compileGlobNode(c, b))
		}
		m = mAnyOf{ms}
	case gnPattern:
		if len(n.children) == 0 {
			return mNothing{}
		}
		ms := make([]gmatcher, len(n.children))
		for i, c := range n.children {
			ms[i] = simplify(compileGlobNode(c, b))
		}
		m = sequence(merge(ms, b), b)
	case gnAny:
		m = mAny{globSeparators}
	case gnSuper:
		m = mSuper{}
	case gnSingle:
		m = mSingle{globSeparators}
	case gnList:
		m = mList{[]rune(n.text), n.not}
	case gnRange:
		m = mRange{n.lo, n.hi, n.not}
	case gnText:
		m = newText(n.text)
	default:
		m = mNothing{}
	}
	return simplify(m)
}

// factorAnyOf moves the children that all branches of an alternative begin
// or end with out of it: {ab,ac} becomes a{b,c}. A branch left empty
// becomes "nothing". It returns nil when there is nothing to factor.
func factorAnyOf(n *gnode) *gnode {
	for _, c := range n.children {
		if c.kind != gnPattern {
			return nil
		}
	}
	left, right := commonEnds(n.children)
	if len(left) == 0 && len(right) == 0 {
		return nil
	}
	var out []*gnode
	if len(left) > 0 {
		out = append(out, &gnode{kind: gnPattern, children: left})
	}
	var branches []*gnode
	for _, c := range n.children {
		rest := c.children[len(left) : len(c.children)-len(right)]
		b := &gnode{kind: gnNothing}
		if len(rest) > 0 {
			b = &gnode{kind: gnPattern, children: rest}
		}
		dup := false
		for _, o := range branches {
			if o.equal(b) {
				dup = true
				break
			}
		}
		if !dup {
			branches = append(branches, b)
		}
	}
	switch {
	case len(branches) == 1 && branches[0].kind != gnNothing:
		out = append(out, branches[0])
	case len(branches) > 1:
		out = append(out, &gnode{kind: gnAnyOf, children: branches})
	}
	if len(right) > 0 {
		out = append(out, &gnode{kind: gnPattern, children: right})
	}
	return &gnode{kind: gnPattern, children: out}
}

// commonEnds finds the children every pattern of nodes starts with and
// ends with, measured against the pattern with the fewest children, the
// ends not overlapping.
func commonEnds(nodes []*gnode) (left, right []*gnode) {
	if len(nodes) <= 1 {
		return nil, nil
	}
	short := 0
	for i, n := range nodes {
		if len(n.children) < len(nodes[short].children) {
			short = i
		}
	}
	tree := nodes[short]
	size := len(tree.children)
	rightAt := make([]*gnode, size)
	first := size
	stopLeft, stopRight := false, false
	common := 0
	for i, j := 0, size-1; common < size && j >= 0 && !(stopLeft && stopRight); i, j = i+1, j-1 {
		l, r := tree.children[i], tree.children[j]
		for k := 0; k < len(nodes) && !(stopLeft && stopRight); k++ {
			if k == short {
				continue
			}
			other := nodes[k].children
			stopLeft = stopLeft || !l.equal(other[i])
			stopRight = stopRight || (!stopLeft && j <= i)
			stopRight = stopRight || !r.equal(other[j+len(other)-size])
		}
		if !stopLeft {
			common++
			left = append(left, l)
		}
		if !stopRight {
			common++
			first = j
			rightAt[j] = r
		}
	}
	return left, rightAt[first:]
}

// sequence compiles the matchers of a pattern in a row: glued into one
// when they can be, else split around the last of the longest fixed-length
// matchers, which is searched for first.
func sequence(ms []gmatcher, b *globBudget) gmatcher {
	switch len(ms) {
	case 0:
		return mNothing{}
	case 1:
		return ms[0]
	}
	if g := glue(ms, b); g != nil {
		return g
	}
	at, longest := -1, -1
	for i, m := range ms {
		if l := m.length(); l != -1 && l >= longest {
			at, longest = i, l
		}
	}
	if at < 0 {
		return newBTree(ms[0], nil, sequence(ms[1:], b), b)
	}
	var l, r gmatcher
	if at > 0 {
		l = sequence(ms[:at], b)
	}
	if at+1 < len(ms) {
		r = sequence(ms[at+1:], b)
	}
	return newBTree(ms[at], l, r, b)
}

// glue combines matchers that can be checked as one: wildcards with the
// same separators into a length check, fixed-length ones into a row.
func glue(ms []gmatcher, b *globBudget) gmatcher {
	if g := glueWildcards(ms); g != nil {
		return g
	}
	return glueRow(ms, b)
}

func glueRow(ms []gmatcher, b *globBudget) gmatcher {
	if len(ms) <= 1 {
		return nil
	}
	total := 0
	for _, m := range ms {
		l := m.length()
		if l == -1 {
			return nil
		}
		total += l
	}
	return mRow{ms: ms, runes: total, b: b}
}

func glueWildcards(ms []gmatcher) gmatcher {
	if len(ms) <= 1 {
		return nil
	}
	var hasAny, hasSuper, hasSingle bool
	count := 0
	var seps []rune
	for i, m := range ms {
		var s []rune
		switch m := m.(type) {
		case mSuper:
			s = []rune{}
			hasSuper = true
		case mAny:
			s = m.seps
			hasAny = true
		case mSingle:
			s = m.seps
			hasSingle = true
			count++
		case mList:
			if !m.not {
				return nil
			}
			s = m.list
			hasSingle = true
			count++
		default:
			return nil
		}
		if i == 0 {
			seps = s
		}
		if string(s) != string(seps) {
			return nil
		}
	}
	switch {
	case hasSuper && !hasAny && !hasSingle:
		return mSuper{}
	case hasAny && !hasSuper && !hasSingle:
		return mAny{seps}
	case (hasAny || hasSuper) && count > 0 && len(seps) == 0:
		return mMin{count}
	}
	var every mEveryOf
	if count > 0 {
		every.ms = append(every.ms, mMin{count})
		if !hasAny && !hasSuper {
			every.ms = append(every.ms, mMax{count})
		}
	}
	if len(seps) > 0 {
		every.ms = append(every.ms, mContains{string(seps), true})
	}
	return every
}

// merge replaces the widest run of matchers that glue into one (preferring,
// among runs, a longer fixed length, then more matchers) until none is
// left.
func merge(ms []gmatcher, b *globBudget) []gmatcher {
	for {
		var done gmatcher
		from, to, count := 0, 0, 0
		for l := 0; l < len(ms); l++ {
			for r := len(ms); r > l; r-- {
				b.spend(r - l)
				g := glue(ms[l:r], b)
				if g == nil {
					continue
				}
				swap := done == nil
				if !swap {
					dl, gl := done.length(), g.length()
					swap = (dl > -1 && gl > -1 && gl > dl) || count < r-l
				}
				if swap {
					done, from, to, count = g, l, r, r-l
				}
			}
		}
		if done == nil {
			return ms
		}
		next := append(append([]gmatcher{}, ms[:from]...), done)
		next = append(next, ms[to:]...)
		if len(next) == len(ms) {
			return next
		}
		ms = next
	}
}

// simplify replaces a matcher by a cheaper one where the library does.
func simplify(m gmatcher) gmatcher {
	switch t := m.(type) {
	case mAny:
		if len(t.seps) == 0 {
			return mSuper{}
		}
	case mAnyOf:
		if len(t.ms) == 1 {
			return t.ms[0]
		}
	case mList:
		if !t.not && len(t.list) == 1 {
			return newText(string(t.list))
		}
	case mBTree:
		if t.left != nil {
			t.left = simplify(t.left)
		}
		if t.right != nil {
			t.right = simplify(t.right)
		}
		text, ok := t.value.(mText)
		if !ok {
			return t
		}
		_, leftSuper := t.left.(mSuper)
		lp, leftPrefix := t.left.(mPrefix)
		la, leftAny := t.left.(mAny)
		_, rightSuper := t.right.(mSuper)
		rs, rightSuffix := t.right.(mSuffix)
		ra, rightAny := t.right.(mAny)
		leftNil, rightNil := t.left == nil, t.right == nil
		switch {
		case leftNil && rightNil:
			return text
		case leftSuper && rightSuper:
			return mContains{text.s, false}
		case leftSuper && rightNil:
			return mSuffix{text.s}
		case rightSuper && leftNil:
			return mPrefix{text.s}
		case leftNil && rightSuffix:
			return mPrefixSuffix{text.s, rs.s}
		case rightNil && leftPrefix:
			return mPrefixSuffix{lp.s, text.s}
		case rightNil && leftAny:
			return mSuffixAny{text.s, la.seps}
		case leftNil && rightAny:
			return mPrefixAny{text.s, ra.seps}
		}
		return t
	}
	return m
}

// The matchers. match reports whether a whole string matches; index finds
// the first place in a string where a match starts and the lengths (in
// bytes) it can have there; length is the fixed length in runes, or -1.

type gmatcher interface {
	match(s string) bool
	index(s string) (int, []int)
	length() int
}

func indexAnyRune(s string, rs []rune) int {
	for _, r := range rs {
		if i := strings.IndexRune(s, r); i != -1 {
			return i
		}
	}
	return -1
}

func lastIndexAnyRune(s string, rs []rune) int {
	for _, r := range rs {
		if i := strings.LastIndex(s, string(r)); i != -1 {
			return i
		}
	}
	return -1
}

func hasRune(rs []rune, r rune) bool {
	for _, c := range rs {
		if c == r {
			return true
		}
	}
	return false
}

// boundaries returns base plus the offset of each rune of s, and base plus
// len(s).
func boundaries(s string, base int) []int {
	out := make([]int, 0, len(s)+1)
	for i := range s {
		out = append(out, base+i)
	}
	return append(out, base+len(s))
}

// oneRune reports the first rune of s and whether s holds no more than it.
func oneRune(s string) (rune, bool) {
	r, w := utf8.DecodeRuneInString(s)
	return r, len(s) <= w
}

type mNothing struct{}

func (mNothing) match(s string) bool       { return s == "" }
func (mNothing) index(string) (int, []int) { return 0, []int{0} }
func (mNothing) length() int               { return 0 }

type mSuper struct{}

func (mSuper) match(string) bool           { return true }
func (mSuper) index(s string) (int, []int) { return 0, boundaries(s, 0) }
func (mSuper) length() int                 { return -1 }

type mAny struct{ seps []rune }

func (m mAny) match(s string) bool { return indexAnyRune(s, m.seps) == -1 }
func (m mAny) index(s string) (int, []int) {
	switch at := indexAnyRune(s, m.seps); at {
	case -1:
	case 0:
		return 0, []int{0}
	default:
		s = s[:at]
	}
	return 0, boundaries(s, 0)
}
func (mAny) length() int { return -1 }

type mSingle struct{ seps []rune }

func (m mSingle) match(s string) bool {
	r, one := oneRune(s)
	return one && !hasRune(m.seps, r)
}
func (m mSingle) index(s string) (int, []int) {
	for i, r := range s {
		if !hasRune(m.seps, r) {
			return i, []int{utf8.RuneLen(r)}
		}
	}
	return -1, nil
}
func (mSingle) length() int { return 1 }

type mList struct {
	list []rune
	not  bool
}

func (m mList) match(s string) bool {
	r, one := oneRune(s)
	return one && hasRune(m.list, r) != m.not
}
func (m mList) index(s string) (int, []int) {
	for i, r := range s {
		if hasRune(m.list, r) != m.not {
			return i, []int{utf8.RuneLen(r)}
		}
	}
	return -1, nil
}
func (mList) length() int { return 1 }

type mRange struct {
	lo, hi rune
	not    bool
}

func (m mRange) match(s string) bool {
	r, one := oneRune(s)
	return one && (r >= m.lo && r <= m.hi) != m.not
}
func (m mRange) index(s string) (int, []int) {
	for i, r := range s {
		if (r >= m.lo && r <= m.hi) != m.not {
			return i, []int{utf8.RuneLen(r)}
		}
	}
	return -1, nil
}
func (mRange) length() int { return 1 }

type mText struct {
	s     string
	runes int
}

func newText(s string) mText { return mText{s, utf8.RuneCountInString(s)} }

func (m mText) match(s string) bool { return s == m.s }
func (m mText) index(s string) (int, []int) {
	i := strings.Index(s, m.s)
	if i == -1 {
		return -1, nil
	}
	return i, []int{len(m.s)}
}
func (m mText) length() int { return m.runes }

type mContains struct {
	needle string
	not    bool
}

func (m mContains) match(s string) bool { return strings.Contains(s, m.needle) != m.not }
func (m mContains) index(s string) (int, []int) {
	offset := 0
	i := strings.Index(s, m.needle)
	if !m.not {
		if i == -1 {
			return -1, nil
		}
		offset = i + len(m.needle)
		if len(s) <= offset {
			return 0, []int{offset}
		}
		s = s[offset:]
	} else if i != -1 {
		s = s[:i]
	}
	return 0, boundaries(s, offset)
}
func (mContains) length() int { return -1 }

type mPrefix struct{ s string }

func (m mPrefix) match(s string) bool { return strings.HasPrefix(s, m.s) }
func (m mPrefix) index(s string) (int, []int) {
	i := strings.Index(s, m.s)
	if i == -1 {
		return -1, nil
	}
	n := len(m.s)
	rest := s[i+n:]
	segs := []int{n}
	for j, r := range rest {
		segs = append(segs, n+j+utf8.RuneLen(r))
	}
	return i, segs
}
func (mPrefix) length() int { return -1 }

type mSuffix struct{ s string }

func (m mSuffix) match(s string) bool { return strings.HasSuffix(s, m.s) }
func (m mSuffix) index(s string) (int, []int) {
	i := strings.Index(s, m.s)
	if i == -1 {
		return -1, nil
	}
	return 0, []int{i + len(m.s)}
}
func (mSuffix) length() int { return -1 }

type mPrefixSuffix struct{ prefix, suffix string }

func (m mPrefixSuffix) match(s string) bool {
	return strings.HasPrefix(s, m.prefix) && strings.HasSuffix(s, m.suffix)
}
func (m mPrefixSuffix) index(s string) (int, []int) {
	p := strings.Index(s, m.prefix)
	if p == -1 {
		return -1, nil
	}
	if len(m.suffix) == 0 {
		return p, []int{len(s) - p}
	}
	var segs []int
	for sub := s[p:]; ; {
		j := strings.LastIndex(sub, m.suffix)
		if j == -1 {
			break
		}
		segs = append(segs, j+len(m.suffix))
		sub = sub[:j]
	}
	if len(segs) == 0 {
		return -1, nil
	}
	for a, b := 0, len(segs)-1; a < b; a, b = a+1, b-1 {
		segs[a], segs[b] = segs[b], segs[a]
	}
	return p, segs
}
func (mPrefixSuffix) length() int { return -1 }

type mPrefixAny struct {
	prefix string
	seps   []rune
}

func (m mPrefixAny) match(s string) bool {
	return strings.HasPrefix(s, m.prefix) && indexAnyRune(s[len(m.prefix):], m.seps) == -1
}
func (m mPrefixAny) index(s string) (int, []int) {
	i := strings.Index(s, m.prefix)
	if i == -1 {
		return -1, nil
	}
	n := len(m.prefix)
	rest := s[i+n:]
	if j := indexAnyRune(rest, m.seps); j > -1 {
		rest = rest[:j]
	}
	segs := []int{n}
	for j, r := range rest {
		segs = append(segs, n+j+utf8.RuneLen(r))
	}
	return i, segs
}
func (mPrefixAny) length() int { return -1 }

type mSuffixAny struct {
	suffix string
	seps   []rune
}

func (m mSuffixAny) match(s string) bool {
	return strings.HasSuffix(s, m.suffix) && indexAnyRune(s[:len(s)-len(m.suffix)], m.seps) == -1
}
func (m mSuffixAny) index(s string) (int, []int) {
	i := strings.Index(s, m.suffix)
	if i == -1 {
		return -1, nil
	}
	start := lastIndexAnyRune(s[:i], m.seps) + 1
	return start, []int{i + len(m.suffix) - start}
}
func (mSuffixAny) length() int { return -1 }

type mMin struct{ n int }

func (m mMin) match(s string) bool {
	c := 0
	for range s {
		c++
		if c >= m.n {
			return true
		}
	}
	return false
}
func (m mMin) index(s string) (int, []int) {
	if len(s)-m.n+1 <= 0 {
		return -1, nil
	}
	var segs []int
	c := 0
	for i, r := range s {
		c++
		if c >= m.n {
			segs = append(segs, i+utf8.RuneLen(r))
		}
	}
	if len(segs) == 0 {
		return -1, nil
	}
	return 0, segs
}
func (mMin) length() int { return -1 }

type mMax struct{ n int }

func (m mMax) match(s string) bool {
	c := 0
	for range s {
		c++
		if c > m.n {
			return false
		}
	}
	return true
}
func (m mMax) index(s string) (int, []int) {
	segs := []int{0}
	c := 0
	for i, r := range s {
		c++
		if c > m.n {
			break
		}
		segs = append(segs, i+utf8.RuneLen(r))
	}
	return 0, segs
}
func (mMax) length() int { return -1 }

// mEveryOf matches where all of its matchers do.
type mEveryOf struct{ ms []gmatcher }

func (m mEveryOf) match(s string) bool {
	for _, x := range m.ms {
		if !x.match(s) {
			return false
		}
	}
	return true
}
func (m mEveryOf) index(s string) (int, []int) {
	var at, offset int
	var current []int
	sub := s
	for i, x := range m.ms {
		idx, segs := x.index(sub)
		if idx == -1 {
			return -1, nil
		}
		if i == 0 {
			current = append([]int(nil), segs...)
		} else {
			var next []int
			delta := at - (idx + offset)
			for _, c := range current {
				for _, n := range segs {
					if c+delta == n {
						next = append(next, n)
					}
				}
			}
			if len(next) == 0 {
				return -1, nil
			}
			current = next
		}
		at = idx + offset
		sub = s[at:]
		offset += idx
	}
	return at, current
}

// length is -1 whenever there is a matcher (the library's sum starts from
// zero and gives up on it).
func (m mEveryOf) length() int {
	if len(m.ms) > 0 {
		return -1
	}
	return 0
}

// mAnyOf matches where one of its matchers does.
type mAnyOf struct{ ms []gmatcher }

func (m mAnyOf) match(s string) bool {
	for _, x := range m.ms {
		if x.match(s) {
			return true
		}
	}
	return false
}
func (m mAnyOf) index(s string) (int, []int) {
	at := -1
	var segs []int
	for _, x := range m.ms {
		idx, seg := x.index(s)
		switch {
		case idx == -1:
		case at == -1 || idx < at:
			at = idx
			segs = append(segs[:0], seg...)
		case idx == at:
			segs = mergeSorted(segs, seg)
		}
	}
	if at == -1 {
		return -1, nil
	}
	return at, segs
}

// length is the common length of the matchers, skipping leading ones of
// no fixed length as the library does.
func (m mAnyOf) length() int {
	l := -1
	for _, x := range m.ms {
		xl := x.length()
		switch {
		case l == -1:
			l = xl
		case xl == -1 || xl != l:
			return -1
		}
	}
	return l
}

// mergeSorted merges two ascending lists, keeping one of equal values met
// at the same time.
func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	x, y := 0, 0
	for x < len(a) || y < len(b) {
		switch {
		case x >= len(a):
			out = append(out, b[y:]...)
			y = len(b)
		case y >= len(b):
			out = append(out, a[x:]...)
			x = len(a)
		case a[x] == b[y]:
			out = append(out, a[x])
			x++
			y++
		case a[x] < b[y]:
			out = append(out, a[x])
			x++
		default:
			out = append(out, b[y])
			y++
		}
	}
	return out
}

// mRow is a sequence of fixed-length matchers, each given the next
// length(runes) runes.
type mRow struct {
	ms    []gmatcher
	runes int
	b     *globBudget
}

func (m mRow) match(s string) bool {
	return utf8.RuneCountInString(s) == m.runes && m.matchAll(s)
}

// matchAll gives each matcher its runes. A matcher of length zero at the
// end of s is given one byte past the end in the library, which fails
// there with an out-of-range slice: that failure is a *GlobError.
func (m mRow) matchAll(s string) bool {
	at := 0
	for _, x := range m.ms {
		n := x.length()
		next, count := 0, 0
		for j := range s[at:] {
			next = j
			count++
			if count == n {
				break
			}
		}
		if count < n {
			return false
		}
		end := at + next + 1
		if end > len(s) {
			panic(&GlobError{High: end, Length: len(s)})
		}
		if !x.match(s[at:end]) {
			return false
		}
		at += next + 1
	}
	return true
}
func (m mRow) index(s string) (int, []int) {
	for i := range s {
		m.b.spend(m.runes)
		if len(s[i:]) < m.runes {
			break
		}
		if m.matchAll(s[i:]) {
			return i, []int{m.runes}
		}
	}
	return -1, nil
}
func (m mRow) length() int { return m.runes }

// mBTree matches value somewhere in a string, left before it and right
// after it. The side lengths are fixed when it is built.
type mBTree struct {
	value, left, right gmatcher
	vlen, llen, rlen   int
	total              int
	b                  *globBudget
}

func newBTree(value, left, right gmatcher, b *globBudget) mBTree {
	t := mBTree{value: value, left: left, right: right, vlen: value.length(), b: b}
	ok := t.vlen != -1
	if left != nil {
		if t.llen = left.length(); t.llen == -1 {
			ok = false
		}
	}
	if right != nil {
		if t.rlen = right.length(); t.rlen == -1 {
			ok = false
		}
	}
	t.total = -1
	if ok {
		t.total = t.llen + t.vlen + t.rlen
	}
	return t
}

func (m mBTree) length() int             { return m.total }
func (mBTree) index(string) (int, []int) { return -1, nil }
func (m mBTree) match(s string) bool {
	n := len(s)
	if m.total != -1 && m.total > n {
		return false
	}
	offset, limit := 0, n
	if m.llen >= 0 {
		offset = m.llen
	}
	if m.rlen >= 0 {
		limit = n - m.rlen
	}
	for offset < limit {
		m.b.spend(limit - offset)
		idx, segs := m.value.index(s[offset:limit])
		if idx == -1 {
			return false
		}
		l := s[:offset+idx]
		leftOK := l == ""
		if m.left != nil {
			leftOK = m.left.match(l)
		}
		if leftOK {
			for i := len(segs) - 1; i >= 0; i-- {
				m.b.spend(0)
				r := ""
				if n > offset+idx+segs[i] {
					r = s[offset+idx+segs[i]:]
				}
				rightOK := r == ""
				if m.right != nil {
					rightOK = m.right.match(r)
				}
				if rightOK {
					return true
				}
			}
		}
		_, step := utf8.DecodeRuneInString(s[offset+idx:])
		offset += idx + step
	}
	return false
}
