package flux

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// PostRender applies helm-controller's post-renderers to the rendered
// objects of hr, in place and in its order: each spec.postRenderers[]
// kustomize block (its patches in order, then its images), then
// spec.commonMetadata, then the origin labels
// helm.toolkit.fluxcd.io/name and helm.toolkit.fluxcd.io/namespace.
// Forms this package does not reproduce are refused with an error
// wrapping ErrUnsupported.
func PostRender(hr *HelmRelease, rs []*Resource) error {
	for i, pr := range hr.Spec.PostRenderers {
		k := pr.Kustomize
		if k == nil {
			continue
		}
		for j, p := range k.Patches {
			if err := applyPatch(rs, p); err != nil {
				return fmt.Errorf("postRenderers[%d].kustomize.patches[%d]: %w", i, j, err)
			}
		}
		for _, img := range k.Images {
			for _, r := range rs {
				if err := setImages(r.Object, img); err != nil {
					return fmt.Errorf("postRenderers[%d].kustomize.images: %w", i, err)
				}
			}
		}
	}
	for _, r := range rs {
		md := metadata(r.Object)
		if cm := hr.Spec.CommonMetadata; cm != nil {
			if cm.Labels != nil {
				setStrings(md, "labels", cm.Labels)
			}
			if cm.Annotations != nil {
				setStrings(md, "annotations", cm.Annotations)
			}
		}
		setOriginLabels(hr, r.Object)
	}
	return nil
}

// OriginLabels are the labels helm-controller sets on every object it
// applies for hr.
func OriginLabels(hr *HelmRelease) map[string]string {
	return map[string]string{
		HelmGroup + "/name":      hr.Name,
		HelmGroup + "/namespace": hr.Namespace,
	}
}

func setOriginLabels(hr *HelmRelease, obj map[string]any) {
	md := metadata(obj)
	setStrings(md, "labels", OriginLabels(hr))
	// kustomize drops empty or null annotations when it writes objects.
	if a, ok := md["annotations"]; ok {
		if am, isMap := a.(map[string]any); a == nil || (isMap && len(am) == 0) {
			delete(md, "annotations")
		}
	}
}

func metadata(obj map[string]any) map[string]any {
	md, ok := obj["metadata"].(map[string]any)
	if !ok {
		md = map[string]any{}
		obj["metadata"] = md
	}
	return md
}

func setStrings(md map[string]any, field string, kv map[string]string) {
	m, ok := md[field].(map[string]any)
	if !ok {
		m = map[string]any{}
		md[field] = m
	}
	for k, v := range kv {
		m[k] = v
	}
}

// selects reports whether a kustomize target selector selects r.
func selects(s *Selector, r *Resource) (bool, error) {
	if s == nil {
		return true, nil
	}
	group, version := "", r.APIVersion()
	if g, v, ok := strings.Cut(version, "/"); ok {
		group, version = g, v
	}
	ns := r.Namespace()
	if ns == "" {
		ns = DefaultNamespace
	}
	for _, c := range []struct{ pattern, value string }{
		{s.Group, group}, {s.Version, version}, {s.Kind, r.Kind()}, {s.Name, r.Name()}, {s.Namespace, ns},
	} {
		if c.pattern == "" {
			continue
		}
		re, err := regexp.Compile("^(?:" + c.pattern + ")$")
		if err != nil {
			return false, err
		}
		if !re.MatchString(c.value) {
			return false, nil
		}
	}
	md := metadata(r.Object)
	for _, c := range []struct{ sel, field string }{{s.LabelSelector, "labels"}, {s.AnnotationSelector, "annotations"}} {
		if c.sel == "" {
			continue
		}
		m, _ := md[c.field].(map[string]any)
		ok, err := matchLabels(c.sel, m)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// matchLabels evaluates an equality-based label selector ("a=b,c!=d,e,!f").
func matchLabels(sel string, m map[string]any) (bool, error) {
	for _, term := range strings.Split(sel, ",") {
		term = strings.TrimSpace(term)
		if strings.Contains(term, " in ") || strings.Contains(term, " notin ") || strings.Contains(term, "(") {
			return false, fmt.Errorf("%w: set-based selector %q", ErrUnsupported, term)
		}
		switch {
		case strings.Contains(term, "!="):
			k, v, _ := strings.Cut(term, "!=")
			if got, ok := m[strings.TrimSpace(k)]; ok && got == strings.TrimSpace(v) {
				return false, nil
			}
		case strings.Contains(term, "="):
			k, v, _ := strings.Cut(term, "=")
			v = strings.TrimPrefix(v, "=")
			if got, ok := m[strings.TrimSpace(k)]; !ok || got != strings.TrimSpace(v) {
				return false, nil
			}
		case strings.HasPrefix(term, "!"):
			if _, ok := m[strings.TrimSpace(term[1:])]; ok {
				return false, nil
			}
		case term != "":
			if _, ok := m[term]; !ok {
				return false, nil
			}
		}
	}
	return true, nil
}

func applyPatch(rs []*Resource, p Patch) error {
	text := strings.TrimSpace(p.Patch)
	if text == "" {
		return errors.New("must specify one of patch and path")
	}
	if ops, err := jsonPatchOps(text); err == nil {
		if p.Target == nil {
			return fmt.Errorf("must specify a target for JSON patch [patch: %q]", text)
		}
		for _, r := range rs {
			ok, err := selects(p.Target, r)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			if err := applyJSONPatch(r.Object, ops); err != nil {
				return fmt.Errorf("%s %s: %w", r.Kind(), r.Name(), err)
			}
		}
		return nil
	}
	docs := splitDocs([]byte(text))
	var patches []map[string]any
	for _, d := range docs {
		v, err := yamlx.Unmarshal(d.text)
		if err != nil {
			return fmt.Errorf("unable to parse SM or JSON patch from [patch: %q]: %w", text, err)
		}
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("unable to parse SM or JSON patch from [patch: %q]", text)
		}
		patches = append(patches, m)
	}
	if len(patches) == 0 {
		return fmt.Errorf("unable to parse SM or JSON patch from [patch: %q]", text)
	}
	if p.Target != nil {
		if len(patches) > 1 {
			return fmt.Errorf("Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field: [patch: %q]", text)
		}
		for _, r := range rs {
			ok, err := selects(p.Target, r)
			if err != nil {
				return err
			}
			if ok {
				if err := strategicMergeObject(r, patches[0]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, pm := range patches {
		pr := &Resource{Object: pm}
		var target *Resource
		pns := pr.Namespace()
		if pns == "" {
			pns = DefaultNamespace
		}
		for _, r := range rs {
			rns := r.Namespace()
			if rns == "" {
				rns = DefaultNamespace
			}
			if r.APIVersion() == pr.APIVersion() && r.Kind() == pr.Kind() && r.Name() == pr.Name() && rns == pns {
				target = r
				break
			}
		}
		if target == nil {
			return fmt.Errorf("no resource matches strategic merge patch %s %s/%s", pr.Kind(), pns, pr.Name())
		}
		if err := strategicMergeObject(target, pm); err != nil {
			return err
		}
	}
	return nil
}

// strategicMergeObject merges patch into r's object, keeping r's
// apiVersion, kind, name and namespace as kustomize does.
func strategicMergeObject(r *Resource, patch map[string]any) error {
	av, kind, name, ns := r.APIVersion(), r.Kind(), r.Name(), r.Namespace()
	merged, err := strategicMerge(r.Object, patch, kind, "")
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, name, err)
	}
	r.Object = merged
	r.Object["apiVersion"], r.Object["kind"] = av, kind
	md := metadata(r.Object)
	if name != "" {
		md["name"] = name
	}
	if ns != "" {
		md["namespace"] = ns
	} else {
		delete(md, "namespace")
	}
	return nil
}

// mergeKeys are the list fields of Kubernetes' built-in types that a
// strategic merge patch merges by a key, and the key.
var mergeKeys = map[string]string{
	"containers":                "name",
	"initContainers":            "name",
	"ephemeralContainers":       "name",
	"volumes":                   "name",
	"env":                       "name",
	"imagePullSecrets":          "name",
	"volumeMounts":              "mountPath",
	"volumeDevices":             "devicePath",
	"hostAliases":               "ip",
	"topologySpreadConstraints": "topologyKey",
}

// builtinKinds are the kinds whose schema kustomize knows; lists of other
// kinds are replaced by a patch.
var builtinKinds = map[string]bool{
	"Pod": true, "Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"Job": true, "CronJob": true, "ReplicationController": true, "PodTemplate": true,
}

func strategicMerge(orig, patch map[string]any, kind, field string) (map[string]any, error) {
	if d, ok := patch["$patch"]; ok {
		switch d {
		case "replace":
			out := deepCopyMap(patch)
			delete(out, "$patch")
			return out, nil
		case "delete":
			return nil, nil
		default:
			return nil, fmt.Errorf("%w: strategic merge directive $patch: %v", ErrUnsupported, d)
		}
	}
	out := make(map[string]any, len(orig))
	for k, v := range orig {
		out[k] = v
	}
	for k, pv := range patch {
		if strings.HasPrefix(k, "$") {
			return nil, fmt.Errorf("%w: strategic merge directive %s", ErrUnsupported, k)
		}
		if pv == nil {
			delete(out, k)
			continue
		}
		switch pv := pv.(type) {
		case map[string]any:
			if om, ok := out[k].(map[string]any); ok {
				m, err := strategicMerge(om, pv, kind, k)
				if err != nil {
					return nil, err
				}
				if m == nil {
					delete(out, k)
				} else {
					out[k] = m
				}
				continue
			}
			if d, ok := pv["$patch"]; ok && d == "delete" {
				delete(out, k)
				continue
			}
			m, err := strategicMerge(map[string]any{}, pv, kind, k)
			if err != nil {
				return nil, err
			}
			out[k] = m
		case []any:
			ol, isList := out[k].([]any)
			key := mergeKeyFor(kind, k, ol, pv)
			if key == "" || !isList {
				if hasDirective(pv) {
					return nil, fmt.Errorf("%w: $patch in list %s", ErrUnsupported, k)
				}
				out[k] = deepCopy(pv)
				continue
			}
			l, err := mergeList(ol, pv, key, kind, k)
			if err != nil {
				return nil, err
			}
			out[k] = l
		default:
			out[k] = pv
		}
	}
	return out, nil
}

func hasDirective(l []any) bool {
	for _, e := range l {
		if m, ok := e.(map[string]any); ok {
			if _, ok := m["$patch"]; ok {
				return true
			}
		}
	}
	return false
}

// mergeKeyFor returns the key a strategic merge patch merges the list
// field by: the schema's key for the built-in kinds kustomize knows,
// otherwise "name" when the list's first element has one (kustomize's
// inference), otherwise "" (the list is replaced).
func mergeKeyFor(kind, field string, orig, patch []any) string {
	if builtinKinds[kind] {
		if key, ok := mergeKeys[field]; ok {
			return key
		}
		if field == "ports" {
			return "containerPort,protocol"
		}
	}
	if kind == "Service" && field == "ports" {
		return "port,protocol"
	}
	for _, l := range [][]any{orig, patch} {
		if len(l) > 0 {
			if m, ok := l[0].(map[string]any); ok {
				if _, ok := m["name"]; ok {
					return "name"
				}
			}
			return ""
		}
	}
	return ""
}

// mergeList merges a patch list into a list by key, in kustomize's order:
// the patch's elements first (merged with the original element of the
// same key), then the original elements the patch does not name.
func mergeList(orig, patch []any, key, kind, field string) ([]any, error) {
	keys := strings.Split(key, ",")
	// Elements match when every key has the same value (absent on both
	// sides counts as the same).
	find := func(l []any, pm map[string]any) int {
		for i, e := range l {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			same := true
			for _, k := range keys {
				if !jsonEqual(m[k], pm[k]) {
					same = false
					break
				}
			}
			if same {
				return i
			}
		}
		return -1
	}
	out := []any{}
	used := make([]bool, len(orig))
	for _, pe := range patch {
		pm, ok := pe.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%w: list %s of non-objects in a strategic merge patch", ErrUnsupported, field)
		}
		if _, has := pm[keys[0]]; !has {
			return nil, fmt.Errorf("%w: element of %s without its merge key %q", ErrUnsupported, field, keys[0])
		}
		if find(out, pm) >= 0 {
			return nil, fmt.Errorf("%w: two elements of %s with the same %s in one patch", ErrUnsupported, field, key)
		}
		idx := find(orig, pm)
		if idx >= 0 {
			used[idx] = true
		}
		if d, ok := pm["$patch"]; ok {
			if d != "delete" {
				return nil, fmt.Errorf("%w: strategic merge directive $patch: %v", ErrUnsupported, d)
			}
			continue
		}
		base := map[string]any{}
		if idx >= 0 {
			if om, ok := orig[idx].(map[string]any); ok {
				base = om
			}
		}
		m, err := strategicMerge(base, pm, kind, field)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	for i, e := range orig {
		if !used[i] {
			out = append(out, e)
		}
	}
	return out, nil
}

type jsonOp struct {
	Op, Path, From string
	Value          any
	hasValue       bool
}

func jsonPatchOps(text string) ([]jsonOp, error) {
	v, err := yamlx.Unmarshal([]byte(text))
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, errors.New("not a list of operations")
	}
	var ops []jsonOp
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, errors.New("operation is not an object")
		}
		var op jsonOp
		op.Op, _ = m["op"].(string)
		op.Path, _ = m["path"].(string)
		op.From, _ = m["from"].(string)
		op.Value, op.hasValue = m["value"]
		ops = append(ops, op)
	}
	return ops, nil
}

func parsePointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("invalid JSON pointer %q", p)
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts, nil
}

// applyJSONPatch applies RFC 6902 operations to obj in place.
func applyJSONPatch(obj map[string]any, ops []jsonOp) error {
	var root any = obj
	for _, op := range ops {
		path, err := parsePointer(op.Path)
		if err != nil {
			return err
		}
		switch op.Op {
		case "add", "replace", "test":
			if !op.hasValue {
				return fmt.Errorf("%s operation on %q has no value", op.Op, op.Path)
			}
		}
		switch op.Op {
		case "add":
			root, err = jsonAdd(root, path, deepCopy(op.Value))
		case "remove":
			root, _, err = jsonRemove(root, path)
		case "replace":
			root, _, err = jsonRemove(root, path)
			if err == nil {
				root, err = jsonAdd(root, path, deepCopy(op.Value))
			}
		case "move", "copy":
			from, ferr := parsePointer(op.From)
			if ferr != nil {
				return ferr
			}
			var v any
			if op.Op == "move" {
				root, v, err = jsonRemove(root, from)
			} else {
				v, err = jsonGet(root, from)
				v = deepCopy(v)
			}
			if err == nil {
				root, err = jsonAdd(root, path, v)
			}
		case "test":
			var v any
			v, err = jsonGet(root, path)
			if err == nil && !jsonEqual(v, op.Value) {
				err = fmt.Errorf("testing value %s failed", op.Path)
			}
		default:
			return fmt.Errorf("unexpected kind of operation %q", op.Op)
		}
		if err != nil {
			return err
		}
	}
	m, ok := root.(map[string]any)
	if !ok {
		return errors.New("the patch replaced the object with a non-object")
	}
	if reflect.ValueOf(m).UnsafePointer() != reflect.ValueOf(obj).UnsafePointer() {
		for k := range obj {
			delete(obj, k)
		}
		for k, v := range m {
			obj[k] = v
		}
	}
	return nil
}

func jsonEqual(a, b any) bool {
	return yamlx.ToYAML(a) == yamlx.ToYAML(b)
}

func listIndex(l []any, s string, forAdd bool) (int, error) {
	if forAdd && s == "-" {
		return len(l), nil
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || (s != "0" && strings.HasPrefix(s, "0")) {
		return 0, fmt.Errorf("invalid list index %q", s)
	}
	max := len(l) - 1
	if forAdd {
		max = len(l)
	}
	if i > max {
		return 0, fmt.Errorf("list index %d out of range", i)
	}
	return i, nil
}

func jsonGet(doc any, path []string) (any, error) {
	for _, p := range path {
		switch d := doc.(type) {
		case map[string]any:
			v, ok := d[p]
			if !ok {
				return nil, fmt.Errorf("path %q not found", "/"+strings.Join(path, "/"))
			}
			doc = v
		case []any:
			i, err := listIndex(d, p, false)
			if err != nil {
				return nil, err
			}
			doc = d[i]
		default:
			return nil, fmt.Errorf("path %q not found", "/"+strings.Join(path, "/"))
		}
	}
	return doc, nil
}

// jsonAdd returns doc with v added at path.
func jsonAdd(doc any, path []string, v any) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	parent, err := jsonGet(doc, path[:len(path)-1])
	if err != nil {
		return nil, err
	}
	last := path[len(path)-1]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = v
		return doc, nil
	case []any:
		i, err := listIndex(p, last, true)
		if err != nil {
			return nil, err
		}
		nl := make([]any, 0, len(p)+1)
		nl = append(append(append(nl, p[:i]...), v), p[i:]...)
		return jsonSet(doc, path[:len(path)-1], nl)
	}
	return nil, fmt.Errorf("path %q not found", "/"+strings.Join(path, "/"))
}

// jsonSet replaces the value at path (which exists) with v.
func jsonSet(doc any, path []string, v any) (any, error) {
	if len(path) == 0 {
		return v, nil
	}
	parent, err := jsonGet(doc, path[:len(path)-1])
	if err != nil {
		return nil, err
	}
	last := path[len(path)-1]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = v
	case []any:
		i, err := listIndex(p, last, false)
		if err != nil {
			return nil, err
		}
		p[i] = v
	}
	return doc, nil
}

func jsonRemove(doc any, path []string) (any, any, error) {
	if len(path) == 0 {
		return nil, nil, errors.New("cannot remove the whole document")
	}
	parent, err := jsonGet(doc, path[:len(path)-1])
	if err != nil {
		return nil, nil, err
	}
	last := path[len(path)-1]
	switch p := parent.(type) {
	case map[string]any:
		v, ok := p[last]
		if !ok {
			return nil, nil, fmt.Errorf("path %q not found", "/"+strings.Join(path, "/"))
		}
		delete(p, last)
		return doc, v, nil
	case []any:
		i, err := listIndex(p, last, false)
		if err != nil {
			return nil, nil, err
		}
		v := p[i]
		nl := append(append([]any(nil), p[:i]...), p[i+1:]...)
		doc, err = jsonSet(doc, path[:len(path)-1], nl)
		return doc, v, err
	}
	return nil, nil, fmt.Errorf("path %q not found", "/"+strings.Join(path, "/"))
}

// setImages applies a kustomize images entry to every containers and
// initContainers list of obj (CustomResourceDefinitions excepted).
func setImages(obj map[string]any, img Image) error {
	if k, _ := obj["kind"].(string); k == "CustomResourceDefinition" {
		return nil
	}
	re, err := regexp.Compile("^" + img.Name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")
	if err != nil {
		return fmt.Errorf("image name %q: %w", img.Name, err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(e)
				if k != "containers" && k != "initContainers" {
					continue
				}
				l, _ := e.([]any)
				for _, c := range l {
					cm, ok := c.(map[string]any)
					if !ok {
						continue
					}
					if s, ok := cm["image"].(string); ok && re.MatchString(s) {
						cm["image"] = updateImage(s, img)
					}
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(obj)
	return nil
}

func updateImage(value string, img Image) string {
	name, tag, digest := splitImage(value)
	if img.NewName != "" {
		name = img.NewName
	}
	switch {
	case img.NewTag != "" && img.Digest != "":
		tag, digest = img.NewTag, img.Digest
	case img.NewTag != "":
		tag, digest = img.NewTag, ""
	case img.Digest != "":
		tag, digest = "", img.Digest
	}
	if tag != "" {
		name += ":" + tag
	}
	if digest != "" {
		name += "@" + digest
	}
	return name
}

// splitImage splits an image reference into name, tag and digest as
// kustomize does (a ':' before the first '/' is a registry port).
func splitImage(s string) (name, tag, digest string) {
	search, off := s, 0
	if i := strings.Index(s, "/"); i > 0 {
		search, off = s[i:], i
	}
	id := strings.Index(search, "@")
	ic := strings.Index(search, ":")
	switch {
	case ic < 0 && id < 0:
		return s, "", ""
	case id >= 0 && (id < ic || ic < 0):
		return s[:id+off], "", s[id+off+1:]
	case id >= 0 && ic >= 0:
		return s[:ic+off], s[ic+off+1 : id+off], s[id+off+1:]
	}
	return s[:ic+off], s[ic+off+1:], ""
}
