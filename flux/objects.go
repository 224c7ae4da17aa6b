package flux

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/chartrender/chartrender/internal/yamlx"
)

// An Object is one document read from a manifest file: any Kubernetes
// object, kept as data.
type Object struct {
	APIVersion string
	Kind       string
	Name       string
	// Namespace is metadata.namespace, or the namespace a kustomization.yaml
	// above the file sets, or "" when neither does.
	Namespace string
	// Data is the whole document in the JSON data model.
	Data map[string]any
	// File and Line locate the document: the file as named when read and
	// the 1-based line where the document starts.
	File string
	Line int
}

// Group is the API group of the object's apiVersion ("" for core objects).
func (o *Object) Group() string {
	g, _, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		return ""
	}
	return g
}

func (o *Object) where() string { return fmt.Sprintf("%s:%d", o.File, o.Line) }

// A ManifestError is a manifest document that could not be read. It names
// the file and the line where the document starts.
type ManifestError struct {
	File string
	Line int
	Err  error
}

func (e *ManifestError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *ManifestError) Unwrap() error { return e.Err }

// ErrNotObject is the reason of a ManifestError for a document that is not
// a Kubernetes object (no apiVersion or kind, or not a map).
var ErrNotObject = errors.New("document is not a Kubernetes object")

// Limits on what the reader accepts, so that a hostile tree cannot exhaust
// memory.
const (
	maxManifestFile  = 16 << 20
	maxManifestTotal = 256 << 20
	maxManifestFiles = 10000
	maxTreeDepth     = 64
)

// ParseManifests reads the documents of one multi-document YAML stream.
// Empty documents are skipped; a document that is not a map with
// apiVersion and kind is an error. name is used in errors and in
// Object.File. Lists (kind List, or any kind ending in "List" with items)
// are expanded into their items.
func ParseManifests(data []byte, name string) ([]*Object, error) {
	var out []*Object
	for _, d := range splitDocs(data) {
		v, err := yamlx.Unmarshal(d.text)
		if err != nil {
			return nil, &ManifestError{File: name, Line: d.line, Err: err}
		}
		if v == nil {
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, &ManifestError{File: name, Line: d.line, Err: ErrNotObject}
		}
		objs, err := objectsOf(m, name, d.line)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	return out, nil
}

func objectsOf(m map[string]any, file string, line int) ([]*Object, error) {
	kind, _ := m["kind"].(string)
	if items, ok := m["items"].([]any); ok && strings.HasSuffix(kind, "List") {
		var out []*Object
		for _, it := range items {
			im, ok := it.(map[string]any)
			if !ok {
				return nil, &ManifestError{File: file, Line: line, Err: ErrNotObject}
			}
			objs, err := objectsOf(im, file, line)
			if err != nil {
				return nil, err
			}
			out = append(out, objs...)
		}
		return out, nil
	}
	o := &Object{Data: m, File: file, Line: line}
	o.APIVersion, _ = m["apiVersion"].(string)
	o.Kind = kind
	if o.APIVersion == "" || o.Kind == "" {
		return nil, &ManifestError{File: file, Line: line, Err: ErrNotObject}
	}
	if md, ok := m["metadata"].(map[string]any); ok {
		o.Name, _ = md["name"].(string)
		o.Namespace, _ = md["namespace"].(string)
	}
	return []*Object{o}, nil
}

type rawDoc struct {
	text []byte
	line int
}

// splitDocs splits a YAML stream at lines starting with "---", keeping
// the line number where each document starts.
func splitDocs(data []byte) []rawDoc {
	var docs []rawDoc
	start, startLine, line := 0, 1, 1
	for i := 0; i <= len(data); {
		end := bytes.IndexByte(data[i:], '\n')
		next := len(data) + 1
		if end >= 0 {
			next = i + end + 1
		}
		lineText := data[i:min(next, len(data))]
		if bytes.HasPrefix(lineText, []byte("---")) && (len(lineText) == 3 || lineText[3] == ' ' || lineText[3] == '\n' || lineText[3] == '\r' || lineText[3] == '\t') {
			if strings.TrimSpace(string(data[start:i])) != "" {
				docs = append(docs, rawDoc{data[start:i], startLine})
			}
			start, startLine = next, line+1
		}
		if end < 0 {
			break
		}
		i = next
		line++
	}
	if start < len(data) && strings.TrimSpace(string(data[start:])) != "" {
		docs = append(docs, rawDoc{data[start:], startLine})
	}
	return docs
}

// ReadOptions control how Read walks files and folders.
type ReadOptions struct {
	// FS is the file system paths are read from; nil means the operating
	// system's, with paths as given.
	FS fs.FS
}

// Read reads Flux manifests from files and folders. A folder that holds a
// kustomization.yaml (or kustomization.yml, Kustomization) is read as
// kustomize reads it: its resources in order (files, or folders read the
// same way), with its namespace set on objects that have none. Other
// folders are read recursively, every .yaml, .yml and .json file in
// lexical order. Objects come back in the order read.
func Read(ctx context.Context, paths ...string) (*Repository, error) {
	return ReadOptions{}.Read(ctx, paths...)
}

// Read is the package-level Read with these options.
func (o ReadOptions) Read(ctx context.Context, paths ...string) (*Repository, error) {
	r := &reader{ctx: ctx, fsys: o.FS, seen: map[string]bool{}}
	for _, p := range paths {
		r.root = p
		if fi, err := r.stat(p); err == nil && !fi.IsDir() {
			r.root = path.Dir(filepath.ToSlash(p))
		}
		if err := r.path(p, "", 0); err != nil {
			return nil, err
		}
	}
	return NewRepository(r.objs)
}

type reader struct {
	ctx   context.Context
	root  string // the path being read; kustomizations may not leave it
	fsys  fs.FS
	objs  []*Object
	files int
	total int64
	seen  map[string]bool
}

func (r *reader) stat(p string) (fs.FileInfo, error) {
	if r.fsys == nil {
		return os.Stat(p)
	}
	return fs.Stat(r.fsys, p)
}

func (r *reader) readDir(p string) ([]fs.DirEntry, error) {
	if r.fsys == nil {
		return os.ReadDir(p)
	}
	return fs.ReadDir(r.fsys, p)
}

func (r *reader) readFile(p string) ([]byte, error) {
	fi, err := r.stat(p)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxManifestFile {
		return nil, &ManifestError{File: p, Err: fmt.Errorf("file is larger than %d bytes", maxManifestFile)}
	}
	r.files++
	r.total += fi.Size()
	if r.files > maxManifestFiles || r.total > maxManifestTotal {
		return nil, &ManifestError{File: p, Err: errors.New("too many manifest files or bytes")}
	}
	if r.fsys == nil {
		return os.ReadFile(p)
	}
	return fs.ReadFile(r.fsys, p)
}

func (r *reader) join(dir, name string) string {
	if r.fsys == nil {
		return filepath.Join(dir, name)
	}
	return path.Join(dir, name)
}

func (r *reader) path(p, ns string, depth int) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	if depth > maxTreeDepth {
		return &ManifestError{File: p, Err: errors.New("folders nested too deeply")}
	}
	fi, err := r.stat(p)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return r.file(p, ns)
	}
	if r.seen[p] {
		return nil
	}
	r.seen[p] = true
	for _, k := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		kp := r.join(p, k)
		if _, err := r.stat(kp); err == nil {
			return r.kustomization(p, kp, ns, depth)
		}
	}
	entries, err := r.readDir(p)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		full := r.join(p, name)
		if e.IsDir() {
			if err := r.path(full, ns, depth+1); err != nil {
				return err
			}
			continue
		}
		switch strings.ToLower(path.Ext(name)) {
		case ".yaml", ".yml", ".json":
			if err := r.file(full, ns); err != nil {
				return err
			}
		}
	}
	return nil
}

// inside reports whether p is within the root being read.
func (r *reader) inside(p string) bool {
	rel, err := filepath.Rel(filepath.Clean(r.root), filepath.Clean(p))
	return err == nil && rel != ".." && !strings.HasPrefix(filepath.ToSlash(rel), "../")
}

func (r *reader) file(p, ns string) error {
	data, err := r.readFile(p)
	if err != nil {
		return err
	}
	objs, err := ParseManifests(data, p)
	if err != nil {
		return err
	}
	for _, o := range objs {
		if o.Group() == "kustomize.config.k8s.io" {
			continue
		}
		if o.Namespace == "" && ns != "" && !clusterScoped(o.Kind) {
			o.Namespace = ns
		}
		r.objs = append(r.objs, o)
	}
	return nil
}

// clusterScoped reports the kinds kustomize never gives a namespace.
func clusterScoped(kind string) bool {
	switch kind {
	case "Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "PriorityClass", "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration":
		return true
	}
	return false
}

func (r *reader) kustomization(dir, file, ns string, depth int) error {
	data, err := r.readFile(file)
	if err != nil {
		return err
	}
	v, err := yamlx.Unmarshal(data)
	if err != nil {
		return &ManifestError{File: file, Line: 1, Err: err}
	}
	k, _ := v.(map[string]any)
	if s, ok := k["namespace"].(string); ok && s != "" {
		ns = s
	}
	for _, key := range []string{"configMapGenerator", "secretGenerator", "helmCharts", "components", "patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "namePrefix", "nameSuffix", "images"} {
		if _, ok := k[key]; ok {
			return &ManifestError{File: file, Err: fmt.Errorf("%w: kustomization field %q", ErrUnsupported, key)}
		}
	}
	res, _ := k["resources"].([]any)
	for _, it := range res {
		s, ok := it.(string)
		if !ok || s == "" {
			return &ManifestError{File: file, Err: fmt.Errorf("resources entry %v is not a path", it)}
		}
		if strings.Contains(s, "://") || strings.HasPrefix(s, "github.com/") {
			return &ManifestError{File: file, Err: fmt.Errorf("%w: remote resource %q", ErrUnsupported, s)}
		}
		var p string
		if r.fsys == nil {
			p = filepath.Join(dir, filepath.FromSlash(s))
		} else {
			p = path.Join(dir, s)
		}
		if !r.inside(p) {
			return &ManifestError{File: file, Err: fmt.Errorf("resource %q is outside %s", s, r.root)}
		}
		if err := r.path(p, ns, depth+1); err != nil {
			return err
		}
	}
	return nil
}
