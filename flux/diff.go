package flux

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// A Change is one field that differs between two versions of an object.
type Change struct {
	// Path is the field, e.g. "spec.template.spec.containers[0].image".
	Path string
	// Old and New are the values; a nil Old with HasOld false means the
	// field was added, a nil New with HasNew false that it was removed.
	Old, New       any
	HasOld, HasNew bool
}

// An ObjectDiff is one object that was added, removed or changed.
type ObjectDiff struct {
	// ID is the object's "group/Kind/namespace/name".
	ID string
	// Action is "added", "removed" or "changed".
	Action string
	// Changes are the fields that changed (Action "changed" only).
	Changes []Change
}

// A ReleaseDiff is what changed in one HelmRelease between two builds.
type ReleaseDiff struct {
	// ID is the HelmRelease's "namespace/name".
	ID string
	// Action is "added", "removed" or "changed".
	Action string
	// Notes are release-level differences: release name, chart version,
	// suspension, errors.
	Notes []string
	// Values are the fields of the composed values that changed.
	Values []Change
	// Objects are the objects that differ, sorted by ID.
	Objects []ObjectDiff
}

// Diff compares two builds, e.g. of two revisions of a repository: per
// release and per object, what was added, removed or changed, with a
// field-level list of changes. Releases and objects that are equal are
// left out.
func Diff(old, new []*ReleaseResult) []ReleaseDiff {
	om, nm := indexResults(old), indexResults(new)
	ids := map[string]bool{}
	for id := range om {
		ids[id] = true
	}
	for id := range nm {
		ids[id] = true
	}
	var out []ReleaseDiff
	for _, id := range sortedKeys(ids) {
		o, n := om[id], nm[id]
		switch {
		case o == nil:
			d := ReleaseDiff{ID: id, Action: "added"}
			for _, r := range n.Resources {
				d.Objects = append(d.Objects, ObjectDiff{ID: appliedID(r, n.Namespace), Action: "added"})
			}
			sortObjects(d.Objects)
			out = append(out, d)
		case n == nil:
			d := ReleaseDiff{ID: id, Action: "removed"}
			for _, r := range o.Resources {
				d.Objects = append(d.Objects, ObjectDiff{ID: appliedID(r, o.Namespace), Action: "removed"})
			}
			sortObjects(d.Objects)
			out = append(out, d)
		default:
			if d, changed := diffRelease(o, n); changed {
				out = append(out, d)
			}
		}
	}
	return out
}

// appliedID is the object's ID with the namespace Helm applies it in: its
// own, or the release's for a namespaced kind that names none.
func appliedID(r *Resource, releaseNamespace string) string {
	if r.Namespace() != "" || clusterScoped(r.Kind()) {
		return r.ID()
	}
	g, _, ok := strings.Cut(r.APIVersion(), "/")
	if !ok {
		g = ""
	}
	return fmt.Sprintf("%s/%s/%s/%s", g, r.Kind(), releaseNamespace, r.Name())
}

func indexResults(rs []*ReleaseResult) map[string]*ReleaseResult {
	m := map[string]*ReleaseResult{}
	for _, r := range rs {
		m[r.Release.ID()] = r
	}
	return m
}

func sortObjects(l []ObjectDiff) {
	sort.SliceStable(l, func(i, j int) bool { return l[i].ID < l[j].ID })
}

func diffRelease(o, n *ReleaseResult) (ReleaseDiff, bool) {
	d := ReleaseDiff{ID: o.Release.ID(), Action: "changed"}
	note := func(what, a, b string) {
		if a != b {
			d.Notes = append(d.Notes, fmt.Sprintf("%s: %s -> %s", what, a, b))
		}
	}
	note("release", o.Namespace+"/"+o.ReleaseName, n.Namespace+"/"+n.ReleaseName)
	note("chart", o.ChartName+" "+o.ChartVersion, n.ChartName+" "+n.ChartVersion)
	note("suspended", strconv.FormatBool(o.Suspended), strconv.FormatBool(n.Suspended))
	errText := func(r *ReleaseResult) string {
		if r.Err == nil {
			return "none"
		}
		return r.Err.Error()
	}
	note("error", errText(o), errText(n))
	d.Values = diffValue("", o.Values, n.Values, nil)
	oo, no := map[string]*Resource{}, map[string]*Resource{}
	for _, r := range o.Resources {
		oo[appliedID(r, o.Namespace)] = r
	}
	for _, r := range n.Resources {
		no[appliedID(r, n.Namespace)] = r
	}
	ids := map[string]bool{}
	for id := range oo {
		ids[id] = true
	}
	for id := range no {
		ids[id] = true
	}
	for _, id := range sortedKeys(ids) {
		a, b := oo[id], no[id]
		switch {
		case a == nil:
			d.Objects = append(d.Objects, ObjectDiff{ID: id, Action: "added"})
		case b == nil:
			d.Objects = append(d.Objects, ObjectDiff{ID: id, Action: "removed"})
		default:
			if ch := diffValue("", a.Object, b.Object, nil); len(ch) > 0 {
				d.Objects = append(d.Objects, ObjectDiff{ID: id, Action: "changed", Changes: ch})
			}
		}
	}
	return d, len(d.Notes)+len(d.Values)+len(d.Objects) > 0
}

func joinPath(base, key string) string {
	if base == "" {
		return key
	}
	return base + "." + key
}

// diffValue lists the leaf changes between a and b.
func diffValue(path string, a, b any, out []Change) []Change {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			x, inA := av[k]
			y, inB := bv[k]
			p := joinPath(path, fieldName(k))
			switch {
			case !inA:
				out = append(out, Change{Path: p, New: y, HasNew: true})
			case !inB:
				out = append(out, Change{Path: p, Old: x, HasOld: true})
			default:
				out = diffValue(p, x, y, out)
			}
		}
		return out
	case []any:
		bv, ok := b.([]any)
		if !ok {
			break
		}
		for i := 0; i < max(len(av), len(bv)); i++ {
			p := fmt.Sprintf("%s[%d]", path, i)
			switch {
			case i >= len(av):
				out = append(out, Change{Path: p, New: bv[i], HasNew: true})
			case i >= len(bv):
				out = append(out, Change{Path: p, Old: av[i], HasOld: true})
			default:
				out = diffValue(p, av[i], bv[i], out)
			}
		}
		return out
	}
	if !jsonEqual(a, b) {
		out = append(out, Change{Path: path, Old: a, New: b, HasOld: true, HasNew: true})
	}
	return out
}

// fieldName quotes a map key that would be ambiguous in a dotted path.
func fieldName(k string) string {
	if k == "" || strings.ContainsAny(k, ".[]\" ") {
		return strconv.Quote(k)
	}
	return k
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// WriteDiff prints diffs as text a reviewer reads: one block per release,
// "+" for added, "-" for removed and "~" for changed objects, each changed
// field on its own line with the old and new values as JSON.
func WriteDiff(w io.Writer, diffs []ReleaseDiff) error {
	var b strings.Builder
	for _, d := range diffs {
		fmt.Fprintf(&b, "HelmRelease %s: %s\n", d.ID, d.Action)
		for _, n := range d.Notes {
			fmt.Fprintf(&b, "  %s\n", n)
		}
		if len(d.Values) > 0 {
			b.WriteString("  ~ values\n")
			writeChanges(&b, d.Values)
		}
		for _, o := range d.Objects {
			sign := map[string]string{"added": "+", "removed": "-", "changed": "~"}[o.Action]
			fmt.Fprintf(&b, "  %s %s\n", sign, o.ID)
			writeChanges(&b, o.Changes)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeChanges(b *strings.Builder, cs []Change) {
	for _, c := range cs {
		switch {
		case !c.HasOld:
			fmt.Fprintf(b, "      + %s: %s\n", c.Path, compact(c.New))
		case !c.HasNew:
			fmt.Fprintf(b, "      - %s: %s\n", c.Path, compact(c.Old))
		default:
			fmt.Fprintf(b, "      ~ %s: %s -> %s\n", c.Path, compact(c.Old), compact(c.New))
		}
	}
}
