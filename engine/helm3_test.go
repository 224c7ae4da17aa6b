package engine

import "testing"

// Expected values checked against helm v3.22.0.
func TestHelm3(t *testing.T) {
	runSnippets(t, Options{Helm3: true}, []snippet{
		{name: "mustToYaml undefined", tpl: `{{ mustToYaml 1 }}`,
			wantErr: `parse error at (c/templates/NOTES.txt:1): function "mustToYaml" not defined`},
		{name: "durations undefined", tpl: `{{ durationSeconds "1s" }}`,
			wantErr: `parse error at (c/templates/NOTES.txt:1): function "durationSeconds" not defined`},
		{name: "types", tpl: `{{ typeOf . }} {{ typeOf .Values }} {{ typeOf .Template }} {{ typeOf .Chart }} {{ typeOf .Files }}`,
			want: "chartutil.Values chartutil.Values chartutil.Values struct { chart.Metadata; IsRoot bool } engine.files"},
		{name: "chart", files: map[string]string{"Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: \"1.0\"\n"},
			tpl:  `{{ .Chart.Name }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }} {{ toJson .Chart }}`,
			want: `c 1.0 true {"name":"c","version":"0.1.0","apiVersion":"v2","appVersion":"1.0","IsRoot":true}`},
		{name: "chart unknown field", tpl: `{{ .Chart.nosuch }}`,
			wantErr: `template: c/templates/NOTES.txt:1:15: executing "c/templates/NOTES.txt" at <.Chart.nosuch>: can't evaluate field nosuch in type interface {}`},
		{name: "nil pointer raw", values: "a: {}\n", tpl: `{{ .Values.a.b.c }}`,
			wantErr: `template: c/templates/NOTES.txt:1:16: executing "c/templates/NOTES.txt" at <.Values.a.b.c>: nil pointer evaluating interface {}.c`},
		{name: "include unknown raw", tpl: `{{ include "nope" . }}`,
			wantErr: `template: c/templates/NOTES.txt:1:9: executing "c/templates/NOTES.txt" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"`},
		{name: "required", tpl: `{{ required "need" .Values.x }}`, wantErr: "execution error at (c/templates/NOTES.txt:1:9): need"},
		{name: "tpl", values: "t: '{{ .Release.Name }}'\n", tpl: `{{ tpl .Values.t . }}`, want: "x"},
		{name: "capabilities", tpl: `{{ .Capabilities.KubeVersion }} {{ .Capabilities.HelmVersion.Version }}`, want: "v1.20.0 v3.22.0"},
	})
}
