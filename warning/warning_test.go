package warning_test

import (
	"fmt"
	"testing"

	"github.com/chartrender/chartrender/warning"
)

// The lines are what helm v4.3.1 and v3.22.0 print for the same events
// (the render tests compare whole stderr outputs of the helm binaries; the
// rest follow the log calls in Helm's sources at the positions named).
func TestString(t *testing.T) {
	tests := []struct {
		w      warning.Warning
		v4, v3 string
	}{
		{warning.Warning{Kind: warning.GlobalsNotTable, Path: "global", Detail: "destination"},
			`level=INFO msg="warning: skipping globals because destination global is not a table."`,
			`coalesce.go:138: warning: skipping globals because destination global is not a table.`},
		{warning.Warning{Kind: warning.GlobalsNotTable, Path: "global", Detail: "source"},
			`level=INFO msg="warning: skipping globals because source global is not a table."`,
			`coalesce.go:145: warning: skipping globals because source global is not a table.`},
		{warning.Warning{Kind: warning.GlobalConflict, Path: "img"},
			`level=INFO msg="Conflict: cannot merge map onto non-map for \"img\". Skipping."`,
			`coalesce.go:161: Conflict: cannot merge map onto non-map for "img". Skipping.`},
		{warning.Warning{Kind: warning.GlobalIsTable, Path: "img"},
			`level=INFO msg="key img is table. Skipping"`,
			`coalesce.go:175: key img is table. Skipping`},
		{warning.Warning{Kind: warning.DefaultNotTable, Path: "root.b"},
			`level=INFO msg="warning: skipped value for root.b: Not a table."`,
			`coalesce.go:237: warning: skipped value for root.b: Not a table.`},
		{warning.Warning{Kind: warning.TableOverwrite, Path: "depwarn.other.m", Value: "map[a:1]"},
			`level=INFO msg="warning: cannot overwrite table with non table for depwarn.other.m (map[a:1])"`,
			`coalesce.go:316: warning: cannot overwrite table with non table for depwarn.other.m (map[a:1])`},
		{warning.Warning{Kind: warning.NonTableIgnored, Path: "root.t.s", Value: "1"},
			`level=INFO msg="warning: destination for root.t.s is a table. Ignoring non-table value (1)"`,
			`coalesce.go:319: warning: destination for root.t.s is a table. Ignoring non-table value (1)`},
		{warning.Warning{Kind: warning.TagNotBool, Chart: "sub", Path: "tags.front", Detail: "front"},
			`level=WARN msg="returned non-bool value" tag=front chart=sub`,
			`dependencies.go:95: Warning: Tag 'front' for chart sub returned non-bool value`},
		{warning.Warning{Kind: warning.ConditionNotBool, Chart: "sub", Path: "sub.enabled"},
			`level=WARN msg="returned non-bool value" path=sub.enabled chart=sub`,
			`dependencies.go:64: Warning: Condition path 'sub.enabled' for chart sub returned non-bool value`},
		{warning.Warning{Kind: warning.ImportMissingTable, Chart: "sub", Path: "sub.missing", Detail: `"missing" is not a table`, FromChart: true},
			`level=WARN msg="ImportValues missing table from chart" chart=sub error="\"missing\" is not a table"`,
			`dependencies.go:270: Warning: ImportValues missing table from chart sub: "missing" is not a table`},
		{warning.Warning{Kind: warning.ImportMissingTable, Chart: "sub", Path: "sub.exports.x", Detail: `"exports" is not a table`},
			`level=WARN msg="ImportValues missing table" error="\"exports\" is not a table"`,
			`dependencies.go:287: Warning: ImportValues missing table: "exports" is not a table`},
		{warning.Warning{Kind: warning.UnknownHook, Template: "c/templates/a.yaml", Detail: "pre-install,bogus"},
			`level=INFO msg="skipping unknown hooks" hookTypes=pre-install,bogus`,
			`manifest_sorter.go:199: info: skipping unknown hook: "pre-install,bogus"`},
		{warning.Warning{Kind: warning.UnresolvedURN, Chart: "urnref", Detail: "urn:example:port"},
			`level=WARN msg="unresolved URN reference ignored; using permissive schema" urn=urn:example:port`,
			`jsonschema.go:192: WARNING: unresolved URN reference ignored; using permissive schema: urn:example:port`},
		{warning.Warning{Kind: warning.SymlinkFollowed, File: "/tmp/symc/templates/cm.yaml", Detail: "/tmp/symc/shared/cm.yaml"},
			`level=INFO msg="found symbolic link in path. Contents of linked file included and used" path=/tmp/symc/templates/cm.yaml resolved=/tmp/symc/shared/cm.yaml`,
			`walk.go:75: found symbolic link in path: /tmp/symc/templates/cm.yaml resolves to /tmp/symc/shared/cm.yaml. Contents of linked file included and used`},
		{warning.Warning{Kind: warning.Deprecated, Chart: "old"},
			`level=WARN msg="this chart is deprecated"`,
			`WARNING: This chart is deprecated`},
	}
	for _, tt := range tests {
		t.Run(string(tt.w.Kind), func(t *testing.T) {
			if got := tt.w.String(); got != tt.v4 {
				t.Errorf("v4: got  %s\nwant %s", got, tt.v4)
			}
			w3 := tt.w
			w3.Helm3 = true
			if got := w3.String(); got != tt.v3 {
				t.Errorf("v3: got  %s\nwant %s", got, tt.v3)
			}
		})
	}
}

func ExampleWarning() {
	w := warning.Warning{Kind: warning.TagNotBool, Chart: "sub", Path: "tags.front", Detail: "front"}
	fmt.Println(w.Message())
	fmt.Println(w)
	w.Helm3 = true
	fmt.Println(w)
	// Output:
	// returned non-bool value
	// level=WARN msg="returned non-bool value" tag=front chart=sub
	// dependencies.go:95: Warning: Tag 'front' for chart sub returned non-bool value
}
