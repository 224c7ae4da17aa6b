package schema

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

func TestLoader(t *testing.T) {
	ref := []byte(`{"properties":{"port":{"$ref":"other.json#/$defs/port"},"host":{"$ref":"https://example.com/host.json"}}}`)
	docs := map[string]string{
		"file:///other.json":            `{"$defs":{"port":{"type":"integer","minimum":1}}}`,
		"https://example.com/host.json": `{"type":"string","minLength":3}`,
	}
	vals := map[string]any{"port": 0.0, "host": "ab"}

	t.Run("no loader", func(t *testing.T) {
		err := ValidateAgainstSchema(ref, vals)
		var le *LoadError
		if !errors.As(err, &le) || !errors.Is(err, ErrNoLoader) {
			t.Fatalf("got %v", err)
		}
		// Helm's text starts the same way; its reason is the file system's.
		// Which of the two references is tried first is not fixed
		// (jsonschema walks properties in map order).
		if !strings.HasPrefix(err.Error(), `failing loading "file:///other.json": `) &&
			!strings.HasPrefix(err.Error(), `failing loading "https://example.com/host.json": `) {
			t.Errorf("got %q", err)
		}
	})
	t.Run("loader", func(t *testing.T) {
		var loaded []string
		v := Validator{Loader: func(url string) ([]byte, error) {
			loaded = append(loaded, url)
			if d, ok := docs[url]; ok {
				return []byte(d), nil
			}
			return nil, fmt.Errorf("not found")
		}}
		err := v.ValidateAgainstSchema(context.Background(), ref, vals)
		want := "- at '/host': minLength: got 2, want 3\n- at '/port': minimum: got 0, want 1"
		if err == nil || err.Error() != want {
			t.Fatalf("got %v, want %s", err, want)
		}
		if len(loaded) != 2 {
			t.Errorf("loaded %v", loaded)
		}
		// Compiled once: a second validation loads nothing.
		loaded = nil
		if err := v.ValidateAgainstSchema(context.Background(), ref, map[string]any{"port": 1.0, "host": "abc"}); err != nil {
			t.Error(err)
		}
		if len(loaded) != 0 {
			t.Errorf("loaded again: %v", loaded)
		}
	})
	t.Run("loader error", func(t *testing.T) {
		v := Validator{Loader: func(url string) ([]byte, error) { return nil, fmt.Errorf("boom") }}
		err := v.ValidateAgainstSchema(context.Background(), ref, vals)
		if err == nil || (err.Error() != `failing loading "file:///other.json": boom` &&
			err.Error() != `failing loading "https://example.com/host.json": boom`) {
			t.Errorf("got %v", err)
		}
	})
}

func TestURN(t *testing.T) {
	// Checked against helm v4.3.1: an unresolved urn: reference is replaced
	// by the permissive schema true, with one warning
	// (level=WARN msg="unresolved URN reference ignored; using permissive schema" urn=urn:example:foo).
	schemaJSON := []byte(`{"properties":{"a":{"$ref":"urn:example:foo"},"b":{"$ref":"urn:example:foo"},"c":{"type":"string"}}}`)
	var buf bytes.Buffer
	v := Validator{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}))}
	for range 3 {
		err := v.ValidateAgainstSchema(context.Background(), schemaJSON, map[string]any{"a": 1.0, "b": "x", "c": 1.0})
		if err == nil || err.Error() != "- at '/c': got number, want string" {
			t.Fatalf("got %v", err)
		}
	}
	// A different schema with the same URN: still warned only once.
	if err := v.ValidateAgainstSchema(context.Background(), []byte(`{"$ref":"urn:example:foo"}`), nil); err != nil {
		t.Fatal(err)
	}
	want := `level=WARN msg="unresolved URN reference ignored; using permissive schema" urn=urn:example:foo` + "\n"
	if buf.String() != want {
		t.Errorf("log %q, want %q", buf.String(), want)
	}

	t.Run("resolved by the loader", func(t *testing.T) {
		v := Validator{Loader: func(url string) ([]byte, error) {
			if url == "urn:example:foo" {
				return []byte(`{"type":"integer"}`), nil
			}
			return nil, errors.New("no")
		}}
		err := v.ValidateAgainstSchema(context.Background(), schemaJSON, map[string]any{"a": "x"})
		if err == nil || err.Error() != "- at '/a': got string, want integer" {
			t.Errorf("got %v", err)
		}
	})
}

func TestCompileCache(t *testing.T) {
	var v Validator
	a, err := v.Compile([]byte(`{"type":"object"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := v.Compile([]byte(`{"type":"object"}`))
	if a != b {
		t.Error("same schema compiled twice")
	}
	_, err1 := v.Compile([]byte(`{bad`))
	_, err2 := v.Compile([]byte(`{bad`))
	if err1 == nil || err1 != err2 {
		t.Errorf("errors %v %v", err1, err2)
	}
	var se *SchemaError
	if !errors.As(err1, &se) || se.Offset != 2 {
		t.Errorf("offset: %+v", se)
	}
}

func TestConcurrentValidation(t *testing.T) {
	var v Validator
	schemaJSON := []byte(`{"properties":{"n":{"type":"integer","maximum":10}}}`)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				n := float64(i + j)
				err := v.ValidateAgainstSchema(context.Background(), schemaJSON, map[string]any{"n": n})
				if (n > 10) != (err != nil) {
					t.Errorf("n=%v: %v", n, err)
				}
			}
		}()
	}
	wg.Wait()
}
