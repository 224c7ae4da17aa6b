package manifest

import (
	"context"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chartrender/chartrender/warning"
)

// InstallOrder is the order in which Helm v4 lists documents by kind. Kinds
// not in the list come after all listed ones, sorted by name.
var InstallOrder = []string{
	"PriorityClass",
	"Namespace",
	"NetworkPolicy",
	"ResourceQuota",
	"LimitRange",
	"PodSecurityPolicy",
	"PodDisruptionBudget",
	"ServiceAccount",
	"Secret",
	"SecretList",
	"ConfigMap",
	"StorageClass",
	"PersistentVolume",
	"PersistentVolumeClaim",
	"CustomResourceDefinition",
	"ClusterRole",
	"ClusterRoleList",
	"ClusterRoleBinding",
	"ClusterRoleBindingList",
	"Role",
	"RoleList",
	"RoleBinding",
	"RoleBindingList",
	"Service",
	"DaemonSet",
	"Pod",
	"ReplicationController",
	"ReplicaSet",
	"Deployment",
	"HorizontalPodAutoscaler",
	"StatefulSet",
	"Job",
	"CronJob",
	"IngressClass",
	"Ingress",
	"APIService",
	"MutatingWebhookConfiguration",
	"ValidatingWebhookConfiguration",
}

// InstallOrderV3 is Helm v3's install order: InstallOrder without the two
// webhook configuration kinds, which v3 sorts as unknown kinds.
var InstallOrderV3 = InstallOrder[:len(InstallOrder)-2]

// CompareKinds orders two kinds as Helm's install order does: listed kinds
// by their position, then unlisted kinds by byte order ("" first). It
// returns a negative number, zero or a positive number. helm3 selects
// [InstallOrderV3].
func CompareKinds(a, b string, helm3 bool) int {
	order := InstallOrder
	if helm3 {
		order = InstallOrderV3
	}
	ia := slices.Index(order, a)
	ib := slices.Index(order, b)
	switch {
	case ia < 0 && ib < 0:
		return strings.Compare(a, b)
	case ia < 0:
		return 1
	case ib < 0:
		return -1
	}
	return ia - ib
}

// Manifest is a document without a hook annotation.
type Manifest struct {
	// Path is the template the document was rendered from.
	Path string
	// Content is the document text, as split.
	Content string
	// Head is the decoded head of the document.
	Head *Head
}

// Options configure [Sort].
type Options struct {
	// Helm3 selects Helm v3.22.0 document splitting and log text.
	Helm3 bool
	// Warn, if set, receives a warning.UnknownHook when a document with an
	// unknown hook event is dropped.
	Warn func(warning.Warning)
	// Cache, if set, remembers decoded heads across calls.
	Cache *HeadCache
}

// ParseError is a document that is not valid YAML or does not have the
// shape Helm expects of a Kubernetes object.
type ParseError struct {
	// Path is the template the document came from.
	Path string
	// Err is the decoding error.
	Err error
}

func (e *ParseError) Error() string { return "YAML parse error on " + e.Path + ": " + e.Err.Error() }

// Unwrap returns the decoding error.
func (e *ParseError) Unwrap() error { return e.Err }

// Sort splits every rendered file into documents and sorts them into hooks
// and manifests, as Helm does before printing a release.
//
// Files are visited in byte order of their names; names whose base starts
// with "_" and files that are only whitespace are skipped. A document with a
// helm.sh/hook annotation is a hook, unless one of its events is unknown, in
// which case it is dropped. Both lists are then stably sorted by
// [CompareKinds]; hooks are not sorted by weight. The first document that
// fails to decode stops the sort with a *ParseError. files is not modified.
func Sort(ctx context.Context, files map[string]string, opts Options) (hooks []*Hook, manifests []*Manifest, err error) {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)

	// Split every file, then decode all heads, in parallel: decoding is
	// most of the work. Documents are then taken in order, so the result and
	// the error reported (the first in Helm's order) do not depend on
	// scheduling.
	type doc struct {
		path, text string
		head       *Head
		err        error
	}
	var docs []doc
	for _, name := range names {
		content := files[name]
		if strings.HasPrefix(path.Base(name), "_") || strings.TrimSpace(content) == "" {
			continue
		}
		for _, d := range SplitManifests(content, opts.Helm3) {
			docs = append(docs, doc{path: name, text: d})
		}
	}
	size := 0
	for _, d := range docs {
		size += len(d.text)
	}
	if err := parallel(ctx, len(docs), 1+size/bytesPerWorker, func(i int) {
		docs[i].head, docs[i].err = opts.Cache.parseHead(docs[i].text, opts.Helm3)
	}); err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		if d.err != nil {
			return nil, nil, &ParseError{Path: d.path, Err: d.err}
		}
		events, isHook := d.head.Annotations()[HookAnnotation]
		if !isHook {
			manifests = append(manifests, &Manifest{Path: d.path, Content: d.text, Head: d.head})
			continue
		}
		h, ok := newHook(d.path, d.text, d.head, events)
		if !ok {
			if opts.Warn != nil {
				opts.Warn(warning.Warning{Kind: warning.UnknownHook, Template: d.path, Detail: events, Helm3: opts.Helm3})
			}
			continue
		}
		hooks = append(hooks, h)
	}
	slices.SortStableFunc(hooks, func(a, b *Hook) int { return CompareKinds(a.Head.Kind, b.Head.Kind, opts.Helm3) })
	slices.SortStableFunc(manifests, func(a, b *Manifest) int { return CompareKinds(a.Head.Kind, b.Head.Kind, opts.Helm3) })
	return hooks, manifests, nil
}

// bytesPerWorker is how much document text one goroutine decodes the heads
// of: a chart's few small documents are decoded on the calling goroutine,
// where starting goroutines would cost more than the decoding.
const bytesPerWorker = 32 << 10

// parallel calls f(0) … f(n-1) on up to GOMAXPROCS goroutines, and at most
// maxWorkers, and returns ctx's error if it is cancelled first. With one
// worker, f runs on the calling goroutine.
func parallel(ctx context.Context, n, maxWorkers int, f func(i int)) error {
	workers := min(runtime.GOMAXPROCS(0), n, maxWorkers)
	if workers <= 1 {
		for i := 0; i < n && ctx.Err() == nil; i++ {
			f(i)
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}
