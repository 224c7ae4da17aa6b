package chart

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/chartrender/chartrender/warning"
)

// LoadDir loads a chart from a directory. Files matched by the root
// .helmignore (and dotfiles directly under templates/) are left out;
// symbolic links are followed unless the Loader refuses them.
func (l *Loader) LoadDir(dir string) (*Chart, error) {
	top, err := filepath.Abs(dir)
	if err != nil {
		return nil, loadErr(dir, err, err.Error())
	}
	st := l.newState()
	if !l.Helm3 {
		if err := l.peekDir(top, st); err != nil {
			return nil, err
		}
	}
	w := &dirWalker{l: l, st: st, top: top + string(filepath.Separator), rules: &ignoreRules{}}
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
	if err := w.walkRoot(); err != nil {
		return nil, err
	}
	l.preparseValues(w.files, st)
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
	var src io.Reader = f
	lim := st.readLimit()
	if st.maxMeta >= 0 && (lim < 0 || st.maxMeta < lim) {
		lim = st.maxMeta
	}
	if lim >= 0 {
		src = io.LimitReader(f, lim+1)
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
	active  []string // resolved directories being walked, to catch loops
}

// errSkipDir tells the walk to leave out a directory.
var errSkipDir = errors.New("skip this directory")

func (w *dirWalker) walkRoot() error {
	info, err := os.Lstat(w.top)
	if err != nil {
		return loadErr("", err, err.Error())
	}
	err = w.walk(w.top, info)
	if errors.Is(err, errSkipDir) {
		return nil
	}
	return err
}

// rel is the chart-relative, slash-separated name of the absolute path p.
func (w *dirWalker) rel(p string) string {
	return filepath.ToSlash(strings.TrimPrefix(p, w.top))
}

func (w *dirWalker) walk(p string, info fs.FileInfo) error {
	return w.walkVia(p, info, "")
}

// walkVia walks p, whose (resolved) info is given; via is the link
// target when p is a symbolic link, else "".
func (w *dirWalker) walkVia(p string, info fs.FileInfo, via string) error {
	if via == "" && info.Mode()&fs.ModeSymlink != 0 {
		n := w.rel(p)
		resolved, err := filepath.EvalSymlinks(p)
		if err != nil {
			return loadErrf(n, err, "error evaluating symlink %s: %s", p, err)
		}
		if w.l.Warn != nil {
			w.l.Warn(warning.Warning{Kind: warning.SymlinkFollowed, File: p, Detail: resolved, Helm3: w.l.Helm3})
		}
		ri, err := os.Lstat(resolved)
		if err != nil {
			return loadErr(n, err, err.Error())
		}
		if err := w.walkVia(p, ri, resolved); err != nil && !errors.Is(err, errSkipDir) {
			return err
		}
		return nil
	}

	n := w.rel(p)
	if n != "" && w.rules.ignore(n, info.IsDir()) {
		if info.IsDir() {
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
	if !info.IsDir() {
		return w.readFile(p, n, info)
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
	names, err := readDirNames(p)
	if err != nil {
		if n == "" {
			return nil
		}
		return loadErr(n, err, err.Error())
	}
	for _, name := range names {
		child := filepath.Join(p, name)
		ci, err := os.Lstat(child)
		if err != nil {
			return loadErr(w.rel(child), err, err.Error())
		}
		if err := w.walkVia(child, ci, ""); err != nil {
			if ci.Mode().IsRegular() || !errors.Is(err, errSkipDir) {
				return err
			}
		}
	}
	return nil
}

// readFile reads the regular file p (chart path n) into the walk's files.
func (w *dirWalker) readFile(p, n string, info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return loadErrf(n, nil, "cannot load irregular file %s as it has file mode type bits set", p)
	}
	if err := w.st.countFile(n); err != nil {
		return err
	}
	data, err := w.read(p, n, info.Size())
	if err != nil {
		return err
	}
	w.files = append(w.files, &File{Name: n, Data: bytes.TrimPrefix(data, utf8BOM)})
	return nil
}

// read reads the file at p within the size limits, as Helm's budgeted
// reader does.
func (w *dirWalker) read(p, n string, size int64) ([]byte, error) {
	st := w.st
	tooBig := func() error {
		return loadErrf(n, ErrTooLarge, "error reading %s: chart exceeds maximum decompressed size of %d bytes", n, st.maxTotal)
	}
	fileTooBig := func() error {
		if w.l.Helm3 {
			return loadErrf(n, ErrTooLarge, "chart file %q is larger than the maximum file size %d", filepath.Base(p), st.maxFile)
		}
		return loadErrf(n, ErrTooLarge, "chart file %q is larger than the maximum file size %d", n, st.maxFile)
	}
	if st.maxTotal >= 0 && size > st.remaining {
		return nil, tooBig()
	}
	if st.maxFile >= 0 && size > st.maxFile {
		return nil, fileTooBig()
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, loadErrf(n, err, "error reading %s: %s", n, err)
	}
	defer f.Close()
	var src io.Reader = f
	lim := st.readLimit()
	if lim >= 0 {
		src = io.LimitReader(f, lim+1)
	}
	hint := max(size, 0)
	if lim >= 0 {
		hint = min(hint, lim)
	}
	data, err := readSized(src, hint)
	if err != nil {
		return nil, loadErrf(n, err, "error reading %s: %s", n, err)
	}
	got := int64(len(data))
	if st.maxTotal >= 0 && got > st.remaining {
		return nil, tooBig()
	}
	if st.maxFile >= 0 && got > st.maxFile {
		return nil, fileTooBig()
	}
	if st.maxTotal >= 0 {
		st.remaining -= got
	}
	return data, nil
}

// readSized reads r to the end into a buffer of hint+1 bytes, the size the
// file had when it was listed (the extra byte sees the end of the file
// without growing the buffer). A file that grew meanwhile is still read
// whole.
func readSized(r io.Reader, hint int64) ([]byte, error) {
	buf := make([]byte, 0, hint+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// within reports whether the resolved path p is dir or below it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// readDirNames returns the sorted names in directory dir.
func readDirNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}
