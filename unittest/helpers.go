package unittest

import (
	"reflect"

	"gopkg.in/yaml.v3"
)

func yamlUnmarshal(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &yaml.TypeError{Errors: []string{"invalid YAML"}}
		}
	}()
	return yaml.Unmarshal(data, v)
}

func deepEqual(a, b any) bool { return reflect.DeepEqual(a, b) }
