package main

import (
	"strings"
	"testing"
)

// FuzzParseFlags checks that the flag parser never panics and that every
// argument ends up as a flag value or a positional argument.
func FuzzParseFlags(f *testing.F) {
	for _, s := range []string{
		"x ./chart --set a=b -f v.yaml",
		"-gstemplates/a.yaml --include-crds=false -- -x",
		"--dry-run -a=a,b,\"c,d\" --set= --=x -",
		"-l a=b,c --timeout 5s --qps 1.5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, " ")
		fs := newFlagSet(templateFlags())
		if err := fs.parse(args); err != nil {
			return
		}
		if len(fs.args) > len(args) {
			t.Fatalf("%d positional arguments from %d arguments", len(fs.args), len(args))
		}
	})
}
