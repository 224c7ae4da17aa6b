package chart

import (
	"errors"
	"fmt"
	"strings"
)

// Causes of load errors that come from the [Loader]'s limits and safety
// checks rather than from the chart's content. Use errors.Is.
var (
	// ErrTooLarge reports a file or a chart larger than the Loader allows.
	ErrTooLarge = errors.New("chart: size limit exceeded")
	// ErrTooManyFiles reports a chart with more files than the Loader allows.
	ErrTooManyFiles = errors.New("chart: too many files")
	// ErrTooDeep reports subcharts nested deeper than the Loader allows.
	ErrTooDeep = errors.New("chart: subcharts nested too deeply")
	// ErrIllegalPath reports an archive entry that is absolute or would land
	// outside the chart.
	ErrIllegalPath = errors.New("chart: illegal path")
	// ErrSymlink reports a symbolic link the Loader refused to follow, or a
	// symbolic link loop.
	ErrSymlink = errors.New("chart: symbolic link refused")
)

// LoadError reports a chart that could not be loaded. Its Error text is
// Helm's for the same failure; Path says which file it is about.
type LoadError struct {
	// Path is the file the error is about: a path inside the chart being
	// loaded, such as "templates/x.yaml" or "charts/sub/Chart.yaml" (files
	// inside a subchart archive are shown below the archive's own path), or
	// the path given to Load. It is empty when no single file is at fault.
	Path string
	// Msg is the full error text.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

func (e *LoadError) Error() string { return e.Msg }

// Unwrap returns the underlying cause.
func (e *LoadError) Unwrap() error { return e.Err }

// loadErr builds a LoadError whose text is msg.
func loadErr(path string, cause error, msg string) *LoadError {
	return &LoadError{Path: path, Msg: msg, Err: cause}
}

// loadErrf builds a LoadError that wraps cause, with a formatted message.
func loadErrf(path string, cause error, format string, args ...any) *LoadError {
	return &LoadError{Path: path, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// ValidationError reports chart metadata that breaks one of Helm's rules.
// Its Error text is Helm's: "validation: " followed by Msg.
type ValidationError struct {
	// File is the metadata file at fault, e.g. "Chart.yaml" or
	// "charts/sub/Chart.yaml".
	File string
	// Msg is the rule that failed, e.g. "chart.metadata.name is required".
	Msg string
}

func (e *ValidationError) Error() string { return "validation: " + e.Msg }

func validationErrorf(format string, args ...any) *ValidationError {
	return &ValidationError{File: "Chart.yaml", Msg: fmt.Sprintf(format, args...)}
}

// MissingDependenciesError reports dependencies that Chart.yaml lists but
// charts/ does not hold (see [CheckDependencies]).
type MissingDependenciesError struct {
	// Names are the missing dependencies, in Chart.yaml order.
	Names []string
}

func (e *MissingDependenciesError) Error() string {
	return "found in Chart.yaml, but missing in charts/ directory: " + strings.Join(e.Names, ", ")
}

// KubeVersionError reports a chart whose kubeVersion constraint the target
// Kubernetes version does not satisfy (see [CheckKubeVersion]).
type KubeVersionError struct {
	// Constraint is the chart's kubeVersion.
	Constraint string
	// Version is the Kubernetes version it was checked against.
	Version string
}

func (e *KubeVersionError) Error() string {
	return fmt.Sprintf("chart requires kubeVersion: %s which is incompatible with Kubernetes %s", e.Constraint, e.Version)
}
