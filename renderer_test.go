package chartrender

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// TestRendererConcurrent renders one chart from many goroutines with
// different options and checks each output against a render done alone.
func TestRendererConcurrent(t *testing.T) {
	c, err := chart.Load("examples/charts/hello")
	if err != nil {
		t.Fatal(err)
	}
	optsFor := func(i int) Options {
		return Options{
			ReleaseName: fmt.Sprintf("r%d", i%5),
			Values:      []string{fmt.Sprintf("replicaCount=%d", i)},
			IncludeCRDs: i%2 == 0,
			Helm3:       i%3 == 0,
		}
	}
	want := make([][]byte, 20)
	for i := range want {
		res, err := Render(context.Background(), c, optsFor(i))
		if err != nil {
			t.Fatal(err)
		}
		want[i], _ = res.Bytes()
	}
	r := NewRenderer(c)
	var wg sync.WaitGroup
	for i := range want {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := r.Render(context.Background(), optsFor(i))
			if err != nil {
				t.Error(err)
				return
			}
			if got, _ := res.Bytes(); !bytes.Equal(got, want[i]) {
				t.Errorf("render %d differs when concurrent", i)
			}
		}()
	}
	wg.Wait()
}

func TestRenderCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := RenderPath(ctx, "examples/charts/hello", Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	var re *RenderError
	if errors.As(err, &re) {
		t.Errorf("a canceled render is reported as a RenderError")
	}
}

func TestTypedErrors(t *testing.T) {
	ctx := context.Background()
	_, err := RenderPath(ctx, "testdata/charts/lib", Options{})
	var ni *NotInstallableError
	if !errors.As(err, &ni) || ni.Type != "library" {
		t.Errorf("library chart: err = %v, want *NotInstallableError", err)
	}
	_, err = RenderPath(ctx, "testdata/charts/failtpl", Options{})
	var re *RenderError
	if !errors.As(err, &re) {
		t.Errorf("template failure: err = %T, want *RenderError", err)
	}
	res, err := RenderPath(ctx, "testdata/charts/basic", Options{ShowOnly: []string{"templates/nope.yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	var nf *TemplateNotFoundError
	if _, err := res.Bytes(); !errors.As(err, &nf) || nf.Pattern != "templates/nope.yaml" {
		t.Errorf("show-only: err = %v, want *TemplateNotFoundError", err)
	}
}

func TestValidateReleaseName(t *testing.T) {
	// Texts checked against helm v4.3.1 (release name check).
	for _, tc := range []struct{ name, err string }{
		{"ok-name.v1", ""},
		{"", "no name provided"},
		{"Bad_Name", `invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`},
		{"a23456789012345678901234567890123456789012345678901234", `invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53`},
	} {
		err := ValidateReleaseName(tc.name)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.err {
			t.Errorf("ValidateReleaseName(%q) = %q, want %q", tc.name, got, tc.err)
		}
	}
}

// TestDeterministic renders a chart that uses random functions twice.
func TestDeterministic(t *testing.T) {
	path := "../shared/corpus/charts/grafana" // the team's corpus, next to the repository
	if _, err := os.Stat(path); err != nil {
		t.Skip("corpus not available:", err)
	}
	var out [2][]byte
	for i := range out {
		res, err := RenderPath(context.Background(), path, Options{Deterministic: true})
		if err != nil {
			t.Fatal(err)
		}
		out[i], _ = res.Bytes()
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Error("two deterministic renders differ")
	}
}
