package coalesce

import (
	"context"
	"fmt"

	"github.com/chartrender/chartrender/warning"
)

// GlobalKey is the values key whose content is copied from a chart to its
// subcharts.
const GlobalKey = "global"

// Tree gives access to a chart tree of any type T. All three functions must
// be set.
type Tree[T any] struct {
	// Name returns the chart's name (its alias, once dependencies are
	// processed); subchart values live under this key.
	Name func(T) string
	// Values returns the chart's default values. They are never modified.
	Values func(T) map[string]any
	// Deps returns the chart's subcharts, in order.
	Deps func(T) []T
}

// Options control a coalescing run.
type Options struct {
	// Merge keeps nulls instead of letting them delete keys: Helm's
	// MergeValues / MergeTables rather than CoalesceValues / CoalesceTables.
	Merge bool
	// Helm3 selects Helm v3.22.0 behaviour: chart-default nulls are not
	// cleaned away before coalescing.
	Helm3 bool
	// Warn, when set, receives each warning Helm would log, e.g. a
	// warning.DefaultNotTable for "mychart.a".
	Warn func(warning.Warning)
	// Ctx, when set, stops the work once it is done: it is checked every
	// few hundred keys, and Values returns its error.
	Ctx context.Context

	n   int   // keys visited since the last look at Ctx
	err error // Ctx's error, once seen
}

// stop counts one key and reports whether the work must stop because Ctx
// is done.
func (o *Options) stop() bool {
	if o == nil || o.Ctx == nil {
		return false
	}
	if o.err != nil {
		return true
	}
	o.n++
	if o.n&255 == 0 {
		o.err = o.Ctx.Err()
	}
	return o.err != nil
}

func (o *Options) warn(w warning.Warning) {
	if o.Warn != nil {
		w.Helm3 = o.Helm3
		o.Warn(w)
	}
}

// TypeMismatchError reports that the values destined for a subchart are not
// a table, e.g. after --set sub=5.
type TypeMismatchError struct {
	// Key is the subchart's name (the values key).
	Key string
	// Value is what was found there.
	Value any
}

// Error returns Helm's text, including its odd use of %t:
// "type mismatch on sub: %!t(int64=5)".
func (e *TypeMismatchError) Error() string {
	return fmt.Sprintf("type mismatch on %s: %t", e.Key, e.Value)
}

func concatPrefix(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

func isTable(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}
