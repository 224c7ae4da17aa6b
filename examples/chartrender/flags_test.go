package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFlagValues checks how values accumulate, following pflag v1.0.10 as
// helm v4.3.1 uses it (the same command lines are compared with helm's
// output in testdata/cli_cases.txt).
func TestFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		flag string
		want []string
		pos  []string
	}{
		{[]string{"c", "-f", "a.yaml,b.yaml", "--values=c.yaml"}, "values", []string{"a.yaml", "b.yaml", "c.yaml"}, []string{"c"}},
		{[]string{"--set", "a=1,b=2", "--set=c=3"}, "set", []string{"a=1,b=2", "c=3"}, nil},
		{[]string{"-a", `"x,y",z`}, "api-versions", []string{"x,y", "z"}, nil},
		{[]string{"--dry-run", "client"}, "dry-run", []string{"unset"}, []string{"client"}},
		{[]string{"--include-crds", "false"}, "include-crds", []string{"true"}, []string{"false"}},
		{[]string{"-gs", "templates/a.yaml"}, "show-only", []string{"templates/a.yaml"}, nil},
		{[]string{"-gstemplates/a.yaml", "n", "c"}, "generate-name", []string{"true"}, []string{"n", "c"}},
		{[]string{"--", "--set", "x"}, "set", nil, []string{"--set", "x"}},
		{[]string{"-", "--no-hooks=false"}, "no-hooks", []string{"false"}, []string{"-"}},
	} {
		fs := newFlagSet(templateFlags())
		if err := fs.parse(tc.args); err != nil {
			t.Errorf("parse(%q): %v", tc.args, err)
			continue
		}
		if diff := cmp.Diff(tc.want, fs.values[tc.flag]); diff != "" {
			t.Errorf("parse(%q) --%s (-want +got):\n%s", tc.args, tc.flag, diff)
		}
		if diff := cmp.Diff(tc.pos, fs.args); diff != "" {
			t.Errorf("parse(%q) arguments (-want +got):\n%s", tc.args, diff)
		}
	}
}
