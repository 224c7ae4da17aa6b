package strvals

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"testing"
)

func TestParseErrorFields(t *testing.T) {
	cases := []struct {
		mode, in string
		kind     error
		key      string
		offset   int
		msg      string
	}{
		{"set", `a`, ErrNoValue, "a", 1, `key "a" has no value`},
		{"set", `x=1,a.b,c=1`, ErrNoValue, "a.b", 8, `key "b" has no value (cannot end with ,)`},
		{"set", `a.=1`, ErrNoValue, "a", 4, `key map "a" has no value`},
		{"set", `a={b`, ErrUnterminatedList, "a", 4, `list must terminate with '}'`},
		{"set", `a[x]=1`, ErrInvalidIndex, "a", 4, `error parsing index: strconv.Atoi: parsing "x": invalid syntax`},
		{"set", `a[-1]=1`, ErrNegativeIndex, "a[-1]", 5, `negative -1 index not allowed`},
		{"set", `a.b[65537]=1`, ErrIndexTooLarge, "a.b[65537]", 12, `index of 65537 is greater than maximum supported index of 65536`},
		{"set", `a[0]x=1`, ErrUnexpectedData, "a[0]", 6, `unexpected data at end of array index: ['x']`},
		{"set", `a=1,a.b=2`, ErrTypeMismatch, "a", 6, `unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}`},
		{"set", `a\.b.c[2].d=1,a\.b.c[2].d.e=2`, ErrTypeMismatch, `a\.b.c[2].d`, 26, `unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}`},
		{"json", `a=[1`, ErrInvalidJSON, "a", 2, `unexpected EOF`},
		{"json", `a.b=x`, ErrInvalidJSON, "a.b", 4, `invalid character 'x' looking for beginning of value`},
	}
	for _, c := range cases {
		var err error
		if c.mode == "json" {
			err = ParseJSON(c.in, map[string]any{})
		} else {
			_, err = Parse(c.in)
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%q: %T %v is not a *ParseError", c.in, err, err)
		}
		if pe.Error() != c.msg || pe.Key != c.key || pe.Offset != c.offset || !errors.Is(err, c.kind) || pe.Err != c.kind {
			t.Errorf("%q: got msg %q key %q offset %d err %v", c.in, pe.Error(), pe.Key, pe.Offset, pe.Err)
		}
	}
}

func TestErrorCauses(t *testing.T) {
	_, err := Parse("a[99999999999999999999]=1")
	var ne *strconv.NumError
	if !errors.As(err, &ne) || !errors.Is(err, strconv.ErrRange) || !errors.Is(err, ErrInvalidIndex) {
		t.Errorf("index: %v", err)
	}
	err = ParseJSON("a=nope", map[string]any{})
	var se *json.SyntaxError
	if !errors.As(err, &se) || !errors.Is(err, ErrInvalidJSON) {
		t.Errorf("json: %v", err)
	}
	boom := errors.New("boom")
	_, err = ParseFile("a=x", func([]rune) (any, error) { return nil, boom })
	if !errors.Is(err, boom) || !errors.Is(err, ErrReader) || err.Error() != "boom" {
		t.Errorf("reader: %v", err)
	}
	// Helm v4 stops silently when the reader's error wraps io.EOF; v3 fails.
	weof := func([]rune) (any, error) { return "v", errors.Join(io.EOF) }
	if _, err := ParseFile("a=x,b=y", weof); err != nil {
		t.Errorf("v4 wrapped EOF: %v", err)
	}
	if _, err := (&Parser{Helm3: true}).ParseFile("a=x,b=y", weof); err == nil {
		t.Errorf("v3 wrapped EOF: no error")
	}
	// A nil reader fails like Helm's nil function call, without panicking.
	_, err = ParseFile("a=x", nil)
	if !errors.Is(err, ErrReader) || err.Error() != "unable to parse key: runtime error: invalid memory address or nil pointer dereference" {
		t.Errorf("nil reader: %v", err)
	}
	// Nil destination maps.
	if err := ParseInto("a=1", nil); !errors.Is(err, ErrNilMap) {
		t.Errorf("nil map: %v", err)
	}
}

func TestAllErrorsAreParseErrors(t *testing.T) {
	for _, c := range tableCases() {
		if c.err == "" || c.mode == "#" {
			continue
		}
		dest := newDest(c.pre, Parse, ParseJSON)
		var err error
		switch c.mode {
		case "set":
			err = ParseInto(c.in, dest)
		case "string":
			err = ParseIntoString(c.in, dest)
		case "json":
			err = ParseJSON(c.in, dest)
		case "literal":
			err = ParseLiteralInto(c.in, dest)
		case "file":
			err = ParseIntoFile(c.in, dest, testReader)
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Err == nil {
			t.Errorf("%s %q: %T %v", c.mode, c.in, err, err)
		}
	}
}

func TestParseAndParseIntoAgree(t *testing.T) {
	// Parse*/ParseFile/ParseLiteral return a fresh map equal to Parse*Into an empty map.
	in := `a=1,b.c[1]={x,y},d=null`
	m1, err1 := Parse(in)
	m2 := map[string]any{}
	err2 := ParseInto(in, m2)
	if dump(m1) != dump(m2) || err1 != nil || err2 != nil {
		t.Errorf("%s %v / %s %v", dump(m1), err1, dump(m2), err2)
	}
	s1, _ := ParseString(in)
	s2 := map[string]any{}
	_ = ParseIntoString(in, s2)
	if dump(s1) != dump(s2) {
		t.Errorf("%s / %s", dump(s1), dump(s2))
	}
	l1, _ := ParseLiteral(in)
	l2 := map[string]any{}
	_ = ParseLiteralInto(in, l2)
	if dump(l1) != dump(l2) {
		t.Errorf("%s / %s", dump(l1), dump(l2))
	}
	f1, _ := ParseFile(in, testReader)
	f2 := map[string]any{}
	_ = ParseIntoFile(in, f2, testReader)
	if dump(f1) != dump(f2) {
		t.Errorf("%s / %s", dump(f1), dump(f2))
	}
}
