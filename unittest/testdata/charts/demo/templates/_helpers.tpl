{{- define "demo.name" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}
{{- define "demo.check" -}}{{- if .Values.failMe }}{{ fail "failMe is set" }}{{ end -}}{{- end -}}
