package engine

import "testing"

// Expected values checked against helm v4.3.1.
func TestObjects(t *testing.T) {
	sub := map[string]string{
		"charts/sub/Chart.yaml":          "apiVersion: v2\nname: sub\nversion: 0.2.0\nappVersion: \"1.0\"\n",
		"charts/sub/values.yaml":         "x: 5\ny: 6\n",
		"charts/sub/templates/_h.tpl":    `{{ define "sub.h" }}sub-{{ .Values.x }}{{ end }}`,
		"charts/sub/templates/cm.yaml":   "# {{ .Values.x }}",
		"charts/sub/files/a.txt":         "A",
		"charts/sub/templates/NOTES.txt": "{{ .Release.Name }}",
	}
	runSnippets(t, Options{}, []snippet{
		{name: "types", files: sub, values: "a: 1\nsub:\n  x: 2\n",
			tpl:  `{{ typeOf . }} {{ typeOf .Values }} {{ typeOf .Subcharts.sub.Values }} {{ typeOf .Release }} {{ typeOf .Chart }} {{ typeOf .Template }} {{ typeOf .Files }} {{ typeOf .Subcharts }} {{ typeOf .Subcharts.sub }} {{ typeOf .Release.Revision }} {{ typeOf .Values.a }} {{ typeOf .Values.sub }}`,
			want: "common.Values common.Values common.Values map[string]interface {} map[string]interface {} common.Values engine.files map[string]interface {} map[string]interface {} int float64 map[string]interface {}"},
		{name: "release", tpl: `{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Revision }} {{ .Release.Service }} [{{ .Release.Nope }}]`,
			want: "x default true false 1 Helm []"},
		{name: "template", tpl: `{{ .Template.Name }} {{ .Template.BasePath }}`,
			want: "c/templates/NOTES.txt c/templates"},
		{name: "template in include", helpers: `{{ define "t" }}{{ .Template.Name }}{{ end }}`, tpl: `{{ include "t" . }}`,
			want: "c/templates/NOTES.txt"},
		{name: "chart", files: map[string]string{"Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: \"1.10\"\nkeywords: [a]\n"},
			tpl:  `{{ .Chart.Name }} {{ .Chart.Version }} {{ .Chart.AppVersion }} {{ .Chart.IsRoot }} {{ .Chart.Keywords }} {{ .Chart.APIVersion }} [{{ .Chart.nosuch }}] {{ .Chart.Sources | toJson }} {{ .Chart.Annotations | toJson }}`,
			want: "c 0.1.0 1.10 true [a] v2 [] [] null"},
		{name: "chart toYaml", tpl: `{{ toYaml .Chart }}`,
			want: "APIVersion: v2\nAnnotations: null\nAppVersion: \"\"\nCondition: \"\"\nDependencies: []\nDeprecated: false\nDescription: \"\"\nHome: \"\"\nIcon: \"\"\nIsRoot: true\nKeywords: []\nKubeVersion: \"\"\nMaintainers: []\nName: c\nSources: []\nTags: \"\"\nType: \"\"\nVersion: 0.1.0"},
		{name: "capabilities", tpl: `{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "nope/v1" }} {{ .Capabilities.HelmVersion.Version }}`,
			want: "v1.37.0 v1.37.0 1 37 v1.37.0 true false v4.3.1"},
		{name: "capabilities unknown field", tpl: `{{ .Capabilities.Nope }}`,
			wantErr: "c/templates/NOTES.txt:1:22\n  executing \"c/templates/NOTES.txt\" at <.Capabilities.Nope>:\n    can't evaluate field Nope in type interface {}"},
		{name: "subcharts", files: sub, values: "sub:\n  x: 2\n",
			tpl: `{{ .Subcharts.sub.Values.x }} {{ .Subcharts.sub.Values.y }} {{ .Subcharts.sub.Chart.Name }} {{ .Subcharts.sub.Chart.IsRoot }} {{ .Subcharts.sub.Files.Get "files/a.txt" }} {{ include "sub.h" .Subcharts.sub }} {{ .Subcharts.sub.Template.Name }} {{ .Values.sub.global | toJson }}`,
			// "y" is a YAML 1.1 boolean key; the last sub template rendered is NOTES.txt.
			want: "2  sub false A sub-2 c/charts/sub/templates/NOTES.txt {}"},
		{name: "files", files: map[string]string{"files/a.txt": "line1\nline2\n", "files/b.conf": "k: v", "files/sub/c.txt": "C", "other.md": "O"},
			tpl: `{{ .Files.Get "files/a.txt" | quote }} {{ .Files.Get "nope" | quote }} {{ .Files.GetBytes "files/sub/c.txt" }} {{ .Files.Lines "files/a.txt" | toJson }} {{ .Files.Lines "nope" | toJson }}
{{ range $k, $v := .Files.Glob "files/*" }}{{ $k }} {{ end }}|{{ range $k, $v := .Files.Glob "files/**" }}{{ $k }} {{ end }}|{{ range $k, $v := .Files.Glob "[" }}{{ $k }} {{ end }}|{{ range $k, $v := .Files.Glob "files/{a,b}.*" }}{{ $k }} {{ end }}|{{ range $k, $v := .Files.Glob "files/?.txt" }}{{ $k }} {{ end }}|{{ range $k, $v := .Files.Glob "**.[ct]*" }}{{ $k }} {{ end }}
{{ (.Files.Glob "files/*").AsConfig }}
{{ (.Files.Glob "files/sub/*").AsSecrets }}
{{ range $k, $v := .Files }}{{ $k }},{{ end }}`,
			want: "\"line1\\nline2\\n\" \"\" [67] [\"line1\",\"line2\"] []\nfiles/a.txt files/b.conf |files/a.txt files/b.conf files/sub/c.txt |files/a.txt files/b.conf files/sub/c.txt other.md |files/a.txt files/b.conf |files/a.txt |files/a.txt files/b.conf files/sub/c.txt \na.txt: |\n  line1\n  line2\nb.conf: 'k: v'\nc.txt: Qw==\nfiles/a.txt,files/b.conf,files/sub/c.txt,other.md,"},
	})
}
