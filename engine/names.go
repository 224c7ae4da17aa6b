package engine

import "slices"

// FuncNames returns, sorted, the names of every function a template can
// call in an Engine built without Options.Funcs: text/template's
// predefined functions, sprig's and Helm's (in their Helm v4 set, which
// holds the Helm v3 one). A caller adding functions of its own can use it
// to avoid replacing one of them by accident.
func FuncNames() []string {
	names := make([]string, 0, 256)
	for n := range (&Engine{}).funcMap() {
		names = append(names, n)
	}
	for n := range builtinNames {
		names = append(names, n)
	}
	slices.Sort(names)
	return slices.Compact(names)
}
