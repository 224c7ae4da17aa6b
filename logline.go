package chartrender

import (
	"log/slog"
	"strings"

	"github.com/chartrender/chartrender/internal/helmlog"
)

// logLine formats a message as Helm v4 logs it on stderr.
func logLine(level, msg string, args ...any) string {
	l := slog.LevelInfo
	switch level {
	case "ERROR":
		l = slog.LevelError
	case "WARN":
		l = slog.LevelWarn
	}
	return helmlog.Line(l, msg, args...)
}

// Helm v3 logs with the standard logger and Lshortfile, so each line starts
// with the file and line of the call. These are the call sites of the
// warnings packages chart and values report, by message prefix.
var v3CallSites = []struct{ prefix, site string }{
	{"warning: skipping globals because destination", "coalesce.go:138"},
	{"warning: skipping globals because source", "coalesce.go:145"},
	{"Conflict: cannot merge map onto non-map", "coalesce.go:161"},
	{"key ", "coalesce.go:175"},
	{"warning: skipped value for", "coalesce.go:237"},
	{"warning: cannot overwrite table with non table", "coalesce.go:316"},
	{"warning: destination for", "coalesce.go:319"},
	{"Warning: Condition path", "dependencies.go:64"},
	{"Warning: PathValue returned error", "dependencies.go:67"},
	{"Warning: Tag", "dependencies.go:95"},
	{"Warning: ImportValues missing table from chart", "dependencies.go:270"},
	{"Warning: ImportValues missing table", "dependencies.go:287"},
}

// Helm v4 logs these dependency warnings with slog.Warn and attributes;
// package chart reports them as the message followed by the attributes.
var v4SlogWarnings = []string{
	"returned non-bool value",
	"the method PathValue returned error",
	"ImportValues missing table from chart",
	"ImportValues missing table",
}

// helmWarn returns the warning function handed to packages chart and
// values: it turns their messages into the lines Helm prints on stderr.
func (o *Options) helmWarn() func(string) {
	if o.Warn == nil {
		return nil
	}
	return func(msg string) { o.Warn(helmLogLine(msg, o.Helm3)) }
}

func helmLogLine(msg string, helm3 bool) string {
	if helm3 {
		for _, s := range v3CallSites {
			if strings.HasPrefix(msg, s.prefix) {
				return s.site + ": " + msg
			}
		}
		return msg
	}
	for _, p := range v4SlogWarnings {
		if rest, ok := strings.CutPrefix(msg, p); ok && (rest == "" || rest[0] == ' ') {
			return logLine("WARN", p) + rest
		}
	}
	// Everything else is logged through the standard logger, which Helm v4
	// routes to slog at INFO level.
	return logLine("INFO", msg)
}
