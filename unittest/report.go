package unittest

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/user"
	"runtime"
	"strings"
	"time"
)

// An UnsupportedFormatError reports a report format WriteReport does not
// know.
type UnsupportedFormatError struct{ Format string }

func (e *UnsupportedFormatError) Error() string {
	return fmt.Sprintf("unsupported output type %q (want JUnit, NUnit, XUnit or Sonar)", e.Format)
}

// WriteReport writes a report file in one of helm-unittest's formats:
// "junit", "nunit", "xunit" or "sonar" (in any case), with the same
// elements and attributes. Suites that could not run are left out, as
// helm-unittest leaves them out.
func WriteReport(w io.Writer, format string, r *Report) error {
	var doc any
	switch strings.ToLower(format) {
	case "junit":
		doc = junitReport(r)
	case "nunit":
		doc = nunitReport(r)
	case "xunit":
		doc = xunitReport(r)
	case "sonar":
		doc = sonarReport(r)
	default:
		return &UnsupportedFormatError{Format: format}
	}
	data, err := xml.MarshalIndent(doc, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// ranSuites are the suites of a report that ran.
func ranSuites(r *Report) []*SuiteResult {
	var out []*SuiteResult
	for _, c := range r.Charts {
		for _, s := range c.Suites {
			if s.Err == nil {
				out = append(out, s)
			}
		}
	}
	return out
}

func (s *SuiteResult) duration() time.Duration {
	var d time.Duration
	for _, t := range s.Tests {
		d += t.Duration
	}
	return d
}

// className is the part of a suite name after its last slash.
func className(suite string) string {
	if i := strings.LastIndex(suite, "/"); i >= 0 {
		return suite[i+1:]
	}
	return suite
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
	return strings.ReplaceAll(strings.ReplaceAll(stringify(t), "\n", ","), "\t", "")
}

// stringify is a test's outcome as report texts carry it.
func stringify(t *TestResult) string {
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
	return b.String()
}

func junitReport(r *Report) junitSuites {
	host, _ := os.Hostname()
	out := junitSuites{}
	for id, s := range ranSuites(r) {
		js := junitSuite{ID: id, Tests: len(s.Tests), Time: seconds(s.duration()), Name: s.Name,
			Timestamp: time.Now().Format("2006-01-02T15:04:05"), Hostname: host,
			Properties: []junitProperty{{"helm-unittest.version", "1.6"}}}
		for _, t := range s.Tests {
			jc := junitCase{Classname: className(s.Name), Name: t.Name, Time: seconds(t.Duration)}
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
	return out
}

type sonarReportDoc struct {
	XMLName xml.Name    `xml:"testExecutions"`
	Version int         `xml:"version,attr"`
	Files   []sonarFile `xml:"file"`
}

type sonarFile struct {
	Path  string      `xml:"path,attr"`
	Cases []sonarCase `xml:"testCase"`
}

type sonarCase struct {
	Name     string        `xml:"name,attr"`
	Duration string        `xml:"duration,attr"`
	Error    *sonarMessage `xml:"error,omitempty"`
	Skipped  *sonarMessage `xml:"skipped,omitempty"`
	Failure  *sonarMessage `xml:"failure,omitempty"`
}

type sonarMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",cdata"`
}

func sonarReport(r *Report) sonarReportDoc {
	doc := sonarReportDoc{Version: 1}
	for _, s := range ranSuites(r) {
		f := sonarFile{Path: s.File, Cases: []sonarCase{}}
		for _, t := range s.Tests {
			c := sonarCase{Name: t.Name, Duration: fmt.Sprint(t.Duration.Milliseconds())}
			switch {
			case t.Skipped:
				c.Skipped = &sonarMessage{"Skipped", stringify(t)}
			case !t.Passed && t.Err != nil:
				c.Error = &sonarMessage{"Error", t.Err.Error()}
			case !t.Passed:
				c.Failure = &sonarMessage{"Failed", stringify(t)}
			}
			f.Cases = append(f.Cases, c)
		}
		doc.Files = append(doc.Files, f)
	}
	return doc
}

type xunitAssemblies struct {
	XMLName  xml.Name        `xml:"assemblies"`
	Assembly []xunitAssembly `xml:"assembly,omitempty"`
}

type xunitAssembly struct {
	Name          string            `xml:"name,attr"`
	ConfigFile    string            `xml:"config-file,attr"`
	TestFramework string            `xml:"test-framework,attr"`
	Environment   string            `xml:"environment"`
	RunDate       string            `xml:"run-date,attr"`
	RunTime       string            `xml:"run-time,attr"`
	Time          string            `xml:"time,attr"`
	Total         int               `xml:"total,attr"`
	Passed        int               `xml:"passed,attr"`
	Failed        int               `xml:"failed,attr"`
	Skipped       int               `xml:"skipped,attr"`
	Errors        int               `xml:"errors,attr"`
	ErrorList     []xunitTrait      `xml:"errors>error,omitempty"`
	Collections   []xunitCollection `xml:"collection,omitempty"`
}

type xunitCollection struct {
	Name    string      `xml:"name,attr"`
	Time    string      `xml:"time,attr"`
	Total   int         `xml:"total,attr"`
	Passed  int         `xml:"passed,attr"`
	Failed  int         `xml:"failed,attr"`
	Skipped int         `xml:"skipped,attr"`
	Tests   []xunitTest `xml:"test"`
}

type xunitTest struct {
	Name    string        `xml:"name,attr"`
	Type    string        `xml:"type,attr"`
	Method  string        `xml:"method,attr"`
	Time    string        `xml:"time,attr"`
	Result  string        `xml:"result,attr"`
	Traits  []xunitTrait  `xml:"traits>trait,omitempty"`
	Failure *xunitFailure `xml:"failure,omitempty"`
	Reason  *xunitCDATA   `xml:"reason,omitempty"`
}

type xunitFailure struct {
	ExceptionType string     `xml:"exception-type,attr"`
	Message       xunitCDATA `xml:"message"`
	StackTrace    xunitCDATA `xml:"stack-trace"`
}

type xunitTrait struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type xunitCDATA struct {
	Text string `xml:",cdata"`
}

const xunitMethod = "Helm-Validation"

func xunitReport(r *Report) xunitAssemblies {
	now := time.Now()
	var doc xunitAssemblies
	for _, s := range ranSuites(r) {
		a := xunitAssembly{Name: s.File, ConfigFile: s.File, TestFramework: "helm-unittest",
			Environment: fmt.Sprintf("%s.%s-%s", runtime.Version(), runtime.GOOS, runtime.GOARCH),
			RunDate:     now.Format("2006-01-02"), RunTime: now.Format("15:04:05"), Time: seconds(s.duration())}
		c := xunitCollection{Name: s.Name, Time: seconds(s.duration()), Tests: []xunitTest{}}
		for _, t := range s.Tests {
			a.Total++
			c.Total++
			x := xunitTest{Name: t.Name, Type: className(s.Name), Method: xunitMethod, Time: seconds(t.Duration), Result: "Pass"}
			switch {
			case t.Skipped:
				a.Skipped++
				c.Skipped++
				x.Result, x.Reason = "Skip", &xunitCDATA{stringify(t)}
			case !t.Passed:
				x.Result = "Fail"
				x.Failure = &xunitFailure{ExceptionType: xunitMethod, Message: xunitCDATA{"Failed"}, StackTrace: xunitCDATA{stringify(t)}}
				if t.Err != nil {
					a.Errors++
					x.Failure.ExceptionType = xunitMethod + "-Error"
				} else {
					a.Failed++
					c.Failed++
				}
			default:
				a.Passed++
				c.Passed++
			}
			c.Tests = append(c.Tests, x)
		}
		a.Collections = []xunitCollection{c}
		doc.Assembly = append(doc.Assembly, a)
	}
	return doc
}

type nunitResults struct {
	XMLName      xml.Name     `xml:"test-results"`
	Environment  nunitEnv     `xml:"environment"`
	CultureInfo  nunitCulture `xml:"culture-info"`
	Suites       []nunitSuite `xml:"test-suite"`
	Name         string       `xml:"name,attr"`
	Total        int          `xml:"total,attr"`
	Errors       int          `xml:"errors,attr"`
	Failures     int          `xml:"failures,attr"`
	Inconclusive int          `xml:"inconclusive,attr"`
	NotRun       int          `xml:"not-run,attr"`
	Ignored      int          `xml:"ignored,attr"`
	Skipped      int          `xml:"skipped,attr"`
	Invalid      int          `xml:"invalid,attr"`
	Date         string       `xml:"date,attr"`
	Time         string       `xml:"time,attr"`
}

type nunitEnv struct {
	NUnitVersion string `xml:"nunit-version,attr"`
	CLRVersion   string `xml:"clr-version,attr"`
	OSVersion    string `xml:"os-version,attr"`
	Platform     string `xml:"platform,attr"`
	Cwd          string `xml:"cwd,attr"`
	MachineName  string `xml:"machine-name,attr"`
	User         string `xml:"user,attr"`
	UserDomain   string `xml:"user-domain,attr"`
}

type nunitCulture struct {
	CurrentCulture   string `xml:"current-culture,attr"`
	CurrentUICulture string `xml:"current-uiculture,attr"`
}

type nunitSuite struct {
	Failure     *nunitFailure `xml:"failure,omitempty"`
	Reason      *nunitReason  `xml:"reason,omitempty"`
	Cases       []nunitCase   `xml:"results>test-case,omitempty"`
	Type        string        `xml:"type,attr"`
	Name        string        `xml:"name,attr"`
	Description string        `xml:"description,attr"`
	Success     string        `xml:"success,attr"`
	Time        string        `xml:"time,attr"`
	Executed    string        `xml:"executed,attr"`
	Asserts     string        `xml:"asserts,attr"`
	Result      string        `xml:"result,attr"`
}

type nunitCase struct {
	Failure     *nunitFailure `xml:"failure,omitempty"`
	Reason      *nunitReason  `xml:"reason,omitempty"`
	Name        string        `xml:"name,attr"`
	Description string        `xml:"description,attr"`
	Success     string        `xml:"success,attr"`
	Time        string        `xml:"time,attr"`
	Executed    string        `xml:"executed,attr"`
	Asserts     string        `xml:"asserts,attr"`
	Result      string        `xml:"result,attr"`
}

type nunitFailure struct {
	Message    string `xml:"message"`
	StackTrace string `xml:"stack-trace"`
}

type nunitReason struct {
	Message string `xml:"message"`
}

func nunitResult(passed, skipped bool) string {
	switch {
	case skipped:
		return "Skipped"
	case !passed:
		return "Failed"
	}
	return "Success"
}

// nunitReport builds helm-unittest's NUnit document. The environment
// names the working directory, host and user; the culture fields, which
// helm-unittest reads from the locale, are left empty.
func nunitReport(r *Report) nunitResults {
	now := time.Now()
	cwd, _ := os.Getwd()
	host, _ := os.Hostname()
	var userName, domain string
	if u, err := user.Current(); err == nil {
		userName = u.Username
		if d, n, ok := strings.Cut(u.Username, `\`); ok {
			domain, userName = d, n
		}
	}
	doc := nunitResults{
		Environment: nunitEnv{NUnitVersion: "2.5.8.0", CLRVersion: "unknown", OSVersion: "unknown",
			Platform: fmt.Sprintf("%s.%s-%s", runtime.Version(), runtime.GOOS, runtime.GOARCH), Cwd: cwd, MachineName: host,
			User: userName, UserDomain: domain},
		Name: "helm-unittest", Date: now.Format("2006-01-02"), Time: now.Format("15:04:05"),
	}
	for _, s := range ranSuites(r) {
		ns := nunitSuite{Type: "TestFixture", Name: s.Name, Description: s.File, Success: fmt.Sprint(s.Passed),
			Time: seconds(s.duration()), Executed: fmt.Sprint(!s.Skipped), Result: nunitResult(s.Passed, s.Skipped)}
		for _, t := range s.Tests {
			doc.Total++
			c := nunitCase{Name: t.Name, Description: className(s.Name) + "." + t.Name, Success: fmt.Sprint(t.Passed),
				Time: seconds(t.Duration), Executed: fmt.Sprint(t.Err == nil && !t.Skipped), Asserts: "0", Result: nunitResult(t.Passed, t.Skipped)}
			if t.Skipped {
				doc.Skipped++
				c.Reason, c.Result = &nunitReason{stringify(t)}, "Skipped"
			}
			if !t.Passed && !t.Skipped {
				if t.Err != nil {
					doc.Errors++
				} else {
					doc.Failures++
				}
				c.Failure = &nunitFailure{"Failed", stringify(t)}
			}
			ns.Cases = append(ns.Cases, c)
		}
		doc.Suites = append(doc.Suites, ns)
	}
	return doc
}
