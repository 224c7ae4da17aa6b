package engine

import (
	"encoding/base64"
	"slices"
	"strings"
	"text/template"
	"time"
)

// deterministicNow is the fixed time of deterministic mode.
var deterministicNow = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

const deterministicHash = "$2a$10$deterministic"

// certificate is what the certificate functions return in deterministic
// mode: the same fields as sprig's.
type certificate struct {
	Cert string
	Key  string
}

func fixedCert(cn string) certificate {
	return certificate{
		Cert: "-----BEGIN CERTIFICATE-----\ndeterministic " + cn + "\n-----END CERTIFICATE-----\n",
		Key:  "-----BEGIN RSA PRIVATE KEY-----\ndeterministic " + cn + "\n-----END RSA PRIVATE KEY-----\n",
	}
}

func fixedCertWithKey(cn, key string) certificate {
	c := fixedCert(cn)
	c.Key = key
	return c
}

func repeatN(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat(s, n)
}

// deterministicFuncs replaces exactly the functions listed in chartrender's
// deterministic-mode specification; every result depends only on the
// arguments.
func deterministicFuncs() template.FuncMap {
	return template.FuncMap{
		"randAlphaNum": func(n int) string { return repeatN("x", n) },
		"randAlpha":    func(n int) string { return repeatN("x", n) },
		"randAscii":    func(n int) string { return repeatN("x", n) },
		"randNumeric":  func(n int) string { return repeatN("0", n) },
		"randBytes": func(n int) (string, error) {
			if n < 0 {
				n = 0
			}
			return base64.StdEncoding.EncodeToString(make([]byte, n)), nil
		},
		"randInt": func(min, max int) int { return min },
		"uuidv4":  func() string { return "00000000-0000-4000-8000-000000000000" },
		"now":     func() time.Time { return deterministicNow },
		"ago": func(v any) string {
			t := deterministicNow
			switch x := v.(type) {
			case time.Time:
				t = x
			case int:
				t = time.Unix(int64(x), 0)
			case int32:
				t = time.Unix(int64(x), 0)
			case int64:
				t = time.Unix(x, 0)
			}
			return deterministicNow.Sub(t).Round(time.Second).String()
		},
		"shuffle":  func(s string) string { return s },
		"keys":     sortedKeys,
		"values":   sortedValues,
		"bcrypt":   func(string) string { return deterministicHash },
		"htpasswd": func(user, _ string) string { return user + ":" + deterministicHash },
		"encryptAES": func(_, text string) (string, error) {
			return base64.StdEncoding.EncodeToString([]byte(text)), nil
		},
		"genPrivateKey": func(typ string) string {
			return "-----BEGIN PRIVATE KEY-----\ndeterministic " + typ + "\n-----END PRIVATE KEY-----\n"
		},
		"genCA": func(cn string, _ int) (certificate, error) { return fixedCert(cn), nil },
		"genCAWithKey": func(cn string, _ int, key string) (certificate, error) {
			return fixedCertWithKey(cn, key), nil
		},
		"genSelfSignedCert": func(cn string, _, _ []any, _ int) (certificate, error) {
			return fixedCert(cn), nil
		},
		"genSelfSignedCertWithKey": func(cn string, _, _ []any, _ int, key string) (certificate, error) {
			return fixedCertWithKey(cn, key), nil
		},
		"genSignedCert": func(cn string, _, _ []any, _ int, _ any) (certificate, error) {
			return fixedCert(cn), nil
		},
		"genSignedCertWithKey": func(cn string, _, _ []any, _ int, _ any, key string) (certificate, error) {
			return fixedCertWithKey(cn, key), nil
		},
	}
}

// sortedKeys is sprig's keys with each dict's keys in ascending byte order;
// the dicts' lists follow one another in argument order, duplicates kept.
func sortedKeys(dicts ...map[string]any) []string {
	out := []string{}
	for _, d := range dicts {
		start := len(out)
		for k := range d {
			out = append(out, k)
		}
		slices.Sort(out[start:])
	}
	return out
}

// sortedValues is sprig's values in the ascending byte order of the keys.
func sortedValues(dict map[string]any) []any {
	names := make([]string, 0, len(dict))
	for k := range dict {
		names = append(names, k)
	}
	slices.Sort(names)
	out := make([]any, 0, len(names))
	for _, k := range names {
		out = append(out, dict[k])
	}
	return out
}
