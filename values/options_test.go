package values_test

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chartrender/chartrender/values"
)

// testFiles is the file system the -f and --set-file tests read from; "-"
// stands for standard input.
var testFiles = map[string]string{
	"f1.yaml":    "a: 1\nm: {x: 1, l: [1,2]}\n",
	"f2.yaml":    "a: 2\nm: {y: 2}\n---\nb: doc2\n",
	"bad.yaml":   "a: [1\n",
	"multi.yaml": "a: 1\n---\nb: 2\n",
	"file.txt":   "content",
	"-":          "x: 1\n",
}

func readTestFile(p string) ([]byte, error) {
	s, ok := testFiles[p]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
	}
	return []byte(s), nil
}

// Expectations checked against helm v4.3.1 and v3.22.0 (`helm template` with
// the same flags and a template printing {{ toJson .Values }}).
func TestOptionsMerge(t *testing.T) {
	all := values.Options{
		ValueFiles:    []string{"f1.yaml", "f2.yaml"},
		Values:        []string{"a=set,m.l[1]=9"},
		StringValues:  []string{"s=1"},
		JSONValues:    []string{`j={"k":[1,2]}`, `{"a":"json","m":{"z":3}}`, "a=5"},
		FileValues:    []string{"ff=file.txt"},
		LiteralValues: []string{"lit=a,b=c"},
	}
	helm3All := all
	helm3All.Helm3 = true
	tests := []struct {
		name      string
		opts      values.Options
		want, err string
	}{
		{name: "fixed flag order", opts: all,
			want: `{"a":"set","b":"doc2","ff":"content","j":{"k":[1,2]},"lit":"a,b=c","m":{"l":[1,9],"true":2,"x":1,"z":3},"s":"1"}`},
		{name: "helm3 has no --set-json object form", opts: helm3All,
			err: `failed parsing --set-json data {"a":"json","m":{"z":3}}`},
		{name: "set-json object error", opts: values.Options{JSONValues: []string{`{"a":`}},
			err: `failed parsing --set-json data JSON: {"a":`},
		{name: "set-json pair error", opts: values.Options{JSONValues: []string{"a=abc"}},
			err: "failed parsing --set-json data a=abc"},
		{name: "set error", opts: values.Options{Values: []string{"a"}},
			err: `failed parsing --set data: key "a" has no value`},
		{name: "set-string error", opts: values.Options{StringValues: []string{"a"}},
			err: `failed parsing --set-string data: key "a" has no value`},
		{name: "set-file read error", opts: values.Options{FileValues: []string{"a=nonexist"}},
			err: "failed parsing --set-file data: open nonexist: file does not exist"},
		{name: "set-literal error", opts: values.Options{LiteralValues: []string{"a"}},
			err: `failed parsing --set-literal data: key "a" has no value`},
		{name: "values file read error", opts: values.Options{ValueFiles: []string{"nonexist.yaml"}},
			err: "open nonexist.yaml: file does not exist"},
		{name: "values file parse error", opts: values.Options{ValueFiles: []string{"bad.yaml"}},
			err: "failed to parse bad.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'"},
		{name: "multi-document values file", opts: values.Options{ValueFiles: []string{"multi.yaml"}}, want: `{"a":1,"b":2}`},
		{name: "helm3 multi-document values file", opts: values.Options{ValueFiles: []string{"multi.yaml"}, Helm3: true}, want: `{"a":1}`},
		{name: "stdin values", opts: values.Options{ValueFiles: []string{" - "}}, want: `{"x":1}`},
		{name: "stdin set-file", opts: values.Options{FileValues: []string{"a= - "}}, want: `{"a":"x: 1\n"}`},
		{name: "nothing", opts: values.Options{}, want: `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opts.Merge(readTestFile)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if js := mustJSON(t, got); js != tt.want {
				t.Errorf("got %s\nwant %s", js, tt.want)
			}
		})
	}
}

func TestOptionsMergeErrorTypes(t *testing.T) {
	_, err := values.Options{Values: []string{"a"}}.Merge(readTestFile)
	var fe *values.FlagError
	if !errors.As(err, &fe) || fe.Flag != "--set" || fe.Value != "a" || fe.Err == nil {
		t.Errorf("got %#v", err)
	}
	_, err = values.Options{FileValues: []string{"a=nonexist"}}.Merge(readTestFile)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("--set-file error does not wrap the read error: %v", err)
	}
	_, err = values.Options{ValueFiles: []string{"bad.yaml"}}.Merge(readTestFile)
	var pe *values.ParseError
	if !errors.As(err, &pe) || pe.Path != "bad.yaml" {
		t.Errorf("got %#v", err)
	}
}

func TestOptionsMergeDefaultReader(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/v.yaml"
	if err := os.WriteFile(p, []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := values.Options{ValueFiles: []string{p}, FileValues: []string{"f=" + p}}.Merge(nil)
	if err != nil {
		t.Fatal(err)
	}
	if js := mustJSON(t, got); js != `{"a":1,"f":"a: 1\n"}` {
		t.Errorf("got %s", js)
	}
}

func TestOptionsBaseLayer(t *testing.T) {
	base := map[string]any{"a": map[string]any{"x": 1.0, "y": 2.0}, "list": []any{"p"}}
	o := values.Options{Base: base, Values: []string{"a.x=5,list[1]=q"}}
	got, err := o.Merge(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": map[string]any{"x": int64(5), "y": 2.0}, "list": []any{"p", "q"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"a": map[string]any{"x": 1.0, "y": 2.0}, "list": []any{"p"}}, base); diff != "" {
		t.Errorf("Merge modified Base (-before +after):\n%s", diff)
	}
}
