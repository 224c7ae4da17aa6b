package schema

import (
	"encoding/json"
	"net/url"
	"strings"
)

// The underlying validator recurses forever (a fatal stack overflow, which
// cannot be recovered) on a schema whose $id names a URL that URL
// resolution rewrites, such as "?" or "file:///x/../values.schema.json":
// resolving "#" against that id no longer yields the id, and the compiler
// goes round between the two. Helm's validator accepts such ids. Before
// compiling, stableIDs replaces each such id by the URL resolution gives,
// which names the same document.

// resolveRef resolves ref against base the way the underlying validator
// does.
func resolveRef(base, ref string) (string, bool) {
	if ref == "" {
		return base, true
	}
	if strings.HasPrefix(ref, "urn:") {
		return ref, true
	}
	r, err := url.Parse(ref)
	if err != nil {
		return "", false
	}
	if r.IsAbs() {
		return ref, true
	}
	if strings.HasPrefix(base, "urn:") {
		b, _, _ := strings.Cut(base, "#")
		return b + ref, true
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", false
	}
	return b.ResolveReference(r).String(), true
}

// stableIDs rewrites unstable ids in doc (in place) and reports whether it
// changed anything. idKey is "$id", or "id" for draft 4.
func stableIDs(doc any, base, idKey string) bool {
	changed := false
	var walk func(v any, base string)
	walk = func(v any, base string) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v[idKey].(string); ok {
				if u, ok := resolveRef(base, id); ok {
					ub, frag, hasFrag := strings.Cut(u, "#")
					if r, ok := resolveRef(ub, "#"); ok {
						rb, _, _ := strings.Cut(r, "#")
						if rb != ub {
							ub = rb
							nid := rb
							if hasFrag {
								nid += "#" + frag
							}
							v[idKey] = nid
							changed = true
						}
					}
					base = ub
				}
			}
			for _, e := range v {
				walk(e, base)
			}
		case []any:
			for _, e := range v {
				walk(e, base)
			}
		}
	}
	walk(doc, base)
	return changed
}

// stabilize returns the bytes to hand to the underlying validator for a
// parsed document: data itself, or a re-encoding when ids were rewritten.
func stabilize(data []byte, doc any, base string, draft int) []byte {
	idKey := "$id"
	if draft == 4 {
		idKey = "id"
	}
	if !strings.Contains(string(data), `"`+idKey+`"`) {
		return data
	}
	clone, err := decodeJSON(data)
	if err != nil || !stableIDs(clone, base, idKey) {
		return data
	}
	out, err := json.Marshal(clone)
	if err != nil {
		return data
	}
	return out
}
