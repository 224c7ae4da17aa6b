package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/chartrender/chartrender/unittest"
)

// unittestFlags are helm-unittest v1.1.2's flags.
func unittestFlags() []*flagDef {
	return []*flagDef{
		{name: "color", kind: kindBool, noOptValue: "true", usage: "color the output even when it is not a terminal; =false turns color off"},
		{name: "strict", kind: kindBool, noOptValue: "true", usage: "reject unknown fields in suite files"},
		{name: "file", short: 'f', kind: kindStringArray, usage: "glob of suite files, relative to the chart (default tests/*_test.yaml)"},
		{name: "values", short: 'v', kind: kindStringArray, usage: "values file (or glob) added to every suite"},
		{name: "update-snapshot", short: 'u', kind: kindBool, noOptValue: "true", usage: "rewrite snapshots that differ instead of failing"},
		{name: "with-subchart", short: 's', kind: kindBool, noOptValue: "true", usage: "also run the suites of subcharts under charts/ (default true)"},
		{name: "output-file", short: 'o', kind: kindString, usage: "write the results to this file in the --output-type format"},
		{name: "output-type", short: 't', kind: kindString, usage: "format of --output-file: JUnit, NUnit, XUnit or Sonar (default XUnit)"},
		{name: "chart-tests-path", kind: kindString, usage: "folder, inside each chart, of a chart whose templates render suites"},
		{name: "failfast", short: 'q', kind: kindBool, noOptValue: "true", usage: "stop at the first failed test"},
		{name: "debugPlugin", short: 'd', kind: kindBool, noOptValue: "true", usage: "write each test's rendered files under .debug"},
		{name: "skip-schema-validation", kind: kindBool, noOptValue: "true", usage: "do not check values against values.schema.json"},
		{name: "help", short: 'h', kind: kindBool, noOptValue: "true", usage: "help for unittest"},
	}
}

const unittestUsage = "Usage:\n  chartrender unittest [flags] CHART [...]"

// runUnittest is `chartrender unittest`: it runs helm-unittest suites and
// returns the exit status helm-unittest would.
func runUnittest(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := newFlagSet(unittestFlags())
	if err := fs.parse(args); err != nil {
		if errors.Is(err, errHelp) {
			fmt.Fprintln(stdout, unittestUsage+"\n\nFlags:\n"+flagUsage(unittestFlags()))
			return 0
		}
		fmt.Fprintln(stdout, err)
		return 1
	}
	if fs.bool("help") {
		fmt.Fprintln(stdout, unittestUsage+"\n\nFlags:\n"+flagUsage(unittestFlags()))
		return 0
	}
	if len(fs.args) < 1 {
		fmt.Fprintf(stdout, "requires at least 1 arg(s), only received 0\n")
		return 1
	}
	r := &unittest.Runner{
		TestFiles:            fs.strings("file"),
		ValuesFiles:          fs.strings("values"),
		UpdateSnapshot:       fs.bool("update-snapshot"),
		NoSubcharts:          fs.changed["with-subchart"] && !fs.bool("with-subchart"),
		Strict:               fs.bool("strict"),
		FailFast:             fs.bool("failfast"),
		SkipSchemaValidation: fs.bool("skip-schema-validation"),
		ChartTestsPath:       fs.string("chart-tests-path"),
	}
	if fs.bool("debugPlugin") {
		r.RenderDir = ".debug" // as helm-unittest: the rendered files of each test
	}
	// The runner allocates much and briefly (a render per test); collect
	// garbage less often, as memory allows.
	defer debug.SetGCPercent(debug.SetGCPercent(unittest.GCPercent))
	rep, err := r.Run(ctx, fs.args...)
	color := fs.bool("color")
	if !fs.changed["color"] {
		// like helm-unittest: color on a terminal unless NO_COLOR is set or TERM is dumb
		color = isTerminal(stdout) && getenv("NO_COLOR") == "" && getenv("TERM") != "dumb"
	}
	con := &unittest.Console{W: stdout, Color: color}
	con.Report(rep)
	if out := fs.string("output-file"); out != "" {
		typ := fs.string("output-type")
		if typ == "" {
			typ = "XUnit"
		}
		if werr := writeReportFile(out, typ, rep); werr != nil {
			fmt.Fprintf(stdout, "\n### Error:  %v\n\n", werr)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if !rep.Passed() {
		return 1
	}
	return 0
}

func writeReportFile(name, typ string, rep *unittest.Report) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	werr := unittest.WriteReport(f, strings.ToLower(typ), rep)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

func flagUsage(defs []*flagDef) string {
	var b strings.Builder
	for _, d := range defs {
		short := "    "
		if d.short != 0 {
			short = "-" + string(d.short) + ", "
		}
		fmt.Fprintf(&b, "  %s--%-24s %s\n", short, d.name, d.usage)
	}
	return b.String()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
