package engine

import (
	"errors"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// encodeTOML is Helm's TOML encoding. BurntSushi's encoder, which Helm
// uses, panics on some values (toToml nil); text/template turns that panic
// into "error calling toToml: …", so those errors are returned as errors and
// the others as text, as Helm's toToml returns them.
func encodeTOML(v any) (string, error) {
	return yamlx.ToTOML(v)
}

func decodeTOML(s string) (map[string]any, error) { return yamlx.FromTOML(s) }

// tomlPanics reports whether err is one that Helm's encoder raises as a
// panic rather than returning.
func tomlPanics(err error) bool {
	var te *yamlx.TOMLError
	return errors.As(err, &te) && te.Panic
}
