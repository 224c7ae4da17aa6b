package yamlx_test

import (
	"fmt"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// The outputs below were checked against Helm v4.3.1's toYaml
// (sigs.k8s.io/yaml v1.6.0).

func ExampleToYAML() {
	values := map[string]any{
		"image":    map[string]any{"repository": "nginx", "tag": "1.25"},
		"replicas": 3.0, // numbers read from YAML are float64; integral ones print as integers
		"ports":    []any{80.0, 443.0},
		"env":      []any{map[string]any{"name": "MODE", "value": "yes"}},
		"empty":    map[string]any{},
		"n":        nil,
	}
	fmt.Println(yamlx.ToYAML(values))
	// Output:
	// empty: {}
	// env:
	// - name: MODE
	//   value: "yes"
	// image:
	//   repository: nginx
	//   tag: "1.25"
	// "n": null
	// ports:
	// - 80
	// - 443
	// replicas: 3
}

func ExampleMarshal_strings() {
	out, _ := yamlx.Marshal([]any{
		"plain text",
		"- starts with an indicator",
		"0755",
		"tab\there",
		"two\nlines\n",
		"a long sentence that goes on and on, well past the eighty column limit that yaml.v2 folds at",
	})
	fmt.Print(string(out))
	// Output:
	// - plain text
	// - '- starts with an indicator'
	// - "0755"
	// - "tab\there"
	// - |
	//   two
	//   lines
	// - a long sentence that goes on and on, well past the eighty column limit that yaml.v2
	//   folds at
}

func ExampleMarshal_keyOrder() {
	out, _ := yamlx.Marshal(map[string]any{"a10": 1, "a2": 2, "b": 3, "_x": 4, "A": 5, "1": 6})
	fmt.Print(string(out))
	// Output:
	// _x: 4
	// "1": 6
	// A: 5
	// a2: 2
	// a10: 1
	// b: 3
}

func ExampleNormalize() {
	v, _ := yamlx.Normalize(map[string]any{"int": 12345678.0, "float": 1.5, "bytes": []byte("hi")})
	m := v.(map[string]any)
	fmt.Printf("%T %v\n%T %v\n%T %v\n", m["int"], m["int"], m["float"], m["float"], m["bytes"], m["bytes"])
	// Output:
	// int64 12345678
	// float64 1.5
	// string aGk=
}

func ExampleToYAMLPretty() {
	fmt.Println(yamlx.ToYAMLPretty(map[string]any{"list": []any{"a", map[string]any{"k": 1}}}))
	// Output:
	// list:
	//   - a
	//   - k: 1
}

func ExampleToTOML() {
	// Checked against Helm v4.3.1's toToml. Numbers read from YAML are float64.
	out, _ := yamlx.ToTOML(map[string]any{
		"a":   1.0,
		"big": 12345678.0,
		"b":   map[string]any{"c": []any{1.0, 2.0}, "d": map[string]any{"e": "x"}},
	})
	fmt.Print(out)
	// Output:
	// a = 1.0
	// big = 1.2345678e+07
	//
	// [b]
	//   c = [1.0, 2.0]
	//   [b.d]
	//     e = "x"
}

func ExampleFromTOML() {
	m, _ := yamlx.FromTOML("a = 1\nb = 1.5\n[[t]]\nx = \"y\"\n")
	fmt.Printf("%T %T %T\n", m["a"], m["b"], m["t"])
	// Output:
	// int64 float64 []map[string]interface {}
}
