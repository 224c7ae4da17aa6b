package manifest

import (
	"regexp"
	"strings"
	"unicode"
)

// Document separators. Helm v4 splits at "---" at the start of any line,
// followed by spaces or tabs (not necessarily the end of the line). Helm v3
// splits at "---" that starts the text or follows a newline, together with
// the whitespace around it.
var (
	sepV4 = regexp.MustCompile(`(?m)^---[ \t]*`)
	sepV3 = regexp.MustCompile(`(?:^|\s*\n)---\s*`)
)

// SplitManifests splits a rendered file into YAML documents, in order.
//
// With helm3 false (Helm v4.3.1), leading whitespace is removed from the text
// and from each document, whitespace-only documents are dropped, and trailing
// whitespace is kept. With helm3 true (Helm v3.22.0), the text and every
// document are trimmed on both sides.
func SplitManifests(text string, helm3 bool) []string {
	if helm3 {
		return splitV3(text)
	}
	var docs []string
	for _, d := range sepV4.Split(strings.TrimLeftFunc(text, unicode.IsSpace), -1) {
		if strings.TrimSpace(d) == "" {
			continue
		}
		docs = append(docs, strings.TrimLeftFunc(d, unicode.IsSpace))
	}
	return docs
}

func splitV3(text string) []string {
	var docs []string
	for _, d := range sepV3.Split(strings.TrimSpace(text), -1) {
		// Helm v3 only skips pieces that are empty before trimming.
		if d == "" {
			continue
		}
		docs = append(docs, strings.TrimSpace(d))
	}
	return docs
}
