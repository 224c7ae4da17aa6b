package chart

// TemplateData returns the .Chart object Helm 4 gives c's templates: a map
// from Metadata's Go field names (Name, Version, AppVersion, APIVersion,
// ...) to their values, plus IsRoot. Every field is present. Slices are
// []any, empty rather than nil; Maintainers and Dependencies are maps keyed
// by Go field names; Annotations is the map[string]string, nil when
// Chart.yaml has none. The result shares nothing mutable with c.
func (c *Chart) TemplateData() map[string]any {
	md := c.Metadata
	if md == nil {
		return map[string]any{"IsRoot": c.IsRoot()}
	}
	maintainers := make([]any, len(md.Maintainers))
	for i, m := range md.Maintainers {
		if m == nil {
			continue
		}
		maintainers[i] = map[string]any{"Name": m.Name, "Email": m.Email, "URL": m.URL}
	}
	deps := make([]any, len(md.Dependencies))
	for i, d := range md.Dependencies {
		if d == nil {
			continue
		}
		imports := make([]any, len(d.ImportValues))
		for j, iv := range d.ImportValues {
			imports[j] = deepCopyValue(iv)
		}
		deps[i] = map[string]any{
			"Name":         d.Name,
			"Version":      d.Version,
			"Repository":   d.Repository,
			"Condition":    d.Condition,
			"Tags":         stringsToAny(d.Tags),
			"Enabled":      d.Enabled,
			"ImportValues": imports,
			"Alias":        d.Alias,
		}
	}
	var annotations map[string]string
	if md.Annotations != nil {
		annotations = make(map[string]string, len(md.Annotations))
		for k, v := range md.Annotations {
			annotations[k] = v
		}
	}
	return map[string]any{
		"Name":         md.Name,
		"Home":         md.Home,
		"Sources":      stringsToAny(md.Sources),
		"Version":      md.Version,
		"Description":  md.Description,
		"Keywords":     stringsToAny(md.Keywords),
		"Maintainers":  maintainers,
		"Icon":         md.Icon,
		"APIVersion":   md.APIVersion,
		"Condition":    md.Condition,
		"Tags":         md.Tags,
		"AppVersion":   md.AppVersion,
		"Deprecated":   md.Deprecated,
		"Annotations":  annotations,
		"KubeVersion":  md.KubeVersion,
		"Dependencies": deps,
		"Type":         md.Type,
		"IsRoot":       c.IsRoot(),
	}
}

// TemplateDataV3 returns the .Chart object Helm 3 gives c's templates: a
// struct that embeds a copy of c's Metadata and adds IsRoot. Templates
// reach its fields by Go name (.Chart.Name); an unknown field is an error;
// toYaml and toJson print Metadata's JSON names with omitempty, plus
// IsRoot.
func (c *Chart) TemplateDataV3() any {
	var md Metadata
	if c.Metadata != nil {
		md = *c.Metadata
	}
	// The same anonymous struct type Helm 3's engine builds.
	return struct {
		Metadata
		IsRoot bool
	}{md, c.IsRoot()}
}

func stringsToAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// deepCopyValue copies maps and slices of the JSON data model.
func deepCopyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopyValue(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopyValue(e)
		}
		return s
	}
	return v
}
