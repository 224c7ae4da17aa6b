package unittest_test

import (
	"context"
	"fmt"

	"github.com/chartrender/chartrender/unittest"
)

func Example() {
	r := &unittest.Runner{TestFiles: []string{"tests/passing/*_test.yaml"}}
	rep, err := r.Run(context.Background(), "testdata/charts/demo")
	if err != nil {
		panic(err)
	}
	for _, c := range rep.Charts {
		for _, s := range c.Suites {
			for _, t := range s.Tests {
				fmt.Printf("%s / %s: passed=%v skipped=%v\n", s.Name, t.Name, t.Passed, t.Skipped)
			}
		}
	}
	fmt.Println("all passed:", rep.Passed())
	// Output:
	// passing / renders a deployment: passed=true skipped=false
	// passing / renders a service with two ports: passed=true skipped=false
	// passing / is skipped: passed=false skipped=true
	// all passed: true
}
