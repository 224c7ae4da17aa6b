package flux

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustParse(t *testing.T, text string) []*Object {
	t.Helper()
	objs, err := ParseManifests([]byte(text), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return objs
}

func TestParseManifests(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // kind/name@line
		err      string
	}{
		{"two docs", "apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n", []string{"A/a@1", "B/b@5"}, ""},
		{"empty docs skipped", "---\n---\n# c\n---\napiVersion: v1\nkind: A\nmetadata: {name: a}\n", []string{"A/a@5"}, ""},
		{"list expanded", "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: A, metadata: {name: x}}\n", []string{"A/x@1"}, ""},
		{"not an object", "apiVersion: v1\nkind: A\n---\n- 1\n", nil, "test.yaml:4: document is not a Kubernetes object"},
		{"no kind", "apiVersion: v1\n", nil, "test.yaml:1: document is not a Kubernetes object"},
		{"bad yaml", "apiVersion: v1\nkind: A\n---\nkey: [1\n", nil, "test.yaml:4: error converting YAML to JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, err := ParseManifests([]byte(tt.in), "test.yaml")
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Fatalf("err = %v, want prefix %q", err, tt.err)
				}
				var me *ManifestError
				if !errors.As(err, &me) {
					t.Fatalf("error %T is not a *ManifestError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range objs {
				got = append(got, o.Kind+"/"+o.Name+"@"+strconv.Itoa(o.Line))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}

func sha12(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:12]
}

func TestReleaseName(t *testing.T) {
	long := strings.Repeat("a", 30)
	tests := []struct {
		name, releaseName, target, want, wantNS string
	}{
		{"podinfo", "", "", "podinfo", "apps"},
		{"podinfo", "", "prod", "prod-podinfo", "prod"},
		{"podinfo", "custom", "prod", "custom", "prod"},
		{long, "", long, long + "-aaaaaaaaa-" + sha12(long+"-"+long), long},
	}
	for _, tt := range tests {
		hr := &HelmRelease{Name: tt.name, Namespace: "apps", Spec: HelmReleaseSpec{ReleaseName: tt.releaseName, TargetNamespace: tt.target}}
		if got := hr.ReleaseName(); got != tt.want {
			t.Errorf("ReleaseName(%q,%q,%q) = %q, want %q", tt.name, tt.releaseName, tt.target, got, tt.want)
		}
		if len(hr.ReleaseName()) > 53 {
			t.Errorf("release name %q longer than 53", hr.ReleaseName())
		}
		if got := hr.ReleaseNamespace(); got != tt.wantNS {
			t.Errorf("ReleaseNamespace = %q, want %q", got, tt.wantNS)
		}
	}
}

const valuesObjects = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: apps}
data:
  values.yaml: |
    a: 1
    nested: {p: cm, q: cm}
  other.yaml: "b: 2"
  bad.yaml: "key: [1"
  list.yaml: "- 1"
  plain: "hello, world"
  quoted: "'007'"
---
apiVersion: v1
kind: Secret
metadata: {name: sec, namespace: apps}
data:
  values.yaml: bmVzdGVkOiB7cDogc2VjcmV0fQo=
stringData:
  token: s3cr3t
`

func TestComposeValues(t *testing.T) {
	repo, err := NewRepository(mustParse(t, valuesObjects))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		values map[string]any
		refs   []ValuesReference
		want   map[string]any
		err    string
		reason error
	}{
		{"none", nil, nil, map[string]any{}, "", nil},
		{"configmap then secret then values",
			map[string]any{"nested": map[string]any{"q": "values"}},
			[]ValuesReference{{Kind: "ConfigMap", Name: "cm"}, {Kind: "Secret", Name: "sec"}},
			map[string]any{"a": float64(1), "nested": map[string]any{"p": "secret", "q": "values"}}, "", nil},
		{"targetPath wins over values",
			map[string]any{"token": "from-values"},
			[]ValuesReference{{Kind: "Secret", Name: "sec", ValuesKey: "token", TargetPath: "token"}},
			map[string]any{"token": "s3cr3t"}, "", nil},
		{"targetPath typed, quoted and literal",
			nil,
			[]ValuesReference{{Kind: "ConfigMap", Name: "cm", ValuesKey: "quoted", TargetPath: "q"}, {Kind: "ConfigMap", Name: "cm", ValuesKey: "plain", TargetPath: "l", Literal: true}, {Kind: "ConfigMap", Name: "cm", ValuesKey: "other.yaml", TargetPath: "list[1]"}},
			map[string]any{"q": "007", "l": "hello, world", "list": []any{nil, "b: 2"}}, "", nil},
		{"optional missing object and key",
			nil,
			[]ValuesReference{{Kind: "ConfigMap", Name: "nope", Optional: true}, {Kind: "ConfigMap", Name: "cm", ValuesKey: "nokey", Optional: true}},
			map[string]any{}, "", nil},
		{"missing object", nil, []ValuesReference{{Kind: "ConfigMap", Name: "nope"}}, nil,
			`could not resolve ConfigMap chart values reference 'apps/nope' with key 'values.yaml': configmaps "nope" not found`, ErrResourceNotFound},
		{"missing after optional miss", nil, []ValuesReference{{Kind: "Secret", Name: "nope", Optional: true}, {Kind: "Secret", Name: "nope"}}, nil,
			`could not resolve Secret chart values reference 'apps/nope' with key 'values.yaml': resource not found`, ErrResourceNotFound},
		{"missing key", nil, []ValuesReference{{Kind: "Secret", Name: "sec", ValuesKey: "k"}}, nil,
			`could not resolve Secret chart values reference 'apps/sec' with key 'k': key not found`, ErrKeyNotFound},
		{"unsupported kind", nil, []ValuesReference{{Kind: "Pod", Name: "p"}}, nil,
			`could not resolve Pod chart values reference 'apps/p' with key 'values.yaml': unsupported values reference kind`, ErrUnsupportedRefKind},
		{"unreadable", nil, []ValuesReference{{Kind: "ConfigMap", Name: "cm", ValuesKey: "bad.yaml"}}, nil,
			`could not resolve ConfigMap chart values reference 'apps/cm' with key 'bad.yaml': error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'`, ErrValuesDataRead},
		{"not a map", nil, []ValuesReference{{Kind: "ConfigMap", Name: "cm", ValuesKey: "list.yaml"}}, nil,
			`could not resolve ConfigMap chart values reference 'apps/cm' with key 'list.yaml': error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type common.Values`, ErrValuesDataRead},
		{"bad target path", map[string]any{"a": "x"}, []ValuesReference{{Kind: "ConfigMap", Name: "cm", ValuesKey: "plain", TargetPath: "a.b"}}, nil,
			`could not resolve ConfigMap chart values reference 'apps/cm' with key 'plain': unable to parse key: interface conversion: interface {} is string, not map[string]interface {}`, ErrValueMerge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := deepCopyMap(tt.values)
			hr := &HelmRelease{Name: "r", Namespace: "apps", Spec: HelmReleaseSpec{Values: tt.values, ValuesFrom: tt.refs}}
			got, err := ComposeValues(hr, repo)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("err = %v\nwant  %s", err, tt.err)
				}
				if !errors.Is(err, tt.reason) {
					t.Fatalf("errors.Is(err, %v) = false", tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatal(diff)
			}
			if tt.values != nil && !reflect.DeepEqual(before, tt.values) {
				t.Fatal("spec.values was modified")
			}
		})
	}
}

func TestOrderedAndCycles(t *testing.T) {
	hr := func(name string, deps ...string) string {
		s := "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: " + name + ", namespace: ns}\nspec:\n  chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}}\n"
		if len(deps) > 0 {
			s += "  dependsOn:\n"
			for _, d := range deps {
				s += "  - name: " + d + "\n"
			}
		}
		return s + "---\n"
	}
	repo, err := NewRepository(mustParse(t, hr("app", "db", "cache")+hr("db")+hr("cache", "db")))
	if err != nil {
		t.Fatal(err)
	}
	order, err := repo.Ordered()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range order {
		got = append(got, r.Name)
	}
	if diff := cmp.Diff([]string{"db", "cache", "app"}, got); diff != "" {
		t.Fatal(diff)
	}
	repo, err = NewRepository(mustParse(t, hr("a", "b")+hr("b", "c")+hr("c", "a")))
	if err != nil {
		t.Fatal(err)
	}
	_, err = repo.Ordered()
	var ce *CycleError
	if !errors.As(err, &ce) || err.Error() != "circular dependency between HelmReleases: ns/a -> ns/b -> ns/c -> ns/a" {
		t.Fatalf("err = %v", err)
	}
}

func TestPostRender(t *testing.T) {
	deploy := func() *Resource {
		objs := mustParse(t, `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}, annotations: {}}
spec:
  replicas: 1
  template:
    spec:
      containers:
      - {name: app, image: "nginx:1.0", env: [{name: A, value: "1"}]}
      - {name: side, image: "registry:5000/tools/side@sha256:abc"}
`)
		return &Resource{Object: objs[0].Data}
	}
	tests := []struct {
		name string
		spec string
		want string // JSON of selected fields after post-render
		err  string
	}{
		{"origin labels and commonMetadata", `commonMetadata: {labels: {team: a, helm.toolkit.fluxcd.io/name: x}, annotations: {note: hi}}`,
			`{"annotations":{"note":"hi"},"labels":{"app":"web","helm.toolkit.fluxcd.io/name":"hr","helm.toolkit.fluxcd.io/namespace":"apps","team":"a"}}`, ""},
		{"json6902", `postRenderers: [{kustomize: {patches: [{target: {kind: Deploy.*}, patch: "- {op: replace, path: /spec/replicas, value: 3}\n- {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: B, value: '2'}}"}]}}]`,
			`{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"replicas":3}`, ""},
		{"strategic merge by name", `postRenderers: [{kustomize: {patches: [{patch: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n      - {name: app, env: [{name: A, value: '9'}]}\n      - {name: new, image: busybox}\n"}]}}]`,
			`{"containers":[{"env":[{"name":"A","value":"9"}],"image":"nginx:1.0","name":"app"},{"image":"busybox","name":"new"},{"image":"registry:5000/tools/side@sha256:abc","name":"side"}]}`, ""},
		{"images", `postRenderers: [{kustomize: {images: [{name: nginx, newName: my/nginx, newTag: "2.0"}, {name: "registry:5000/tools/side", digest: "sha256:def"}]}}]`,
			`{"containers":[{"env":[{"name":"A","value":"1"}],"image":"my/nginx:2.0","name":"app"},{"image":"registry:5000/tools/side@sha256:def","name":"side"}]}`, ""},
		{"json patch needs target", `postRenderers: [{kustomize: {patches: [{patch: "- {op: remove, path: /spec}"}]}}]`, "", "must specify a target for JSON patch"},
		{"no match", `postRenderers: [{kustomize: {patches: [{patch: "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"}]}}]`, "", "no resource matches strategic merge patch"},
		{"unsupported directive", `postRenderers: [{kustomize: {patches: [{target: {kind: Deployment}, patch: "kind: Deployment\nmetadata: {name: x}\nspec: {$retainKeys: [a]}\n"}]}}]`, "", "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := mustParse(t, "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: hr, namespace: apps}\nspec:\n  chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}}\n  "+strings.ReplaceAll(tt.spec, "\n", "\\n")+"\n")
			hr, err := NewHelmRelease(objs[0], "default")
			if err != nil {
				t.Fatal(err)
			}
			r := deploy()
			err = PostRender(hr, []*Resource{r})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			md := r.Object["metadata"].(map[string]any)
			spec := r.Object["spec"].(map[string]any)
			pod := spec["template"].(map[string]any)["spec"].(map[string]any)
			var got any
			switch {
			case strings.HasPrefix(tt.name, "origin"):
				got = map[string]any{"labels": md["labels"], "annotations": md["annotations"]}
			case tt.name == "json6902":
				got = map[string]any{"replicas": spec["replicas"], "env": pod["containers"].([]any)[0].(map[string]any)["env"]}
			default:
				got = map[string]any{"containers": pod["containers"]}
			}
			if c := compact(got); c != tt.want {
				t.Fatalf("got  %s\nwant %s", c, tt.want)
			}
		})
	}
}

func TestBuildExample(t *testing.T) {
	ctx := context.Background()
	root, _ := filepath.Abs("..")
	res := &LocalResolver{Sources: map[string]string{"GitRepository/flux-system/charts": root}}
	build := func(dir string) []*ReleaseResult {
		repo, err := Read(ctx, filepath.Join(root, "examples", "flux", dir))
		if err != nil {
			t.Fatal(err)
		}
		out, err := Build(ctx, repo, Options{Resolver: res})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		return out
	}
	v1, v2 := build("v1"), build("v2")
	if len(v1) != 2 || v1[0].Release.Name != "hello" || v1[1].Release.Name != "greeter" {
		t.Fatalf("releases not in dependsOn order")
	}
	if v1[1].ReleaseName != "greeters-greeter" || v1[1].Namespace != "greeters" {
		t.Fatalf("release identity: %s/%s", v1[1].Namespace, v1[1].ReleaseName)
	}
	for _, r := range v1[1].Resources {
		if r.CRD {
			t.Fatal("install.crds: Skip still applied a CRD")
		}
	}
	var b strings.Builder
	if err := WriteDiff(&b, Diff(v1, v2)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"HelmRelease apps/hello: changed\n  ~ values\n      ~ replicaCount: 2 -> 3\n",
		"  - /ConfigMap/greeters/greeters-greeter-greeter\n",
		`      ~ data.GREETING: "Hi" -> "Hi there"`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("diff lacks %q:\n%s", want, b.String())
		}
	}
	if _, err := os.Stat(filepath.Join(root, "examples", "flux", "v1")); err != nil {
		t.Fatal(err)
	}
}

func TestNewHelmReleaseRefuses(t *testing.T) {
	const head = "apiVersion: helm.toolkit.fluxcd.io/v2beta1\nkind: HelmRelease\nmetadata: {name: hr, namespace: apps}\nspec:\n"
	const chart = "  chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: r}}}\n"
	tests := []struct {
		name, spec, err string
		unsupported     bool
	}{
		{"patchesStrategicMerge", chart + "  postRenderers: [{kustomize: {patchesStrategicMerge: [{kind: Deployment}]}}]\n", "patchesStrategicMerge (removed in helm.toolkit.fluxcd.io/v2; use patches)", true},
		{"patchesJson6902", chart + "  postRenderers: [{kustomize: {patchesJson6902: [{target: {kind: A}}]}}]\n", "patchesJson6902 (removed in helm.toolkit.fluxcd.io/v2; use patches)", true},
		{"no chart", "  values: {}\n", "exactly one of spec.chart and spec.chartRef must be set", false},
		{"chart and chartRef", chart + "  chartRef: {kind: OCIRepository, name: x}\n", "exactly one of spec.chart and spec.chartRef must be set", false},
		{"strategy", chart + "  postRenderStrategy: sometimes\n", `invalid postRenderStrategy "sometimes"`, false},
		{"bad type", chart + "  suspend: [1]\n", "invalid spec: json: cannot unmarshal", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs := mustParse(t, head+tt.spec)
			_, err := NewHelmRelease(objs[0], "default")
			var se *SpecError
			if err == nil || !strings.Contains(err.Error(), tt.err) || !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SpecError with %q", err, tt.err)
			}
			if !strings.HasPrefix(err.Error(), "HelmRelease apps/hr (test.yaml:1): ") {
				t.Errorf("error does not name the object and file: %v", err)
			}
			if errors.Is(err, ErrUnsupported) != tt.unsupported {
				t.Errorf("errors.Is(err, ErrUnsupported) = %v", !tt.unsupported)
			}
		})
	}
	hr, err := NewHelmRelease(mustParse(t, head+chart+"  install: {crds: Sometimes}\n")[0], "default")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hr.InstallCRDPolicy(); err == nil || err.Error() != "invalid CRD upgrade policy 'Sometimes', valid values are 'Skip', 'Create' or 'CreateReplace'" {
		t.Fatalf("crd policy: %v", err)
	}
}

func TestReadKustomizeTree(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cm := func(name string) string { return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n" }
	write("repo/kustomization.yaml", "resources: [apps, cluster.yaml]\n")
	write("repo/cluster.yaml", cm("top")+"---\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n")
	write("repo/apps/kustomization.yaml", "namespace: apps\nresources: [b.yaml, a.yaml]\n")
	write("repo/apps/a.yaml", cm("a"))
	write("repo/apps/b.yaml", cm("b"))
	write("repo/apps/ignored.yaml", cm("ignored"))
	write("plain/z.yml", cm("z"))
	write("plain/sub/a.json", `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j", "namespace": "x"}}`)
	write("plain/notes.txt", "not yaml")
	write("escape/kustomization.yaml", "resources: [../plain]\n")
	write("gen/kustomization.yaml", "configMapGenerator: [{name: x, literals: [a=b]}]\n")

	tests := []struct {
		path string
		want []string
		err  string
	}{
		{"repo", []string{"ConfigMap apps/b", "ConfigMap apps/a", "ConfigMap /top", "Namespace /apps"}, ""},
		{"plain", []string{"ConfigMap x/j", "ConfigMap /z"}, ""},
		{"escape", nil, `resource "../plain" is outside`},
		{"gen", nil, `not supported: kustomization field "configMapGenerator"`},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			repo, err := Read(context.Background(), filepath.Join(dir, tt.path))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, o := range repo.Objects {
				got = append(got, o.Kind+" "+o.Namespace+"/"+o.Name)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}
