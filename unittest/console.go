package unittest

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Console writes a report as helm-unittest prints it: a header per chart,
// a PASS/FAIL/SKIP line per suite with the failures below it, and the
// summary. With color, ANSI colors are used.
type Console struct {
	W     io.Writer
	Color bool
}

// SGR attributes of the styles helm-unittest prints.
const (
	ansiBold      = "1"
	ansiFaint     = "2"
	ansiRed       = "31"
	ansiYellow    = "33"
	ansiPassLabel = "42;30"
	ansiFailLabel = "41;37"
	ansiSkipLabel = "43;30"
)

// paint wraps s in an SGR sequence and the matching reset: 22 ends bold
// and faint, 0 each color attribute.
func (c *Console) paint(code, s string) string {
	if !c.Color {
		return s
	}
	reset := "0"
	switch {
	case code == ansiBold || code == ansiFaint:
		reset = "22"
	case strings.Contains(code, ";"):
		reset = "0;0"
	}
	return "\x1b[" + code + "m" + s + "\x1b[" + reset + "m"
}

func (c *Console) line(indent int, s string) {
	fmt.Fprintln(c.W, strings.Repeat("\t", indent)+s)
}

// ChartHeader prints the line before a chart's suites, or its error.
func (c *Console) ChartHeader(cr *ChartResult) {
	if cr.Err != nil {
		c.line(0, fmt.Sprintf("\n### %s %s\n", c.paint(ansiRed, "Error: "), cr.Err))
		return
	}
	c.line(0, fmt.Sprintf("\n### Chart [ %s ] %s\n", c.paint(ansiBold, cr.Name), c.paint(ansiFaint, cr.Path)))
}

// Suite prints one suite's result.
func (c *Console) Suite(sr *SuiteResult) {
	label := c.paint(ansiFailLabel, " FAIL ")
	switch {
	case sr.Skipped:
		label = c.paint(ansiSkipLabel, " SKIP ")
	case sr.Passed && sr.Err == nil:
		label = c.paint(ansiPassLabel, " PASS ")
	}
	where := ""
	if sr.File != "" {
		where = c.paint(ansiFaint, filepath.ToSlash(filepath.Dir(sr.File))+"/") + filepath.Base(sr.File)
	}
	c.line(0, fmt.Sprintf("%s %s\t%s", label, c.paint(ansiBold, sr.Name), where))
	if sr.Err != nil {
		c.line(1, c.paint(ansiBold, "- Execution Error: "))
		c.line(2, sr.Err.Error()+"\n")
		return
	}
	for _, tr := range sr.Tests {
		c.test(tr)
	}
}

func (c *Console) test(tr *TestResult) {
	if tr.Passed {
		return
	}
	if tr.Skipped {
		c.line(1, c.paint(ansiBold, "- ")+c.paint(ansiSkipLabel, "SKIPPED")+c.paint(ansiYellow, fmt.Sprintf(" '%s'", tr.Name)))
		return
	}
	if tr.Err != nil {
		c.line(1, c.paint(ansiBold, "- "+tr.Name))
		c.line(2, c.paint(ansiBold, "Error: "+tr.Err.Error()+"\n"))
		return
	}
	c.line(1, c.paint(ansiRed, "- "+tr.Name+"\n"))
	for _, ar := range tr.Asserts {
		if ar.Passed {
			continue
		}
		not := ""
		if ar.Not {
			not = " NOT"
		}
		c.line(2, c.paint(ansiRed, fmt.Sprintf("- asserts[%d]%s `%s` fail", ar.Index, not, ar.Type)))
		for _, l := range ar.Info {
			c.line(3, l)
		}
		c.line(0, "")
	}
}

type counts struct{ passed, failed, errored, skipped int }

func (c *Console) counts(n counts) string {
	s := ""
	if n.failed > 0 {
		s += c.paint(ansiRed, fmt.Sprintf("%d failed, ", n.failed))
	}
	if n.errored > 0 {
		s += fmt.Sprintf("%d errored, ", n.errored)
	}
	if n.skipped > 0 {
		return s + fmt.Sprintf("%d passed, %d skipped, %d total", n.passed, n.skipped, n.passed+n.failed+n.skipped)
	}
	return s + fmt.Sprintf("%d passed, %d total", n.passed, n.passed+n.failed)
}

// Summary prints the closing summary of a report.
func (c *Console) Summary(r *Report) {
	var charts, suites, tests, snaps counts
	var snapFailedSuites int
	for _, cr := range r.Charts {
		switch {
		case cr.Passed:
			charts.passed++
		default:
			charts.failed++
			if cr.Err != nil {
				charts.errored++
			}
		}
		for _, sr := range cr.Suites {
			switch {
			case sr.Skipped:
				suites.skipped++
			case sr.Passed && sr.Err == nil:
				suites.passed++
			default:
				suites.failed++
				if sr.Err != nil {
					suites.errored++
				}
				if sr.SnapshotFailed > 0 {
					snapFailedSuites++
				}
			}
			snaps.failed += int(sr.SnapshotFailed)
			snaps.passed += int(sr.SnapshotTotal - sr.SnapshotFailed)
			for _, tr := range sr.Tests {
				switch {
				case tr.Passed:
					tests.passed++
				case tr.Skipped:
					tests.skipped++
				default:
					tests.failed++
					if tr.Err != nil {
						tests.errored++
					}
				}
			}
		}
	}
	if snaps.failed > 0 {
		c.line(0, fmt.Sprintf("\nSnapshot Summary: %s in %d test suite.%s", c.paint(ansiRed, fmt.Sprintf("%d snapshot failed", snaps.failed)),
			snapFailedSuites, c.paint(ansiFaint, " Check changes and use `-u` to update snapshot.")))
	}
	c.line(0, fmt.Sprintf("\nCharts:      %s\nTest Suites: %s\nTests:       %s\nSnapshot:    %s\nTime:        %s\n",
		c.counts(charts), c.counts(suites), c.counts(tests), c.counts(snaps), r.Duration))
}

// Report prints a whole report.
func (c *Console) Report(r *Report) {
	for _, cr := range r.Charts {
		for _, sr := range cr.Suites {
			if cr.Err != nil {
				c.Suite(sr)
			}
		}
		c.ChartHeader(cr)
		if cr.Err != nil {
			continue
		}
		for _, sr := range cr.Suites {
			c.Suite(sr)
		}
	}
	c.Summary(r)
}
