package engine

import "testing"

// Expected values follow chartrender's deterministic-mode specification
// (derivePassword, which it leaves alone, checked against helm v4.3.1).
func TestDeterministic(t *testing.T) {
	t.Setenv("CHARTRENDER_HELM", "") // helm has no deterministic mode
	runSnippets(t, Options{Deterministic: true}, []snippet{
		{name: "rand strings", tpl: `{{ randAlphaNum 3 }} {{ randAlpha 2 }} {{ randAscii 1 }} {{ randNumeric 4 }} [{{ randAlphaNum 0 }}{{ randNumeric -1 }}]`,
			want: "xxx xx x 0000 []"},
		{name: "randBytes", tpl: `{{ randBytes 4 }} [{{ randBytes -2 }}]`, want: "AAAAAA== []"},
		{name: "randInt", tpl: `{{ randInt 5 10 }}`, want: "5"},
		{name: "uuidv4", tpl: `{{ uuidv4 }}`, want: "00000000-0000-4000-8000-000000000000"},
		{name: "now", tpl: `{{ now | date "2006-01-02T15:04:05Z07:00" }} {{ now | unixEpoch }}`, want: "2000-01-01T00:00:00Z 946684800"},
		{name: "ago", tpl: `{{ ago now }} {{ ago 946684700 }} {{ ago "x" }} {{ ago (toDate "2006-01-02" "1999-12-31") }}`,
			want: "0s 1m40s 0s 24h0m0s"},
		{name: "shuffle", tpl: `{{ shuffle "abc" }}`, want: "abc"},
		{name: "keys", tpl: `{{ keys (dict "b" 1 "a" 2 "B" 3 "ä" 4 "a0" 5) (dict) (dict "z" 1 "a" 2) }} {{ keys | len }} {{ keys (dict "k" 1) (dict "k" 2) | toJson }}`,
			want: "[B a a0 b ä a z] 0 [\"k\",\"k\"]"},
		{name: "keys of .Values", tpl: `{{ keys .Values }} {{ keys .Values.m .Values }} {{ values .Values.m }}`,
			values: "z: 1\nm: {q: 2, p: 1}\na: 0\n", want: "[a m z] [p q a m z] [1 2]"},
		{name: "values", tpl: `{{ values (dict "b" 1 "a" "x" "c" (list 1)) | toJson }} {{ values (dict) | toJson }}`,
			want: `["x",1,[1]] []`},
		{name: "bcrypt htpasswd", tpl: `{{ bcrypt "pw" }} {{ htpasswd "u" "pw" }}`, want: "$2a$10$deterministic u:$2a$10$deterministic"},
		{name: "encryptAES", tpl: `{{ encryptAES "key" "text" }}`, want: "dGV4dA=="},
		{name: "genPrivateKey", tpl: `{{ genPrivateKey "rsa" }}`, want: "-----BEGIN PRIVATE KEY-----\ndeterministic rsa\n-----END PRIVATE KEY-----\n"},
		{name: "genCA", tpl: `{{ $ca := genCA "my-ca" 365 }}{{ $ca.Cert }}{{ $ca.Key }}`,
			want: "-----BEGIN CERTIFICATE-----\ndeterministic my-ca\n-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----\ndeterministic my-ca\n-----END RSA PRIVATE KEY-----\n"},
		{name: "genSignedCert", tpl: `{{ $ca := genCA "ca" 1 }}{{ $c := genSignedCert "svc" (list "10.0.0.1") (list "svc.ns") 365 $ca }}{{ $c.Cert }}{{ $c | toJson }}`,
			want: "-----BEGIN CERTIFICATE-----\ndeterministic svc\n-----END CERTIFICATE-----\n{\"Cert\":\"-----BEGIN CERTIFICATE-----\\ndeterministic svc\\n-----END CERTIFICATE-----\\n\",\"Key\":\"-----BEGIN RSA PRIVATE KEY-----\\ndeterministic svc\\n-----END RSA PRIVATE KEY-----\\n\"}"},
		{name: "genSelfSignedCert", tpl: `{{ (genSelfSignedCert "self" nil nil 1).Key }}`,
			want: "-----BEGIN RSA PRIVATE KEY-----\ndeterministic self\n-----END RSA PRIVATE KEY-----\n"},
		{name: "with key", tpl: `{{ $k := genPrivateKey "ecdsa" }}{{ (genCAWithKey "a" 1 $k).Key | len }} {{ (genSelfSignedCertWithKey "b" nil nil 1 "K").Key }} {{ (genSignedCertWithKey "c" nil nil 1 (genCA "x" 1) "K2").Key }} {{ (genSignedCertWithKey "c" nil nil 1 (genCA "x" 1) "K2").Cert | len }}`,
			want: "74 K K2 70"},
		{name: "others unchanged", tpl: `{{ sha256sum "a" }} {{ derivePassword 1 "long" "pw" "user" "site" }}`,
			want: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb LurmNaze1,Tomd"},
	})
}
