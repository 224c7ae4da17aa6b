package values_test

import (
	"encoding/json"
	"fmt"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
)

func ExampleParse() {
	v, err := values.Parse([]byte("replicas: 3\nenabled: yes\n---\nname: web\n"), "values.yaml")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v %T %v %v\n", v["replicas"], v["replicas"], v["enabled"], v["name"])
	// Output: 3 float64 true web
}

func ExampleOptions_Merge() {
	files := map[string]string{"prod.yaml": "image: {tag: v1, pull: Always}\n"}
	opts := values.Options{
		ValueFiles: []string{"prod.yaml"},
		Values:     []string{"image.tag=v2,replicas=2"},
	}
	v, err := opts.Merge(func(p string) ([]byte, error) { return []byte(files[p]), nil })
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
	// Output: {"image":{"pull":"Always","tag":"v2"},"replicas":2}
}

func ExampleCoalesce() {
	sub := &chart.Chart{
		Metadata: &chart.Metadata{Name: "db", Version: "1.0.0"},
		Values:   map[string]any{"port": 5432.0, "user": "admin"},
	}
	app := &chart.Chart{
		Metadata: &chart.Metadata{Name: "app", Version: "1.0.0"},
		Values:   map[string]any{"global": map[string]any{"env": "dev"}, "debug": false},
	}
	app.AddDependency(sub)

	user := map[string]any{"debug": nil, "db": map[string]any{"user": "root"}}
	v, err := values.Coalesce(app, user)
	if err != nil {
		panic(err)
	}
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
	// Output: {"db":{"global":{"env":"dev"},"port":5432,"user":"root"},"global":{"env":"dev"}}
}

func ExampleParseKubeVersion() {
	kv, err := values.ParseKubeVersion("1.30.2-gke.1")
	if err != nil {
		panic(err)
	}
	fmt.Println(kv.String(), kv.Version, kv.Major, kv.Minor)
	// Output: v1.30.2 v1.30.2-gke.1 1 30
}
