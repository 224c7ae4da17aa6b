package chart_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"

	"github.com/chartrender/chartrender/chart"
)

func ExampleLoadFiles() {
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: demo\nversion: 0.1.0\nappVersion: 1.10\n")},
		{Name: "values.yaml", Data: []byte("replicas: 2\n---\nimage: nginx\n")},
		{Name: "templates/deployment.yaml", Data: []byte("kind: Deployment\n")},
		{Name: "charts/db/Chart.yaml", Data: []byte("apiVersion: v2\nname: db\nversion: 1.0.0\n")},
		{Name: "README.md", Data: []byte("# demo\n")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name(), c.Metadata.Version, c.AppVersion())
	fmt.Println(c.Values["replicas"], c.Values["image"])
	fmt.Println(c.Templates[0].Name, c.Files[0].Name)
	for _, d := range c.Dependencies() {
		fmt.Println(d.ChartFullPath())
	}
	// Output:
	// demo 0.1.0 1.1
	// 2 nginx
	// templates/deployment.yaml README.md
	// demo/charts/db
}

func ExampleLoader() {
	// An archive that inflates to 64 MiB of zeros.
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	tw := tar.NewWriter(zw)
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"bomb/Chart.yaml", []byte("apiVersion: v2\nname: bomb\nversion: 1.0.0\n")},
		{"bomb/zeros", make([]byte, 64<<20)},
	} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data))})
		tw.Write(f.data)
	}
	tw.Close()
	zw.Close()

	l := &chart.Loader{MaxTotalSize: 1 << 20}
	_, err := l.LoadArchive(&bomb)
	fmt.Println(err)
	fmt.Println(errors.Is(err, chart.ErrTooLarge))
	var le *chart.LoadError
	if errors.As(err, &le) {
		fmt.Println("at", le.Path)
	}
	// Output:
	// unable to load chart archive: decompressed chart is larger than the maximum size 1048576
	// true
	// at bomb/zeros
}

func ExampleChart_TemplateData() {
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: demo\nversion: 0.1.0\nkeywords: [web]\n")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	td := c.TemplateData()
	fmt.Println(td["Name"], td["Version"], td["Keywords"], td["Sources"], td["IsRoot"])
	// Output:
	// demo 0.1.0 [web] [] true
}

func ExampleCheckDependencies() {
	c, err := chart.LoadFiles([]*chart.File{
		{Name: "Chart.yaml", Data: []byte("apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: db\n- name: cache\n")},
		{Name: "charts/db/Chart.yaml", Data: []byte("apiVersion: v2\nname: db\nversion: 1.0.0\n")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(chart.CheckDependencies(c))
	// Output:
	// found in Chart.yaml, but missing in charts/ directory: cache
}

func ExampleCheckKubeVersion() {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: "app", KubeVersion: "<1.30.0"}}
	fmt.Println(chart.CheckKubeVersion(c, "v1.29.4"))
	fmt.Println(chart.CheckKubeVersion(c, "v1.30.2-gke.1"))
	// Output:
	// <nil>
	// chart requires kubeVersion: <1.30.0 which is incompatible with Kubernetes v1.30.2-gke.1
}
