package chart

import (
	"context"
	"io"
	"os"

	"github.com/chartrender/chartrender/warning"
)

// Default limits of a zero [Loader].
const (
	// DefaultMaxTotalSize is Helm's cap on the decompressed size of a chart:
	// 100 MiB.
	DefaultMaxTotalSize int64 = 100 << 20
	// Helm3MaxFileSize is Helm 3's cap on a single file: 5 MiB. It applies
	// when Loader.Helm3 is set and MaxFileSize is zero.
	Helm3MaxFileSize int64 = 5 << 20
	// DefaultMaxFiles caps the number of files (archive entries) of a chart,
	// subcharts included. Helm has no such cap.
	DefaultMaxFiles = 100_000
	// DefaultMaxDepth caps how deeply subcharts may nest below the root
	// chart. Helm has no such cap.
	DefaultMaxDepth = 64
	// DefaultMaxMetadataSize caps the size of Chart.yaml, Chart.lock,
	// requirements.yaml and requirements.lock: 1 MiB, a thousand times
	// more than real charts use. Helm has no such cap.
	DefaultMaxMetadataSize int64 = 1 << 20
)

// A Loader loads charts. Its zero value loads exactly as Helm v4.3.1 does,
// with the default limits; set fields to change them. A Loader is not
// modified by loading and may be used concurrently.
type Loader struct {
	// MaxTotalSize caps the decompressed size of the whole chart in bytes:
	// every file read from a directory or an archive, and the contents of
	// subchart archives, which count on top of the archive files
	// themselves. Zero means DefaultMaxTotalSize (Helm's value); a negative
	// value means no limit. The cap is enforced while reading.
	MaxTotalSize int64
	// MaxFileSize caps the size of any single file. Zero means no cap of
	// its own (Helm 4), or Helm3MaxFileSize when Helm3 is set; a negative
	// value means no cap.
	MaxFileSize int64
	// MaxFiles caps the number of files, and of archive entries of any
	// kind. Zero means DefaultMaxFiles; negative means no limit.
	MaxFiles int
	// MaxDepth caps the nesting of subcharts: 1 allows charts/x but not
	// charts/x/charts/y. Zero means DefaultMaxDepth; negative means no
	// limit.
	MaxDepth int
	// MaxMetadataSize caps the size of each chart's Chart.yaml, Chart.lock,
	// requirements.yaml and requirements.lock. Zero means
	// DefaultMaxMetadataSize; negative means no limit.
	MaxMetadataSize int64
	// RefuseSymlinks makes a symbolic link in a chart directory an error.
	// By default links are followed, as Helm follows them.
	RefuseSymlinks bool
	// RefuseExternalSymlinks makes a symbolic link that resolves to a path
	// outside the chart directory an error. Links inside it are followed.
	RefuseExternalSymlinks bool
	// Helm3 loads as Helm v3.22 does: values.yaml is a single YAML
	// document, a single file may not exceed 5 MiB (unless MaxFileSize says
	// otherwise), Chart.yaml's apiVersion is not checked before loading, and
	// archive errors are reported without Helm 4's extra wrapping.
	Helm3 bool
	// Warn, when set, receives what Helm logs while loading: a
	// warning.SymlinkFollowed for each symbolic link followed in a chart
	// directory.
	Warn func(warning.Warning)
}

// Load loads a chart from a directory or a chart archive with the default
// Loader.
func Load(path string) (*Chart, error) { return new(Loader).Load(path) }

// LoadDir loads a chart from a directory with the default Loader.
func LoadDir(dir string) (*Chart, error) { return new(Loader).LoadDir(dir) }

// LoadArchive loads a chart from a gzipped tar stream with the default
// Loader.
func LoadArchive(r io.Reader) (*Chart, error) { return new(Loader).LoadArchive(r) }

// LoadFiles builds a chart from files already in memory, named with
// slash-separated paths relative to the chart root, with the default
// Loader.
func LoadFiles(files []*File) (*Chart, error) { return new(Loader).LoadFiles(files) }

// Load loads the chart at path: a directory with LoadDir, anything else as
// a chart archive.
func (l *Loader) Load(path string) (*Chart, error) {
	return l.LoadContext(context.Background(), path)
}

// LoadContext is Load with a context: when ctx is done, loading stops (it
// is checked for every file and every read) and the error wraps ctx's
// error.
func (l *Loader) LoadContext(ctx context.Context, path string) (*Chart, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, loadErr(path, err, err.Error())
	}
	if fi.IsDir() {
		return l.LoadDirContext(ctx, path)
	}
	return l.loadArchiveFile(ctx, path)
}

// LoadFiles builds a chart from files already in memory. The names are
// slash-separated paths relative to the chart root ("Chart.yaml",
// "templates/x.yaml", "charts/sub/Chart.yaml", "charts/sub-1.0.0.tgz").
// The files are not modified; the chart shares their Data.
func (l *Loader) LoadFiles(files []*File) (*Chart, error) {
	return l.LoadFilesContext(context.Background(), files)
}

// LoadFilesContext is LoadFiles with a context, checked for every file.
func (l *Loader) LoadFilesContext(ctx context.Context, files []*File) (*Chart, error) {
	st := l.newState(ctx)
	for _, f := range files {
		if f == nil {
			return nil, loadErr("", nil, "chart file list contains a nil file")
		}
		if err := st.countFile(f.Name); err != nil {
			return nil, err
		}
	}
	l.preparseValues(files, st)
	return l.loadFiles(files, st, "", 0)
}

// limits resolved from the Loader's fields; -1 means unlimited.
func (l *Loader) maxTotal() int64 {
	switch {
	case l.MaxTotalSize == 0:
		return DefaultMaxTotalSize
	case l.MaxTotalSize < 0:
		return -1
	}
	return l.MaxTotalSize
}

func (l *Loader) maxFile() int64 {
	switch {
	case l.MaxFileSize == 0 && l.Helm3:
		return Helm3MaxFileSize
	case l.MaxFileSize <= 0:
		return -1
	}
	return l.MaxFileSize
}

func (l *Loader) maxFiles() int {
	switch {
	case l.MaxFiles == 0:
		return DefaultMaxFiles
	case l.MaxFiles < 0:
		return -1
	}
	return l.MaxFiles
}

func (l *Loader) maxMetadata() int64 {
	switch {
	case l.MaxMetadataSize == 0:
		return DefaultMaxMetadataSize
	case l.MaxMetadataSize < 0:
		return -1
	}
	return l.MaxMetadataSize
}

func (l *Loader) maxDepth() int {
	switch {
	case l.MaxDepth == 0:
		return DefaultMaxDepth
	case l.MaxDepth < 0:
		return -1
	}
	return l.MaxDepth
}

// loadState is what one load shares across the root chart and all its
// subcharts: the remaining size budget and the file count.
type loadState struct {
	maxTotal  int64 // -1: unlimited
	remaining int64 // bytes still allowed when maxTotal >= 0
	maxFile   int64 // -1: unlimited
	maxFiles  int   // -1: unlimited
	files     int
	maxDepth  int   // -1: unlimited
	maxMeta   int64 // -1: unlimited

	values map[string]valuesResult // pre-parsed values.yaml files by chart prefix

	ctx context.Context // stops the load when done
}

func (l *Loader) newState(ctx context.Context) *loadState {
	mt := l.maxTotal()
	return &loadState{
		ctx:       ctx,
		maxTotal:  mt,
		remaining: mt,
		maxFile:   l.maxFile(),
		maxFiles:  l.maxFiles(),
		maxDepth:  l.maxDepth(),
		maxMeta:   l.maxMetadata(),
	}
}

// readLimit is how many bytes a reader may deliver for one file before a
// limit is broken: the smaller of the remaining total and the file cap,
// or -1 when neither applies.
func (st *loadState) readLimit() int64 {
	n := int64(-1)
	if st.maxTotal >= 0 {
		n = st.remaining
	}
	if st.maxFile >= 0 && (n < 0 || st.maxFile < n) {
		n = st.maxFile
	}
	return n
}

// checkMetadataSize refuses a metadata file (Chart.yaml and friends) over
// the metadata cap before it is parsed.
func (st *loadState) checkMetadataSize(path string, f *File) error {
	if st.maxMeta >= 0 && int64(len(f.Data)) > st.maxMeta {
		return loadErrf(path, ErrTooLarge, "%s is larger than the maximum metadata size %d", path, st.maxMeta)
	}
	return nil
}

// countFile counts one more file (or archive entry) against MaxFiles.
func (st *loadState) countFile(name string) error {
	if err := st.ctx.Err(); err != nil {
		return err
	}
	st.files++
	if st.maxFiles >= 0 && st.files > st.maxFiles {
		return loadErrf(name, ErrTooManyFiles, "chart has more than %d files (at %q)", st.maxFiles, name)
	}
	return nil
}

// ctxReader is a reader that fails with its context's error once the
// context is done, so that reading a large file or archive stops.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
