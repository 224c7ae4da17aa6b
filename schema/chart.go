package schema

import (
	"context"

	"github.com/chartrender/chartrender/chart"
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
	if ctx == nil {
		ctx = context.Background()
	}
	var charts []*ChartError
	if err := v.walk(ctx, c, vals, &charts); err != nil {
		return err
	}
	if len(charts) == 0 {
		return nil
	}
	return &ValidationError{Charts: charts}
}

func (v *Validator) walk(ctx context.Context, c *chart.Chart, vals map[string]any, out *[]*ChartError) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c.Schema != nil {
		if err := v.ValidateAgainstSchema(ctx, c.Schema, vals); err != nil {
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
		if err := v.walk(ctx, sub, m, out); err != nil {
			return err
		}
	}
	return nil
}
