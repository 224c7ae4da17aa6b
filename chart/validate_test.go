package chart_test

import (
	"errors"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// Results checked against helm v4.3.1: `helm template --kube-version K`
// on a chart with the given kubeVersion (K empty: the default v1.37.0).
func TestCheckKubeVersion(t *testing.T) {
	tests := []struct {
		constraint, version string
		ok                  bool
	}{
		{">=1.30.0", "v1.30.2-gke.1", true},
		{">=1.30.0", "v1.30.0-rc.1", true},
		{">=1.30.0", "v1.30", true},
		{"<1.30.0", "v1.30.2-gke.1", false},
		{"<1.30.0", "v1.30.0-rc.1", false},
		{"<1.30.0", "v1.30", false},
		{"<1.30.0", "v1.37.0", false},
		{"abc", "v1.30", false},
		{"abc", "v1.37.0", false},
		{">=1.20.0-0", "v1.30.0-rc.1", true},
		{"~1.30", "v1.30.0-rc.1", true},
		{"~1.30", "v1.37.0", false},
		{"~1.30", "1.30", true},
		{"", "v1.37.0", true},
	}
	for _, tt := range tests {
		c := &chart.Chart{Metadata: &chart.Metadata{KubeVersion: tt.constraint}}
		err := chart.CheckKubeVersion(c, tt.version)
		if (err == nil) != tt.ok {
			t.Errorf("CheckKubeVersion(%q, %q) = %v, want ok=%v", tt.constraint, tt.version, err, tt.ok)
		}
		var kve *chart.KubeVersionError
		if err != nil && !errors.As(err, &kve) {
			t.Errorf("not a KubeVersionError: %T", err)
		}
	}
	err := chart.CheckKubeVersion(&chart.Chart{Metadata: &chart.Metadata{KubeVersion: "<1.30.0"}}, "1.30.2-gke.1")
	if want := "chart requires kubeVersion: <1.30.0 which is incompatible with Kubernetes v1.30.2-gke.1"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestCheckDependencies(t *testing.T) {
	files := []*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: a\n- name: b\n  alias: x\n- name: c\n")},
		{Name: "charts/b/Chart.yaml", Data: []byte(minimalChartYAML("b"))},
		{Name: "charts/zz/Chart.yaml", Data: []byte(minimalChartYAML("zz"))},
	}
	c, err := chart.LoadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	err = chart.CheckDependencies(c)
	// Text checked against helm v4.3.1 (the CLI adds its own prefix).
	if want := "found in Chart.yaml, but missing in charts/ directory: a, c"; err == nil || err.Error() != want {
		t.Fatalf("CheckDependencies = %v, want %s", err, want)
	}
	var mde *chart.MissingDependenciesError
	if !errors.As(err, &mde) || len(mde.Names) != 2 {
		t.Errorf("MissingDependenciesError = %+v", mde)
	}
}

func TestMetadataValidateSanitizes(t *testing.T) {
	md := &chart.Metadata{APIVersion: "v2", Name: "x", Version: "1.0.0",
		Description: "a\u00a0b\tc\u0007d", Maintainers: []*chart.Maintainer{{Name: "n\nm"}}}
	if err := md.Validate(); err != nil {
		t.Fatal(err)
	}
	if md.Description != "a b cd" || md.Maintainers[0].Name != "n m" {
		t.Errorf("not sanitised: %q %q", md.Description, md.Maintainers[0].Name)
	}
	var nilMD *chart.Metadata
	if err := nilMD.Validate(); err == nil || err.Error() != "validation: chart.metadata is required" {
		t.Errorf("nil Validate = %v", err)
	}
}
