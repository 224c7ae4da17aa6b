// Package manifest splits rendered chart templates into Kubernetes documents
// and sorts them the way `helm template` does.
//
// The steps mirror Helm's release utilities:
//
//   - [SplitManifests] cuts one rendered file into YAML documents at lines
//     that start with "---".
//   - [ParseHead] reads the few fields Helm looks at in each document:
//     apiVersion, kind, metadata.name and metadata.annotations.
//   - [Sort] walks every rendered file in path order, classifies each
//     document as a hook (it has a helm.sh/hook annotation) or a plain
//     manifest, and orders both lists by kind with [InstallOrder].
//
// Helm v4.3.1 behaviour is the default; the Helm3 fields of the options
// select Helm v3.22.0 behaviour where the two differ.
package manifest
