package chart

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"path"
	"strings"
)

// helmignoreName is the file at a chart directory's root that lists paths
// to leave out.
const helmignoreName = ".helmignore"

// defaultIgnoreRule keeps dotfiles directly under templates/ out of every
// directory chart, as Helm does.
const defaultIgnoreRule = "templates/.?*"

// ignoreRules is a parsed .helmignore. The semantics are Helm's
// (pkg/ignore): rules are tried in order and the first decisive one wins;
// a plain rule that matches ignores the path; a negated rule "!p" ignores
// every path that does NOT match p and lets matching paths fall through to
// the next rule.
type ignoreRules struct {
	rules []ignoreRule
}

type ignoreRule struct {
	pattern string // glob without "!", trailing "/" and leading "/"
	negate  bool   // the rule started with "!"
	dirOnly bool   // the rule ended with "/"
	base    bool   // the pattern has no "/": match the base name only
}

// parseIgnore reads .helmignore rules: one per line, trimmed; blank lines
// and lines starting with "#" are skipped; "**" and invalid globs are
// errors. A UTF-8 BOM on the first line is dropped.
func parseIgnore(r io.Reader) (*ignoreRules, error) {
	rs := &ignoreRules{}
	s := bufio.NewScanner(r)
	first := true
	for s.Scan() {
		line := s.Bytes()
		if first {
			line = bytes.TrimPrefix(line, utf8BOM)
			first = false
		}
		if err := rs.add(string(line)); err != nil {
			return rs, err
		}
	}
	return rs, s.Err()
}

var errDoubleStar = errors.New("double-star (**) syntax is not supported")

// add parses one rule and appends it.
func (rs *ignoreRules) add(rule string) error {
	rule = strings.TrimSpace(rule)
	if rule == "" || strings.HasPrefix(rule, "#") {
		return nil
	}
	if strings.Contains(rule, "**") {
		return errDoubleStar
	}
	// Helm validates the raw rule, "!" and slashes included.
	if _, err := path.Match(rule, "abc"); err != nil {
		return err
	}
	var r ignoreRule
	if rest, ok := strings.CutPrefix(rule, "!"); ok {
		r.negate = true
		rule = rest
	}
	if rest, ok := strings.CutSuffix(rule, "/"); ok {
		r.dirOnly = true
		rule = rest
	}
	if rest, ok := strings.CutPrefix(rule, "/"); ok {
		rule = rest
	} else if !strings.Contains(rule, "/") {
		r.base = true
	}
	r.pattern = rule
	rs.rules = append(rs.rules, r)
	return nil
}

func (r *ignoreRule) match(name string) bool {
	if r.base {
		name = path.Base(name)
	}
	ok, err := path.Match(r.pattern, name)
	return err == nil && ok
}

// ignore reports whether the chart-relative, slash-separated path name is
// ignored. isDir says whether it names a directory.
func (rs *ignoreRules) ignore(name string, isDir bool) bool {
	if name == "" || name == "." || name == "./" {
		return false
	}
	for i := range rs.rules {
		r := &rs.rules[i]
		if r.negate {
			if r.dirOnly && !isDir {
				return true
			}
			if !r.match(name) {
				return true
			}
			continue
		}
		if r.dirOnly && !isDir {
			continue
		}
		if r.match(name) {
			return true
		}
	}
	return false
}
