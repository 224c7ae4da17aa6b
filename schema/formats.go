package schema

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The "format" keyword is asserted for drafts 4, 6 and 7 only (for 2019-09
// and 2020-12 it is an annotation unless a metaschema requires the
// format-assertion vocabulary). Helm's validator knows the formats below;
// each check returns nil for a valid value or for a non-string, and
// otherwise an error whose text is the reason Helm prints after
// "<value> is not valid <format>: ".
var formatCheckers = map[string]func(string) error{
	"json-pointer":          checkJSONPointer,
	"relative-json-pointer": checkRelativeJSONPointer,
	"uuid":                  checkUUID,
	"duration":              checkDuration,
	"period":                checkPeriod,
	"ipv4":                  checkIPv4,
	"ipv6":                  checkIPv6,
	"hostname":              checkHostname,
	"email":                 checkEmail,
	"date":                  checkDate,
	"time":                  checkTime,
	"date-time":             checkDateTime,
	"uri":                   checkURI,
	"iri":                   checkURI,
	"uri-reference":         checkURIReference,
	"iri-reference":         checkURIReference,
	"uri-template":          checkURITemplate,
	"semver":                checkSemver,
	"regex":                 checkRegex,
}

// formatsKnownOnlyToV5 are format names the underlying validator would
// assert but Helm's does not; they are registered as always valid.
var formatsKnownOnlyToV5 = []string{"ip-address", "uriref"}

// checkFormat runs the named format check on v. Unknown formats and
// non-string values are valid.
func checkFormat(name string, v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	check, ok := formatCheckers[name]
	if !ok {
		return nil
	}
	return check(s)
}

func reason(format string, args ...any) error {
	return errors.New(fmt.Sprintf(format, args...))
}

// checkJSONPointer follows RFC 6901 section 3.
func checkJSONPointer(s string) error {
	if s == "" {
		return nil
	}
	if s[0] != '/' {
		return reason("not starting with /")
	}
	for _, tok := range strings.Split(s[1:], "/") {
		afterTilde := false
		for _, r := range tok {
			if afterTilde {
				if r != '0' && r != '1' {
					return reason("~ must be followed by 0 or 1")
				}
				afterTilde = false
				continue
			}
			if r == '~' {
				afterTilde = true
				continue
			}
			// unescaped = %x00-2E / %x30-7D / %x7F-10FFFF
			if r == 0x2F || r == 0x7E || r > 0x10FFFF {
				return reason("invalid character %q", r)
			}
		}
		if afterTilde {
			return reason("~ must be followed by 0 or 1")
		}
	}
	return nil
}

// checkRelativeJSONPointer follows draft-handrews-relative-json-pointer-01.
func checkRelativeJSONPointer(s string) error {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 {
		return reason("must start with non-negative integer")
	}
	if n > 1 && s[0] == '0' {
		return reason("starts with zero")
	}
	rest := s[n:]
	if rest == "#" {
		return nil
	}
	return checkJSONPointer(rest)
}

// checkUUID follows RFC 4122: 8-4-4-4-12 hex digits.
func checkUUID(s string) error {
	sizes := [...]int{8, 4, 4, 4, 12}
	groups := strings.Split(s, "-")
	if len(groups) != len(sizes) {
		return reason("must have %d elements", len(sizes))
	}
	for i, g := range groups {
		if len(g) != sizes[i] {
			return reason("element %d must be %d characters long", i+1, sizes[i])
		}
		for _, r := range g {
			if !isHex(r) {
				return reason("non-hex character %q", r)
			}
		}
	}
	return nil
}

func isHex(r rune) bool {
	return (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F')
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isAlpha(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }

// leadingDigits counts the ASCII digits at the start of s.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// checkDuration follows the ISO 8601 duration grammar of RFC 3339 appendix A.
func checkDuration(s string) error {
	body, ok := strings.CutPrefix(s, "P")
	if !ok {
		return reason("must start with P")
	}
	if body == "" {
		return reason("nothing after P")
	}
	if weeks, ok := strings.CutSuffix(body, "W"); ok {
		if weeks == "" {
			return reason("no number in week")
		}
		for _, r := range weeks {
			if !isDigit(r) {
				return reason("invalid week")
			}
		}
		return nil
	}
	unitSets := [...]string{"YMD", "HMS"}
	for part, seg := range strings.Split(body, "T") {
		if part > 0 && seg == "" {
			return reason("no time elements")
		}
		if part >= len(unitSets) {
			return reason("more than one T")
		}
		allowed := unitSets[part]
		for seg != "" {
			n := leadingDigits(seg)
			if n == 0 {
				return reason("missing number")
			}
			seg = seg[n:]
			if seg == "" {
				return reason("missing unit")
			}
			unit := seg[0]
			at := strings.IndexByte(allowed, unit)
			if at < 0 {
				if strings.IndexByte(unitSets[part], unit) >= 0 {
					return reason("unit %q out of order", unit)
				}
				return reason("invalid unit %q", unit)
			}
			allowed = allowed[at+1:]
			seg = seg[1:]
		}
	}
	return nil
}

func checkIPv4(s string) error {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return reason("expected four decimals")
	}
	for _, p := range parts {
		if len(p) > 1 && p[0] == '0' {
			return reason("leading zeros")
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return err
		}
		if n < 0 || n > 255 {
			return reason("decimal must be between 0 and 255")
		}
	}
	return nil
}

func checkIPv6(s string) error {
	if !strings.Contains(s, ":") {
		return reason("missing colon")
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return err
	}
	if addr.Zone() != "" {
		return reason("zone id is not a part of ipv6 address")
	}
	return nil
}

// checkHostname applies the usual restrictions on host names.
func checkHostname(s string) error {
	s = strings.TrimSuffix(s, ".")
	if len(s) > 253 {
		return reason("more than 253 characters long")
	}
	for _, label := range strings.Split(s, ".") {
		if len(label) < 1 || len(label) > 63 {
			return reason("label must be 1 to 63 characters long")
		}
		if label[0] == '-' {
			return reason("label starts with hyphen")
		}
		if label[len(label)-1] == '-' {
			return reason("label ends with hyphen")
		}
		for _, r := range label {
			if !isAlpha(r) && !isDigit(r) && r != '-' {
				return reason("invalid character %q", r)
			}
		}
	}
	return nil
}

func checkEmail(s string) error {
	if len(s) > 254 {
		// The limit is 254; the message says 255, as Helm's does.
		return reason("more than 255 characters long")
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return reason("missing @")
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return reason("local part more than 64 characters long")
	}
	if len(local) > 1 && local[0] == '"' && local[len(local)-1] == '"' {
		inner := local[1 : len(local)-1]
		if strings.ContainsAny(inner, `\"`) {
			return reason("backslash and quote are not allowed within quoted local part")
		}
	} else {
		switch {
		case strings.HasPrefix(local, "."):
			return reason("starts with dot")
		case strings.HasSuffix(local, "."):
			return reason("ends with dot")
		case strings.Contains(local, ".."):
			return reason("consecutive dots")
		}
		for _, r := range local {
			if !isAlpha(r) && !isDigit(r) && !strings.ContainsRune(".!#$%&'*+-/=?^_`{|}~", r) {
				return reason("invalid character %q", r)
			}
		}
	}
	if len(domain) >= 2 && domain[0] == '[' && domain[len(domain)-1] == ']' {
		ip := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(ip, "IPv6:"); ok {
			if err := checkIPv6(v6); err != nil {
				return reason("invalid ipv6 address: %v", err)
			}
			return nil
		}
		if err := checkIPv4(ip); err != nil {
			return reason("invalid ipv4 address: %v", err)
		}
		return nil
	}
	if err := checkHostname(domain); err != nil {
		return reason("invalid domain: %v", err)
	}
	return nil
}

// checkDate follows RFC 3339 full-date.
func checkDate(s string) error {
	_, err := time.Parse("2006-01-02", s)
	return err
}

// checkTime follows RFC 3339 full-time, allowing a leap second only at
// 23:59 UTC.
func checkTime(s string) error {
	if len(s) < 9 {
		return reason("less than 9 characters long")
	}
	if s[2] != ':' || s[5] != ':' {
		return reason("missing colon in correct place")
	}
	var hms [3]int
	for i, tok := range strings.SplitN(s[:8], ":", 3) {
		n, err := strconv.Atoi(tok)
		if err != nil {
			return reason("invalid hour/min/sec")
		}
		if n < 0 {
			return reason("non-positive hour/min/sec")
		}
		hms[i] = n
	}
	h, m, sec := hms[0], hms[1], hms[2]
	if h > 23 || m > 59 || sec > 60 {
		return reason("hour/min/sec out of range")
	}
	rest := s[8:]
	if frac, ok := strings.CutPrefix(rest, "."); ok {
		n := leadingDigits(frac)
		if n == 0 {
			return reason("no digits in second fraction")
		}
		rest = frac[n:]
	}
	if rest != "z" && rest != "Z" {
		if len(rest) != 6 {
			return reason("offset must be 6 characters long")
		}
		sign := 0
		switch rest[0] {
		case '+':
			sign = -1
		case '-':
			sign = 1
		default:
			return reason("offset must begin with plus/minus")
		}
		off := rest[1:]
		if off[2] != ':' {
			return reason("missing colon in offset in correct place")
		}
		var zhm [2]int
		for i, tok := range strings.SplitN(off, ":", 2) {
			n, err := strconv.Atoi(tok)
			if err != nil {
				return reason("invalid hour/min in offset")
			}
			if n < 0 {
				return reason("non-positive hour/min in offset")
			}
			zhm[i] = n
		}
		if zhm[0] > 23 || zhm[1] > 59 {
			return reason("hour/min in offset out of range")
		}
		mins := h*60 + m + sign*(zhm[0]*60+zhm[1])
		if mins < 0 {
			mins += 24 * 60
		}
		h, m = mins/60, mins%60
	}
	if sec >= 60 && (h != 23 || m != 59) {
		return reason("invalid leap second")
	}
	return nil
}

func checkDateTime(s string) error {
	if len(s) < 20 {
		return reason("less than 20 characters long")
	}
	if s[10] != 't' && s[10] != 'T' {
		return reason("11th character must be t or T")
	}
	if err := checkDate(s[:10]); err != nil {
		return reason("invalid date element: %v", err)
	}
	if err := checkTime(s[11:]); err != nil {
		return reason("invalid time element: %v", err)
	}
	return nil
}

// parseURL is url.Parse plus a check of IPv6 hosts, which url.Parse does
// not validate.
func parseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if host := u.Hostname(); strings.Contains(host, ":") {
		if !strings.Contains(u.Host, "[") || !strings.Contains(u.Host, "]") {
			return nil, reason("ipv6 address not enclosed in brackets")
		}
		if err := checkIPv6(host); err != nil {
			return nil, reason("invalid ipv6 address: %v", err)
		}
	}
	return u, nil
}

func checkURI(s string) error {
	u, err := parseURL(s)
	if err != nil {
		return err
	}
	if !u.IsAbs() {
		return reason("relative url")
	}
	return nil
}

func checkURIReference(s string) error {
	if strings.Contains(s, `\`) {
		return reason(`contains \`)
	}
	_, err := parseURL(s)
	return err
}

func checkURITemplate(s string) error {
	u, err := parseURL(s)
	if err != nil {
		return err
	}
	for _, seg := range strings.Split(u.RawPath, "/") {
		seg, err := url.PathUnescape(seg)
		if err != nil {
			return reason("percent decode failed: %v", err)
		}
		open := false
		for _, r := range seg {
			switch r {
			case '{':
				if open {
					return reason("nested curly braces")
				}
				open = true
			case '}':
				if !open {
					return reason("nested curly braces")
				}
				open = false
			}
		}
		if open {
			return reason("no matching closing brace")
		}
	}
	return nil
}

// checkPeriod follows the ISO 8601 period grammar of RFC 3339 appendix A.
func checkPeriod(s string) error {
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		return reason("missing slash")
	}
	start, end := s[:slash], s[slash+1:]
	if strings.HasPrefix(start, "P") {
		if err := checkDuration(start); err != nil {
			return reason("invalid start duration: %v", err)
		}
		if err := checkDateTime(end); err != nil {
			return reason("invalid end date-time: %v", err)
		}
		return nil
	}
	if err := checkDateTime(start); err != nil {
		return reason("invalid start date-time: %v", err)
	}
	if strings.HasPrefix(end, "P") {
		if err := checkDuration(end); err != nil {
			return reason("invalid end duration: %v", err)
		}
	} else if err := checkDateTime(end); err != nil {
		return reason("invalid end date-time: %v", err)
	}
	return nil
}

// checkSemver follows the semver.org BNF.
func checkSemver(s string) error {
	if i := strings.IndexByte(s, '+'); i >= 0 {
		build := s[i+1:]
		if build == "" {
			return reason("build is empty")
		}
		for _, id := range strings.Split(build, ".") {
			if id == "" {
				return reason("build identifier is empty")
			}
			for _, r := range id {
				if !isDigit(r) && !isAlpha(r) && r != '-' {
					return reason("invalid character %q in build identifier", r)
				}
			}
		}
		s = s[:i]
	}
	if i := strings.IndexByte(s, '-'); i >= 0 {
		for _, id := range strings.Split(s[i+1:], ".") {
			if id == "" {
				return reason("pre-release identifier is empty")
			}
			numeric := true
			for _, r := range id {
				switch {
				case isDigit(r):
				case isAlpha(r) || r == '-':
					numeric = false
				default:
					return reason("invalid character %q in pre-release identifier", r)
				}
			}
			if numeric && len(id) > 1 && id[0] == '0' {
				return reason("pre-release numeric identifier starts with zero")
			}
		}
		s = s[:i]
	}
	core := strings.Split(s, ".")
	if len(core) != 3 {
		return reason("versionCore must have 3 numbers separated by dot")
	}
	for i, name := range [...]string{"major", "minor", "patch"} {
		n := core[i]
		if n == "" {
			return reason("%s is empty", name)
		}
		if len(n) > 1 && n[0] == '0' {
			return reason("%s starts with zero", name)
		}
		for _, r := range n {
			if !isDigit(r) {
				return reason("%s contains non-digit", name)
			}
		}
	}
	return nil
}

func checkRegex(s string) error {
	_, err := regexp.Compile(s)
	return err
}
