// Package helmlog formats warnings and errors the way Helm v4 prints them on
// stderr: log/slog's text format without the time, e.g.
// `level=WARN msg="skipping unknown hooks" hookTypes=bogus`.
package helmlog

import (
	"bytes"
	"log/slog"
	"strings"
)

// Line formats one log record at level with message msg and the attribute
// key/value pairs in args, without a trailing newline.
func Line(level slog.Level, msg string, args ...any) string {
	var b bytes.Buffer
	l := slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	l.Log(nil, level, msg, args...)
	return strings.TrimSuffix(b.String(), "\n")
}
