package helmlog

import (
	"errors"
	"log/slog"
	"testing"
)

// The expected lines are what helm v4.3.1 prints on stderr for the same
// records (e.g. `helm template` on a chart with an unknown hook event).
func TestLine(t *testing.T) {
	tests := []struct {
		level slog.Level
		msg   string
		args  []any
		want  string
	}{
		{slog.LevelInfo, "skipping unknown hooks", []any{"hookTypes", "bogus"}, `level=INFO msg="skipping unknown hooks" hookTypes=bogus`},
		{slog.LevelError, "chart dependencies processing failed", []any{"error", errors.New("type mismatch on sub: %!t(int64=5)").Error()},
			`level=ERROR msg="chart dependencies processing failed" error="type mismatch on sub: %!t(int64=5)"`},
		{slog.LevelWarn, "this chart is deprecated", nil, `level=WARN msg="this chart is deprecated"`},
	}
	for _, tt := range tests {
		if got := Line(tt.level, tt.msg, tt.args...); got != tt.want {
			t.Errorf("Line(%v, %q) = %q, want %q", tt.level, tt.msg, got, tt.want)
		}
	}
}
