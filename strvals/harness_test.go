package strvals

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The table tests run each case through this package and compare a typed
// rendering of the resulting map (see dump) and the error text with the
// values in the table. The same cases were run through Helm's own
// helm.sh/helm/v4/pkg/strvals (v4.3.1) and helm.sh/helm/v3/pkg/strvals
// (v3.22.0) by a scratch program outside this module, using identical
// dump/setup/reader code; every expectation below is Helm's output.
// Run `go test -run TestTable -strvals.export=FILE` to write the cases and
// this package's results as JSON lines for such a comparison.

var exportFile = flag.String("strvals.export", "", "write table cases and results as JSON lines to this file")

// tcase is one table row.
type tcase struct {
	mode string // set, string, json, literal, file
	pre  string // destination set-up, see newDest
	in   string
	want string // dump of the map after parsing (also after an error)
	err  string // error text; "" for none
	// err3 is the error under Helm3 when it differs from err ("-" for none).
	err3 string
	// want3 is the dump under Helm3 when it differs from want.
	want3 string
}

// newDest builds the destination map for a case:
//
//	""             an empty map
//	"nil"          a nil map
//	"set:LINE"     Parse(LINE)        (int64 numbers)
//	"json:LINE"    ParseJSON(LINE)    (float64 numbers)
//	"nilmap:K"     {K: map[string]any(nil)}
//	"strslice:K"   {K: []string{"x"}}
func newDest(pre string, parse func(string) (map[string]any, error), parseJSON func(string, map[string]any) error) map[string]any {
	kind, arg, _ := strings.Cut(pre, ":")
	switch kind {
	case "":
		return map[string]any{}
	case "nil":
		return nil
	case "set":
		m, err := parse(arg)
		if err != nil {
			panic(err)
		}
		return m
	case "json":
		m := map[string]any{}
		if err := parseJSON(arg, m); err != nil {
			panic(err)
		}
		return m
	case "nilmap":
		return map[string]any{arg: map[string]any(nil)}
	case "strslice":
		return map[string]any{arg: []string{"x"}}
	}
	panic("bad pre " + pre)
}

// testReader is the --set-file reader of the table: it returns "<path>"
// except for a few magic paths.
func testReader(rs []rune) (any, error) {
	switch p := string(rs); p {
	case "ERR":
		return nil, errors.New("boom")
	case "EOF":
		return "eof", io.EOF
	case "WEOF":
		return "weof", fmt.Errorf("read: %w", io.EOF)
	case "PANIC":
		panic("reader exploded")
	case "INT":
		return 42, nil
	default:
		return "<" + p + ">", nil
	}
}

// dump renders a value with its types: int64 as 1, float64 as float(1),
// strings quoted, maps with sorted keys, runs of 4 or more nils as null*N.
func dump(v any) string {
	var b strings.Builder
	dumpTo(&b, v)
	return b.String()
}

func dumpTo(b *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString("float(" + strconv.FormatFloat(v, 'g', -1, 64) + ")")
	case string:
		b.WriteString(strconv.Quote(v))
	case []any:
		b.WriteByte('[')
		for i := 0; i < len(v); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			n := 0
			for i+n < len(v) && v[i+n] == nil {
				n++
			}
			if n >= 4 {
				fmt.Fprintf(b, "null*%d", n)
				i += n - 1
				continue
			}
			dumpTo(b, v[i])
		}
		b.WriteByte(']')
	case map[string]any:
		if v == nil {
			b.WriteString("nilmap")
			return
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(k) + ":")
			dumpTo(b, v[k])
		}
		b.WriteByte('}')
	default:
		fmt.Fprintf(b, "%T(%v)", v, v)
	}
}

// runCase runs one case through p and returns the dump and error text.
func runCase(p *Parser, c tcase) (got, errText string) {
	dest := newDest(c.pre, p.Parse, p.ParseJSON)
	var err error
	switch c.mode {
	case "set":
		err = p.ParseInto(c.in, dest)
	case "string":
		err = p.ParseIntoString(c.in, dest)
	case "json":
		err = p.ParseJSON(c.in, dest)
	case "literal":
		err = p.ParseLiteralInto(c.in, dest)
	case "file":
		err = p.ParseIntoFile(c.in, dest, testReader)
	default:
		panic("bad mode " + c.mode)
	}
	if dest == nil {
		got = "nilmap"
	} else {
		got = dump(dest)
	}
	if err != nil {
		errText = err.Error()
	}
	return got, errText
}

type exportRow struct {
	Mode string `json:"mode"`
	Pre  string `json:"pre"`
	In   []byte `json:"in"` // bytes: the input may be invalid UTF-8
	Want string `json:"want"`
	Err  string `json:"err"`
	Err3 string `json:"err3"`
	Got  string `json:"got"`
	GErr string `json:"gerr"`
	Got3 string `json:"got3"`
	GEr3 string `json:"gerr3"`
	Wnt3 string `json:"want3"`
}

func exportCases(t *testing.T, cases []tcase) {
	if *exportFile == "" {
		return
	}
	f, err := os.Create(*exportFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, c := range cases {
		if c.mode == "#" {
			if err := enc.Encode(exportRow{Mode: c.mode, In: []byte(c.in)}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, gerr := runCase(&Parser{}, c)
		got3, gerr3 := runCase(&Parser{Helm3: true}, c)
		row := exportRow{c.mode, c.pre, []byte(c.in), c.want, c.err, c.err3, got, gerr, got3, gerr3, c.want3}
		if err := enc.Encode(row); err != nil {
			t.Fatal(err)
		}
	}
}
