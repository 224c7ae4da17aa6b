package warning

import (
	"fmt"
	"log/slog"

	"github.com/chartrender/chartrender/internal/helmlog"
)

// A Kind says what a warning is about.
type Kind string

// The kinds of warnings Helm logs during a render.
const (
	// GlobalsNotTable: a chart's "global" value is not a table, so the
	// parent's globals are not copied into it (Path is "global"; Detail is
	// "destination" when the subchart's is not a table, "source" when the
	// parent's is not).
	GlobalsNotTable Kind = "GlobalsNotTable"
	// GlobalConflict: a parent's global table meets a non-table global of
	// the same name in a subchart (Path is the key, under global).
	GlobalConflict Kind = "GlobalConflict"
	// GlobalIsTable: a parent's non-table global meets a table of the same
	// name in a subchart (Path is the key, under global).
	GlobalIsTable Kind = "GlobalIsTable"
	// DefaultNotTable: a chart default is not a table where the user's
	// value is one; the default is skipped (Path is the full path).
	DefaultNotTable Kind = "DefaultNotTable"
	// TableOverwrite: a table cannot overwrite a non-table value (Path;
	// Value is the table).
	TableOverwrite Kind = "TableOverwrite"
	// NonTableIgnored: a non-table value meets a table and is ignored
	// (Path; Value is the value).
	NonTableIgnored Kind = "NonTableIgnored"
	// TagNotBool: a tag that a dependency lists has a non-boolean value
	// (Chart is the dependency; Detail is the tag; Path is "tags.<tag>").
	TagNotBool Kind = "TagNotBool"
	// ConditionNotBool: a dependency's condition path holds a non-boolean
	// value (Chart is the dependency; Path is the condition).
	ConditionNotBool Kind = "ConditionNotBool"
	// ConditionError: a condition path could not be read (Detail is the
	// error).
	ConditionError Kind = "ConditionError"
	// ImportMissingTable: an import-values entry names a table the
	// dependency does not have (Chart is the dependency when Helm names it;
	// Path is the child path; Detail is the error).
	ImportMissingTable Kind = "ImportMissingTable"
	// UnknownHook: a document's helm.sh/hook annotation names no known
	// event, so Helm drops the document (Template; Detail is the
	// annotation).
	UnknownHook Kind = "UnknownHook"
	// UnresolvedURN: a values schema refers to a urn: that nothing
	// resolves, so the permissive schema true is used in its place (Chart
	// is the chart whose schema it is; Detail is the URN).
	UnresolvedURN Kind = "UnresolvedURN"
	// SymlinkFollowed: a symbolic link in a chart directory is followed
	// (File is the link, as Helm names it: under the chart directory made
	// absolute; Detail is where it resolves to).
	SymlinkFollowed Kind = "SymlinkFollowed"
	// Deprecated: the chart is marked deprecated (Chart).
	Deprecated Kind = "Deprecated"
	// ReleaseNameInvalid: the release name is invalid; the render fails
	// after this is logged (Detail is the error). Helm v4 only.
	ReleaseNameInvalid Kind = "ReleaseNameInvalid"
	// DependenciesFailed: processing the dependencies failed; the render
	// fails after this is logged (Detail is the error). Helm v4 only.
	DependenciesFailed Kind = "DependenciesFailed"
)

// A Warning is one thing Helm logs during a render.
type Warning struct {
	// Kind says what happened.
	Kind Kind
	// Chart is the chart concerned, when Helm names one.
	Chart string
	// Path is the values path concerned, e.g. "mychart.sub.image" or
	// "tags.front", or "".
	Path string
	// Template is the template that rendered the document concerned, e.g.
	// "mychart/templates/job.yaml", or "".
	Template string
	// File is the file concerned, when it is not a template, or "".
	File string
	// Value is the offending value of a coalescing warning, as Go's %v
	// prints it.
	Value string
	// Detail is what else the kind needs (see the constants): a tag, an
	// error text, a hook annotation.
	Detail string
	// FromChart reports that the ImportMissingTable warning is for an
	// entry of the map form {child, parent}, which Helm reports with the
	// chart's name.
	FromChart bool
	// Helm3 says the warning comes from a render in the Helm v3 dialect:
	// its message and line are Helm v3.22.0's.
	Helm3 bool
}

// Level is the log level Helm v4 uses for the warning.
func (w Warning) Level() slog.Level {
	switch w.Kind {
	case TagNotBool, ConditionNotBool, ConditionError, ImportMissingTable, UnresolvedURN, Deprecated:
		return slog.LevelWarn
	case ReleaseNameInvalid, DependenciesFailed:
		return slog.LevelError
	}
	// Helm v4 routes the standard logger, which coalescing and the hook
	// sorter use, to slog at INFO level.
	return slog.LevelInfo
}

// Message is Helm's message for the warning in its dialect, without the
// level, the attributes Helm v4 adds or the source position Helm v3 adds.
func (w Warning) Message() string {
	msg, _, _ := w.parts()
	return msg
}

// String returns the line Helm prints on stderr for the warning, without
// a trailing newline.
func (w Warning) String() string {
	msg, args, site := w.parts()
	if w.Helm3 {
		if site == "" {
			return msg
		}
		return site + ": " + msg
	}
	return helmlog.Line(w.Level(), msg, args...)
}

// parts returns the message, Helm v4's log attributes and Helm v3's call
// site.
func (w Warning) parts() (msg string, args []any, site string) {
	switch w.Kind {
	case GlobalsNotTable:
		if w.Detail == "source" {
			return "warning: skipping globals because source global is not a table.", nil, "coalesce.go:145"
		}
		return "warning: skipping globals because destination global is not a table.", nil, "coalesce.go:138"
	case GlobalConflict:
		return fmt.Sprintf("Conflict: cannot merge map onto non-map for %q. Skipping.", w.Path), nil, "coalesce.go:161"
	case GlobalIsTable:
		return fmt.Sprintf("key %s is table. Skipping", w.Path), nil, "coalesce.go:175"
	case DefaultNotTable:
		return fmt.Sprintf("warning: skipped value for %s: Not a table.", w.Path), nil, "coalesce.go:237"
	case TableOverwrite:
		return fmt.Sprintf("warning: cannot overwrite table with non table for %s (%s)", w.Path, w.Value), nil, "coalesce.go:316"
	case NonTableIgnored:
		return fmt.Sprintf("warning: destination for %s is a table. Ignoring non-table value (%s)", w.Path, w.Value), nil, "coalesce.go:319"
	case TagNotBool:
		if w.Helm3 {
			return fmt.Sprintf("Warning: Tag '%s' for chart %s returned non-bool value", w.Detail, w.Chart), nil, "dependencies.go:95"
		}
		return "returned non-bool value", []any{"tag", w.Detail, "chart", w.Chart}, ""
	case ConditionNotBool:
		if w.Helm3 {
			return fmt.Sprintf("Warning: Condition path '%s' for chart %s returned non-bool value", w.Path, w.Chart), nil, "dependencies.go:64"
		}
		return "returned non-bool value", []any{"path", w.Path, "chart", w.Chart}, ""
	case ConditionError:
		if w.Helm3 {
			return "Warning: PathValue returned error " + w.Detail, nil, "dependencies.go:67"
		}
		return "the method PathValue returned error", []any{"error", w.Detail}, ""
	case ImportMissingTable:
		switch {
		case w.Helm3 && w.FromChart:
			return fmt.Sprintf("Warning: ImportValues missing table from chart %s: %s", w.Chart, w.Detail), nil, "dependencies.go:270"
		case w.Helm3:
			return "Warning: ImportValues missing table: " + w.Detail, nil, "dependencies.go:287"
		case w.FromChart:
			return "ImportValues missing table from chart", []any{"chart", w.Chart, "error", w.Detail}, ""
		}
		return "ImportValues missing table", []any{"error", w.Detail}, ""
	case UnknownHook:
		if w.Helm3 {
			return fmt.Sprintf("info: skipping unknown hook: %q", w.Detail), nil, "manifest_sorter.go:199"
		}
		return "skipping unknown hooks", []any{"hookTypes", w.Detail}, ""
	case UnresolvedURN:
		if w.Helm3 {
			return "WARNING: unresolved URN reference ignored; using permissive schema: " + w.Detail, nil, "jsonschema.go:192"
		}
		return "unresolved URN reference ignored; using permissive schema", []any{"urn", w.Detail}, ""
	case SymlinkFollowed:
		if w.Helm3 {
			return fmt.Sprintf("found symbolic link in path: %s resolves to %s. Contents of linked file included and used", w.File, w.Detail), nil, "walk.go:75"
		}
		return "found symbolic link in path. Contents of linked file included and used", []any{"path", w.File, "resolved", w.Detail}, ""
	case Deprecated:
		if w.Helm3 {
			return "WARNING: This chart is deprecated", nil, ""
		}
		return "this chart is deprecated", nil, ""
	case ReleaseNameInvalid:
		return "release name check failed", []any{"error", w.Detail}, ""
	case DependenciesFailed:
		return "chart dependencies processing failed", []any{"error", w.Detail}, ""
	}
	return string(w.Kind) + ": " + w.Detail, nil, ""
}
