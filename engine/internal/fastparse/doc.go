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
// The nodes it builds do not point back to their tree (the unexported
// field text/template/parse keeps for that is out of reach), so
// Tree.ErrorContext takes the text and name from the tree it is called
// on. Every tree Parse returns carries the whole source text and the
// top-level name, as parse.Parse's define trees do, so that text/template
// reports execution errors at the same line and column.
package fastparse
