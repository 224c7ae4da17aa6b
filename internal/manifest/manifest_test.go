package manifest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/warning"
)

// The golden files in testdata/ were produced by running Helm's own
// releaseutil code (helm v4.3.1 and v3.22.0) on the inputs in
// testdata/*_inputs.json; see testdata/README.md. They are never edited by
// hand.

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestSplitManifests(t *testing.T) {
	var cases []struct {
		In string   `json:"in"`
		V4 []string `json:"v4"`
		V3 []string `json:"v3"`
	}
	readJSON(t, "split.golden.json", &cases)
	for _, c := range cases {
		for _, mode := range []struct {
			helm3 bool
			want  []string
		}{{false, c.V4}, {true, c.V3}} {
			got := SplitManifests(c.In, mode.helm3)
			if got == nil {
				got = []string{}
			}
			if diff := cmp.Diff(mode.want, got); diff != "" {
				t.Errorf("SplitManifests(%q, helm3=%v) mismatch (-helm +got):\n%s", c.In, mode.helm3, diff)
			}
		}
	}
}

type headOut struct {
	APIVersion  string            `json:"apiVersion"`
	Kind        string            `json:"kind"`
	HasMetadata bool              `json:"hasMetadata"`
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations"`
	Error       string            `json:"error,omitempty"`
}

func TestParseHead(t *testing.T) {
	var cases []struct {
		In  string  `json:"in"`
		Out headOut `json:"out"`
	}
	readJSON(t, "head.golden.json", &cases)
	for _, c := range cases {
		h, err := ParseHead(c.In, false)
		var got headOut
		if err != nil {
			got.Error = err.Error()
		} else {
			got.APIVersion, got.Kind = h.APIVersion, h.Kind
			if h.Metadata != nil {
				got.HasMetadata, got.Name, got.Annotations = true, h.Metadata.Name, h.Metadata.Annotations
			}
		}
		if diff := cmp.Diff(c.Out, got); diff != "" {
			t.Errorf("ParseHead(%q) mismatch (-helm +got):\n%s", c.In, diff)
		}
	}
}

type docOut struct {
	Path              string   `json:"path"`
	Kind              string   `json:"kind"`
	Name              string   `json:"name"`
	Content           string   `json:"content"`
	Events            []string `json:"events,omitempty"`
	Weight            int      `json:"weight,omitempty"`
	DeletePolicies    []string `json:"deletePolicies,omitempty"`
	OutputLogPolicies []string `json:"outputLogPolicies,omitempty"`
}

type sortOut struct {
	Hooks     []docOut `json:"hooks"`
	Manifests []docOut `json:"manifests"`
	Error     string   `json:"error,omitempty"`
}

func TestSort(t *testing.T) {
	var cases []struct {
		In map[string]string `json:"in"`
		V4 sortOut           `json:"v4"`
		V3 sortOut           `json:"v3"`
	}
	readJSON(t, "sort.golden.json", &cases)
	for i, c := range cases {
		for _, mode := range []struct {
			helm3 bool
			want  sortOut
		}{{false, c.V4}, {true, c.V3}} {
			if mode.helm3 {
				// Helm v3 does not record output-log policies.
				for j := range mode.want.Hooks {
					mode.want.Hooks[j].OutputLogPolicies = nil
				}
			}
			hooks, manifests, err := Sort(context.Background(), c.In, Options{Helm3: mode.helm3})
			got := sortOut{Hooks: []docOut{}, Manifests: []docOut{}}
			if err != nil {
				got.Error = err.Error()
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("case %d: error %T is not a *ParseError", i, err)
				}
			} else {
				for _, h := range hooks {
					d := docOut{Path: h.Path, Kind: h.Head.Kind, Name: h.Head.Name(), Content: h.Content, Weight: h.Weight,
						DeletePolicies: h.DeletePolicies}
					if !mode.helm3 {
						d.OutputLogPolicies = h.OutputLogPolicies
					}
					for _, e := range h.Events {
						d.Events = append(d.Events, string(e))
					}
					got.Hooks = append(got.Hooks, d)
				}
				for _, m := range manifests {
					got.Manifests = append(got.Manifests, docOut{Path: m.Path, Kind: m.Head.Kind, Name: m.Head.Name(), Content: m.Content})
				}
			}
			if diff := cmp.Diff(mode.want, got); diff != "" {
				t.Errorf("case %d helm3=%v: mismatch (-helm +got):\n%s", i, mode.helm3, diff)
			}
		}
	}
}

func TestSortWarnsUnknownHooks(t *testing.T) {
	files := map[string]string{"c/templates/a.yaml": "kind: ConfigMap\nmetadata:\n  annotations:\n    helm.sh/hook: bogus\n"}
	// Lines as helm v4.3.1 and v3.22.0 print them on stderr.
	for _, tc := range []struct {
		helm3 bool
		want  string
	}{
		{false, `level=INFO msg="skipping unknown hooks" hookTypes=bogus`},
		{true, `manifest_sorter.go:199: info: skipping unknown hook: "bogus"`},
	} {
		var got []string
		_, _, err := Sort(context.Background(), files, Options{Helm3: tc.helm3, Warn: func(w warning.Warning) { got = append(got, w.String()) }})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{tc.want}, got); diff != "" {
			t.Errorf("helm3=%v: warnings (-want +got):\n%s", tc.helm3, diff)
		}
	}
}

func TestSortCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Sort(ctx, map[string]string{"c/templates/a.yaml": "kind: A\n"}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestCompareKinds(t *testing.T) {
	// Orders as in kind_sorter.go of helm v4.3.1 and v3.22.0: listed kinds
	// by position, unlisted after them in byte order with "" first; v3 does
	// not list the webhook configurations.
	for _, tc := range []struct {
		helm3 bool
		kinds []string
	}{
		{false, []string{"PriorityClass", "Namespace", "Service", "Deployment", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "", "Alpha", "Zeta", "alpha"}},
		{true, []string{"PriorityClass", "Namespace", "Service", "Deployment", "APIService", "", "Alpha", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "Zeta", "alpha"}},
	} {
		kinds := tc.kinds
		for i := range kinds {
			for j := range kinds {
				got := CompareKinds(kinds[i], kinds[j], tc.helm3)
				switch {
				case i < j && got >= 0, i > j && got <= 0, i == j && got != 0:
					t.Errorf("CompareKinds(%q, %q, %v) = %d", kinds[i], kinds[j], tc.helm3, got)
				}
			}
		}
	}
}
