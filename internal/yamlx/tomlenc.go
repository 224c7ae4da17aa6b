package yamlx

import (
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A TOMLError is a failure of ToTOML. Helm's toToml returns the text of an
// encoder error as its result, but when the encoder panics (Panic true:
// toToml of nil, for example) the template fails with
// "error calling toToml: <text>".
type TOMLError struct {
	Msg   string
	Panic bool
}

func (e *TOMLError) Error() string { return e.Msg }

var (
	errTOMLNilElement = &TOMLError{Msg: "toml: cannot encode array with nil element"}
	errTOMLNoKey      = &TOMLError{Msg: "toml: top-level values must be Go maps or structs"}
	errTOMLNonString  = &TOMLError{Msg: "toml: cannot encode a map with non-string key type"}
)

// ToTOML encodes v the way Helm's toToml does (BurntSushi/toml v1.6.0's
// Encoder): at each level the keys holding plain values come first, then
// tables ([a], nested [a.b] indented by two spaces per level, with a blank
// line before each top-level table) and arrays of tables ([[a]]); map keys
// are sorted bytewise; nil values are left out; floats always carry a
// decimal point or an exponent (numbers from YAML are float64, so 3 is
// written 3.0). A scalar or a plain array at the top level is written bare.
//
// Maps with string keys, slices, arrays, strings, booleans, numbers and
// time.Time are supported; other types (structs) give a *TOMLError.
func ToTOML(v any) (string, error) {
	e := &tomlEncoder{}
	if err := e.top(v); err != nil {
		return "", err
	}
	return e.b.String(), nil
}

type tomlKind uint8

const (
	tomlNone tomlKind = iota // nil: skipped
	tomlScalar
	tomlArray
	tomlTable
	tomlTableArray
)

type tomlEncoder struct {
	b       strings.Builder
	written bool
}

func (e *tomlEncoder) write(s string) {
	e.b.WriteString(s)
	e.written = true
}

func (e *tomlEncoder) newline() {
	if e.written {
		e.b.WriteByte('\n')
	}
}

// deref removes interfaces and pointers; ok is false for a nil one.
func tomlDeref(rv reflect.Value) (reflect.Value, bool) {
	for rv.IsValid() && (rv.Kind() == reflect.Interface || rv.Kind() == reflect.Pointer) {
		if rv.IsNil() {
			return rv, false
		}
		rv = rv.Elem()
	}
	return rv, rv.IsValid()
}

func tomlIsNil(rv reflect.Value) bool {
	switch rv.Kind() {
	case reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return rv.IsNil()
	}
	return !rv.IsValid()
}

var tomlTimeType = reflect.TypeFor[time.Time]()

// kindOf classifies a value like the encoder's tomlTypeOfGo, including
// its check that arrays hold no nil element.
func tomlKindOf(rv reflect.Value) (tomlKind, error) {
	rv, ok := tomlDeref(rv)
	if !ok || tomlIsNil(rv) {
		return tomlNone, nil
	}
	switch rv.Kind() {
	case reflect.Map:
		return tomlTable, nil
	case reflect.Struct:
		if rv.Type() == tomlTimeType {
			return tomlScalar, nil
		}
		return tomlTable, nil
	case reflect.Slice, reflect.Array:
		if rv.Len() == 0 {
			return tomlArray, nil
		}
		tables := true
		for i := range rv.Len() {
			k, err := tomlKindOf(rv.Index(i))
			if err != nil {
				return 0, err
			}
			if k == tomlNone {
				return 0, errTOMLNilElement
			}
			if k != tomlTable {
				tables = false
			}
		}
		if tables {
			return tomlTableArray, nil
		}
		return tomlArray, nil
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return tomlScalar, nil
	}
	return 0, &TOMLError{Msg: "toml: unsupported type: " + rv.Kind().String(), Panic: true}
}

func (e *tomlEncoder) top(v any) error {
	if v == nil {
		return &TOMLError{Msg: "reflect: call of reflect.Value.Type on zero Value", Panic: true}
	}
	rv, ok := tomlDeref(reflect.ValueOf(v))
	if !ok {
		return nil // a nil pointer: nothing is written
	}
	switch rv.Kind() {
	case reflect.Map:
		if rv.IsNil() {
			return nil
		}
		return e.table([]string{}, rv, false)
	case reflect.Slice, reflect.Array:
		k, err := tomlKindOf(rv)
		if err != nil {
			return err
		}
		if k == tomlTableArray {
			return errTOMLNoKey
		}
	case reflect.Struct:
		if rv.Type() != tomlTimeType {
			return &TOMLError{Msg: "toml: structs are not supported"}
		}
	}
	return e.element(rv)
}

// encode writes the value at key (non-inline).
func (e *tomlEncoder) encode(key []string, rv reflect.Value) error {
	rv, ok := tomlDeref(rv)
	if !ok {
		return nil
	}
	switch rv.Kind() {
	case reflect.Map:
		if rv.IsNil() {
			return nil
		}
		if len(key) == 1 {
			e.newline()
		}
		e.write(tomlIndent(key) + "[" + tomlKeyPath(key) + "]")
		e.newline()
		return e.table(key, rv, false)
	case reflect.Slice, reflect.Array:
		k, err := tomlKindOf(rv)
		if err != nil {
			return err
		}
		if k == tomlTableArray {
			for i := range rv.Len() {
				el, _ := tomlDeref(rv.Index(i))
				e.newline()
				e.write(tomlIndent(key) + "[[" + tomlKeyPath(key) + "]]")
				e.newline()
				if err := e.table(key, el, false); err != nil {
					return err
				}
			}
			return nil
		}
	case reflect.Struct:
		if rv.Type() != tomlTimeType {
			return &TOMLError{Msg: "toml: structs are not supported"}
		}
	}
	e.write(tomlIndent(key) + tomlKeyPart(key[len(key)-1]) + " = ")
	if err := e.element(rv); err != nil {
		return err
	}
	e.newline()
	return nil
}

// table writes a map's entries: plain values first, then tables, each
// group sorted by key. Inline, it writes {k = v, ...}.
func (e *tomlEncoder) table(key []string, rv reflect.Value, inline bool) error {
	if rv.Type().Key().Kind() != reflect.String {
		return errTOMLNonString
	}
	var direct, sub []string
	for it := rv.MapRange(); it.Next(); {
		k, err := tomlKindOf(it.Value())
		if err != nil {
			return err
		}
		if k == tomlTable || k == tomlTableArray {
			sub = append(sub, it.Key().String())
		} else {
			direct = append(direct, it.Key().String())
		}
	}
	sort.Strings(direct)
	sort.Strings(sub)
	writeKeys := func(keys []string, trailingComma bool) error {
		for i, k := range keys {
			val, ok := tomlDeref(rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())))
			if !ok || tomlIsNil(val) {
				continue
			}
			if inline {
				e.write(tomlKeyPart(k) + " = ")
				if err := e.element(val); err != nil {
					return err
				}
				if trailingComma || i != len(keys)-1 {
					e.write(", ")
				}
				continue
			}
			if err := e.encode(append(key[:len(key):len(key)], k), val); err != nil {
				return err
			}
		}
		return nil
	}
	if inline {
		e.write("{")
	}
	if err := writeKeys(direct, len(sub) > 0); err != nil {
		return err
	}
	if err := writeKeys(sub, false); err != nil {
		return err
	}
	if inline {
		e.write("}")
	}
	return nil
}

// element writes a value in inline form.
func (e *tomlEncoder) element(rv reflect.Value) error {
	rv, ok := tomlDeref(rv)
	if !ok {
		return &TOMLError{Msg: "reflect: call of reflect.Value.Interface on zero Value", Panic: true}
	}
	switch rv.Kind() {
	case reflect.String:
		e.write(tomlQuote(rv.String()))
	case reflect.Bool:
		e.write(strconv.FormatBool(rv.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.write(strconv.FormatInt(rv.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.write(strconv.FormatUint(rv.Uint(), 10))
	case reflect.Float32:
		e.write(tomlFloat(rv.Float(), 32))
	case reflect.Float64:
		e.write(tomlFloat(rv.Float(), 64))
	case reflect.Slice, reflect.Array:
		e.write("[")
		for i := range rv.Len() {
			if err := e.element(rv.Index(i)); err != nil {
				return err
			}
			if i != rv.Len()-1 {
				e.write(", ")
			}
		}
		e.write("]")
	case reflect.Map:
		return e.table(nil, rv, true)
	case reflect.Struct:
		if rv.Type() == tomlTimeType {
			e.write(tomlTime(rv.Interface().(time.Time)))
			return nil
		}
		return &TOMLError{Msg: "toml: structs are not supported"}
	default:
		return &TOMLError{Msg: "toml: unexpected type: " + rv.Type().String(), Panic: true}
	}
	return nil
}

func tomlFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	case math.IsInf(f, 0):
		if math.Signbit(f) {
			return "-inf"
		}
		return "inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, bits)
	if strings.ContainsAny(s, "e.") {
		return s
	}
	return s + ".0"
}

// tomlTime formats a time as BurntSushi does: local date, time and
// date-time values (from FromTOML) keep their short forms.
func tomlTime(t time.Time) string {
	switch t.Location().String() {
	case tomlLocalDatetime:
		return t.In(time.UTC).Format("2006-01-02T15:04:05.999999999")
	case tomlLocalDate:
		return t.In(time.UTC).Format("2006-01-02")
	case tomlLocalTime:
		return t.In(time.UTC).Format("15:04:05.999999999")
	}
	return t.Format(time.RFC3339Nano)
}

func tomlIndent(key []string) string {
	return strings.Repeat("  ", len(key)-1)
}

func tomlKeyPath(key []string) string {
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = tomlKeyPart(k)
	}
	return strings.Join(parts, ".")
}

// tomlKeyPart writes a key bare when it only has A-Z a-z 0-9 _ -.
func tomlKeyPart(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return tomlQuote(k)
		}
	}
	return k
}

// tomlQuote writes a basic string with BurntSushi's escapes (bytewise:
// control characters and DEL escaped, everything else raw).
func tomlQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20 || c == 0x7F:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Names of the zones FromTOML gives to local dates and times (the same
// names BurntSushi/toml uses).
const (
	tomlLocalDatetime = "datetime-local"
	tomlLocalDate     = "date-local"
	tomlLocalTime     = "time-local"
)
