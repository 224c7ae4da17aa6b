// Package unittest runs helm-unittest test suites natively: the
// tests/*_test.yaml files chart authors write for helm-unittest v1.1.2,
// with the same verdicts, failure messages and snapshot files, without
// Helm and much faster.
//
// A suite names templates, values and release settings; each of its tests
// renders the chart and checks assertions (equal, exists, contains,
// isKind, matchSnapshot, failedTemplate, ... each with `not`) on the
// rendered documents, selecting values with helm-unittest's path language
// (a JSONPath dialect: "spec.containers[0].image",
// "metadata.annotations['a.b/c']", "env[?(@.name == 'X')].value").
//
// Rendering follows helm-unittest, which embeds Helm v3's SDK: the chart's
// templates are rendered with chartrender's Helm-3 dialect as Helm's engine
// renders them (every template the suite selects, partials included; no
// install-order sorting), with helm-unittest's defaults: release
// RELEASE-NAME in NAMESPACE, revision 0, Kubernetes v1.20 and no API
// versions unless a test sets capabilities. One quirk is kept on purpose:
// a test that sets a Kubernetes version leaves it in force for the tests
// that follow, as in helm-unittest.
//
// A [Runner] loads each chart once and shares the parsed templates between
// all its tests, which run in parallel; results keep the suite order.
// [Console] prints a report as helm-unittest does and [WriteReport] writes
// a JUnit file. [Run] runs a chart's suites from `go test`, one subtest
// per suite and test.
//
// The runner never executes commands (suites that configure a
// postRenderer get an error) and reads only the chart, its suites and the
// values files they name. Snapshot files are replaced atomically.
//
// Suites can also come from a chart: with [Runner.ChartTestsPath] a tests
// chart inside each chart renders suite YAML, which then runs like a suite
// file (helm-unittest's --chart-tests-path). Its suites run in template
// order, where helm-unittest takes the templates in random order.
//
// Not reproduced: post-renderers, the kubernetesProvider scheme settings (lookup finds the
// listed objects by apiVersion, kind, namespace and name), the locale in
// NUnit reports, helm-unittest's debug log, and the empty __snapshot__
// folders helm-unittest creates beside suites that take no snapshot. Run runs every test of the
// chart even when `go test -run` selects a few, and reports the selected
// ones.
package unittest
