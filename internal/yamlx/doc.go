// Package yamlx implements Helm's YAML dialect on top of gopkg.in/yaml.v3.
//
// Reading (Unmarshal, UnmarshalMap, LoadValues) follows sigs.k8s.io/yaml
// and yaml.v2 as Helm uses them: YAML 1.1 scalar typing (yes/no/on/off are
// booleans), every number a float64, the result in the JSON data model of
// map[string]any, []any, string, float64, bool and nil. Documents in the
// plain block style of values files are read by a decoder of this package
// that builds the value straight from the lines; everything else (and
// every error) goes through yaml.v3, and the two are checked to agree.
//
// Writing (Marshal, ToYAML, MustToYAML) reproduces Helm's toYaml byte for
// byte: the value goes through encoding/json, the JSON text is read back the
// way yaml.v2 reads it (Normalize), and the result is written in yaml.v2's
// block style — sequences not indented under their key, keys in yaml.v2's
// natural order, strings quoted only when they would read back as something
// else, lines folded at column 80. ToYAMLPretty is Helm's toYamlPretty
// (yaml.v3, indentation 2). ToTOML and FromTOML are Helm's toToml and
// fromToml.
package yamlx
