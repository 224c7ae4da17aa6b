package values

import "github.com/chartrender/chartrender/internal/coalesce"

// NoTableError reports that a dotted path does not lead to a table:
// "\"b\" is not a table".
type NoTableError = coalesce.NoTableError

// NoValueError reports that a dotted path does not lead to a value:
// "\"b\" is not a value".
type NoValueError = coalesce.NoValueError

// Table returns the table at the dotted path name of v ("a.b" is table b in
// table a), as Helm's Values.Table does. The table is part of v, not a copy.
func Table(v map[string]any, name string) (map[string]any, error) {
	return coalesce.Table(v, name)
}

// PathValue returns the value at the dotted path of v, as Helm's
// Values.PathValue does: the path must end at a non-table value.
func PathValue(v map[string]any, path string) (any, error) {
	return coalesce.PathValue(v, path)
}
