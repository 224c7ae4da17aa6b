package schema

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzValidate feeds arbitrary schema documents and values to a Validator
// with small limits: it must not panic, and every error must be one of the
// documented types with a non-empty message.
func FuzzValidate(f *testing.F) {
	for _, tc := range oracleCases {
		f.Add([]byte(tc.schema), []byte(tc.values))
	}
	f.Add([]byte(`{"$ref":"#"}`), []byte(`{}`))
	f.Add([]byte(`{"propertyNames":{"maxLength":1},"$schema":"http://json-schema.org/draft-07/schema#","dependencies":{"a":["b"]}}`), []byte(`{"ab":1}`))
	f.Fuzz(func(t *testing.T, schemaJSON, valuesJSON []byte) {
		var vals map[string]any
		if json.Unmarshal(valuesJSON, &vals) != nil {
			vals = map[string]any{"v": string(valuesJSON)}
		}
		v := Validator{MaxSteps: 20_000, Timeout: 2 * time.Second, MaxSchemaSize: 1 << 16}
		err := v.ValidateAgainstSchema(context.Background(), schemaJSON, vals)
		if err == nil {
			return
		}
		var (
			ve *ValuesError
			se *SchemaError
			le *LoadError
			li *LimitError
		)
		switch {
		case errors.As(err, &ve):
			for _, line := range ve.Lines() {
				if !strings.Contains(line, "- at '") {
					t.Fatalf("malformed line %q in\n%v", line, err)
				}
			}
		case errors.As(err, &se), errors.As(err, &le), errors.As(err, &li):
		default:
			t.Fatalf("unexpected error type %T: %v", err, err)
		}
		if err.Error() == "" {
			t.Fatal("empty error text")
		}
	})
}
