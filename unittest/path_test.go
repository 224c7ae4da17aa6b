package unittest

import (
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

const pathDoc = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    a.b/c: dotted
    plain: x
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: app:1
          ports: [{containerPort: 80}, {containerPort: 443}]
          env:
            - {name: A, value: "1"}
            - {name: B, value: "2"}
        - name: side
          image: side:2
`

func TestPathFind(t *testing.T) {
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(pathDoc), &doc); err != nil {
		t.Fatal(err)
	}
	d := &document{m: doc}
	cases := []struct {
		path string
		want []any
	}{
		{"metadata.name", []any{"web"}},
		{"$.metadata.name", []any{"web"}},
		{"metadata.annotations['a.b/c']", []any{"dotted"}},
		{`metadata.annotations["plain"]`, []any{"x"}},
		{"spec.replicas", []any{2}},
		{"spec.template.spec.containers[0].image", []any{"app:1"}},
		{"spec.template.spec.containers[-1].name", []any{"side"}},
		{"spec.template.spec.containers[*].name", []any{"app", "side"}},
		{"spec.template.spec.containers[0:1].name", []any{"app"}},
		{"spec.template.spec.containers[?(@.name == 'side')].image", []any{"side:2"}},
		{"spec.template.spec.containers[0].env[?(@.name == \"B\")].value", []any{"2"}},
		{"spec.template.spec.containers[0].ports[?(@.containerPort > 100)].containerPort", []any{443}},
		{"spec.template.spec.containers[?(@.name =~ /^s/)].name", []any{"side"}},
		{"spec.template.spec.containers[?(@.env)].name", []any{"app"}},
		{"..image", []any{"app:1", "side:2"}},
		{"metadata[?(@.name == 'web')].name", []any{"web"}},
		{"metadata.missing", nil},
		{"spec.replicas.x", nil},
		{"metadata.*", []any{map[string]any{"a.b/c": "dotted", "plain": "x"}, "web"}},
	}
	paths := map[string]*Path{}
	for _, c := range cases {
		got, err := d.valuesAt(c.path, paths)
		if err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.path, got, c.want)
		}
	}
}

func TestPathErrors(t *testing.T) {
	for _, p := range []string{"a[", "a.", "a[?(@.x == 1)", "a['x", "..", "a[x]", "a[1:2:0]"} {
		if _, err := CompilePath(p); err == nil {
			t.Errorf("%q: no error", p)
		}
	}
}

func FuzzCompilePath(f *testing.F) {
	for _, s := range []string{"a.b", "a['b.c'][0]", "a[?(@.x == 'y' && !(@.z))]", "..x[*]", "$[1:3:2]"} {
		f.Add(s)
	}
	var doc any
	_ = yaml.Unmarshal([]byte(pathDoc), &doc)
	d := &document{m: doc.(map[string]any)}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := CompilePath(s)
		if err != nil {
			return
		}
		root, _ := d.tree()
		p.Find(root)
	})
}
