package engine

import (
	"errors"
	"strings"
	"testing"
	"text/template"
)

func TestFuncMap(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		tpl     string
		data    any
		want    string
		wantErr error
	}{
		{name: "helm function", tpl: `{{ toYaml . }}`, data: map[string]any{"a": []any{1, "x"}}, want: "a:\n- 1\n- x"},
		{name: "sprig function", tpl: `{{ "abc" | upper }}`, want: "ABC"},
		{name: "lookup without client", tpl: `{{ lookup "v1" "Pod" "" "" }}`, want: "map[]"},
		{name: "no DNS by default", tpl: `[{{ getHostByName "localhost" }}]`, want: "[]"},
		{name: "duration helpers", tpl: `{{ durationSeconds "1m30s" }}`, want: "90"},
		// Helm's funcs_test.go case: BurntSushi/toml names no key for a
		// key without "=" (chartrender named it until Helm's test ran).
		{name: "fromToml error", tpl: `{{ fromToml . }}`, data: "one",
			want: "map[Error:toml: line 1: unexpected EOF; expected key separator '=']"},
		{name: "include needs a render", tpl: `{{ include "x" . }}`, wantErr: errNotBound},
		{name: "tpl needs a render", tpl: `{{ tpl "x" . }}`, wantErr: errNotBound},
		{name: "custom function overrides", opts: Options{Funcs: template.FuncMap{"upper": strings.ToLower}},
			tpl: `{{ "ABC" | upper }}`, want: "abc"},
		{name: "deterministic", opts: Options{Deterministic: true}, tpl: `{{ now | date "2006" }}`, want: "2000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm := New(tt.opts).FuncMap()
			tpl, err := template.New("t").Funcs(fm).Parse(tt.tpl)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			err = tpl.Execute(&b, tt.data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}

func TestFuncMapIsACopy(t *testing.T) {
	e := New(Options{})
	fm := e.FuncMap()
	if _, ok := fm["env"]; ok {
		t.Error("env is in the function map")
	}
	delete(fm, "toYaml")
	if _, ok := e.FuncMap()["toYaml"]; !ok {
		t.Error("deleting from the returned map changed the engine's")
	}
}

func TestFuncMapRefusedFuncs(t *testing.T) {
	if fm := New(Options{Funcs: template.FuncMap{"bad": 1}}).FuncMap(); fm != nil {
		t.Errorf("FuncMap with a refused function = %d functions, want nil", len(fm))
	}
}
