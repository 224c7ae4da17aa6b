// Package strvals parses the values given on a helm command line with
// --set, --set-string, --set-json, --set-file and --set-literal, exactly as
// Helm v4.3.1's pkg/strvals does: same grammar, same value types, same
// limits, same error messages, and the same in-place deep set into an
// existing map.
//
// # Grammar
//
// A line is a comma-separated list of key=value pairs:
//
//	name=value,outer.inner=value,list[0]=value,list[1].name=value,tags={a,b}
//
// A key is a chain of names separated by '.', and of list indices "[n]";
// an index may follow a name or another index ("m[0][2]"). A name ends at
// '=', '[', ',' or '.'. A backslash makes the next character ordinary, in
// names and values alike ("a\.b=1" sets the key "a.b"; "v=x\,y" sets
// "x,y"); a trailing lone backslash is dropped. Spaces are never trimmed.
// A value ends at ','; a value starting with '{' is a list whose items end
// at ',' or '}'. A key with an empty name is skipped silently ("=1").
//
// Values of Parse and ParseInto are typed: true and false (in any case)
// become bool, null (in any case) nil, decimal integers that do not start
// with '0' (and "0" itself) int64; everything else, including floats,
// "007" and integers that overflow int64, stays a string. ParseString
// keeps every value a string; ParseJSON reads one JSON value per key
// (numbers are float64); ParseFile hands each raw value to a reader
// function; ParseLiteral takes everything after the first '=' as one
// string, with no escapes, no commas and no lists. The results hold only
// the JSON data model: map[string]any, []any, string, bool, nil, int64 and
// float64 (plus whatever a ParseFile reader returns).
//
// An index pads the list with nils ("a[2]=x" gives [nil nil "x"]) and
// overwrites an existing element in place; "a[0].b=1" creates or merges a
// map element, replacing a non-map element. Walking into an existing
// value of the wrong kind ("a=1,a.b=2") is an error.
//
// # Errors
//
// Every error is a *ParseError. Its Error method returns Helm's exact
// message, e.g. `key "a" has no value`,
// `index of 65537 is greater than maximum supported index of 65536` or
// `unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}`
// (Helm obtains the last by recovering a runtime panic; this package
// detects the condition without panicking). Its Err field is a sentinel
// such as ErrIndexTooLarge, usable with errors.Is, and its Key and Offset
// fields locate the problem. As in Helm, the map holds whatever was set
// before the error.
//
// Quirks reproduced on purpose: input that ends inside an index ("a[0")
// is accepted silently (Helm v4; Helm v3 reports "error parsing index:
// EOF", see Parser.Helm3); "a[0]" and "a." alone set nothing or an empty
// list without error; after a --set-json value, parsing continues right
// after the JSON value even without a comma ("a=1b=2" sets a and b).
//
// # Limits
//
// Like Helm, a list index above 65536 (MaxIndex) and a key with more than
// 30 dotted levels (MaxNestedNameLevel) are errors. Helm puts no bound on
// the total list storage a line may allocate (each "[65536]" costs about
// 1 MiB, and "a[65536][65536]..." or "a[65536]=x,b[65536]=x,..." repeat it
// per few bytes of input) nor on the depth of "[0][0][0]..." nesting
// (which can exhaust the goroutine stack). This package adds three limits,
// far above any realistic command line, which are its only behavioural
// differences from Helm: at most DefaultMaxListElements list slots
// allocated per call (ErrTooManyListElements), a key path depth of at
// most DefaultMaxDepth (ErrTooDeep), and lines of at most DefaultMaxBytes
// (ErrTooLong; Linux passes at most 128 KiB in one argument, and the values
// a line builds take up to fifty times its length). A Parser can change or
// remove them. Parsing is otherwise linear in the length of the input, and
// the Context forms (ParseIntoContext, ...) stop within a line once their
// context is done.
//
// Helm's package also has ToYAML (Parse, then YAML); it is not provided
// here, as it is just Parse followed by a YAML marshaller.
package strvals
