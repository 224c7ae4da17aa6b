package schema_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/schema"
)

func ExampleValidate() {
	c := &chart.Chart{
		Metadata: &chart.Metadata{Name: "mychart"},
		Schema: []byte(`{
			"properties": {
				"name": {"type": "string", "pattern": "^[a-z]+$"},
				"replicas": {"type": "integer", "minimum": 1}
			},
			"required": ["name", "replicas"]
		}`),
	}
	err := schema.Validate(c, map[string]any{"name": "ABC", "replicas": 0.0})
	fmt.Print(err)

	var ve *schema.ValuesError
	if errors.As(err, &ve) {
		for _, v := range ve.Violations {
			fmt.Printf("%s %s\n", v.InstanceLocation, v.Keyword)
		}
	}
	// Output:
	// values don't meet the specifications of the schema(s) in the following chart(s):
	// mychart:
	// - at '/name': 'ABC' does not match pattern '^[a-z]+$'
	// - at '/replicas': minimum: got 0, want 1
	// /name pattern
	// /replicas minimum
}

func ExampleValidator_Compile() {
	var v schema.Validator // no network, no file access
	s, err := v.Compile([]byte(`{"properties": {"port": {"type": "integer", "maximum": 65535}}}`))
	if err != nil {
		panic(err)
	}
	for _, port := range []any{8080.0, int64(70000), "http"} {
		fmt.Println(s.Validate(map[string]any{"port": port}))
	}
	// Output:
	// <nil>
	// - at '/port': maximum: got 70,000, want 65,535
	// - at '/port': got string, want integer
}

func ExampleValidator_loader() {
	v := schema.Validator{
		Loader: func(url string) ([]byte, error) {
			if url == "file:///common.json" {
				return []byte(`{"$defs": {"port": {"type": "integer", "minimum": 1}}}`), nil
			}
			return nil, fmt.Errorf("%s: not available", url)
		},
	}
	err := v.ValidateAgainstSchema(context.Background(), []byte(`{"properties": {"port": {"$ref": "common.json#/$defs/port"}}}`),
		map[string]any{"port": 0.0})
	fmt.Println(err)
	// Output:
	// - at '/port': minimum: got 0, want 1
}
