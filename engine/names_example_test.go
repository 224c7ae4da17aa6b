package engine_test

import (
	"fmt"
	"slices"

	"github.com/chartrender/chartrender/engine"
)

func ExampleFuncNames() {
	names := engine.FuncNames()
	for _, n := range []string{"toYaml", "include", "b64enc", "env", "myHelper"} {
		_, defined := slices.BinarySearch(names, n)
		fmt.Println(n, defined)
	}
	// Output:
	// toYaml true
	// include true
	// b64enc true
	// env false
	// myHelper false
}
