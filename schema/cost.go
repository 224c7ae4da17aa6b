package schema

import (
	"context"
	"fmt"

	v5 "github.com/santhosh-tekuri/jsonschema/v5"
)

// DefaultMaxWork is the default of Validator.MaxWork. The largest
// validation in the corpus of real charts is estimated at about 2 MiB of
// work; a validation at the limit takes about a second and a few hundred
// MiB of memory.
const DefaultMaxWork = 256 << 20

// Costs of the underlying validator, in bytes it allocates, measured on
// jsonschema v5.3.1.
const (
	// costEval is what one evaluation of a schema on a value costs
	// besides the rest: its scope entry, result and closures.
	costEval = 480
	// costElem is the cost per element of an object or array value of
	// one evaluation: the validator records each property or item as not
	// yet evaluated, in a map made for every evaluation.
	costElem = 144
	// costError is the fixed part of one error value.
	costError = 240
)

// estimator walks a schema over values the way the underlying validator
// evaluates them, without validating anything but the types (a subschema
// whose type does not match stops there, in both), and adds up what the
// validation would cost: every subschema evaluation, the value sizes each
// evaluation copies, and the error each evaluation may build, whose
// keyword location the underlying validator concatenates hop by hop (a
// cost quadratic in the depth of the evaluation). It takes every branch of
// anyOf, oneOf and if/then/else, so its figure is an upper bound; it stops
// as soon as the figure passes the limit, so it costs at most about
// limit/costEval evaluations itself, and none of them allocates.
//
// The walk exists because the underlying validator builds an error tree
// for every branch that fails, also for the branches of anyOf and oneOf
// that are thrown away: nested combinators make that exponential in the
// nesting, and each error's location quadratic in the depth.
type estimator struct {
	ctx   context.Context
	limit int64
	used  int64
	evals int
	// scope are the schemas evaluated in place on the current value since
	// the last descent into a property or item: the underlying validator
	// stops with a loop error when one comes again.
	scope []*v5.Schema
	err   error
}

// errWorkLimit stops the walk.
type errWorkLimit struct{}

func (errWorkLimit) Error() string { return "work limit" }

// estimate returns the estimated cost of validating v against s, or an
// error when it is more than limit or ctx is done.
func estimate(ctx context.Context, s *v5.Schema, v any, limit int64) (int64, error) {
	e := &estimator{ctx: ctx, limit: limit}
	e.walk(s, v, 1, 0, false)
	if e.err != nil {
		return e.used, e.err
	}
	return e.used, nil
}

func (e *estimator) add(n int64) bool {
	e.used += n
	if e.used > e.limit {
		if e.err == nil {
			e.err = errWorkLimit{}
		}
		return false
	}
	return true
}

// walk charges the evaluation of s on v at scope depth depth, whose keyword
// location has kwLen bytes; inPlace says whether s applies to the same
// value as the schema before it (so it joins the loop-check scope).
// It returns false when the walk must stop.
func (e *estimator) walk(s *v5.Schema, v any, depth int, kwLen int, inPlace bool) bool {
	if e.err != nil {
		return false
	}
	e.evals++
	if e.evals&1023 == 0 && e.ctx != nil {
		if err := e.ctx.Err(); err != nil {
			e.err = err
			return false
		}
	}
	// The loop check scans the in-place scope; the validator panics when
	// the schema is already in it, which ends the whole validation.
	if !inPlace {
		saved := e.scope
		e.scope = nil
		defer func() { e.scope = saved }()
	}
	for _, x := range e.scope {
		if x == s {
			return false
		}
	}
	e.scope = append(e.scope, s)
	defer func() { e.scope = e.scope[:len(e.scope)-1] }()

	cost, errCost := evalCost(v, depth, kwLen, len(e.scope), s.Pattern != nil)
	if !e.add(cost) {
		return false
	}
	if s.Always != nil {
		return true
	}
	if len(s.Types) > 0 && !typeMatches(s.Types, v) {
		return true
	}

	// child charges the evaluation of sub on sv. wraps: a failure of sub
	// is wrapped in an error of its own here ($ref, allOf, not, then,
	// else); the errors of properties and items are passed up as they are,
	// and anyOf/oneOf add one error for all their branches.
	child := func(sub *v5.Schema, path int, sv any, inPlace, wraps bool) bool {
		if sub == nil {
			return true
		}
		if wraps && !e.add(errCost) {
			return false
		}
		return e.walk(sub, sv, depth+1, kwLen+path+1, inPlace)
	}

	switch x := v.(type) {
	case map[string]any:
		for name, sub := range s.Properties {
			if pv, ok := x[name]; ok {
				if !child(sub, len("properties/")+len(name), pv, false, false) {
					return false
				}
			}
		}
		if s.PropertyNames != nil {
			for name := range x {
				if !child(s.PropertyNames, len("propertyNames"), name, false, false) {
					return false
				}
			}
		}
		for re, sub := range s.PatternProperties {
			for name, pv := range x {
				if !e.add(int64(len(name))) {
					return false
				}
				if re.MatchString(name) {
					if !child(sub, len("patternProperties/")+len(re.String()), pv, false, false) {
						return false
					}
				}
			}
		}
		if sub, ok := s.AdditionalProperties.(*v5.Schema); ok {
			for name, pv := range x {
				if _, ok := s.Properties[name]; ok {
					continue
				}
				matched := false
				for re := range s.PatternProperties {
					if re.MatchString(name) {
						matched = true
						break
					}
				}
				if !matched && !child(sub, len("additionalProperties"), pv, false, false) {
					return false
				}
			}
		}
		for name, d := range s.Dependencies {
			if sub, ok := d.(*v5.Schema); ok {
				if _, ok := x[name]; ok && !child(sub, len("dependencies/")+len(name), x, true, true) {
					return false
				}
			}
		}
		for name, sub := range s.DependentSchemas {
			if _, ok := x[name]; ok && !child(sub, len("dependentSchemas/")+len(name), x, true, true) {
				return false
			}
		}
		if s.UnevaluatedProperties != nil {
			for _, pv := range x {
				if !child(s.UnevaluatedProperties, len("unevaluatedProperties"), pv, false, false) {
					return false
				}
			}
		}
	case []any:
		switch items := s.Items.(type) {
		case *v5.Schema:
			for _, it := range x {
				if !child(items, len("items"), it, false, false) {
					return false
				}
			}
		case []*v5.Schema:
			extra, _ := s.AdditionalItems.(*v5.Schema)
			for i, it := range x {
				sub := extra
				if i < len(items) {
					sub = items[i]
				} else if extra == nil {
					break
				}
				if !child(sub, len("additionalItems"), it, false, false) {
					return false
				}
			}
		}
		for i, it := range x {
			var sub *v5.Schema
			if i < len(s.PrefixItems) {
				sub = s.PrefixItems[i]
			} else if s.Items2020 != nil {
				sub = s.Items2020
			} else {
				break
			}
			if !child(sub, len("prefixItems/")+3, it, false, false) {
				return false
			}
		}
		if s.Contains != nil && (s.MinContains != -1 || s.MaxContains != -1) {
			for _, it := range x {
				if !child(s.Contains, len("contains"), it, false, false) {
					return false
				}
			}
		}
		if s.UnevaluatedItems != nil {
			for _, it := range x {
				if !child(s.UnevaluatedItems, len("unevaluatedItems"), it, false, false) {
					return false
				}
			}
		}
	}

	if !child(s.Ref, len("$ref"), v, true, true) || !child(s.RecursiveRef, len("$recursiveRef"), v, true, true) {
		return false
	}
	if r, ok := s.Extensions[cycleRefKeyword].(*cycleRef); ok {
		// A $ref that closes a cycle, renamed to an extension: it builds
		// its error before following the reference and walks the keyword
		// path to find the cycle.
		if !e.add(errCost+int64(kwLen)) || !child(r.target, len("$ref"), v, true, true) {
			return false
		}
	}
	if s.RecursiveRef != nil && s.RecursiveRef.RecursiveAnchor {
		// Resolved against the dynamic scope: any schema with a recursive
		// anchor may be the target; charge each one found in scope.
		for _, x := range e.scope {
			if x.RecursiveAnchor && x != s.RecursiveRef && !child(x, len("$recursiveRef"), v, true, true) {
				return false
			}
		}
	}
	if !child(s.DynamicRef, len("$dynamicRef"), v, true, true) || !child(s.Not, len("not"), v, true, true) {
		return false
	}
	for _, sub := range s.AllOf {
		if !child(sub, len("allOf/")+3, v, true, true) {
			return false
		}
	}
	for _, list := range [][]*v5.Schema{s.AnyOf, s.OneOf} {
		if len(list) > 0 && !e.add(errCost) {
			return false
		}
		for _, sub := range list {
			if !child(sub, len("anyOf/")+3, v, true, false) {
				return false
			}
		}
	}
	return child(s.If, len("if"), v, true, false) && child(s.Then, len("then"), v, true, true) && child(s.Else, len("else"), v, true, true)
}

// evalCost returns the charge of one evaluation of a schema on v at scope
// depth depth, whose keyword location has kwLen bytes, with scope schemas
// applied in place to v (itself included); pattern says whether the schema
// has a pattern. errCost is the part for the error the evaluation may
// build, charged again by a keyword that wraps a failure of a subschema.
func evalCost(v any, depth, kwLen, scope int, pattern bool) (cost, errCost int64) {
	// Keyword locations: every error built here concatenates the paths of
	// the scope, one hop at a time.
	errCost = int64(costError) + int64(depth)*int64(kwLen)/2 + int64(kwLen)
	cost = int64(costEval) + int64(scope) + int64(depth) + errCost
	switch x := v.(type) {
	case map[string]any:
		cost += costElem * int64(len(x))
	case []any:
		cost += costElem * int64(len(x))
	case string:
		if pattern {
			cost += int64(len(x))
		}
	}
	return cost, errCost
}

// typeMatches reports whether v has one of the JSON types, as the
// underlying validator decides it (integer: a number with no fraction).
func typeMatches(types []string, v any) bool {
	t := jsonTypeOf(v)
	for _, want := range types {
		if want == t || (want == "integer" && t == "number" && isInteger(v)) {
			return true
		}
	}
	return false
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "number"
}

// isInteger is an upper bound for the walk: when unsure, a number counts
// as an integer, so that the walk goes on into the subschema.
func isInteger(v any) bool {
	switch n := v.(type) {
	case float64:
		return n == float64(int64(n))
	}
	return true
}

// workError is the error of a validation the estimate refused.
func workError(need, limit int64) *LimitError {
	return &LimitError{What: "work", Need: need, Max: limit, Err: fmt.Errorf(
		"validating the values against this schema would take more than %d units of work (nested anyOf/oneOf/allOf or $ref chains over these values)", limit)}
}
