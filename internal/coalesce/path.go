package coalesce

import (
	"errors"
	"fmt"
	"strings"
)

// NoTableError reports that a dotted table path does not lead to a table
// (Helm's ErrNoTable).
type NoTableError struct{ Key string }

func (e *NoTableError) Error() string { return fmt.Sprintf("%q is not a table", e.Key) }

// NoValueError reports that a dotted path does not lead to a non-table value
// (Helm's ErrNoValue).
type NoValueError struct{ Key string }

func (e *NoValueError) Error() string { return fmt.Sprintf("%q is not a value", e.Key) }

// ErrEmptyPath is returned by PathValue for the empty path.
var ErrEmptyPath = errors.New("YAML path cannot be empty")

// Table returns the table at the dotted path name ("a.b" is table b inside
// table a). The returned map is part of v, not a copy.
func Table(v map[string]any, name string) (map[string]any, error) {
	t := v
	for _, k := range strings.Split(name, ".") {
		x, ok := t[k]
		if !ok {
			return nil, &NoTableError{Key: k}
		}
		m, ok := x.(map[string]any)
		if !ok {
			return nil, &NoTableError{Key: k}
		}
		t = m
	}
	return t, nil
}

// PathValue returns the non-table value at the dotted path. A path that is
// missing, or that ends at a table, yields a *NoValueError naming the last
// key.
func PathValue(v map[string]any, path string) (any, error) {
	if path == "" {
		return nil, ErrEmptyPath
	}
	keys := strings.Split(path, ".")
	last := keys[len(keys)-1]
	t := v
	if len(keys) > 1 {
		var err error
		if t, err = Table(v, strings.Join(keys[:len(keys)-1], ".")); err != nil {
			return nil, &NoValueError{Key: last}
		}
	}
	if x, ok := t[last]; ok && !isTable(x) {
		return x, nil
	}
	return nil, &NoValueError{Key: last}
}
