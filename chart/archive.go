package chart

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"
	"sync"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// drivePath matches a Windows drive path left after cleaning, e.g. "c:/x".
var drivePath = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z]:/`) })

// LoadArchive loads a chart from a gzipped tar stream. The first path
// component of every entry (the chart's directory name) is dropped;
// .helmignore is not consulted.
func (l *Loader) LoadArchive(r io.Reader) (*Chart, error) {
	return l.LoadArchiveContext(context.Background(), r)
}

// LoadArchiveContext is LoadArchive with a context, checked for every
// entry and every read.
func (l *Loader) LoadArchiveContext(ctx context.Context, r io.Reader) (*Chart, error) {
	st := l.newState(ctx)
	files, err := l.readArchive(r, st, "")
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if l.Helm3 {
			return nil, err
		}
		if errors.Is(err, gzip.ErrHeader) {
			return nil, loadErrf(errPath(err), err, "stream does not appear to be a valid chart file (details: %s)", err)
		}
		return nil, loadErrf(errPath(err), err, "unable to load chart archive: %s", err)
	}
	if err := l.checkAPIVersion(files); err != nil {
		return nil, err
	}
	l.preparseValues(files, st)
	return l.loadFiles(files, st, "", 0)
}

// loadArchiveFile loads the chart archive at name, as Helm's LoadFile.
func (l *Loader) loadArchiveFile(ctx context.Context, name string) (*Chart, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, loadErr(name, err, err.Error())
	}
	defer f.Close()
	if err := ensureArchive(name, f); err != nil {
		return nil, err
	}
	st := l.newState(ctx)
	files, err := l.readArchive(f, st, "")
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		if errors.Is(err, gzip.ErrHeader) {
			return nil, loadErrf(name, err, "file '%s' does not appear to be a valid chart file (details: %s)", name, err)
		}
		if l.Helm3 {
			return nil, err
		}
		// Helm 4 drops the details here; they stay reachable via Unwrap.
		return nil, loadErr(errPath(err), err, "unable to load chart archive")
	}
	if err := l.checkAPIVersion(files); err != nil {
		return nil, err
	}
	l.preparseValues(files, st)
	return l.loadFiles(files, st, "", 0)
}

// errPath is the Path of err if it is a *LoadError.
func errPath(err error) string {
	var le *LoadError
	if errors.As(err, &le) {
		return le.Path
	}
	return ""
}

// checkAPIVersion is Helm 4's first look at a chart: the apiVersion of
// the first Chart.yaml among files picks the loader.
func (l *Loader) checkAPIVersion(files []*File) error {
	if l.Helm3 {
		return nil
	}
	for _, f := range files {
		if f.Name == "Chart.yaml" {
			if l.MaxMetadataSize >= 0 && int64(len(f.Data)) > l.maxMetadata() {
				return nil // too big to look at: loadFiles reports it
			}
			return apiVersionError(f.Data)
		}
	}
	return loadErr("Chart.yaml", nil, "unable to detect chart version, no Chart.yaml found")
}

// apiVersionError checks the apiVersion in Chart.yaml data.
func apiVersionError(data []byte) error {
	v, err := peekAPIVersion(data)
	if err != nil {
		return loadErrf("Chart.yaml", err, "cannot load Chart.yaml: %s", err)
	}
	switch v {
	case APIVersionV1, APIVersionV2, "":
		return nil
	case "v3":
		// Helm 4 loads these with an experimental loader, and then
		// `helm template` refuses them with this message.
		return loadErr("Chart.yaml", nil, "invalid chart apiVersion")
	}
	return loadErr("Chart.yaml", nil, "unsupported chart version")
}

// ensureArchive returns Helm's hint when name does not start like a gzip
// file, and rewinds f.
func ensureArchive(name string, f *os.File) error {
	buf := make([]byte, 512)
	_, err := f.Read(buf)
	if _, serr := f.Seek(0, io.SeekStart); serr != nil && err == nil {
		err = serr
	}
	if err != nil && err != io.EOF {
		return loadErrf(name, err, "file '%s' cannot be read: %s", name, err)
	}
	// Helm accepts a gzip header even where the sniffer names another
	// type (an "LP" at offset 34 reads as an embedded OpenType font).
	ct := sniffContentType(buf)
	if ct == gzipType || bytes.HasPrefix(buf, []byte(gzipMagic)) {
		return nil
	}
	if strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".yaml") {
		return loadErrf(name, nil, "file '%s' seems to be a YAML file, but expected a gzipped archive", name)
	}
	return loadErrf(name, nil, "file '%s' does not appear to be a gzipped archive; got '%s'", name, ct)
}

// readArchive reads every regular entry of a gzipped tar stream, with
// Helm's path checks, dropping each name's first component and a leading
// UTF-8 BOM from each file. where prefixes entry names in errors (the
// archive's own path inside the parent chart, or "").
func (l *Loader) readArchive(r io.Reader, st *loadState, where string) ([]*File, error) {
	zr, err := gzip.NewReader(ctxReader{st.ctx, r})
	if err != nil {
		return nil, loadErr(where, err, err.Error())
	}
	defer zr.Close()
	tr := tar.NewReader(ctxReader{st.ctx, zr})
	var files []*File
	for {
		hd, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, loadErr(where, err, err.Error())
		}
		at := where + hd.Name
		if err := st.countFile(at); err != nil {
			return nil, err
		}
		if hd.FileInfo().IsDir() {
			continue
		}
		if hd.Typeflag == tar.TypeXGlobalHeader || hd.Typeflag == tar.TypeXHeader {
			continue
		}
		n, err := entryName(hd.Name)
		if err != nil {
			return nil, loadErr(at, ErrIllegalPath, err.Error())
		}
		data, err := l.readEntry(tr, hd, st, at)
		if err != nil {
			return nil, err
		}
		files = append(files, &File{Name: n, Data: bytes.TrimPrefix(data, utf8BOM)})
	}
	if len(files) == 0 {
		return nil, loadErr(where, nil, "no files in chart archive")
	}
	return files, nil
}

// entryName turns a tar entry name into a chart path, or explains why it
// is not allowed, in Helm's words.
func entryName(name string) (string, error) {
	sep := "/"
	if strings.ContainsRune(name, '\\') {
		sep = "\\"
	}
	parts := strings.Split(name, sep)
	n := strings.ReplaceAll(strings.Join(parts[1:], sep), sep, "/")
	if path.IsAbs(n) {
		return "", errors.New("chart illegally contains absolute paths")
	}
	n = path.Clean(n)
	if n == "." {
		return "", fmt.Errorf("chart illegally contains content outside the base directory: %q", name)
	}
	if strings.HasPrefix(n, "..") {
		return "", errors.New("chart illegally references parent directory")
	}
	if drivePath().MatchString(n) {
		return "", errors.New("chart contains illegally named files")
	}
	if parts[0] == "Chart.yaml" {
		return "", errors.New("chart yaml not in base directory")
	}
	return n, nil
}

// readEntry reads the current entry of tr within the size limits.
func (l *Loader) readEntry(tr *tar.Reader, hd *tar.Header, st *loadState, at string) ([]byte, error) {
	tooBig := func() error {
		if l.Helm3 {
			return loadErrf(at, ErrTooLarge, "decompressed chart is larger than the maximum file size %d", st.maxTotal)
		}
		return loadErrf(at, ErrTooLarge, "decompressed chart is larger than the maximum size %d", st.maxTotal)
	}
	if st.maxTotal >= 0 && hd.Size > st.remaining {
		return nil, tooBig()
	}
	if st.maxFile >= 0 && hd.Size > st.maxFile {
		return nil, loadErrf(at, ErrTooLarge, "decompressed chart file %q is larger than the maximum file size %d", hd.Name, st.maxFile)
	}
	var src io.Reader = tr
	if lim := st.readLimit(); lim >= 0 {
		src = io.LimitReader(tr, lim)
	}
	var buf bytes.Buffer
	buf.Grow(int(min(max(hd.Size, 0), 1<<20)))
	n, err := buf.ReadFrom(src)
	if err != nil {
		return nil, loadErr(at, err, err.Error())
	}
	if st.maxTotal >= 0 {
		st.remaining -= n
		if n < hd.Size || st.remaining <= 0 {
			return nil, tooBig()
		}
	}
	return buf.Bytes(), nil
}
