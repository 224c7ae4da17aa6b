package values_test

import (
	"encoding/json"
	"testing"

	"github.com/chartrender/chartrender/chart"
	"github.com/chartrender/chartrender/values"
)

// Checked against helm v4.3.1 and v3.22.0: a template printing
// {{ toJson .Release }} {{ kindOf .Release.Revision }} renders
// {"IsInstall":true,"IsUpgrade":false,"Name":"release-name","Namespace":"default","Revision":1,"Service":"Helm"} int
// for `helm template`, and IsInstall false / IsUpgrade true with --is-upgrade.
func TestToRenderValues(t *testing.T) {
	c := &chart.Chart{Metadata: &chart.Metadata{Name: "c", Version: "1.0.0", APIVersion: "v2"}}
	vals := map[string]any{"a": 1.0}
	top := values.ToRenderValues(c, vals, values.ReleaseOptions{Name: "release-name", Namespace: "default", IsInstall: true}, nil)
	rel, err := json.Marshal(top["Release"])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"IsInstall":true,"IsUpgrade":false,"Name":"release-name","Namespace":"default","Revision":1,"Service":"Helm"}`; string(rel) != want {
		t.Errorf("Release = %s, want %s", rel, want)
	}
	if _, ok := top["Release"].(map[string]any)["Revision"].(int); !ok {
		t.Error("Revision is not an int")
	}
	if got := top["Values"].(map[string]any); got["a"] != 1.0 {
		t.Errorf("Values = %v", got)
	}
	if caps := top["Capabilities"].(*values.Capabilities); caps.KubeVersion.Version != "v1.37.0" {
		t.Errorf("default capabilities: %v", caps.KubeVersion.Version)
	}
	if name := top["Chart"].(map[string]any)["Name"]; name != "c" {
		t.Errorf("Chart.Name = %v", name)
	}

	up := values.RenderOptions{Helm3: true}.ToRenderValues(c, nil, values.ReleaseOptions{Name: "x", Namespace: "ns", IsUpgrade: true, Revision: 1}, nil)
	rel, _ = json.Marshal(up["Release"])
	if want := `{"IsInstall":false,"IsUpgrade":true,"Name":"x","Namespace":"ns","Revision":1,"Service":"Helm"}`; string(rel) != want {
		t.Errorf("Release = %s, want %s", rel, want)
	}
	if caps := up["Capabilities"].(*values.Capabilities); caps.KubeVersion.Version != "v1.20.0" {
		t.Errorf("helm3 default capabilities: %v", caps.KubeVersion.Version)
	}
	if _, ok := up["Chart"].(map[string]any); ok {
		t.Error("helm3 .Chart should not be a map")
	}
}
