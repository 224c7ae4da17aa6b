package strvals

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary lines to every mode: no panic, every error a
// *ParseError, and bounded work (the limits keep memory and depth small).
func FuzzParse(f *testing.F) {
	for _, c := range tableCases() {
		if c.mode != "#" && len(c.in) < 200 {
			f.Add(c.in)
		}
	}
	f.Add("a[65536][65536][65536]=x")
	f.Add(`a[0].b[1]={x,y},c=\,d`)
	p := &Parser{MaxListElements: 1 << 20, MaxDepth: 500}
	reader := func(rs []rune) (any, error) {
		if len(rs) == 1 && rs[0] == 'E' {
			return nil, errors.New("reader error")
		}
		return string(rs), nil
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(err error) {
			var pe *ParseError
			if err != nil && (!errors.As(err, &pe) || pe.Err == nil) {
				t.Fatalf("%q: error %T %v is not a *ParseError with a kind", s, err, err)
			}
		}
		_, err := p.Parse(s)
		check(err)
		_, err = p.ParseString(s)
		check(err)
		check(p.ParseJSON(s, map[string]any{"a": []any{1.0}, "m": map[string]any{}}))
		_, err = p.ParseLiteral(s)
		check(err)
		_, err = p.ParseFile(s, reader)
		check(err)
		_, err = (&Parser{Helm3: true, MaxListElements: 1 << 20, MaxDepth: 500}).Parse(s)
		check(err)
	})
}
