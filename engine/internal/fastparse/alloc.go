package fastparse

import "text/template/parse"

// slab hands out values of T from chunks allocated together, so that the
// many small nodes of a tree cost a few allocations. The first chunk is
// sized from an estimate of the count needed, the next ones smaller; a
// chunk lives as long as any value in it, which is as long as the trees
// of the text.
type slab[T any] struct {
	buf         []T
	first, next int
}

// Chunk sizes, in values. The estimate counts left delimiters, which a
// hostile text can have by the million inside a comment, so the chunks
// are bounded: whatever the text, a slab wastes at most one chunk.
const (
	minChunk = 8
	maxChunk = 1024
)

// sizeFor sizes the chunks for about n values: the first for 70% of them
// (the estimate varies from text to text, and a chunk too large is all
// waste), the next ones for an eighth.
func (s *slab[T]) sizeFor(n int) {
	s.first = min(max(n*7/10, 1), maxChunk)
	s.next = min(max(n/8, minChunk), maxChunk)
}

// grow allocates a chunk for at least n values.
func (s *slab[T]) grow(n int) {
	size := s.next
	if s.first > 0 {
		size, s.first = s.first, 0
	}
	s.buf = make([]T, max(n, size))
}

// new returns a pointer to a zero T.
func (s *slab[T]) new() *T {
	if len(s.buf) == 0 {
		s.grow(1)
	}
	x := &s.buf[0]
	s.buf = s.buf[1:]
	return x
}

// copyOf returns a copy of xs whose capacity is its length (so that an
// append by a later user of the tree does not write into the chunk), or
// nil when xs is empty.
func (s *slab[T]) copyOf(xs []T) []T {
	n := len(xs)
	if n == 0 {
		return nil
	}
	if len(s.buf) < n {
		s.grow(n)
	}
	out := s.buf[:n:n]
	copy(out, xs)
	s.buf = s.buf[n:]
	return out
}

// arena holds the slabs of one parse.
type arena struct {
	lists     slab[parse.ListNode]
	texts     slab[parse.TextNode]
	actions   slab[parse.ActionNode]
	ifs       slab[parse.IfNode]
	withs     slab[parse.WithNode]
	ranges    slab[parse.RangeNode]
	templates slab[parse.TemplateNode]
	pipes     slab[parse.PipeNode]
	commands  slab[parse.CommandNode]
	fields    slab[parse.FieldNode]
	vars      slab[parse.VariableNode]
	idents    slab[parse.IdentifierNode]
	strs      slab[parse.StringNode]
	dots      slab[parse.DotNode]
	chains    slab[parse.ChainNode]

	nodes    slab[parse.Node]
	cmdPtrs  slab[*parse.CommandNode]
	strings  slab[string]
	varPtrs  slab[*parse.VariableNode]
	nodeTemp []parse.Node // a stack of nodes of lists and commands being parsed
}

// sizeFor sizes the chunks for a text with n left delimiters, from the
// counts of nodes per action in the templates of large charts.
func (a *arena) sizeFor(n int) {
	a.lists.sizeFor(n / 4)
	a.texts.sizeFor(n * 4 / 10)
	a.pipes.sizeFor(n * 3 / 4)
	a.actions.sizeFor(n * 4 / 10)
	a.ifs.sizeFor(n / 8)
	a.withs.sizeFor(n / 16)
	a.ranges.sizeFor(n / 32)
	a.templates.sizeFor(n / 32)
	a.commands.sizeFor(n * 9 / 10)
	a.fields.sizeFor(n / 3)
	a.vars.sizeFor(n / 5)
	a.idents.sizeFor(n / 2)
	a.strs.sizeFor(n / 5)
	a.dots.sizeFor(n / 8)
	a.chains.sizeFor(n / 32)
	a.nodes.sizeFor(n * 27 / 10)
	a.cmdPtrs.sizeFor(n * 9 / 10)
	a.strings.sizeFor(n * 3 / 2)
	a.varPtrs.sizeFor(n / 20)
}
