package schema

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// exponentialSchema returns a schema whose evaluation doubles at each of n
// levels: anyOf of two references to the next level, all failing.
func exponentialSchema(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"$defs":{`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, `"a%d":{"anyOf":[{"$ref":"#/$defs/a%d"},{"$ref":"#/$defs/a%d"}]},`, i, i+1, i+1)
	}
	fmt.Fprintf(&sb, `"a%d":{"type":"string"}},"$ref":"#/$defs/a0"}`, n)
	return []byte(sb.String())
}

func TestLimits(t *testing.T) {
	t.Run("exponential schema stops at MaxSteps", func(t *testing.T) {
		v := Validator{MaxSteps: 20_000, MaxWork: -1}
		err := v.ValidateAgainstSchema(context.Background(), exponentialSchema(40), map[string]any{})
		var le *LimitError
		if !errors.As(err, &le) || le.What != "steps" || !errors.Is(err, ErrLimit) {
			t.Fatalf("got %v", err)
		}
		// No wall-clock check: had the step budget not stopped it, the
		// validator's timeout would have, and What would be "time".
	})
	t.Run("timeout", func(t *testing.T) {
		v := Validator{Timeout: 2 * time.Second, MaxSteps: 1 << 30, MaxWork: -1}
		start := time.Now()
		err := v.ValidateAgainstSchema(context.Background(), exponentialSchema(60), map[string]any{})
		var le *LimitError
		if !errors.As(err, &le) || le.What != "time" {
			t.Fatalf("got %v", err)
		}
		// Generous: the bound is there to catch a validator that ignores its
		// timeout, not to time a busy machine.
		if d := time.Since(start); d > 15*time.Second {
			t.Errorf("took %v", d)
		}
		t.Logf("stopped after %v: %v", time.Since(start), err)
	})
	t.Run("context cancels", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var v Validator
		err := v.ValidateAgainstSchema(ctx, exponentialSchema(40), map[string]any{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("schema size", func(t *testing.T) {
		v := Validator{MaxSchemaSize: 100}
		err := v.ValidateAgainstSchema(context.Background(), []byte(`{"description":"`+strings.Repeat("x", 200)+`"}`), nil)
		var le *LimitError
		if !errors.As(err, &le) || le.What != "schema size" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("deeply nested schema", func(t *testing.T) {
		// A failing chain of nested schemas costs the cube of its depth;
		// the depth is limited (real charts nest at most 15 levels).
		nest := func(depth int) []byte {
			return []byte(strings.Repeat(`{"allOf":[`, depth) + `{"type":"string"}` + strings.Repeat(`]}`, depth))
		}
		err := ValidateAgainstSchema(nest(100), map[string]any{})
		if err == nil || !strings.HasPrefix(err.Error(), "- at '': 'allOf' failed\n  - at '': 'allOf' failed") {
			t.Fatalf("got %.200v", err)
		}
		var le *LimitError
		err = ValidateAgainstSchema(nest(1000), map[string]any{})
		if !errors.As(err, &le) || le.What != "schema depth" {
			t.Fatalf("got %.200v", err)
		}
		err = ValidateAgainstSchema([]byte(strings.Repeat(`[`, 20000)+strings.Repeat(`]`, 20000)), map[string]any{})
		var se *SchemaError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "exceeded max depth") {
			t.Fatalf("got %.200v", err)
		}
	})
	t.Run("long $ref chain", func(t *testing.T) {
		// Each hop of a $ref chain adds to the keyword location the
		// underlying validator builds for every failure; the timeout
		// bounds the cost.
		var sb strings.Builder
		sb.WriteString(`{"$defs":{`)
		n := 3000
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, `"d%d":{"$ref":"#/$defs/d%d"},`, i, i+1)
		}
		fmt.Fprintf(&sb, `"d%d":{"type":"string"}},"$ref":"#/$defs/d0"}`, n)
		v := Validator{Timeout: time.Second, MaxWork: -1}
		start := time.Now()
		err := v.ValidateAgainstSchema(context.Background(), []byte(sb.String()), map[string]any{})
		if err == nil {
			t.Fatal("no error")
		}
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("took %v: %.200v", d, err)
		}
		// With the default work limit, it is refused before validating.
		err = ValidateAgainstSchema([]byte(sb.String()), map[string]any{})
		var le *LimitError
		if !errors.As(err, &le) || le.What != "work" {
			t.Fatalf("got %.200v", err)
		}
	})
	t.Run("deep values", func(t *testing.T) {
		v := Validator{MaxDepth: 100}
		var deep any = "x"
		for i := 0; i < 200; i++ {
			deep = map[string]any{"a": deep}
		}
		err := v.ValidateAgainstSchema(context.Background(), []byte(`{"$defs":{"n":{"properties":{"a":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}`), deep.(map[string]any))
		var le *LimitError
		if !errors.As(err, &le) || le.What != "values depth" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("recursive schema over deep values", func(t *testing.T) {
		// 200 levels: the errors of the underlying validator cost the cube
		// of the depth (each one's keyword location is concatenated hop by
		// hop), and at 300 levels the estimate passes the work limit.
		var deep any = 1.0
		for i := 0; i < 200; i++ {
			deep = map[string]any{"a": deep}
		}
		err := ValidateAgainstSchema([]byte(`{"$defs":{"n":{"type":"object","properties":{"a":{"$ref":"#/$defs/n"}}}},"$ref":"#/$defs/n"}`), deep.(map[string]any))
		if err == nil || !strings.HasSuffix(err.Error(), "got number, want object") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("regexp on long input", func(t *testing.T) {
		// Go's regexp runs in linear time: no catastrophic backtracking.
		start := time.Now()
		err := ValidateAgainstSchema([]byte(`{"properties":{"a":{"pattern":"^(a+)+$"}}}`),
			map[string]any{"a": strings.Repeat("a", 100000) + "b"})
		if err == nil {
			t.Fatal("no error")
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("huge regexp", func(t *testing.T) {
		err := ValidateAgainstSchema([]byte(`{"properties":{"a":{"pattern":"((a{1000}){1000}){1000}"}}}`), map[string]any{"a": "x"})
		var se *SchemaError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "is not valid regex") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestUnstableIDs(t *testing.T) {
	// These ids send the underlying validator into endless recursion; helm
	// v4.3.1 accepts them (checked: each reports "- at '/a': got number,
	// want string" for a: 1).
	for _, id := range []string{"?", "?#", "file:///values.schema.json?", "file:///x/../values.schema.json"} {
		b, _ := json.Marshal(id)
		schemaJSON := `{"$id":` + string(b) + `,"properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string"}}}`
		err := ValidateAgainstSchema([]byte(schemaJSON), map[string]any{"a": 1.0})
		if err == nil || err.Error() != "- at '/a': got number, want string" {
			t.Errorf("$id %q: got %v", id, err)
		}
	}
}

// refTree returns a schema of n levels of $defs, each a combinator (anyOf,
// allOf, oneOf) of fan references to the next level; the last level is
// leaf.
func refTree(n, fan int, comb, leaf string) []byte {
	var sb strings.Builder
	sb.WriteString(`{"$defs":{`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, `"a%d":{"%s":[`, i, comb)
		for j := 0; j < fan; j++ {
			if j > 0 {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, `{"$ref":"#/$defs/a%d"}`, i+1)
		}
		sb.WriteString("]},")
	}
	fmt.Fprintf(&sb, `"a%d":%s},"$ref":"#/$defs/a0"}`, n, leaf)
	return []byte(sb.String())
}

// TestWorkLimit: schemas whose validation would be exponential, or whose
// errors would be huge, are refused by the estimate before the validator
// runs; schemas of the same shapes but small validate as before.
func TestWorkLimit(t *testing.T) {
	bigObject := map[string]any{}
	for i := 0; i < 100_000; i++ {
		bigObject[fmt.Sprint("k", i)] = 1.0
	}
	bigArray := make([]any, 100_000)
	for i := range bigArray {
		bigArray[i] = 1.0
	}
	inline := func(comb string, depth int) []byte {
		return []byte(strings.Repeat(`{"`+comb+`":[{"type":"string"},`, depth) + `{"type":"string"}` + strings.Repeat(`]}`, depth))
	}
	tests := []struct {
		name   string
		schema []byte
		vals   map[string]any
		refuse bool   // refused by the work limit
		prefix string // else: the start of the error text ("" for none)
	}{
		{"anyOf tree", refTree(40, 2, "anyOf", `{"type":"string"}`), map[string]any{}, true, ""},
		{"allOf tree", refTree(40, 2, "allOf", `{"type":"string"}`), map[string]any{}, true, ""},
		{"oneOf tree", refTree(40, 2, "oneOf", `{"type":"string"}`), map[string]any{}, true, ""},
		{"wide oneOf tree", refTree(8, 10, "oneOf", `{"type":"string"}`), map[string]any{}, true, ""},
		{"anyOf tree the values satisfy", refTree(40, 2, "anyOf", `{"type":"object"}`), map[string]any{}, true, ""},
		{"$ref chain", refTree(3000, 1, "allOf", `{"type":"string"}`), map[string]any{}, true, ""},
		{"anyOf over a big object", refTree(12, 2, "anyOf", `{"type":"string"}`), bigObject, true, ""},
		{"oneOf over a big array", []byte(`{"properties":{"a":{"items":{"oneOf":[{"type":"string"},{"type":"boolean"},{"anyOf":[{"type":"string"},{"type":"boolean"}]}]}}}}`),
			map[string]any{"a": bigArray}, true, ""},
		{"small anyOf tree", refTree(6, 2, "anyOf", `{"type":"string"}`), map[string]any{}, false, "- at '': 'anyOf' failed\n  - at '': 'anyOf' failed"},
		{"small oneOf tree satisfied", refTree(6, 2, "oneOf", `{"type":"object"}`), map[string]any{}, false, "- at '': 'oneOf' failed"},
		{"nested inline anyOf", inline("anyOf", 100), map[string]any{}, false, "- at '': 'anyOf' failed\n  - at '': got object, want string"},
		{"nested inline allOf", inline("allOf", 100), map[string]any{}, false, "- at '': 'allOf' failed"},
		{"small $ref chain", refTree(100, 1, "allOf", `{"type":"string"}`), map[string]any{}, false, "- at '': 'allOf' failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v Validator
			err := v.ValidateAgainstSchema(context.Background(), tt.schema, tt.vals)
			var le *LimitError
			if tt.refuse {
				if !errors.As(err, &le) || le.What != "work" || !errors.Is(err, ErrLimit) {
					t.Fatalf("got %.300v, want the work limit", err)
				}
				if le.Need <= le.Max || le.Max != DefaultMaxWork {
					t.Errorf("Need %d, Max %d", le.Need, le.Max)
				}
				if !strings.Contains(err.Error(), "--max-schema-work") || !strings.Contains(err.Error(), "Options.MaxSchemaWork") {
					t.Errorf("the error does not say how to raise the limit: %v", err)
				}
				// Without the limit, the validator itself runs (and is
				// stopped by its step budget or timeout, or finishes).
				return
			}
			if errors.As(err, &le) {
				t.Fatalf("refused: %v", err)
			}
			if tt.prefix == "" && err != nil || tt.prefix != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.prefix)) {
				t.Fatalf("got %.300v, want %q...", err, tt.prefix)
			}
		})
	}
}

// countdownCtx is a context whose Err turns to context.Canceled after n
// calls.
type countdownCtx struct {
	context.Context
	n int
}

func (c *countdownCtx) Err() error {
	c.n--
	if c.n < 0 {
		return context.Canceled
	}
	return nil
}

// The work estimate and the validation both stop when the context is done.
func TestValidationContext(t *testing.T) {
	tree := refTree(40, 2, "anyOf", `{"type":"string"}`)
	for _, work := range []int64{1 << 40, -1} {
		v := Validator{MaxWork: work, MaxSteps: 1 << 30, Timeout: -1}
		err := v.ValidateAgainstSchema(&countdownCtx{Context: context.Background(), n: 5}, tree, map[string]any{})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("MaxWork %d: got %.200v", work, err)
		}
	}
}
