package unittest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/Masterminds/semver/v3"
	"gopkg.in/yaml.v3"
)

// PluginVersion is the helm-unittest version this runner reproduces; a
// suite's skip.minimumVersion is compared with it.
const PluginVersion = "1.1.2"

// A Suite is one test suite: one YAML document of a suite file.
type Suite struct {
	Name             string   `yaml:"suite"`
	Values           []string `yaml:"values"`
	Set              map[string]any
	Templates        []string
	ExcludeTemplates []string `yaml:"excludeTemplates"`
	IncludeCrds      bool     `yaml:"includeCrds"`
	Release          Release
	Chart            ChartOverride
	Capabilities     struct {
		MajorVersion string   `yaml:"majorVersion"`
		MinorVersion string   `yaml:"minorVersion"`
		APIVersions  []string `yaml:"apiVersions"`
	}
	KubernetesProvider KubernetesProvider `yaml:"kubernetesProvider"`
	PostRenderer       PostRenderer       `yaml:"postRenderer"`
	Tests              []*Test
	SnapshotID         string `yaml:"snapshotId"`
	Skip               struct {
		Reason         string `yaml:"reason"`
		MinimumVersion string `yaml:"minimumVersion"`
	} `yaml:"skip"`

	// File is the suite file's path as given to the runner.
	File string `yaml:"-"`
	// route is the chart the suite belongs to: "parent" or
	// "parent/charts/child".
	route string
	// extraValues are the runner's --values files, added after the suite's.
	extraValues []string
	// skipSchema skips values.schema.json checks.
	skipSchema bool
}

// Release overrides .Release for a suite or a test.
type Release struct {
	Name      string
	Namespace string
	Revision  int
	IsUpgrade bool `yaml:"upgrade"`
}

// ChartOverride overrides the chart's version and appVersion.
type ChartOverride struct {
	Version    string
	AppVersion string `yaml:"appVersion"`
}

// KubernetesProvider lists the objects the lookup function finds.
type KubernetesProvider struct {
	Scheme  map[string]SchemeEntry `yaml:"scheme"`
	Objects []map[string]any       `yaml:"objects"`
}

// SchemeEntry describes a resource kind to the lookup function.
type SchemeEntry struct {
	ShouldErr any `yaml:"should_err"`
	Gvr       struct {
		Group    string `yaml:"group"`
		Version  string `yaml:"version"`
		Resource string `yaml:"resource"`
	} `yaml:"gvr"`
	Namespaced bool `yaml:"namespaced"`
}

// PostRenderer names a post-renderer command. The runner never executes
// commands: a test that configures one reports an error.
type PostRenderer struct {
	Cmd  string   `yaml:"cmd"`
	Args []string `yaml:"args"`
}

// A Test is one entry of a suite's tests.
type Test struct {
	Name             string `yaml:"it"`
	Values           []string
	Set              map[string]any
	Template         string
	Templates        []string
	DocumentIndex    *int `yaml:"documentIndex"`
	DocumentIndices  map[string][]int
	DocumentSelector *DocumentSelector `yaml:"documentSelector"`
	Release          Release
	Chart            ChartOverride
	Capabilities     map[string]any `yaml:"capabilities"`
	Asserts          []*Assertion   `yaml:"asserts"`
	Skip             struct {
		Reason string `yaml:"reason"`
	} `yaml:"skip"`
	KubernetesProvider KubernetesProvider `yaml:"kubernetesProvider"`
	PostRenderer       PostRenderer       `yaml:"postRenderer"`

	caps testCaps
}

type testCaps struct {
	major, minor string
	apiVersions  []string
}

// A DocumentSelector picks documents by the value at a path.
type DocumentSelector struct {
	SkipEmptyTemplates bool `yaml:"skipEmptyTemplates"`
	MatchMany          bool `yaml:"matchMany"`
	Path               string
	Value              any
}

// A SuiteError reports a suite file that cannot be used.
type SuiteError struct {
	File string // the suite file
	Err  error
}

func (e *SuiteError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *SuiteError) Unwrap() error { return e.Err }

// suiteSplitter separates the YAML documents of a suite file as
// helm-unittest does (a "---" at a line start, with the whitespace around
// it).
var suiteSplitter = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?:^|\s*\n)---\s*`) })

// maxSuiteBytes bounds a suite file.
const maxSuiteBytes = 16 << 20

// ParseSuites parses the suites of one suite file. file names it in errors
// and locates the values files it refers to. With strict, unknown fields
// are errors. On an error the suites parsed so far are returned with it.
func ParseSuites(file string, data []byte, strict bool) ([]*Suite, error) {
	if len(data) > maxSuiteBytes {
		return nil, &SuiteError{File: file, Err: fmt.Errorf("suite file is larger than %d bytes", maxSuiteBytes)}
	}
	var suites []*Suite
	for _, part := range suiteSplitter().Split(string(data), -1) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		s, err := parseSuite(file, part, strict, false)
		if s != nil {
			for _, t := range s.Tests {
				if t != nil {
					s.polishSkip()
					s.polishTest(t)
				}
			}
			suites = append(suites, s)
		}
		if err != nil {
			return suites, &SuiteError{File: file, Err: err}
		}
	}
	return suites, nil
}

func parseSuite(file, text string, strict, fromRender bool) (s *Suite, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = &Suite{File: file}, fmt.Errorf("invalid suite: %v", r)
		}
	}()
	s = &Suite{File: file}
	dec := yaml.NewDecoder(strings.NewReader(text))
	dec.KnownFields(strict)
	if err := dec.Decode(s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if strings.Contains(err.Error(), "unknown escape character") {
			// helm-unittest retries with every lone backslash doubled.
			if escaped := escapeBackslashes(text); escaped != nil {
				*s = Suite{File: file}
				if err := yaml.Unmarshal(escaped, s); err != nil {
					return s, err
				}
				return s, nil
			}
		}
		return s, err
	}
	if err := s.validate(fromRender); err != nil {
		return s, err
	}
	return s, nil
}

var regexMeta = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`.*[.+*?()|[\]{}^$].*`) })

// escapeBackslashes doubles every odd run of backslashes, or returns nil
// when the text needs no escaping.
func escapeBackslashes(text string) []byte {
	if !strings.Contains(text, `\`) && !regexMeta().MatchString(text) {
		return nil
	}
	var b bytes.Buffer
	for i := 0; i < len(text); {
		if text[i] != '\\' {
			b.WriteByte(text[i])
			i++
			continue
		}
		n := 1
		for i+n < len(text) && text[i+n] == '\\' {
			n++
		}
		times := n
		if n%2 == 1 {
			times++
		}
		b.Write(bytes.Repeat([]byte{'\\'}, times))
		i += n
	}
	return b.Bytes()
}

// validate checks a parsed suite; fromRender marks a suite rendered from
// a tests chart, which must be named.
func (s *Suite) validate(fromRender bool) error {
	if len(s.Tests) == 0 {
		return errors.New("no tests found")
	}
	if fromRender && s.Name == "" {
		return errors.New("helm chart based test suites must include `suite` field")
	}
	if s.Skip.MinimumVersion != "" && !versionAtLeast(PluginVersion, s.Skip.MinimumVersion) {
		s.Skip.Reason = fmt.Sprintf("Test suite requires minimum unittest plugin version %s, but current version is %s",
			s.Skip.MinimumVersion, PluginVersion)
	}
	for _, t := range s.Tests {
		if t == nil || len(t.Asserts) == 0 {
			return errors.New("no asserts found")
		}
	}
	return nil
}

func versionAtLeast(cur, minimum string) bool {
	c, err := semver.NewVersion(cur)
	if err != nil {
		return false
	}
	m, err := semver.NewVersion(minimum)
	if err != nil {
		return false
	}
	return c.Compare(m) >= 0
}

// polishSkip gives every test the suite's skip reason, and marks a suite
// whose tests are all skipped.
func (s *Suite) polishSkip() {
	if s.Skip.Reason != "" {
		for _, t := range s.Tests {
			if t != nil {
				t.Skip.Reason = s.Skip.Reason
			}
		}
		return
	}
	skipped := 0
	for _, t := range s.Tests {
		if t != nil && t.Skip.Reason != "" {
			skipped++
		}
	}
	if skipped > 0 && skipped == len(s.Tests) {
		s.Skip.Reason = "all tests are skipped"
	}
}

// polishTest applies the suite's defaults to a test.
func (s *Suite) polishTest(t *Test) {
	t.Chart.Version = cmp.Or(t.Chart.Version, s.Chart.Version)
	t.Chart.AppVersion = cmp.Or(t.Chart.AppVersion, s.Chart.AppVersion)
	t.Release.Name = cmp.Or(t.Release.Name, s.Release.Name)
	t.Release.Namespace = cmp.Or(t.Release.Namespace, s.Release.Namespace)
	t.Release.Revision = cmp.Or(t.Release.Revision, s.Release.Revision)
	t.Release.IsUpgrade = t.Release.IsUpgrade || s.Release.IsUpgrade

	var c testCaps
	apiSet := true
	if v, ok := t.Capabilities["majorVersion"]; ok {
		c.major = capString(v)
	}
	if v, ok := t.Capabilities["minorVersion"]; ok {
		c.minor = capString(v)
	}
	if v, ok := t.Capabilities["apiVersions"]; ok {
		switch l := v.(type) {
		case []any:
			c.apiVersions = []string{}
			for _, e := range l {
				if str, ok := e.(string); ok {
					c.apiVersions = append(c.apiVersions, str)
				}
			}
		default:
			apiSet = false
		}
	} else {
		c.apiVersions = []string{}
	}
	c.major = cmp.Or(c.major, s.Capabilities.MajorVersion)
	c.minor = cmp.Or(c.minor, s.Capabilities.MinorVersion)
	if apiSet && len(s.Capabilities.APIVersions) > 0 {
		c.apiVersions = append(c.apiVersions, s.Capabilities.APIVersions...)
	}
	t.caps = c

	t.KubernetesProvider.Objects = append(t.KubernetesProvider.Objects, s.KubernetesProvider.Objects...)
}

func capString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return fmt.Sprint(x)
	case int64:
		return fmt.Sprint(x)
	}
	return ""
}

// snapshotBase is the suite file path the snapshot file is named after.
func (s *Suite) snapshotBase() string {
	if s.SnapshotID != "" {
		return s.File + "_" + s.SnapshotID
	}
	return s.File
}
