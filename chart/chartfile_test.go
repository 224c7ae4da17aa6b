package chart_test

import (
	"encoding/json"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// chartYAMLCases are Chart.yaml documents with the metadata (as JSON) or
// the error helm v4.3.1's loader.LoadFiles gives for a chart made of just
// that file. The expected values were produced by helm v4.3.1 itself.
var chartYAMLCases = []struct {
	in, want, err string
}{
	{"apiVersion: v2\nname: x\nversion: 1.0\nappVersion: 20240101", "{\"name\":\"x\",\"version\":\"1\",\"apiVersion\":\"v2\",\"appVersion\":\"20240101\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: 1.10\ndescription: 12345678.5\nhome: 1e6\nicon: true\ncondition: 0x1F\ntags: 0755\nkubeVersion: 08", "{\"name\":\"x\",\"home\":\"1e+06\",\"version\":\"1.0.0\",\"description\":\"1.2345678e+07\",\"icon\":\"true\",\"apiVersion\":\"v2\",\"condition\":\"31\",\"tags\":\"493\",\"appVersion\":\"1.1\",\"kubeVersion\":\"8\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: 18446744073709551615\ndescription: 99999999999999999999999\nkeywords: [1.10, yes, off, ~, 1_000]\nsources: [-1, +2, .5]", "{\"name\":\"x\",\"sources\":[\"-1\",\"2\",\"0.5\"],\"version\":\"1.0.0\",\"description\":\"1e+23\",\"keywords\":[\"1.1\",\"true\",\"false\",\"\",\"1000\"],\"apiVersion\":\"v2\",\"appVersion\":\"18446744073709551615\"}", ""},
	{"name: x\nversion: 1.0.0", "{\"name\":\"x\",\"version\":\"1.0.0\",\"apiVersion\":\"v1\"}", ""},
	{"apiVersion: v2\nName: x\nVERSION: 1.2.3\nAPPVERSION: a\nappVersion: b", "{\"name\":\"x\",\"version\":\"1.2.3\",\"apiVersion\":\"v2\",\"appVersion\":\"b\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nunknown: {deep: [1]}\nannotations: {a: 1.5, b: no, c: ~, 1: one}", "{\"name\":\"x\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\",\"annotations\":{\"1\":\"one\",\"a\":\"1.5\",\"b\":\"false\",\"c\":\"\"}}", ""},
	{"base: &b {version: 1.2.3, appVersion: merged}\napiVersion: v2\nname: x\n<<: *b", "{\"name\":\"x\",\"version\":\"1.2.3\",\"apiVersion\":\"v2\",\"appVersion\":\"merged\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: 2001-12-14\ndescription: !!binary aGVsbG8=\nhome: !!str 12", "{\"name\":\"x\",\"home\":\"12\",\"version\":\"1.0.0\",\"description\":\"hello\",\"apiVersion\":\"v2\",\"appVersion\":\"2001-12-14\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndescription: \"A\\u00a0\\u2003test\\tchart\\u0007x\\u200b\"\nkeywords: [\"a\\tb\"]\nsources: [\"s\\u0001\"]\nmaintainers: [{name: \"n\\nm\", email: 1, url: true}]\ndependencies: [{name: \"d\\u0001\", version: 1.0, repository: \"r\\t\", condition: \"c\\n\", tags: [\"t\\u00a0\", 1], alias: \"a_b-C1\", enabled: true, import-values: [1, \"s\", {child: c, parent: p}, [x], null]}]", "{\"name\":\"x\",\"sources\":[\"s\"],\"version\":\"1.0.0\",\"description\":\"A  test chartx\",\"keywords\":[\"a b\"],\"maintainers\":[{\"name\":\"n m\",\"email\":\"1\",\"url\":\"true\"}],\"apiVersion\":\"v2\",\"dependencies\":[{\"name\":\"d\",\"version\":\"1\",\"repository\":\"r \",\"condition\":\"c \",\"tags\":[\"t \",\"1\"],\"enabled\":true,\"import-values\":[1,\"s\",{\"child\":\"c\",\"parent\":\"p\"},[\"x\"],null],\"alias\":\"a_b-C1\"}]}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndeprecated: true\ntype: application", "{\"name\":\"x\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\",\"deprecated\":true,\"type\":\"application\"}", ""},
	{"apiVersion: v2\nname: x\nversion: v1.2", "{\"name\":\"x\",\"version\":\"v1.2\",\"apiVersion\":\"v2\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1\ntype: library", "{\"name\":\"x\",\"version\":\"1\",\"apiVersion\":\"v2\",\"type\":\"library\"}", ""},
	{"", "", "validation: chart.metadata.name is required"},
	{"apiVersion: v2", "", "validation: chart.metadata.name is required"},
	{"apiVersion: v2\nname: x", "", "validation: chart.metadata.version is required"},
	{"apiVersion: v2\nname: x\nversion: abc", "", "validation: chart.metadata.version \"abc\" is invalid"},
	{"apiVersion: v2\nname: .\nversion: 1.0.0", "", "validation: chart.metadata.name \".\" is not allowed"},
	{"apiVersion: v2\nname: ..\nversion: 1.0.0", "", "validation: chart.metadata.name \"..\" is not allowed"},
	{"apiVersion: v2\nname: ../evil\nversion: 1.0.0", "", "validation: chart.metadata.name \"../evil\" is invalid"},
	{"apiVersion: v2\nname: a/\nversion: 1.0.0", "", "validation: chart.metadata.name \"a/\" is invalid"},
	{"apiVersion: v2\nname: /abs\nversion: 1.0.0", "", "validation: chart.metadata.name \"/abs\" is invalid"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ntype: Library", "", "validation: chart.metadata.type must be application or library"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: [null]", "", "validation: maintainers must not contain empty or null nodes"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: [{name: a}, ~]", "", "validation: maintainers must not contain empty or null nodes"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [~]", "", "validation: dependencies must not contain empty or null nodes"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [{name: a, alias: \"a.b\"}]", "", "validation: dependency \"a\" has disallowed characters in the alias"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [{name: a, alias: \"../x\"}]", "", "validation: dependency \"a\" has disallowed characters in the alias"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [{name: a}, {name: b, alias: a}]", "", "validation: more than one dependency with name or alias \"a\""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [{name: a}, {name: a}]", "", "validation: more than one dependency with name or alias \"a\""},
	{"apiVersion: v2\nname: [a]\nversion: 1.0.0", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.name of type string"},
	{"- a", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type v2.Metadata"},
	{"just a string", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type v2.Metadata"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: {a: 1}", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field Metadata.maintainers of type []*v2.Maintainer"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: [[1]]", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.maintainers of type v2.Maintainer"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nmaintainers: [{name: [x]}]", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndeprecated: \"yes\"", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndeprecated: 1", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number into Go struct field Metadata.deprecated of type bool"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nannotations: {a: [1]}", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go struct field Metadata.annotations of type string"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [{name: a, tags: [{a: b}]}]", "", "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go struct field Dependency.dependencies.tags of type string"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: .inf", "{\"name\":\"x\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\",\"appVersion\":\"+Inf\"}", ""},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nfoo: .nan", "", "cannot load Chart.yaml: error converting YAML to JSON: json: unsupported value: NaN"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\nappVersion: .nan", "{\"name\":\"x\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\",\"appVersion\":\"NaN\"}", ""},
	{"apiVersion: v2\nname: x\na: b: c", "", "cannot load Chart.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\n~: null", "", "cannot load Chart.yaml: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: <nil>"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\ndependencies: [{name: a, import-values: [.inf]}]", "", "cannot load Chart.yaml: error converting YAML to JSON: json: unsupported value: +Inf"},
	{"apiVersion: v2\nname: x\nversion: 1.0.0\n---\nname: y\n", "{\"name\":\"x\",\"version\":\"1.0.0\",\"apiVersion\":\"v2\"}", ""},
}

func TestChartYAML(t *testing.T) {
	for _, tt := range chartYAMLCases {
		c, err := chart.LoadFiles([]*chart.File{{Name: "Chart.yaml", Data: []byte(tt.in)}})
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("LoadFiles(%q):\n got error %v\nwant error %s", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("LoadFiles(%q): %v", tt.in, err)
			continue
		}
		got, _ := json.Marshal(c.Metadata)
		if string(got) != tt.want {
			t.Errorf("LoadFiles(%q):\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
