package values

import (
	"context"
	"errors"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/internal/coalesce"
	"github.com/chartrender/chartrender/warning"
)

// GlobalKey is the values key shared from a chart with all its subcharts.
const GlobalKey = coalesce.GlobalKey

// TypeMismatchError reports values for a subchart that are not a table,
// e.g. after --set sub=5: "type mismatch on sub: %!t(int64=5)".
type TypeMismatchError = coalesce.TypeMismatchError

// CoalesceOptions control Coalesce and MergeValues.
type CoalesceOptions struct {
	// Helm3 imitates Helm v3.22.0, which keeps the chart-default nulls that
	// Helm v4 removes: a default "c: null" stays in .Values as null, and a
	// parent's "sub: {k: null}" always deletes the subchart default k.
	Helm3 bool
	// Warn, when set, receives the warnings Helm logs while coalescing, e.g.
	// a warning.DefaultNotTable for "mychart.a", which Helm prints as
	// "warning: skipped value for mychart.a: Not a table." on stderr. They
	// never reach the rendered output.
	Warn func(warning.Warning)
}

// Coalesce computes the values a chart is rendered with (Helm's
// CoalesceValues): the user values win over the chart's values.yaml, maps are
// merged and everything else replaced, a user null deletes a key, each
// subchart's values live under its name (alias) with its own defaults
// filled in, and "global" flows from parents to subcharts.
//
// c should be the tree returned by chart.ProcessDependencies. Neither user
// nor anything in c is modified; the result is a new tree.
func Coalesce(c *chart.Chart, user map[string]any) (map[string]any, error) {
	return CoalesceOptions{}.Coalesce(c, user)
}

// MergeValues is Coalesce in Helm's merge mode: nulls are kept as values
// instead of deleting keys. Helm uses it for import-values.
func MergeValues(c *chart.Chart, user map[string]any) (map[string]any, error) {
	return CoalesceOptions{}.MergeValues(c, user)
}

// Coalesce is the package-level Coalesce with these options.
func (o CoalesceOptions) Coalesce(c *chart.Chart, user map[string]any) (map[string]any, error) {
	return o.run(context.Background(), c, user, false)
}

// CoalesceContext is Coalesce with a context: when ctx is done, the work
// stops (it is checked every few hundred keys) and ctx's error is
// returned.
func (o CoalesceOptions) CoalesceContext(ctx context.Context, c *chart.Chart, user map[string]any) (map[string]any, error) {
	return o.run(ctx, c, user, false)
}

// MergeValues is the package-level MergeValues with these options.
func (o CoalesceOptions) MergeValues(c *chart.Chart, user map[string]any) (map[string]any, error) {
	return o.run(context.Background(), c, user, true)
}

func (o CoalesceOptions) run(ctx context.Context, c *chart.Chart, user map[string]any, merge bool) (map[string]any, error) {
	if c == nil {
		return nil, errors.New("values: nil chart")
	}
	v, err := coalesce.Values(chartTree, c, user, coalesce.Options{Merge: merge, Helm3: o.Helm3, Warn: o.Warn, Ctx: ctx})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// chartTree is how package coalesce walks a chart tree (read-only).
var chartTree = coalesce.Tree[*chart.Chart]{
	Name:   (*chart.Chart).Name,
	Values: func(c *chart.Chart) map[string]any { return c.Values },
	Deps:   (*chart.Chart).Dependencies,
}
