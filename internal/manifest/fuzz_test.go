package manifest

import (
	"context"
	"strings"
	"testing"
	"unicode"
)

func FuzzSplitManifests(f *testing.F) {
	for _, s := range []string{"", "a: 1\n---\nb: 2\n", "---apiVersion: v1\n----\n", "a\n---\n---\nb", "\u00a0---\v\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range SplitManifests(s, false) {
			if strings.TrimSpace(d) == "" {
				t.Fatalf("v4 kept a blank document %q", d)
			}
			if strings.TrimLeftFunc(d, unicode.IsSpace) != d {
				t.Fatalf("v4 document %q has leading space", d)
			}
			if !strings.Contains(s, strings.TrimRightFunc(d, unicode.IsSpace)) {
				t.Fatalf("v4 document %q is not part of the input", d)
			}
		}
		for _, d := range SplitManifests(s, true) {
			if strings.TrimSpace(d) != d {
				t.Fatalf("v3 document %q is not trimmed", d)
			}
		}
	})
}

func FuzzParseHead(f *testing.F) {
	for _, s := range []string{
		"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: test\n",
		"metadata: foo\n", "- a\n", "a: &a [*a]\n", "kind: .nan\n", "Kind: A\nkind: B\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHead(s, false)
		if err == nil && h == nil {
			t.Fatal("nil head without error")
		}
		// Sorting one file made of s must not panic either.
		_, _, _ = Sort(context.Background(), map[string]string{"c/templates/x.yaml": s}, Options{})
	})
}
