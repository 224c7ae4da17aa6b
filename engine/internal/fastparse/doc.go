// Package fastparse parses Go templates in one pass into the same
// text/template/parse trees as parse.Parse builds, for the engine's
// common case: the default delimiters, no parse mode flags, and source
// text that parses without error.
//
// Parse either answers with trees equal to parse.Parse's for the same
// name, text and function maps — the same node types, exported fields,
// positions and lines, the same define and block trees kept by the same
// rules — or says it does not know, and the caller parses with
// parse.Parse, which then also produces the error message. It says it
// does not know on every input that parse.Parse rejects, and on the few
// valid forms it does not handle itself (non-ASCII identifiers, complex
// and imaginary numbers, a range with an unusual declaration list, very
// deep nesting).
//
// A node of text/template/parse points to its tree through an unexported
// field, out of reach of other packages. Tree.ErrorContext reads the
// text and name of that tree, or of the tree it is called on when the
// field is nil, and from Go 1.27 the String method of action, if, range,
// with, template, break and continue nodes reads the tree's delimiters.
// Parse leaves the field nil in nodes of the other kinds, and makes those
// of these kinds as copies of nodes parsed by one tree that holds the
// whole source text, the top-level name and the default delimiters
// (Tree.Parse records the text before parsing it; what it makes of the
// text is discarded). Every tree Parse
// returns carries the same text and name, as parse.Parse's define trees
// do, so that execution errors name the same line and column.
package fastparse
