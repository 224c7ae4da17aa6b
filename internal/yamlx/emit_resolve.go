package yamlx

import (
	"strings"
)

// plainIsString reports whether s, written as a plain (unquoted) scalar,
// would be read back as the same string by yaml.v2's YAML 1.1 resolver (the
// one Decode implements). When it would not (booleans like "yes", "~",
// numbers, timestamps, base-60 numbers such as "12:30"), yaml.v2
// double-quotes the string. Timestamps read back as strings when decoding
// into interface{}, but yaml.v2's emitter still quotes them.
func plainIsString(s string) bool {
	if _, ok := parseTimestamp(s); ok {
		return false
	}
	if _, ok := resolvePlain(s).(string); !ok {
		return false
	}
	return !isBase60Float(s)
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
