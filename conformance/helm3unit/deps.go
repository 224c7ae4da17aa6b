//go:build deps

// Package helm3unit is the module in which Helm v3.22.0's unit tests run
// against chartrender in Helm-3 mode (see ../helmunit_test.go): at test
// time the harness puts each Helm package's tests and the adapter of
// ../testdata/adapters into a temporary package here. This file names the
// packages those tests and adapters import, so that go.mod and go.sum
// hold them; it is never built.
package helm3unit

import (
	_ "github.com/stretchr/testify/assert"
	_ "github.com/stretchr/testify/require"
	_ "helm.sh/helm/v3/pkg/chart"
	_ "helm.sh/helm/v3/pkg/chart/loader"
	_ "helm.sh/helm/v3/pkg/chartutil"
	_ "helm.sh/helm/v3/pkg/engine"
	_ "k8s.io/apimachinery/pkg/api/errors"
	_ "k8s.io/client-go/dynamic/fake"

	_ "github.com/chartrender/chartrender"
)
