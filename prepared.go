package chartrender

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/coalesce"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
)

// Processing dependencies and coalescing values copy the chart's default
// values several times over (every chart level coalesces its subtree to
// evaluate conditions, import-values coalesce again, and the final coalesce
// copies all of it once more). For a Renderer used again with the same
// user values, the result is the same every time, so the Renderer keeps the
// last one and hands it out again.
//
// Sharing it between renders is sound because nothing downstream writes to
// it: the engine refuses, in its parallel mode, any template function that
// would modify a map reachable from the render data and starts over in
// exact mode, which works on its own deep copy (engine.Render's contract);
// schema validation, the render object and the .Chart data only read. The
// cached copy of the user values holds only maps, lists and immutable
// scalars (anything else is never cached), so a caller changing its own
// maps after a render cannot make a stale entry look current.

// preparedValues is the outcome of dependency processing and coalescing
// for one set of user values.
type preparedValues struct {
	helm3    bool
	user     map[string]any // a private deep copy of the user values
	pc       *chart.Chart   // the processed chart
	vals     map[string]any // the coalesced values
	warnings []warning.Warning
}

// processValues enables, aliases and imports the subcharts of c and
// coalesces the values, as Helm does before rendering, or returns the
// Renderer's last result when the user values and dialect are the same.
// Warnings are given through warn in either case.
func (r *Renderer) processValues(ctx context.Context, o *Options, user map[string]any, warn func(warning.Warning)) (*chart.Chart, map[string]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	r.mu.Lock()
	p := r.prepared
	r.mu.Unlock()
	if p != nil && p.helm3 == o.Helm3 && sameValues(p.user, user) {
		for _, w := range p.warnings {
			warn(w)
		}
		return p.pc, p.vals, nil
	}
	var warnings []warning.Warning
	record := func(w warning.Warning) {
		warnings = append(warnings, w)
		warn(w)
	}
	pc, vals, err := processValuesOnce(ctx, r.chart, o, user, record)
	if err != nil {
		return nil, nil, err
	}
	if !r.oneOff && cacheable(user) {
		p := &preparedValues{helm3: o.Helm3, user: coalesce.DeepCopy(user), pc: pc, vals: vals, warnings: warnings}
		r.mu.Lock()
		r.prepared = p
		r.mu.Unlock()
	}
	return pc, vals, nil
}

// processValuesOnce is processValues without the cache.
func processValuesOnce(ctx context.Context, c *chart.Chart, o *Options, user map[string]any, warn func(warning.Warning)) (*chart.Chart, map[string]any, error) {
	pc, err := chart.DependencyOptions{Helm3: o.Helm3, Warn: warn}.ProcessDependenciesContext(ctx, c, user)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, nil, cerr
		}
		if o.Helm3 {
			return nil, nil, err
		}
		warn(warning.Warning{Kind: warning.DependenciesFailed, Detail: err.Error()})
		return nil, nil, fmt.Errorf("chart dependencies processing failed: %w", err)
	}
	vals, err := values.CoalesceOptions{Helm3: o.Helm3, Warn: warn}.CoalesceContext(ctx, pc, user)
	if err != nil {
		return nil, nil, err
	}
	return pc, vals, nil
}

// cacheable reports whether v holds only maps, lists and immutable
// scalars, so that a deep copy of it cannot change behind the cache's back
// and sameValues can compare it.
func cacheable(v any) bool {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			if !cacheable(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range x {
			if !cacheable(e) {
				return false
			}
		}
		return true
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, json.Number:
		return true
	}
	return false
}

// sameValues reports whether a and b are the same values: maps with the
// same keys, lists of the same length, and scalars of the same type that
// compare equal, all the way down. Anything cacheable does not accept is
// never the same (nor is NaN).
func sameValues(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !sameValues(xv, yv) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !sameValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case nil:
		return b == nil
	case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, json.Number:
		return a == b // interface comparison: same dynamic type and value
	}
	return false
}
