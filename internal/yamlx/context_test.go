package yamlx

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// bigValues returns a values document of more than bigDocument bytes, in
// block style (the fast decoder's) or flow style (yaml.v3's).
func bigValues(flow bool) []byte {
	var b strings.Builder
	if flow {
		b.WriteString("{")
	}
	for i := 0; b.Len() <= bigDocument; i++ {
		if flow {
			fmt.Fprintf(&b, "k%d: {a: v%d, b: [1, 2], c: \"x\"}, ", i, i)
		} else {
			fmt.Fprintf(&b, "k%d:\n  a: v%d\n  b: [1, 2]\n  c: 'x'\n", i, i)
		}
	}
	if flow {
		b.WriteString("z: 1}\n")
	}
	return []byte(b.String())
}

// A decode with a context gives what the decode without one gives, values
// and errors alike, and stops with the context's error once it is done.
func TestLoadValuesContext(t *testing.T) {
	broken := append(bigValues(true)[:bigDocument/2], "\n  - x: ]\n"...)
	for name, doc := range map[string][]byte{
		"block": bigValues(false), "flow": bigValues(true), "two documents": append(bigValues(false), "---\n"+string(bigValues(true))...),
		"broken": broken, "comments only": []byte(strings.Repeat("# c\n", bigDocument/4+1)),
	} {
		t.Run(name, func(t *testing.T) {
			want, wantErr := LoadValues(doc)
			ctx, cancel := context.WithCancel(context.Background())
			got, err := LoadValuesContext(ctx, doc)
			if !reflect.DeepEqual(got, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("with a context: %.200v, %v; without: %.200v, %v", got, err, want, wantErr)
			}
			got1, err1 := LoadValuesFirstContext(ctx, doc)
			want1, wantErr1 := LoadValuesFirst(doc)
			if !reflect.DeepEqual(got1, want1) || fmt.Sprint(err1) != fmt.Sprint(wantErr1) {
				t.Errorf("first document with a context: %v; without: %v", err1, wantErr1)
			}
			cancel()
			if _, err := LoadValuesContext(ctx, doc); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled: got %v", err)
			}
			if _, err := LoadValuesFirstContext(ctx, doc); !errors.Is(err, context.Canceled) {
				t.Errorf("first document, cancelled: got %v", err)
			}
		})
	}
}

// Each stage of a decode stops within the document when done is closed.
func TestDecodeStops(t *testing.T) {
	done := make(chan struct{})
	close(done)
	block, flow := bigValues(false), bigValues(true)
	if v, ok := fastDecodeAs(block, true, nil); !ok || v == nil {
		t.Fatal("the block document does not take the fast path")
	}
	if _, ok := fastDecodeAs(block, true, done); ok {
		t.Error("the fast decoder did not stop")
	}
	if _, err := decodeFrom(flow, flow, done); err != errDone {
		t.Errorf("yaml.v3's parse did not stop: %v", err)
	}
	d := decoder{budget: 4097, bytes: 1 << 20, done: done} // checked when the budget falls to a multiple of 4096
	if _, err := d.node(&yaml.Node{Kind: yaml.ScalarNode, Value: "x"}); err != errDone {
		t.Errorf("the conversion did not stop: %v", err)
	}
}
