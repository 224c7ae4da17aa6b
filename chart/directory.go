package chart

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/chartrender/chartrender/warning"
)

// LoadDir loads a chart from a directory. Files matched by the root
// .helmignore (and dotfiles directly under templates/) are left out;
// symbolic links are followed unless the Loader refuses them.
func (l *Loader) LoadDir(dir string) (*Chart, error) {
	return l.LoadDirContext(context.Background(), dir)
}

// LoadDirContext is LoadDir with a context, checked for every file and
// every read.
func (l *Loader) LoadDirContext(ctx context.Context, dir string) (*Chart, error) {
	top, err := filepath.Abs(dir)
	if err != nil {
		return nil, loadErr(dir, err, err.Error())
	}
	st := l.newState(ctx)
	if !l.Helm3 {
		if err := l.peekDir(top, st); err != nil {
			return nil, err
		}
	}
	w := &dirWalker{l: l, st: st, top: top + string(filepath.Separator), rules: &ignoreRules{}, values: l.newValuesDecoder()}
	defer w.values.wait() // on an error, decodes still running are not left behind
	if real, err := filepath.EvalSymlinks(top); err == nil {
		w.realTop = real
	} else {
		w.realTop = top
	}
	w.active = []string{w.realTop}
	ifile := filepath.Join(top, helmignoreName)
	if _, err := os.Stat(ifile); err == nil {
		rules, err := l.readHelmignore(ifile, st)
		if err != nil {
			return nil, err
		}
		w.rules = rules
	}
	_ = w.rules.add(defaultIgnoreRule)
	w.readers = newDirReaders(st, w.values)
	walkErr := w.walkRoot()
	w.readers.walked()
	err = w.settle(w.items)
	w.readers.wait()
	if err != nil {
		return nil, err
	}
	if walkErr != nil {
		return nil, walkErr
	}
	w.values.finish(st)
	return l.loadFiles(w.files, st, "", 0)
}

// peekDir is Helm 4's first look at a chart directory: Chart.yaml must
// exist and name a supported apiVersion.
func (l *Loader) peekDir(top string, st *loadState) error {
	name := filepath.Join(top, "Chart.yaml")
	f, err := os.Open(name)
	if err != nil {
		return loadErrf("Chart.yaml", err, "unable to detect chart at %s: %s", name, err)
	}
	defer f.Close()
	var src io.Reader = ctxReader{st.ctx, f}
	lim := st.readLimit()
	if st.maxMeta >= 0 && (lim < 0 || st.maxMeta < lim) {
		lim = st.maxMeta
	}
	if lim >= 0 {
		src = io.LimitReader(src, lim+1)
	}
	data, err := io.ReadAll(src)
	if err != nil {
		return loadErrf("Chart.yaml", err, "unable to detect chart at %s: %s", name, err)
	}
	if lim >= 0 && int64(len(data)) > lim {
		// Too big to look at: the walk or loadFiles reports it.
		return nil
	}
	return apiVersionError(bytes.TrimPrefix(data, utf8BOM))
}

// readHelmignore parses the .helmignore file at name.
func (l *Loader) readHelmignore(name string, st *loadState) (*ignoreRules, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, loadErr(helmignoreName, err, err.Error())
	}
	defer f.Close()
	var src io.Reader = f
	lim := st.readLimit()
	if lim >= 0 {
		src = io.LimitReader(f, lim+1)
	}
	cr := &countingReader{r: src}
	rules, err := parseIgnore(cr)
	if err != nil {
		return nil, loadErr(helmignoreName, err, err.Error())
	}
	if lim >= 0 && cr.n > lim {
		return nil, loadErrf(helmignoreName, ErrTooLarge, "error reading %s: chart exceeds maximum decompressed size of %d bytes", helmignoreName, lim)
	}
	return rules, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// dirWalker walks a chart directory as Helm's sympath.Walk does: entries
// in lexical order, depth first, symbolic links followed.
type dirWalker struct {
	l       *Loader
	st      *loadState
	top     string // absolute chart directory, with a trailing separator
	realTop string // top with symbolic links resolved
	rules   *ignoreRules
	files   []*File
	active  []string             // resolved directories being walked, to catch loops
	items   []*walkItem          // files to read and warnings to give, in walk order
	early   map[string]*walkItem // files given to the readers before the walk reached them, by chart path
	readers *dirReaders
	values  *valuesDecoder
	held    atomic.Int32 // directory descriptors open (see dirHandle)
	dbuf    []byte       // scratch space for listing directories
}

// errSkipDir tells the walk to leave out a directory.
var errSkipDir = errors.New("skip this directory")

func (w *dirWalker) walkRoot() error {
	info, err := os.Lstat(w.top)
	if err != nil {
		return loadErr("", err, err.Error())
	}
	err = w.walkVia(w.top, info.Mode().Type(), "", dirAt{})
	if errors.Is(err, errSkipDir) {
		return nil
	}
	return err
}

// rel is the chart-relative, slash-separated name of the absolute path p.
func (w *dirWalker) rel(p string) string {
	return filepath.ToSlash(strings.TrimPrefix(p, w.top))
}

// walkVia walks p, whose (resolved) file type is typ; via is the link
// target when p is a symbolic link, else "". at names p relative to its
// open parent directory, when there is one.
func (w *dirWalker) walkVia(p string, typ fs.FileMode, via string, at dirAt) error {
	if err := w.st.ctx.Err(); err != nil {
		return err
	}
	if via == "" && typ&fs.ModeSymlink != 0 {
		n := w.rel(p)
		resolved, err := filepath.EvalSymlinks(p)
		if err != nil {
			return loadErrf(n, err, "error evaluating symlink %s: %s", p, err)
		}
		if w.l.Warn != nil {
			done := make(chan struct{})
			close(done)
			w.items = append(w.items, &walkItem{warn: &warning.Warning{Kind: warning.SymlinkFollowed, File: p, Detail: resolved, Helm3: w.l.Helm3}, done: done})
		}
		ri, err := os.Lstat(resolved)
		if err != nil {
			return loadErr(n, err, err.Error())
		}
		if err := w.walkVia(p, ri.Mode().Type(), resolved, dirAt{}); err != nil && !errors.Is(err, errSkipDir) {
			return err
		}
		return nil
	}

	n := w.rel(p)
	isDir := typ.IsDir()
	if n != "" && w.rules.ignore(n, isDir) {
		if isDir {
			return errSkipDir
		}
		return nil
	}
	if via != "" {
		if w.l.RefuseSymlinks {
			return loadErrf(n, ErrSymlink, "chart contains a symbolic link: %s", n)
		}
		if w.l.RefuseExternalSymlinks && !within(w.realTop, via) {
			return loadErrf(n, ErrSymlink, "symbolic link %s points outside the chart directory", n)
		}
	}
	if !isDir {
		return w.readFile(p, n, typ, at)
	}
	if n != "" {
		if err := w.st.countFile(n); err != nil {
			return err
		}
	}
	if via != "" {
		if slices.Contains(w.active, via) {
			return loadErrf(n, ErrSymlink, "symbolic link %s forms a loop", n)
		}
		w.active = append(w.active, via)
		defer func() { w.active = w.active[:len(w.active)-1] }()
	}
	if w.dbuf == nil && direntBufSize > 0 {
		w.dbuf = make([]byte, direntBufSize)
	}
	dir, entries, err := listDir(at, p, w.held.Load() < maxHeldDirs, &w.held, w.dbuf)
	if err != nil {
		if n == "" {
			return nil
		}
		return loadErr(n, err, err.Error())
	}
	defer dir.release()
	w.readValuesFirst(p, n, entries, dir)
	for _, e := range entries {
		child := filepath.Join(p, e.name)
		// The directory listing gives each entry's type (as lstat would),
		// so only symbolic links need a look of their own.
		typ := e.typ
		if err := w.walkVia(child, typ, "", dirAt{dir, e.name}); err != nil {
			if typ.IsRegular() || !errors.Is(err, errSkipDir) {
				return err
			}
		}
	}
	return nil
}

// readFile records the file p (chart path n) of type typ for reading; at
// names it relative to its open directory, when there is one.
func (w *dirWalker) readFile(p, n string, typ fs.FileMode, at dirAt) error {
	if !typ.IsRegular() {
		return loadErrf(n, nil, "cannot load irregular file %s as it has file mode type bits set", p)
	}
	if err := w.st.countFile(n); err != nil {
		return err
	}
	if it, ok := w.early[n]; ok {
		// Already given to the readers; it takes its place in walk order
		// now.
		delete(w.early, n)
		w.items = append(w.items, it)
		return nil
	}
	it := &walkItem{p: p, n: n, at: at, done: make(chan struct{})}
	it.at.dir.hold()
	w.items = append(w.items, it)
	w.readers.add(it)
	return nil
}

// readValuesFirst gives the readers the values.yaml of a chart folder
// (directory p, chart path n) as soon as the folder is listed. It sorts
// after charts/ and templates/, so read in walk order it would be read, and
// its decoding (the longest single piece of work of a load) begin, only at
// the end of the walk. Reading it early changes nothing else: items are
// still settled in walk order, and the walk records it at its place.
func (w *dirWalker) readValuesFirst(p, n string, entries []dirEntry, dir *dirHandle) {
	name := valuesFileName
	if n != "" {
		name = n + "/" + valuesFileName
	}
	if !isTreeValuesFile(name) || w.rules.ignore(name, false) {
		return
	}
	for _, e := range entries {
		if e.name == valuesFileName && e.typ.IsRegular() {
			it := &walkItem{p: filepath.Join(p, valuesFileName), n: name, at: dirAt{dir, valuesFileName}, done: make(chan struct{})}
			dir.hold()
			if w.early == nil {
				w.early = map[string]*walkItem{}
			}
			w.early[name] = it
			w.readers.add(it)
			return
		}
	}
}

// valuesFileName is the name of a chart's default values file.
const valuesFileName = "values.yaml"

// fileStat is what loading needs to know of an open file.
type fileStat struct {
	size    int64
	regular bool
}

// readSized reads r to the end into a buffer of hint+1 bytes, the size the
// file had when it was opened (the extra byte sees the end of the file
// without growing the buffer). A file that grew meanwhile is still read
// whole. The slice returned has no capacity beyond its length: the buffer
// is not cleared before the read (see uncleared), and what the read did not
// fill must stay out of reach.
func readSized(r io.Reader, hint int64) ([]byte, error) {
	buf := uncleared(int(hint + 1))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf[:len(buf):len(buf)], nil
		}
		if err != nil {
			return buf[:len(buf):len(buf)], err
		}
	}
}

// uncleared returns an empty slice of capacity n whose memory the runtime
// has not cleared. make clears every new buffer, and for the large files of
// a chart (kyverno's CRDs are 1.4 MB each) clearing memory that the read
// then overwrites was an eighth of a load's CPU time. A strings.Builder is
// the standard library's way to get memory without clearing it; its single
// byte written gives a string whose data pointer is the buffer's start. The
// builder and the string are dropped, so the buffer has no other user.
func uncleared(n int) []byte {
	if n <= 1 {
		return make([]byte, 0, n)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte(0)
	return unsafe.Slice(unsafe.StringData(b.String()), n)[:0]
}

// within reports whether the resolved path p is dir or below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}
