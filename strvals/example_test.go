package strvals_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/chartrender/chartrender/strvals"
)

// show prints a value as JSON (with sorted map keys).
func show(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))
}

func ExampleParse() {
	vals, err := strvals.Parse(`name=web,replicas=3,image.tag=1.25,debug=true,ports={80,443},env[1].name=B`)
	if err != nil {
		panic(err)
	}
	show(vals)
	fmt.Printf("%T %T\n", vals["replicas"], vals["image"].(map[string]any)["tag"])
	// Output:
	// {"debug":true,"env":[null,{"name":"B"}],"image":{"tag":"1.25"},"name":"web","ports":[80,443],"replicas":3}
	// int64 string
}

func ExampleParseString() {
	vals, _ := strvals.ParseString(`replicas=3,debug=true,nothing=null`)
	show(vals)
	// Output:
	// {"debug":"true","nothing":"null","replicas":"3"}
}

func ExampleParseInto() {
	// Values from a values file, then a --set flag on top (a deep set).
	dest := map[string]any{
		"image": map[string]any{"repository": "nginx", "tag": "1.0"},
		"args":  []any{"a", "b", "c"},
	}
	if err := strvals.ParseInto(`image.tag=2.0,args[1]=B`, dest); err != nil {
		panic(err)
	}
	show(dest)
	// Output:
	// {"args":["a","B","c"],"image":{"repository":"nginx","tag":"2.0"}}
}

func ExampleParseJSON() {
	dest := map[string]any{}
	err := strvals.ParseJSON(`resources={"limits":{"cpu":"1"}},ports=[80,443],none=`, dest)
	if err != nil {
		panic(err)
	}
	show(dest)
	fmt.Printf("%T\n", dest["ports"].([]any)[0])
	// Output:
	// {"none":null,"ports":[80,443],"resources":{"limits":{"cpu":"1"}}}
	// float64
}

func ExampleParseLiteral() {
	vals, _ := strvals.ParseLiteral(`config.script=echo a,b; x=1`)
	show(vals)
	// Output:
	// {"config":{"script":"echo a,b; x=1"}}
}

func ExampleParseFile() {
	// Helm's --set-file reader: the file's contents as a string.
	readFile := func(rs []rune) (any, error) {
		b, err := os.ReadFile(string(rs))
		return string(b), err
	}
	_, err := strvals.ParseFile(`cert=/nonexistent/tls.crt`, readFile)
	fmt.Println(errors.Is(err, os.ErrNotExist), errors.Is(err, strvals.ErrReader))
	fmt.Println(err)
	// Output:
	// true true
	// open /nonexistent/tls.crt: no such file or directory
}

func ExampleParseError() {
	_, err := strvals.Parse(`a=1,b.list[65537]=x`)
	var pe *strvals.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe)
		fmt.Println(pe.Key, pe.Offset, errors.Is(err, strvals.ErrIndexTooLarge))
	}
	// Output:
	// index of 65537 is greater than maximum supported index of 65536
	// b.list[65537] 19 true
}

func ExampleParser() {
	// Exactly Helm's behaviour, without this package's safety limits.
	helm := &strvals.Parser{MaxListElements: -1, MaxDepth: -1}
	vals, _ := helm.Parse(`a[3]=x`)
	show(vals)

	// A tighter budget for untrusted input.
	strict := &strvals.Parser{MaxIndex: 100, MaxListElements: 1000}
	_, err := strict.Parse(`a[101]=x`)
	fmt.Println(err)
	// Output:
	// {"a":[null,null,null,"x"]}
	// index of 101 is greater than maximum supported index of 100
}
