package chartrender

import (
	"os"

	"github.com/chartrender/chartrender/engine"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
)

// DefaultReleaseName and DefaultNamespace are what `helm template` uses
// when no release name or namespace is given.
const (
	DefaultReleaseName = "release-name"
	DefaultNamespace   = "default"
)

// DefaultMaxOutputBytes is the default of Options.MaxOutputBytes: far more
// than real charts render (the largest chart of the test corpus prints
// 3.6 MB).
const DefaultMaxOutputBytes = 256 << 20

// Defaults of the other render limits (see Options). Helm has none of
// these limits; the defaults are far above what real charts need and low
// enough that a runaway template stops within a second or two.
const (
	// DefaultMaxValueBytes is the default of Options.MaxValueBytes: real
	// charts build no string near this size (Kubernetes refuses objects
	// over a few MiB).
	DefaultMaxValueBytes = 64 << 20
	// DefaultMaxBuildBytes is the default of Options.MaxBuildBytes.
	DefaultMaxBuildBytes = 1 << 30
	// DefaultMaxSteps is the default of Options.MaxSteps.
	DefaultMaxSteps = 5_000_000
	// DefaultMaxValueDepth is the default of Options.MaxValueDepth.
	DefaultMaxValueDepth = engine.DefaultMaxValueDepth
)

// Options are the settings of one render. They correspond to the flags of
// `helm template`; the zero value renders like `helm template CHART`.
type Options struct {
	// ReleaseName is .Release.Name; "" means DefaultReleaseName.
	ReleaseName string
	// Namespace is .Release.Namespace; "" means DefaultNamespace.
	Namespace string

	// UserValues are values the program holds as data (Helm's SDK takes
	// them as its vals argument). They are the bottom layer: ValueFiles and
	// the --set family are merged over a copy of them. They are not
	// modified.
	UserValues map[string]any

	// User-supplied values, merged in Helm's order: ValueFiles (-f) first,
	// then JSONValues (--set-json), Values (--set), StringValues
	// (--set-string), FileValues (--set-file) and LiteralValues
	// (--set-literal). Later sources win.
	ValueFiles    []string
	Values        []string
	StringValues  []string
	FileValues    []string
	JSONValues    []string
	LiteralValues []string

	// KubeVersion overrides .Capabilities.KubeVersion (--kube-version),
	// e.g. "1.30" or "v1.30.2".
	KubeVersion string
	// APIVersions are added to .Capabilities.APIVersions (--api-versions).
	APIVersions []string

	// IsUpgrade sets .Release.IsUpgrade instead of .Release.IsInstall
	// (--is-upgrade).
	IsUpgrade bool
	// IncludeCRDs puts the charts' crds/ files in the result and the output
	// (--include-crds).
	IncludeCRDs bool
	// SkipCRDs is accepted for compatibility (--skip-crds). As in
	// `helm template`, it changes nothing: CRDs are only installed by
	// commands that talk to a cluster.
	SkipCRDs bool
	// SkipTests leaves out hooks on the test event (--skip-tests).
	SkipTests bool
	// DisableHooks leaves out every hook (--no-hooks).
	DisableHooks bool
	// SkipSchemaValidation skips values.schema.json checks
	// (--skip-schema-validation).
	SkipSchemaValidation bool

	// ShowOnly limits the output to the documents rendered from templates
	// matching these patterns (--show-only), e.g. "templates/service.yaml"
	// or "charts/*/templates/*". Patterns use filepath.Match syntax and are
	// matched against the template path without the chart name.
	ShowOnly []string

	// Deterministic replaces random and time-dependent template functions
	// with fixed ones, so that every render of the same input gives the same
	// bytes.
	Deterministic bool
	// EnableDNS lets getHostByName resolve names (--enable-dns).
	EnableDNS bool
	// Helm3 renders as Helm v3.22.0 does instead of Helm v4.3.1.
	Helm3 bool

	// MaxOutputBytes bounds what the templates of one render may produce
	// (in total, and in any one include, tpl or string-building function),
	// so that a runaway template fails instead of exhausting memory. Helm
	// has no such limit. 0 means DefaultMaxOutputBytes; a negative value
	// removes the limit.
	MaxOutputBytes int64
	// MaxBuildBytes bounds the bytes the templates of one render write
	// and the template functions build, added up, including results that
	// are thrown away, so that a loop building large strings stops early.
	// 0 means DefaultMaxBuildBytes; a negative value removes the limit.
	MaxBuildBytes int64
	// MaxValueBytes bounds every string or list one template function
	// builds (repeat, printf, replace, toYaml, until, append, ...) and every
	// include or tpl result; functions are refused before they build it.
	// 0 means DefaultMaxValueBytes (or MaxOutputBytes when that is
	// smaller); a negative value leaves only MaxOutputBytes.
	MaxValueBytes int64
	// MaxSteps bounds the steps of one render: writes of text and action
	// results, range iterations and calls of the functions that build
	// values. 0 means DefaultMaxSteps; a negative value removes the limit.
	MaxSteps int64
	// MaxValueDepth bounds how deeply nested a value given to a template
	// function that walks it (toYaml, toJson, printf, deepCopy, merge, ...)
	// may be. 0 means DefaultMaxValueDepth. A value that contains itself
	// is always refused.
	MaxValueDepth int

	// MaxSchemaWork bounds the estimated cost of checking the values
	// against one values.schema.json, in about the bytes the validation
	// would allocate. The estimate is made before validating, so a schema
	// whose nested anyOf/oneOf/allOf or $ref chains would make the check
	// exponential, or its error text huge, fails at once. 0 means
	// schema.DefaultMaxWork (256 MiB; the largest real chart tried needs
	// about 3 MiB); a negative value removes the limit. Helm has no such
	// limit.
	MaxSchemaWork int64

	// MaxInputBytes bounds each file named by ValueFiles and FileValues
	// when ReadFile is nil. 0 means values.DefaultMaxFileBytes (64 MiB); a
	// negative value removes the limit. Helm has no such limit.
	MaxInputBytes int64
	// MaxFlagBytes bounds the length of each argument of Values,
	// StringValues, FileValues, JSONValues and LiteralValues. 0 means
	// strvals.DefaultMaxBytes (1 MiB, eight times the longest argument
	// Linux passes to a program); a negative value removes the limit. Helm
	// has no such limit.
	MaxFlagBytes int
	// ReadFile reads the files named by ValueFiles and FileValues. Nil
	// means reading them from the file system, at most MaxInputBytes each
	// ("-" is standard input).
	ReadFile func(name string) ([]byte, error)
	// OnWarning, if set, receives each warning Helm would log on stderr
	// during the render (values coalescing, dependency tags and conditions,
	// hooks skipped, deprecated charts, ...) as it happens, also when the
	// render then fails; its String method gives Helm's line. A successful
	// render also returns them in Result.Warnings. Calls come one at a
	// time, in Helm's order, but not necessarily from the goroutine that
	// called Render.
	OnWarning func(warning.Warning)
}

func (o *Options) releaseName() string {
	if o.ReleaseName == "" {
		return DefaultReleaseName
	}
	return o.ReleaseName
}

// maxOutputBytes is the engine's limit: positive, or 0 for none.
func (o *Options) maxOutputBytes() int64 {
	switch {
	case o.MaxOutputBytes == 0:
		return DefaultMaxOutputBytes
	case o.MaxOutputBytes < 0:
		return 0
	}
	return o.MaxOutputBytes
}

// limit resolves a limit option: 0 is def, negative is none (0 for the
// engine).
func limit(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

func (o *Options) namespace() string {
	if o.Namespace == "" {
		return DefaultNamespace
	}
	return o.Namespace
}

func (o *Options) readFile() func(string) ([]byte, error) {
	if o.ReadFile == nil {
		max := limit(o.MaxInputBytes, values.DefaultMaxFileBytes)
		return func(name string) ([]byte, error) {
			return values.ReadFileLimited(name, os.Stdin, max)
		}
	}
	return o.ReadFile
}
