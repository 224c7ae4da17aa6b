package chart_test

import (
	"encoding/json"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// tdChart is the chart whose .Chart objects helm v4.3.1 and v3.22.0
// printed with `toJson .Chart` (after ProcessDependencies, which renames
// the aliased dependency, enables it and rewrites its import-values with
// %v-formatted strings; the test does the same by hand).
var tdFiles = []*chart.File{
	{Name: "Chart.yaml", Data: []byte(`apiVersion: v2
name: td
version: 1.0
appVersion: 20240101
description: 12345678.5
keywords: [1.10, yes]
annotations: {a: 1.5, b: no}
maintainers: [{name: me, email: 1}]
dependencies:
- name: sub
  version: ">=0.0.0"
  repository: file://charts/sub
  tags: [t1]
  import-values: [{child: x, parent: y}]
  alias: s2
`)},
	{Name: "charts/sub/Chart.yaml", Data: []byte("apiVersion: v2\nname: sub\nversion: 0.1.0\n")},
}

func loadTD(t *testing.T) *chart.Chart {
	t.Helper()
	c, err := chart.LoadFiles(tdFiles)
	if err != nil {
		t.Fatal(err)
	}
	d := c.Metadata.Dependencies[0]
	d.Name, d.Enabled = d.Alias, true
	d.ImportValues = []any{map[string]any{"child": "x", "parent": "true"}}
	c.Dependencies()[0].Metadata.Name = "s2"
	return c
}

func TestTemplateData(t *testing.T) {
	c := loadTD(t)
	tests := []struct {
		c    *chart.Chart
		want string
	}{
		{c, `{"APIVersion":"v2","Annotations":{"a":"1.5","b":"false"},"AppVersion":"20240101","Condition":"","Dependencies":[{"Alias":"s2","Condition":"","Enabled":true,"ImportValues":[{"child":"x","parent":"true"}],"Name":"s2","Repository":"file://charts/sub","Tags":["t1"],"Version":"\u003e=0.0.0"}],"Deprecated":false,"Description":"1.2345678e+07","Home":"","Icon":"","IsRoot":true,"Keywords":["1.1","true"],"KubeVersion":"","Maintainers":[{"Email":"1","Name":"me","URL":""}],"Name":"td","Sources":[],"Tags":"","Type":"","Version":"1"}`},
		{c.Dependencies()[0], `{"APIVersion":"v2","Annotations":null,"AppVersion":"","Condition":"","Dependencies":[],"Deprecated":false,"Description":"","Home":"","Icon":"","IsRoot":false,"Keywords":[],"KubeVersion":"","Maintainers":[],"Name":"s2","Sources":[],"Tags":"","Type":"","Version":"0.1.0"}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.c.TemplateData())
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("TemplateData of %s:\n got %s\nwant %s", tt.c.Name(), got, tt.want)
		}
	}
}

func TestTemplateDataV3(t *testing.T) {
	c := loadTD(t)
	tests := []struct {
		c    *chart.Chart
		want string
	}{
		{c, `{"name":"td","version":"1","description":"1.2345678e+07","keywords":["1.1","true"],"maintainers":[{"name":"me","email":"1"}],"apiVersion":"v2","appVersion":"20240101","annotations":{"a":"1.5","b":"false"},"dependencies":[{"name":"s2","version":"\u003e=0.0.0","repository":"file://charts/sub","tags":["t1"],"enabled":true,"import-values":[{"child":"x","parent":"true"}],"alias":"s2"}],"IsRoot":true}`},
		{c.Dependencies()[0], `{"name":"s2","version":"0.1.0","apiVersion":"v2","IsRoot":false}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.c.TemplateDataV3())
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("TemplateDataV3 of %s:\n got %s\nwant %s", tt.c.Name(), got, tt.want)
		}
	}
}

func TestTemplateDataIsACopy(t *testing.T) {
	c := loadTD(t)
	td := c.TemplateData()
	td["Annotations"].(map[string]string)["a"] = "changed"
	dep := td["Dependencies"].([]any)[0].(map[string]any)
	dep["ImportValues"].([]any)[0].(map[string]any)["child"] = "changed"
	if c.Metadata.Annotations["a"] != "1.5" || c.Metadata.Dependencies[0].ImportValues[0].(map[string]any)["child"] != "x" {
		t.Errorf("TemplateData shares maps with the chart")
	}
}
