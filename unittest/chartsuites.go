package unittest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
)

// Release settings a tests chart is rendered with (helm-unittest's
// --chart-tests-path).
const (
	suiteReleaseName      = "TEST-SUITE-RELEASE"
	suiteReleaseNamespace = "NAMESPACE"
)

// renderSuites renders the tests chart in dir, whose templates print suite
// YAML, and parses the suites they print. As in helm-unittest, the chart
// is rendered with its own default values only, with every subchart under
// charts/ and without dependency processing; each rendered template must
// hold at least one named suite. Suites without a snapshotId are numbered
// within their template. Unlike helm-unittest, which walks the rendered
// templates in Go's random map order, the suites come in template-name
// order.
func renderSuites(ctx context.Context, dir string, strict bool, extraValues []string) ([]*Suite, error) {
	if _, err := os.Stat(filepath.Join(dir, "Chart.yaml")); err != nil {
		return nil, err
	}
	c, err := (&chart.Loader{Helm3: true}).Load(dir)
	if err != nil {
		return nil, err
	}
	vals, err := values.CoalesceOptions{Helm3: true}.Coalesce(c, nil)
	if err != nil {
		return nil, err
	}
	if err := (&schema.Validator{Helm3: true}).Validate(ctx, c, vals); err != nil {
		return nil, err
	}
	rel := values.ReleaseOptions{Name: suiteReleaseName, Namespace: suiteReleaseNamespace, Revision: 1}
	top := values.RenderOptions{Helm3: true}.ToRenderValues(c, vals, rel, values.DefaultCapabilities(true))
	files, err := engine.New(engine.Options{Helm3: true}).Render(ctx, c, top)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)

	var suites []*Suite
	var errs []error
	for _, name := range names {
		text := files[name]
		if strings.TrimSpace(text) == "" {
			errs = append(errs, fmt.Errorf("test suite template (%s) file did not render a manifest", name))
			continue
		}
		file := displayPath(filepath.Join(dir, strings.Replace(name, c.Name(), "", 1)))
		before := len(suites)
		var docErrs []error
		n := -1
		for i, part := range suiteSplitter().Split(text, -1) {
			if strings.TrimSpace(part) == "" {
				continue
			}
			n++
			s, err := parseSuite(file, part, strict, true)
			if err != nil {
				docErrs = append(docErrs, fmt.Errorf("chart %d error: %w", i, err))
				continue
			}
			if s == nil {
				// a document of comments only; helm-unittest dereferences
				// the missing suite and crashes
				continue
			}
			if s.SnapshotID == "" {
				s.SnapshotID = strconv.Itoa(n)
			}
			s.extraValues = extraValues
			for _, t := range s.Tests {
				if t != nil {
					s.polishSkip()
					s.polishTest(t)
				}
			}
			suites = append(suites, s)
		}
		if len(docErrs) > 0 {
			errs = append(errs, fmt.Errorf("test suite template (%s) error: %w", name, errors.Join(docErrs...)))
		}
		if len(suites) == before {
			errs = append(errs, fmt.Errorf("test suite template (%s) file did not render a manifest", name))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return suites, nil
}
