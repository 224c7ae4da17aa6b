package engine

import "errors"

// TODO(engine): switch to yamlx.ToTOML / yamlx.FromTOML when they land.
func encodeTOML(v any) (string, error) { return "", errors.New("toml: not available") }

func decodeTOML(s string) (map[string]any, error) { return nil, errors.New("toml: not available") }
