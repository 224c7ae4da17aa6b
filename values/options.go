package values

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/chartrender/chartrender/internal/coalesce"
	"github.com/chartrender/chartrender/strvals"
)

// Options are the user-supplied values of helm template's value flags.
// Each field lists the flag's arguments in command-line order.
type Options struct {
	// Base is the bottom layer, for values a program already holds as data
	// (what Helm's SDK takes as its vals argument): the layers below are
	// merged over a deep copy of it, and Base itself is never modified.
	Base map[string]any

	ValueFiles    []string // -f/--values: paths ("-" is stdin)
	Values        []string // --set
	StringValues  []string // --set-string
	FileValues    []string // --set-file: key=path pairs
	JSONValues    []string // --set-json: key=json pairs, or (v4) a JSON object
	LiteralValues []string // --set-literal

	// Helm3 imitates Helm v3.22.0: only the first document of each -f file
	// counts, and --set-json does not accept a whole JSON object.
	Helm3 bool

	// MaxFlagBytes bounds the length of each --set, --set-string,
	// --set-file, --set-json and --set-literal argument; 0 means
	// strvals.DefaultMaxBytes (1 MiB, eight times what Linux passes to a
	// program in one argument), a negative value removes the limit. Helm
	// has none.
	MaxFlagBytes int
}

// FlagError is a value flag that could not be parsed. Its text is Helm's,
// e.g. "failed parsing --set data: key "a" has no value".
type FlagError struct {
	// Flag is the flag, e.g. "--set-json".
	Flag string
	// Value is the argument that failed.
	Value string
	// Err is the underlying error. Helm leaves it out of the text for
	// --set-json; it is kept here for errors.Is/As.
	Err error

	msg string
}

func (e *FlagError) Error() string { return e.msg }

// Unwrap returns the underlying error.
func (e *FlagError) Unwrap() error { return e.Err }

// Merge builds the user values map as Helm does, in a fixed order by flag
// type regardless of the order on the command line: -f files (merged with
// MergeMaps, later wins), then --set-json, --set, --set-string, --set-file
// and --set-literal, each parsed into the map built so far (deep-setting
// into existing maps and lists).
//
// readFile reads -f files and --set-file paths; it receives the path as given,
// except that a path that is "-" once trimmed is passed as "-", meaning
// standard input. If readFile is nil, files are read with os.ReadFile and
// "-" from os.Stdin. URLs are not fetched unless readFile does so. Errors
// from readFile are returned as they are for -f, and wrapped in a FlagError
// for --set-file, as Helm does.
func (o Options) Merge(readFile func(path string) ([]byte, error)) (map[string]any, error) {
	return o.MergeContext(context.Background(), readFile)
}

// MergeContext is Merge that stops soon after ctx is done, and then
// returns ctx's error: before each file and flag, and within a large
// values file (see ParseOptions.ParseContext).
func (o Options) MergeContext(ctx context.Context, readFile func(path string) ([]byte, error)) (map[string]any, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if readFile == nil {
		readFile = readLocal
	}
	read := func(path string) ([]byte, error) {
		if strings.TrimSpace(path) == "-" {
			path = "-"
		}
		return readFile(path)
	}
	parser := ParseOptions{Helm3: o.Helm3}
	flags := flagParser{Parser: &strvals.Parser{MaxBytes: o.MaxFlagBytes}}
	base := map[string]any{}
	if o.Base != nil {
		base = coalesce.DeepCopy(o.Base)
	}

	for _, path := range o.ValueFiles {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := read(path)
		if err != nil {
			return nil, err
		}
		m, err := parser.ParseContext(ctx, data, path)
		if err != nil {
			return nil, err
		}
		base = MergeMaps(base, m)
	}

	for _, value := range o.JSONValues {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := flags.checkLength("--set-json", value); err != nil {
			return nil, err
		}
		trimmed := strings.TrimSpace(value)
		if !o.Helm3 && strings.HasPrefix(trimmed, "{") {
			var m map[string]any
			if err := json.Unmarshal([]byte(trimmed), &m); err != nil {
				return nil, &FlagError{Flag: "--set-json", Value: value, Err: err,
					msg: "failed parsing --set-json data JSON: " + value}
			}
			base = MergeMaps(base, m)
			continue
		}
		if err := flags.ParseJSONContext(ctx, value, base); err != nil {
			if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
				return nil, err
			}
			return nil, &FlagError{Flag: "--set-json", Value: value, Err: err,
				msg: "failed parsing --set-json data " + value}
		}
	}

	steps := []struct {
		flag   string
		values []string
		parse  func(context.Context, string, map[string]any) error
	}{
		{"--set", o.Values, flags.ParseIntoContext},
		{"--set-string", o.StringValues, flags.ParseIntoStringContext},
		{"--set-file", o.FileValues, func(ctx context.Context, s string, dest map[string]any) error {
			return flags.ParseIntoFileContext(ctx, s, dest, func(rs []rune) (any, error) {
				data, err := read(string(rs))
				if err != nil {
					return nil, err
				}
				return string(data), nil
			})
		}},
		{"--set-literal", o.LiteralValues, flags.ParseLiteralIntoContext},
	}
	for _, step := range steps {
		for _, value := range step.values {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if err := flags.checkLength(step.flag, value); err != nil {
				return nil, err
			}
			if err := step.parse(ctx, value, base); err != nil {
				if cerr := ctx.Err(); cerr != nil && errors.Is(err, cerr) {
					return nil, err
				}
				return nil, &FlagError{Flag: step.flag, Value: value, Err: err,
					msg: fmt.Sprintf("failed parsing %s data: %v", step.flag, err)}
			}
		}
	}
	return base, nil
}

// flagParser parses the --set family's arguments with the limits of
// Options.
type flagParser struct{ *strvals.Parser }

// checkLength refuses a flag's argument longer than the parser's MaxBytes,
// for the forms that do not go through the parser (a --set-json object).
func (f flagParser) checkLength(flag, value string) error {
	max := f.MaxBytes
	if max == 0 {
		max = strvals.DefaultMaxBytes
	}
	if max < 0 || len(value) <= max {
		return nil
	}
	return &FlagError{Flag: flag, Value: value, Err: strvals.ErrTooLong,
		msg: fmt.Sprintf("failed parsing %s data: the value is %d bytes long, more than the limit of %d bytes "+
			"(raise it with Options.MaxFlagBytes; -1 removes it)", flag, len(value), max)}
}

func readLocal(path string) ([]byte, error) {
	return ReadFileLimited(path, os.Stdin, DefaultMaxFileBytes)
}
