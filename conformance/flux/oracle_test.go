package fluxoracle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	v2 "github.com/fluxcd/helm-controller/api/v2"
	fluxkustomize "github.com/fluxcd/pkg/apis/kustomize"
	fluxchartutil "github.com/fluxcd/pkg/chartutil"
	"github.com/go-logr/logr"
	"github.com/google/go-cmp/cmp"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	helmchart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	release "helm.sh/helm/v4/pkg/release/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kubeclient "sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/kustomize/api/builtins"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/api/provider"
	"sigs.k8s.io/kustomize/api/resmap"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/chartrender/chartrender/flux"
)

const kubeVersion = "v1.37.0"

// corpusDir finds the shared corpus: $CHARTRENDER_CORPUS, or ../shared/corpus
// beside the repository.
func corpusDir() string {
	if d := os.Getenv("CHARTRENDER_CORPUS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "corpus")
}

func needCorpus(t testing.TB) string {
	d := corpusDir()
	if _, err := os.Stat(filepath.Join(d, "charts")); err != nil {
		t.Skipf("corpus not found at %s", d)
	}
	return d
}

// sources maps the test repository's sources to the corpus, for both
// sides.
func sources(corpus string) map[string]string {
	return map[string]string{
		"HelmRepository/flux-system/corpus":          filepath.Join(corpus, "charts"),
		"GitRepository/flux-system/corpus":           corpus,
		"GitRepository/flux-system/self":             filepath.Join("..", ".."),
		"OCIRepository/flux-system/rollout-operator": filepath.Join(corpus, "charts", "grafana-rollout-operator"),
		"HelmRepository/bad/charts":                  filepath.Join("..", "..", "examples", "charts"),
	}
}

// oracleObjects turns the repository's ConfigMaps and Secrets into typed
// objects in a fake client, as the API server would store them (a Secret's
// stringData folded into data).
func oracleClient(t testing.TB, repo *flux.Repository) kubeclient.Client {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	var objs []kubeclient.Object
	for _, o := range repo.Objects {
		if o.APIVersion != "v1" || (o.Kind != "ConfigMap" && o.Kind != "Secret") {
			continue
		}
		b, err := json.Marshal(o.Data)
		if err != nil {
			t.Fatal(err)
		}
		ns := o.Namespace
		if ns == "" {
			ns = flux.DefaultNamespace
		}
		switch o.Kind {
		case "ConfigMap":
			cm := &corev1.ConfigMap{}
			if err := json.Unmarshal(b, cm); err != nil {
				t.Fatalf("%s:%d: %v", o.File, o.Line, err)
			}
			cm.Namespace = ns
			objs = append(objs, cm)
		case "Secret":
			s := &corev1.Secret{}
			if err := json.Unmarshal(b, s); err != nil {
				t.Fatalf("%s:%d: %v", o.File, o.Line, err)
			}
			s.Namespace = ns
			if s.Data == nil {
				s.Data = map[string][]byte{}
			}
			for k, v := range s.StringData {
				s.Data[k] = []byte(v)
			}
			s.StringData = nil
			objs = append(objs, s)
		}
	}
	return fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).Build()
}

func oracleRelease(t testing.TB, hr *flux.HelmRelease) *v2.HelmRelease {
	b, err := json.Marshal(hr.Object.Data)
	if err != nil {
		t.Fatal(err)
	}
	out := &v2.HelmRelease{}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s: %v", hr.ID(), err)
	}
	out.Namespace = hr.Namespace
	return out
}

// plain turns Helm's named map type into plain maps, so that values
// compare by content and Go types only.
func plain(v any) any {
	switch v := v.(type) {
	case common.Values:
		return plain(map[string]any(v))
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

func readRepo(t testing.TB, dir string) *flux.Repository {
	repo, err := flux.Read(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// TestValues compares the composed values (as data, Go types included) or
// the error text of every HelmRelease of the test repositories with
// fluxcd/pkg/chartutil's ChartValuesFromReferences, and the release name
// and namespace with helm-controller's API.
func TestValues(t *testing.T) {
	ctx := context.Background()
	agreeValues, agreeErrors, total := 0, 0, 0
	for _, dir := range []string{"testdata/repo", "testdata/bad"} {
		repo := readRepo(t, dir)
		client := oracleClient(t, repo)
		for _, hr := range repo.Releases {
			total++
			t.Run(hr.ID(), func(t *testing.T) {
				ohr := oracleRelease(t, hr)
				if got, want := hr.ReleaseName(), flux.ShortenName(ohr.GetReleaseName()); got != want {
					t.Errorf("release name %q, helm-controller %q", got, want)
				}
				if got, want := hr.ReleaseNamespace(), ohr.GetReleaseNamespace(); got != want {
					t.Errorf("release namespace %q, helm-controller %q", got, want)
				}
				want, werr := fluxchartutil.ChartValuesFromReferences(ctx, logr.Discard(), client, ohr.Namespace, ohr.GetValues(), ohr.Spec.ValuesFrom...)
				got, gerr := flux.ComposeValues(hr, repo)
				switch {
				case werr != nil || gerr != nil:
					if werr == nil || gerr == nil || werr.Error() != gerr.Error() {
						t.Fatalf("error\n got: %v\nwant: %v", gerr, werr)
					}
					var ref *fluxchartutil.ErrValuesReference
					if errors.As(werr, &ref) {
						for _, reason := range []error{fluxchartutil.ErrResourceNotFound, fluxchartutil.ErrKeyNotFound, fluxchartutil.ErrUnsupportedRefKind, fluxchartutil.ErrValuesDataRead, fluxchartutil.ErrValueMerge} {
							if errors.Is(werr, reason) && !errors.Is(gerr, ourReason(reason)) {
								t.Errorf("error reason: Flux %v, ours does not match", reason)
							}
						}
					}
					agreeErrors++
				default:
					if diff := cmp.Diff(plain(map[string]any(want)), plain(got)); diff != "" {
						t.Fatalf("values differ (-flux +ours):\n%s", diff)
					}
					agreeValues++
				}
			})
		}
	}
	t.Logf("values: %d releases agree with fluxcd/pkg/chartutil (%d composed values, %d errors) of %d", agreeValues+agreeErrors, agreeValues, agreeErrors, total)
	if agreeValues+agreeErrors != total {
		t.Errorf("only %d of %d agree", agreeValues+agreeErrors, total)
	}
}

func ourReason(flx error) error {
	switch flx {
	case fluxchartutil.ErrResourceNotFound:
		return flux.ErrResourceNotFound
	case fluxchartutil.ErrKeyNotFound:
		return flux.ErrKeyNotFound
	case fluxchartutil.ErrUnsupportedRefKind:
		return flux.ErrUnsupportedRefKind
	case fluxchartutil.ErrValuesDataRead:
		return flux.ErrValuesDataRead
	}
	return flux.ErrValueMerge
}

// oracleChart loads the chart a release names, with Helm's loader, and
// applies valuesFiles as source-controller does (merged in order, the
// result replacing the chart's values).
func oracleChart(t testing.TB, repo *flux.Repository, hr *v2.HelmRelease, corpus string) *helmchart.Chart {
	src := sources(corpus)
	var spec *v2.HelmChartTemplateSpec
	specNS := hr.Namespace
	if ref := hr.Spec.ChartRef; ref != nil {
		ns := ref.Namespace
		if ns == "" {
			ns = hr.Namespace
		}
		if ref.Kind == "OCIRepository" {
			ch, err := loader.Load(src["OCIRepository/"+ns+"/"+ref.Name])
			if err != nil {
				t.Fatal(err)
			}
			return ch
		}
		o := repo.Get("HelmChart", ns, ref.Name)
		if o == nil {
			t.Fatalf("no HelmChart %s/%s", ns, ref.Name)
		}
		b, _ := json.Marshal(o.Data["spec"])
		spec = &v2.HelmChartTemplateSpec{}
		if err := json.Unmarshal(b, spec); err != nil {
			t.Fatal(err)
		}
		specNS = ns
	} else {
		spec = &hr.Spec.Chart.Spec
	}
	ns := spec.SourceRef.Namespace
	if ns == "" {
		ns = specNS
	}
	root := src[spec.SourceRef.Kind+"/"+ns+"/"+spec.SourceRef.Name]
	chartPath := filepath.Join(root, spec.Chart)
	if _, err := os.Stat(chartPath); err != nil {
		chartPath += ".tgz"
	}
	ch, err := loader.Load(chartPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(spec.ValuesFiles) > 0 {
		base := root
		if spec.SourceRef.Kind == "HelmRepository" {
			base = chartPath
		}
		merged := map[string]any{}
		for _, f := range spec.ValuesFiles {
			var vals common.Values
			var err error
			if spec.SourceRef.Kind == "HelmRepository" {
				// A HelmRepository serves packaged charts: the files are
				// the chart's own, .helmignore applied.
				err = os.ErrNotExist
				for _, rf := range ch.Raw {
					if rf.Name == f {
						vals, err = common.ReadValues(rf.Data)
					}
				}
			} else {
				vals, err = common.ReadValuesFile(filepath.Join(base, f))
			}
			if errors.Is(err, os.ErrNotExist) && spec.IgnoreMissingValuesFiles {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			merged = fluxchartutil.MergeMaps(merged, vals)
		}
		ch.Values = merged
	}
	return ch
}

// postRenderer chains post-renderers as helm-controller does.
type postRenderer []func(*bytes.Buffer) (*bytes.Buffer, error)

func (p postRenderer) Run(in *bytes.Buffer) (*bytes.Buffer, error) {
	var err error
	for _, f := range p {
		if in, err = f(in); err != nil {
			return nil, err
		}
	}
	return in, nil
}

// kustomizeRun builds a kustomization of the rendered manifests with the
// patches and images of one postRenderers[].kustomize block, with
// kustomize's API, in memory.
func kustomizeRun(patches []fluxkustomize.Patch, images []fluxkustomize.Image) func(*bytes.Buffer) (*bytes.Buffer, error) {
	return func(in *bytes.Buffer) (*bytes.Buffer, error) {
		fs := filesys.MakeFsInMemory()
		k := kustypes.Kustomization{Resources: []string{"rendered.yaml"}}
		k.APIVersion, k.Kind = kustypes.KustomizationVersion, kustypes.KustomizationKind
		for _, im := range images {
			k.Images = append(k.Images, kustypes.Image{Name: im.Name, NewName: im.NewName, NewTag: im.NewTag, Digest: im.Digest})
		}
		for _, p := range patches {
			kp := kustypes.Patch{Patch: p.Patch}
			if s := p.Target; s != nil {
				kp.Target = &kustypes.Selector{Name: s.Name, Namespace: s.Namespace, LabelSelector: s.LabelSelector, AnnotationSelector: s.AnnotationSelector}
				kp.Target.Group, kp.Target.Version, kp.Target.Kind = s.Group, s.Version, s.Kind
			}
			k.Patches = append(k.Patches, kp)
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		if err := fs.WriteFile("rendered.yaml", in.Bytes()); err != nil {
			return nil, err
		}
		if err := fs.WriteFile("kustomization.yaml", kb); err != nil {
			return nil, err
		}
		m, err := krusty.MakeKustomizer(&krusty.Options{LoadRestrictions: kustypes.LoadRestrictionsNone, PluginConfig: kustypes.DisabledPluginConfig()}).Run(fs, ".")
		if err != nil {
			return nil, err
		}
		out, err := m.AsYaml()
		return bytes.NewBuffer(out), err
	}
}

// metadataRun sets labels and annotations with kustomize's builtin
// transformers.
func metadataRun(labels, annotations map[string]string) func(*bytes.Buffer) (*bytes.Buffer, error) {
	return func(in *bytes.Buffer) (*bytes.Buffer, error) {
		m, err := resmap.NewFactory(provider.NewDefaultDepProvider().GetResourceFactory()).NewResMapFromBytes(in.Bytes())
		if err != nil {
			return nil, err
		}
		if labels != nil {
			lt := &builtins.LabelTransformerPlugin{Labels: labels, FieldSpecs: []kustypes.FieldSpec{{Path: "metadata/labels", CreateIfNotPresent: true}}}
			if err := lt.Transform(m); err != nil {
				return nil, err
			}
		}
		if annotations != nil {
			at := &builtins.AnnotationsTransformerPlugin{Annotations: annotations, FieldSpecs: []kustypes.FieldSpec{{Path: "metadata/annotations", CreateIfNotPresent: true}}}
			if err := at.Transform(m); err != nil {
				return nil, err
			}
		}
		out, err := m.AsYaml()
		return bytes.NewBuffer(out), err
	}
}

func originLabels(hr *v2.HelmRelease) map[string]string {
	return map[string]string{
		v2.GroupVersion.Group + "/name":      hr.Name,
		v2.GroupVersion.Group + "/namespace": hr.Namespace,
	}
}

func buildPostRenderer(hr *v2.HelmRelease) postRenderer {
	var pr postRenderer
	for _, r := range hr.Spec.PostRenderers {
		if r.Kustomize != nil {
			pr = append(pr, kustomizeRun(r.Kustomize.Patches, r.Kustomize.Images))
		}
	}
	if cm := hr.Spec.CommonMetadata; cm != nil {
		pr = append(pr, metadataRun(cm.Labels, cm.Annotations))
	}
	return append(pr, metadataRun(originLabels(hr), nil))
}

// oracleObjects renders a release as helm-controller installs it: the
// chart's CRDs (by the install CRD policy, with origin labels), then a
// client-only Helm install with SkipCRDs and the post-renderers. It
// returns the objects by ID.
func oracleObjects(t testing.TB, ctx context.Context, hr *v2.HelmRelease, ch *helmchart.Chart, vals common.Values) (map[string]map[string]any, error) {
	out := map[string]map[string]any{}
	add := func(text string) error {
		for _, doc := range strings.Split("\n"+text, "\n---") {
			var m map[string]any
			if err := sigsyaml.Unmarshal([]byte(doc), &m); err != nil {
				return err
			}
			if len(m) == 0 {
				continue
			}
			out[objectID(m)] = m
		}
		return nil
	}
	if hr.Spec.Install == nil || hr.Spec.Install.CRDs != v2.Skip {
		if err := chartutil.ProcessDependencies(ch, vals); err != nil {
			return nil, err
		}
		for _, crd := range ch.CRDObjects() {
			for _, doc := range strings.Split("\n"+string(crd.File.Data), "\n---") {
				var m map[string]any
				if err := sigsyaml.Unmarshal([]byte(doc), &m); err != nil {
					return nil, err
				}
				if m["kind"] != "CustomResourceDefinition" {
					continue
				}
				md, _ := m["metadata"].(map[string]any)
				if md == nil {
					md = map[string]any{}
					m["metadata"] = md
				}
				labels, _ := md["labels"].(map[string]any)
				if labels == nil {
					labels = map[string]any{}
					md["labels"] = labels
				}
				for k, v := range originLabels(hr) {
					labels[k] = v
				}
				out[objectID(m)] = m
			}
		}
	}
	cfg := action.NewConfiguration()
	inst := action.NewInstall(cfg)
	inst.DryRunStrategy = action.DryRunClient
	inst.ReleaseName = flux.ShortenName(hr.GetReleaseName())
	inst.Namespace = hr.GetReleaseNamespace()
	inst.Replace = true
	inst.SkipCRDs = true
	inst.Devel = true
	if hr.Spec.Install != nil {
		inst.DisableHooks = hr.Spec.Install.DisableHooks
		inst.SkipSchemaValidation = hr.Spec.Install.DisableSchemaValidation
	}
	kv, err := common.ParseKubeVersion(kubeVersion)
	if err != nil {
		return nil, err
	}
	inst.KubeVersion = kv
	inst.PostRenderer = buildPostRenderer(hr)
	inst.PostRenderStrategy = action.PostRenderStrategyCombined
	if s := hr.Spec.PostRenderStrategy; s != "" {
		inst.PostRenderStrategy = action.PostRenderStrategy(s)
	}
	ri, err := inst.RunWithContext(ctx, ch, vals.AsMap())
	if err != nil {
		return nil, err
	}
	rel, ok := ri.(*release.Release)
	if !ok {
		return nil, fmt.Errorf("unexpected release type %T", ri)
	}
	if err := add(rel.Manifest); err != nil {
		return nil, err
	}
	for _, h := range rel.Hooks {
		if err := add(h.Manifest); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func objectID(m map[string]any) string {
	r := &flux.Resource{Object: m}
	return r.ID()
}

// TestObjects compares the objects of every release of the test repository
// with Helm's SDK and kustomize's API driven as helm-controller drives them,
// as data.
func TestObjects(t *testing.T) {
	ctx := context.Background()
	corpus := needCorpus(t)
	repo := readRepo(t, "testdata/repo")
	client := oracleClient(t, repo)
	results, err := flux.Build(ctx, repo, flux.Options{Resolver: &flux.LocalResolver{Sources: sources(corpus)}, KubeVersion: kubeVersion})
	if err != nil {
		t.Fatal(err)
	}
	agree, objects, suspended := 0, 0, 0
	for _, res := range results {
		t.Run(res.Release.ID(), func(t *testing.T) {
			if res.Suspended {
				suspended++
				return
			}
			ohr := oracleRelease(t, res.Release)
			vals, err := fluxchartutil.ChartValuesFromReferences(ctx, logr.Discard(), client, ohr.Namespace, ohr.GetValues(), ohr.Spec.ValuesFrom...)
			if err != nil {
				t.Fatal(err)
			}
			want, werr := oracleObjects(t, ctx, ohr, oracleChart(t, repo, ohr, corpus), vals)
			if werr != nil || res.Err != nil {
				t.Fatalf("errors differ:\n ours: %v\n helm-controller: %v", res.Err, werr)
			}
			got := map[string]map[string]any{}
			for _, r := range res.Resources {
				got[r.ID()] = r.Object
			}
			if diff := cmp.Diff(keys(want), keys(got)); diff != "" {
				t.Fatalf("object sets differ (-helm-controller +ours):\n%s", diff)
			}
			for id, w := range want {
				if diff := cmp.Diff(w, got[id]); diff != "" {
					t.Errorf("%s differs (-helm-controller +ours):\n%s", id, diff)
				}
			}
			if !t.Failed() {
				agree++
				objects += len(want)
			}
		})
	}
	t.Logf("objects: %d of %d rendered releases equal helm-controller's (%d objects), %d suspended", agree, len(results)-suspended, objects, suspended)
}

func keys(m map[string]map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
