package conformance

import (
	"encoding/base64"
	"maps"
	"slices"
	"strings"
	"text/template"
	"time"
)

// deterministicFuncs are the fixed functions of
// ../shared/spec/deterministic.md, written here from the spec alone (not
// taken from chartrender's engine) so that the oracle side does not inherit
// our bugs. Signatures follow sprig's, so that argument conversion errors
// stay Helm's.
func deterministicFuncs() template.FuncMap {
	now := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	repeat := func(s string) func(int) string {
		return func(n int) string {
			if n <= 0 {
				return ""
			}
			return strings.Repeat(s, n)
		}
	}
	cert := func(cn, key string) certificate {
		return certificate{
			Cert: "-----BEGIN CERTIFICATE-----\ndeterministic " + cn + "\n-----END CERTIFICATE-----\n",
			Key:  key,
		}
	}
	rsaKey := func(cn string) string {
		return "-----BEGIN RSA PRIVATE KEY-----\ndeterministic " + cn + "\n-----END RSA PRIVATE KEY-----\n"
	}
	return template.FuncMap{
		"randAlphaNum": repeat("x"),
		"randAlpha":    repeat("x"),
		"randAscii":    repeat("x"),
		"randNumeric":  repeat("0"),
		"randBytes": func(n int) (string, error) {
			return base64.StdEncoding.EncodeToString(make([]byte, max(n, 0))), nil
		},
		"randInt": func(lo, hi int) int { return lo },
		"uuidv4":  func() string { return "00000000-0000-4000-8000-000000000000" },
		"now":     func() time.Time { return now },
		"ago": func(d any) string {
			t := now
			switch d := d.(type) {
			case time.Time:
				t = d
			case int:
				t = time.Unix(int64(d), 0)
			case int32:
				t = time.Unix(int64(d), 0)
			case int64:
				t = time.Unix(d, 0)
			}
			return now.Sub(t).Round(time.Second).String()
		},
		"shuffle": func(s string) string { return s },
		"keys": func(dicts ...map[string]any) []string {
			all := []string{}
			for _, d := range dicts {
				all = append(all, slices.Sorted(maps.Keys(d))...)
			}
			return all
		},
		"values": func(d map[string]any) []any {
			vals := []any{}
			for _, k := range slices.Sorted(maps.Keys(d)) {
				vals = append(vals, d[k])
			}
			return vals
		},
		"bcrypt":   func(string) string { return "$2a$10$deterministic" },
		"htpasswd": func(user, _ string) string { return user + ":$2a$10$deterministic" },
		"encryptAES": func(_, text string) (string, error) {
			return base64.StdEncoding.EncodeToString([]byte(text)), nil
		},
		"genPrivateKey": func(typ string) string {
			return "-----BEGIN PRIVATE KEY-----\ndeterministic " + typ + "\n-----END PRIVATE KEY-----\n"
		},
		"genCA": func(cn string, _ int) (certificate, error) { return cert(cn, rsaKey(cn)), nil },
		"genSelfSignedCert": func(cn string, _, _ []any, _ int) (certificate, error) {
			return cert(cn, rsaKey(cn)), nil
		},
		"genSignedCert": func(cn string, _, _ []any, _ int, _ certificate) (certificate, error) {
			return cert(cn, rsaKey(cn)), nil
		},
		"genCAWithKey": func(cn string, _ int, key string) (certificate, error) { return cert(cn, key), nil },
		"genSelfSignedCertWithKey": func(cn string, _, _ []any, _ int, key string) (certificate, error) {
			return cert(cn, key), nil
		},
		"genSignedCertWithKey": func(cn string, _, _ []any, _ int, _ certificate, key string) (certificate, error) {
			return cert(cn, key), nil
		},
	}
}

// certificate is what the deterministic certificate functions return: string
// fields Cert and Key, nothing else.
type certificate struct {
	Cert string
	Key  string
}
