package engine

import (
	"text/template/parse"

	"github.com/chartrender/chartrender/engine/internal/fastparse"
)

// minFastParse is the length from which a text goes to the engine's own
// parser: its fixed cost (a few microseconds to prepare the tree that
// holds the text) exceeds text/template's whole parse of a shorter text.
const minFastParse = 256

// parseTrees parses a template text into its trees as
// parse.Parse(name, text, "", "", e.parseFuncs, builtinNames) does. The
// engine's own parser answers for the texts it is sure of; every other
// text, and so every parse error, goes to text/template's parser.
func (e *Engine) parseTrees(name, text string) (map[string]*parse.Tree, error) {
	if len(text) >= minFastParse {
		if trees, ok := fastparse.Parse(name, text, e.parseFuncs, builtinNames); ok {
			return trees, nil
		}
	}
	return parse.Parse(name, text, "", "", e.parseFuncs, builtinNames)
}
