package values

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// ParseError reports a values file that is not valid YAML, or whose
// documents are not maps. Its text is Helm's: "failed to parse <path>: <err>".
type ParseError struct {
	// Path names the file, as given.
	Path string
	// Err is the YAML error.
	Err error
}

func (e *ParseError) Error() string { return fmt.Sprintf("failed to parse %s: %v", e.Path, e.Err) }

// Unwrap returns the YAML error.
func (e *ParseError) Unwrap() error { return e.Err }

// ParseOptions select which Helm's values-file dialect to read.
type ParseOptions struct {
	// Helm3 reads only the first YAML document of a file, as Helm v3.22.0
	// does. By default (Helm v4.3.1) every document is read and the
	// documents are merged in order, later ones winning.
	Helm3 bool
}

// Parse reads a values file as helm v4.3.1 reads -f files: YAML 1.1 typing
// (yes/no are bools, also as keys; every number is a float64; timestamps
// stay strings), every document merged in order. An empty file gives an
// empty map. name is used in the error only.
func Parse(data []byte, name string) (map[string]any, error) {
	return ParseOptions{}.Parse(data, name)
}

// Parse is the package-level Parse with these options.
func (o ParseOptions) Parse(data []byte, name string) (map[string]any, error) {
	return o.ParseContext(context.Background(), data, name)
}

// ParseContext is Parse that stops soon after ctx is done, and then
// returns ctx's error: between documents, and within a document every few
// thousand lines or values.
func (o ParseOptions) ParseContext(ctx context.Context, data []byte, name string) (map[string]any, error) {
	var (
		m   map[string]any
		err error
	)
	if o.Helm3 {
		m, err = yamlx.LoadValuesFirstContext(ctx, data)
	} else {
		m, err = yamlx.LoadValuesContext(ctx, data)
	}
	if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		return nil, ctxErr
	}
	if err != nil {
		return nil, &ParseError{Path: name, Err: err}
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// ReadFile reads and parses the values file at path (see Parse). A read
// error is returned as is, e.g. "open x.yaml: no such file or directory".
func ReadFile(path string) (map[string]any, error) {
	return ParseOptions{}.ReadFile(path)
}

// ReadFile is the package-level ReadFile with these options.
func (o ParseOptions) ReadFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return o.Parse(data, path)
}

// MergeMaps returns a new map holding a's entries overlaid with b's,
// merging recursively where both sides hold maps; any other value from b
// (lists included) replaces a's. Neither argument is modified, but maps
// that only one side holds are shared with the result. This is how Helm
// combines -f files and documents of one file.
func MergeMaps(a, b map[string]any) map[string]any {
	return yamlx.MergeMaps(a, b)
}
