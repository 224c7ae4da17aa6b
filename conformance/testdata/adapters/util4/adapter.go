// Package util maps the API of Helm v4's pkg/chart/v2/util that
// dependencies_test.go, chartfile_test.go, compatible_test.go and
// validate_name_test.go call onto chartrender, so that they run unchanged
// (see helmunit_test.go); the code is in ../shared/dependencies.go.
package util

import "github.com/chartrender/chartrender/chart"

// depOptions are those of helm v4.3.1.
var depOptions = chart.DependencyOptions{}
