package yamlx

import (
	"strconv"
	"strings"
	"time"
)

// plainIsString reports whether s, written as a plain (unquoted) scalar,
// would be read back as the same string by yaml.v2's YAML 1.1 resolver. When
// it would not (booleans like "yes", "~", numbers, timestamps, base-60
// numbers such as "12:30"), yaml.v2 double-quotes the string.
func plainIsString(s string) bool {
	if s == "" {
		return false // resolves to null
	}
	c := s[0]
	numeric := c == '+' || c == '-' || ('0' <= c && c <= '9')
	switch {
	case numeric:
	case c == '.':
		if isResolverKeyword(s) {
			return false
		}
		_, err := strconv.ParseFloat(s, 64)
		return err != nil
	case strings.IndexByte("yYnNtTfFoO~", c) >= 0:
		return !isResolverKeyword(s)
	default:
		return true
	}
	if isResolverKeyword(s) {
		return false
	}
	if looksLikeTimestamp(s) {
		return false
	}
	plain := s
	if strings.IndexByte(s, '_') >= 0 {
		plain = strings.ReplaceAll(s, "_", "")
	}
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return false
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return false
	}
	if matchesFloatSyntax(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return false
		}
	}
	if rest, ok := strings.CutPrefix(plain, "0b"); ok {
		if _, err := strconv.ParseInt(rest, 2, 64); err == nil {
			return false
		}
		if _, err := strconv.ParseUint(rest, 2, 64); err == nil {
			return false
		}
	} else if rest, ok := strings.CutPrefix(plain, "-0b"); ok {
		if _, err := strconv.ParseInt("-"+rest, 2, 64); err == nil {
			return false
		}
	}
	return !isBase60Float(s)
}

// isResolverKeyword lists the words yaml.v2 resolves to booleans, null,
// NaN or infinities ("<<" is omitted: yaml.v2 never looks it up, because
// '<' does not start any resolvable scalar).
func isResolverKeyword(s string) bool {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
		"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
		"~", "null", "Null", "NULL",
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return true
	}
	return false
}

// matchesFloatSyntax matches [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
func matchesFloatSyntax(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	} else {
		if digits() == 0 {
			return false
		}
		if i < len(s) && s[i] == '.' {
			i++
			digits()
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// isBase60Float matches yaml.v2's base 60 float pattern
// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ ; such strings are
// quoted on output although yaml.v2 reads them back as strings.
func isBase60Float(s string) bool {
	if s == "" || strings.IndexByte(s, ':') < 0 {
		return false
	}
	i := 0
	if s[i] == '+' || s[i] == '-' {
		i++
	}
	if i >= len(s) || s[i] < '0' || s[i] > '9' {
		return false
	}
	for i < len(s) && (s[i] == '_' || ('0' <= s[i] && s[i] <= '9')) {
		i++
	}
	groups := 0
	for i < len(s) && s[i] == ':' {
		i++
		digitAt := func(j int) bool { return j < len(s) && '0' <= s[j] && s[j] <= '9' }
		switch {
		case digitAt(i) && digitAt(i+1):
			if s[i] > '5' {
				return false
			}
			i += 2
		case digitAt(i):
			i++
		default:
			return false
		}
		groups++
	}
	if groups == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && (s[i] == '_' || ('0' <= s[i] && s[i] <= '9')) {
			i++
		}
	}
	return i == len(s)
}

// timestampLayouts are the layouts yaml.v2 tries for implicit timestamps.
var timestampLayouts = [...]string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// looksLikeTimestamp reports whether yaml.v2 would resolve plain s as a
// timestamp: four digits, a dash, then one of timestampLayouts.
func looksLikeTimestamp(s string) bool {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, layout := range timestampLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
