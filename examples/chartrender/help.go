package main

import (
	"fmt"
	"slices"
	"strings"
)

// helpText is the --help output: the usage line and every documented flag,
// made from the flag table.
func helpText() string {
	var b strings.Builder
	b.WriteString("Render a chart's templates and print them exactly as 'helm template' (Helm v4.3.1) does.\n\n")
	b.WriteString("Usage:\n  chartrender template [NAME] [CHART] [flags]\n\nFlags:\n")
	var defs []*flagDef
	for _, d := range templateFlags() {
		if d.usage != "" {
			defs = append(defs, d)
		}
	}
	slices.SortFunc(defs, func(a, b *flagDef) int { return strings.Compare(a.name, b.name) })
	for _, d := range defs {
		name := "      --" + d.name
		if d.short != 0 {
			name = fmt.Sprintf("  -%c, --%s", d.short, d.name)
		}
		if t := d.kind.typeName(); t != "" {
			name += " " + t
		}
		fmt.Fprintf(&b, "%-35s%s\n", name, d.usage)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// typeName is how help shows the type of a flag's value, as pflag does.
func (k kind) typeName() string {
	switch k {
	case kindString:
		return "string"
	case kindStringSlice:
		return "strings"
	case kindStringArray:
		return "stringArray"
	case kindStringMap:
		return "stringToString"
	case kindDuration:
		return "duration"
	case kindInt:
		return "int"
	case kindFloat:
		return "float32"
	}
	return ""
}
