package chartrender

import (
	"errors"
	"fmt"
)

// ErrInvalidAPIVersion reports a chart whose apiVersion is v3, which Helm
// v4 loads but does not render.
var ErrInvalidAPIVersion = errors.New("invalid chart apiVersion")

// A NotInstallableError reports a chart whose type is neither "" nor
// "application", such as a library chart.
type NotInstallableError struct {
	// Type is the chart's type, e.g. "library".
	Type string
}

func (e *NotInstallableError) Error() string { return e.Type + " charts are not installable" }

// A RenderError is an error raised while rendering the templates or
// arranging their output: an unsatisfied kubeVersion, a template error, a
// rendered document that is not valid YAML, or a failed write of
// [Result.WriteDir]. These are the errors after which `helm template`
// suggests "Use --debug flag to render out invalid YAML".
type RenderError struct {
	// Err is the error.
	Err error
	// Debug is what `helm template --debug` prints before the error: the
	// manifests assembled so far, or for YAML errors every rendered file.
	Debug string
}

func (e *RenderError) Error() string { return e.Err.Error() }

// Unwrap returns the error.
func (e *RenderError) Unwrap() error { return e.Err }

// A TemplateNotFoundError reports a ShowOnly pattern that matches no
// rendered document.
type TemplateNotFoundError struct {
	// Pattern is the pattern, with forward slashes.
	Pattern string
}

func (e *TemplateNotFoundError) Error() string {
	return fmt.Sprintf("could not find template %s in chart", e.Pattern)
}
