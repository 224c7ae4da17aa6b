package schema

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A schema of 100k properties compiles (in linear time) and validates as
// a small one does.
func TestLargeSchema(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"type":"object","properties":{`)
	for i := 0; i < 100000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"p%d":{"type":"string"}`, i)
	}
	b.WriteString(`},"additionalProperties":false}`)
	v := Validator{Timeout: -1} // no flaky timing on a loaded machine
	if err := v.ValidateAgainstSchema(context.Background(), []byte(b.String()), map[string]any{"p1": "x"}); err != nil {
		t.Fatal(err)
	}
	err := v.ValidateAgainstSchema(context.Background(), []byte(b.String()), map[string]any{"p1": 5, "q": 1})
	var ve *ValuesError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValuesError", err)
	}
	small := `{"type":"object","properties":{"p1":{"type":"string"}},"additionalProperties":false}`
	want := v.ValidateAgainstSchema(context.Background(), []byte(small), map[string]any{"p1": 5, "q": 1})
	if want == nil || err.Error() != want.Error() {
		t.Errorf("large schema: %v\nsmall schema: %v", err, want)
	}
}

func TestSameIn2019(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{`{"properties":{"a":{"type":"string"},"b":{"items":{"type":"integer"}}}}`, true},
		{`{"$schema":"https://json-schema.org/draft/2020-12/schema","properties":{"a":{}}}`, false},
		{`{"prefixItems":[{}]}`, false},
		{`{"properties":{"a":{"items":[{}]}}}`, false},
		{`{"$defs":{"x":{"$dynamicAnchor":"x"}}}`, false},
	}
	for _, tt := range tests {
		doc, err := decodeJSON([]byte(tt.doc))
		if err != nil {
			t.Fatal(err)
		}
		if got := sameIn2019(doc, 1); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.doc, got, tt.want)
		}
	}
}
