package chartrender

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/internal/manifest"
	"github.com/chartrender/chartrender/schema"
	"github.com/chartrender/chartrender/values"
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
	// Debug is the text `helm template --debug` prints before the error
	// when no ShowOnly patterns were given: the manifests assembled so far,
	// or for YAML errors every rendered file. DebugOutput applies ShowOnly.
	Debug string

	showOnly []string // Options.ShowOnly of the render
	helm3    bool
}

// DebugOutput returns what `helm template --debug` prints on stdout for this
// error, and the error it then exits with. Without ShowOnly patterns that is
// Debug and e itself. With them, only the documents of Debug that match are
// printed, each as "---\n<document>\n"; when a pattern matches none,
// nothing is printed and the error is e (Helm v4) or a
// *TemplateNotFoundError for that pattern (Helm v3).
func (e *RenderError) DebugOutput() (string, error) {
	if len(e.showOnly) == 0 {
		return e.Debug, e
	}
	text, err := selectShown(e.Debug, e.showOnly, e.helm3)
	if err != nil {
		if e.helm3 {
			return "", err
		}
		return "", e
	}
	return text, e
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

// An Error is how Render, RenderPath and Renderer.Render report a failed
// render: the error underneath, unchanged (Error returns its text, which
// is Helm's), with where it happened when that is known. errors.As reaches
// the errors underneath: a *RenderError, and below it the packages' own
// (*engine.RenderError, *engine.ParseError, *chart.LoadError,
// *schema.ValidationError, *values.ParseError, ...). A render stopped by
// its context returns the context's error itself, not an Error.
type Error struct {
	// Template is the template file at fault, e.g.
	// "mychart/templates/deployment.yaml", or "".
	Template string
	// Line and Column locate the error in Template (0 when not known).
	Line, Column int
	// ValuesPath is the dotted path of the value at fault, e.g.
	// "image.tag" for a template that dereferences a missing
	// .Values.image, or a value that violates the schema ("sub.port" for
	// one in subchart sub), or "".
	ValuesPath string
	// File is a file other than a template that is at fault: a values file
	// or a file of the chart, as the error underneath names it, or "".
	File string
	// Err is the error underneath.
	Err error
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the error underneath.
func (e *Error) Unwrap() error { return e.Err }

// wrapError makes err an *Error, filled from the errors it wraps.
func wrapError(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	e := &Error{Err: err}
	var (
		re *engine.RenderError
		pe *engine.ParseError
		me *manifest.ParseError
		le *chart.LoadError
		ve *values.ParseError
		se *schema.ValidationError
	)
	switch {
	case errors.As(err, &re):
		e.Template, e.Line, e.Column, e.ValuesPath = re.Template, re.Line, re.Col, re.ValuesPath
	case errors.As(err, &pe):
		e.Template, e.Line = pe.Template, pe.Line
	case errors.As(err, &me):
		e.Template = me.Path
	case errors.As(err, &le):
		e.File = le.Path
	case errors.As(err, &ve):
		e.File = ve.Path
	case errors.As(err, &se):
		e.ValuesPath = schemaValuesPath(se)
	}
	return e
}

// schemaValuesPath is the values path of the first schema violation: the
// chart's place under the root chart, then the JSON pointer as dotted keys.
func schemaValuesPath(se *schema.ValidationError) string {
	if len(se.Charts) == 0 {
		return ""
	}
	ce := se.Charts[0]
	var ve *schema.ValuesError
	if !errors.As(ce.Err, &ve) || len(ve.Violations) == 0 {
		return ""
	}
	var parts []string
	if _, sub, ok := strings.Cut(ce.Path, "."); ok {
		parts = append(parts, sub)
	}
	for _, k := range strings.Split(strings.TrimPrefix(ve.Violations[0].InstanceLocation, "/"), "/") {
		if k != "" {
			k = strings.ReplaceAll(strings.ReplaceAll(k, "~1", "/"), "~0", "~")
			parts = append(parts, k)
		}
	}
	return strings.Join(parts, ".")
}
