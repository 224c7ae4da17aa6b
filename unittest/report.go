package unittest

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// An UnsupportedFormatError reports a report format WriteReport does not
// know.
type UnsupportedFormatError struct{ Format string }

func (e *UnsupportedFormatError) Error() string {
	return fmt.Sprintf("unsupported output type %q (want JUnit)", e.Format)
}

// WriteReport writes a report file in a test-report format: "junit" (the
// others of helm-unittest, NUnit, XUnit and Sonar, are not written yet and
// give an *UnsupportedFormatError).
func WriteReport(w io.Writer, format string, r *Report) error {
	switch strings.ToLower(format) {
	case "junit":
		return writeJUnit(w, r)
	}
	return &UnsupportedFormatError{Format: format}
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	ID         int             `xml:"id,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Package    string          `xml:"package,attr"`
	Time       string          `xml:"time,attr"`
	Name       string          `xml:"name,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	XMLName   xml.Name      `xml:"testcase"`
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Error     *junitFailure `xml:"error,omitempty"`
	Skipped   *junitSkip    `xml:"skipped,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
}

type junitSkip struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message  string `xml:"message,attr"`
	Type     string `xml:"type,attr"`
	Contents string `xml:",chardata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// describe flattens a test's failures into one line, as helm-unittest
// writes them into report attributes.
func describe(t *TestResult) string {
	var b strings.Builder
	if t.Skipped {
		fmt.Fprintf(&b, "SKIPPED '%s' \n", t.Name)
	}
	if t.Err != nil {
		fmt.Fprintf(&b, "%s\n", t.Err)
	}
	for _, a := range t.Asserts {
		not := ""
		if a.Not {
			not = " NOT"
		}
		fmt.Fprintf(&b, "\t\t - asserts[%d]%s `%s` fail \n", a.Index, not, a.Type)
		if a.Skipped {
			fmt.Fprintf(&b, "\t\t\t %s \n", a.SkipReason)
			continue
		}
		for _, l := range a.Info {
			fmt.Fprintf(&b, "\t\t\t %s \n", l)
		}
	}
	return strings.ReplaceAll(strings.ReplaceAll(b.String(), "\n", ","), "\t", "")
}

func writeJUnit(w io.Writer, r *Report) error {
	host, _ := os.Hostname()
	out := junitSuites{}
	id := 0
	for _, c := range r.Charts {
		for _, s := range c.Suites {
			if s.Err != nil {
				continue
			}
			var total time.Duration
			for _, t := range s.Tests {
				total += t.Duration
			}
			js := junitSuite{ID: id, Tests: len(s.Tests), Time: seconds(total), Name: s.Name,
				Timestamp: time.Now().Format("2006-01-02T15:04:05"), Hostname: host,
				Properties: []junitProperty{{"helm-unittest.version", "1.6"}}}
			id++
			class := s.Name
			if i := strings.LastIndex(class, "/"); i >= 0 {
				class = class[i+1:]
			}
			for _, t := range s.Tests {
				jc := junitCase{Classname: class, Name: t.Name, Time: seconds(t.Duration)}
				if t.Skipped {
					jc.Skipped = &junitSkip{Message: describe(t)}
				}
				if !t.Skipped && !t.Passed {
					if t.Err == nil {
						js.Failures++
						jc.Failure = &junitFailure{Message: "Failed", Contents: describe(t)}
					} else {
						js.Errors++
						jc.Error = &junitFailure{Message: "Error", Contents: t.Err.Error()}
					}
				}
				js.Cases = append(js.Cases, jc)
			}
			out.Suites = append(out.Suites, js)
		}
	}
	data, err := xml.MarshalIndent(out, "", "\t")
	if err != nil {
		return err
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return err
	}
	return nil
}
