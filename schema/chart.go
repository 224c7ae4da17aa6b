package schema

import (
	"context"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/warning"
)

// Validate checks vals, a chart's coalesced values, against the chart's
// values.schema.json and, recursively, each subchart's values against the
// subchart's schema, as Helm v4.3.1 does before rendering. It uses a new
// Validator with default settings; see Validator.Validate.
func Validate(c *chart.Chart, vals map[string]any) error {
	var v Validator
	return v.Validate(context.Background(), c, vals)
}

// ValidateChart is Validate with a context.
func ValidateChart(ctx context.Context, c *chart.Chart, vals map[string]any) error {
	var v Validator
	return v.Validate(ctx, c, vals)
}

// ValidateAgainstSchema checks vals against one schema document. It
// returns nil, a *ValuesError, a *SchemaError, a *LoadError or a
// *LimitError.
func ValidateAgainstSchema(schemaJSON []byte, vals map[string]any) error {
	var v Validator
	return v.ValidateAgainstSchema(context.Background(), schemaJSON, vals)
}

// ValidateAgainstSchema checks vals against one schema document, using the
// compiled-schema cache.
func (v *Validator) ValidateAgainstSchema(ctx context.Context, schemaJSON []byte, vals map[string]any) error {
	if ctx == nil {
		ctx = context.Background()
	}
	s, err := v.Compile(schemaJSON)
	if err != nil {
		return err
	}
	return s.ValidateContext(ctx, vals)
}

// reporter passes on, once per validation, the warnings Helm logs when it
// compiles the schemas.
type reporter struct {
	warn  func(warning.Warning)
	helm3 bool
	seen  map[string]bool
}

func (r *reporter) unresolved(chartName string, urns []string) {
	if r == nil || r.warn == nil {
		return
	}
	for _, u := range urns {
		if r.seen[u] {
			continue
		}
		if r.seen == nil {
			r.seen = map[string]bool{}
		}
		r.seen[u] = true
		r.warn(warning.Warning{Kind: warning.UnresolvedURN, Chart: chartName, Detail: u, Helm3: r.helm3})
	}
}

// Validate checks vals against the schema of c (when c has one:
// c.Schema != nil, even if empty), then, for each subchart of c in order,
// vals[<subchart name>] against the subchart's tree. Like Helm, a subchart
// whose values are absent or null is skipped, and one whose values are not
// a map is reported with a *TypeError. c must be the processed tree
// (disabled subcharts pruned, aliases applied).
//
// The error is nil or a *ValidationError collecting every chart's failure;
// a cancelled context stops the walk with the context's error. A nil ctx
// means context.Background().
func (v *Validator) Validate(ctx context.Context, c *chart.Chart, vals map[string]any) error {
	return v.ValidateWarn(ctx, c, vals, nil)
}

// ValidateWarn is Validate that also reports, to warn, what Helm logs
// while it compiles the schemas: each urn: reference replaced by the
// permissive schema (a warning.UnresolvedURN), once per URN in the call,
// also when the schema comes from the cache of compiled schemas. warn may
// be nil.
func (v *Validator) ValidateWarn(ctx context.Context, c *chart.Chart, vals map[string]any, warn func(warning.Warning)) error {
	if ctx == nil {
		ctx = context.Background()
	}
	var charts []*ChartError
	if err := v.walk(ctx, c, vals, &charts, &reporter{warn: warn, helm3: v.Helm3}); err != nil {
		return err
	}
	if len(charts) == 0 {
		return nil
	}
	return &ValidationError{Charts: charts}
}

func (v *Validator) walk(ctx context.Context, c *chart.Chart, vals map[string]any, out *[]*ChartError, r *reporter) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.Schema != nil {
		comp := v.compiled(c.Schema)
		r.unresolved(c.Name(), comp.urns)
		err := comp.err
		if err == nil {
			err = comp.s.ValidateContext(ctx, vals)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			*out = append(*out, &ChartError{Chart: c.Name(), Path: c.ChartPath(), Err: err})
		}
	}
	for _, sub := range c.Dependencies() {
		raw, ok := vals[sub.Name()]
		if !ok || raw == nil {
			continue
		}
		m, ok := raw.(map[string]any)
		if !ok {
			*out = append(*out, &ChartError{Chart: sub.Name(), Path: sub.ChartPath(), Err: &TypeError{Value: raw}})
			continue
		}
		if err := v.walk(ctx, sub, m, out, r); err != nil {
			return err
		}
	}
	return nil
}
