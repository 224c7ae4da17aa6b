// Command chartrender renders Helm charts locally, as `helm template` does,
// without Helm.
//
// Usage:
//
//	chartrender template [NAME] [CHART] [flags]
//
// It accepts the flags of `helm template` (Helm v4.3.1) and prints the same
// bytes on stdout, the same "Error: ..." line on stderr and exits with the
// same status. Flags that only matter when talking to a cluster or a chart
// repository are accepted and ignored. Two flags are its own:
//
//	--helm3          render as Helm v3.22.0 does
//	--deterministic  make random and time-dependent functions return fixed values
//
// Examples:
//
//	chartrender template ./examples/charts/hello
//	chartrender template hello ./examples/charts/hello --set greeting=Hi -f my-values.yaml
//	chartrender template hello ./examples/charts/hello --include-crds -s templates/service.yaml
//	chartrender template hello ./examples/charts/hello --output-dir out --release-name
package main
