package chart

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/chartrender/chartrender/warning"
)

// Reading a chart directory is mostly system calls and copying file
// contents into fresh memory, so the files are read by a few goroutines
// while the walk goes on listing directories. The walk only records what
// it finds, in order: files to read and warnings to give. Once it is done,
// the records are settled one after another, in walk order, exactly as if
// each file had been read when the walk reached it: size limits are
// checked against the budget left at that point, the first failure ends
// the load, and warnings are given up to it. A file the readers did not
// read ahead (the budget would not allow it) is read at that point.

// walkItem is one thing the walk met: a file to read or a warning.
type walkItem struct {
	p, n string           // absolute path and chart path of a file
	at   dirAt            // p relative to its open directory, until opened
	warn *warning.Warning // a warning to give instead
	got  fetched          // the file as the readers found it
	done chan struct{}    // closed when got is set
}

// fetched is a regular file opened and, unless its size ruled that out,
// read.
type fetched struct {
	openErr error // the file could not be opened
	regular bool
	size    int64 // its size when opened
	read    bool  // data and readErr hold the file's contents
	data    []byte
	readErr error
}

// fetch opens the file at p and reads it whole, at most limit+1 bytes (a
// negative limit reads everything), unless its size is over limit or
// reserve refuses the size.
func fetch(ctx context.Context, p string, at dirAt, limit int64, reserve func(size int64) bool) fetched {
	f, st, err := openChartFile(at, p)
	if err != nil {
		return fetched{openErr: err}
	}
	defer f.Close()
	got := fetched{regular: st.regular, size: st.size}
	if !st.regular || (limit >= 0 && st.size > limit) || (reserve != nil && !reserve(st.size)) {
		return got
	}
	var src io.Reader = ctxReader{ctx, f}
	hint := max(st.size, 0)
	if limit >= 0 {
		src = io.LimitReader(src, limit+1)
		hint = min(hint, limit)
	}
	got.read = true
	got.data, got.readErr = readSized(src, hint)
	return got
}

// dirReaders reads the files of a walk ahead of settling. The reading
// goroutines start only once the walk has met readersAfter files: a small
// chart's files are read on the loading goroutine when the walk is done,
// and its values.yaml files decoded when they are loaded, since starting
// goroutines would cost more than they save.
type dirReaders struct {
	limit   int64 // the most any file may hold: the smaller of the caps, or -1
	budget  int64 // bytes the readers may read in all, or -1
	used    atomic.Int64
	stop    atomic.Bool
	queue   chan *walkItem // nil until the goroutines start
	pending []*walkItem    // files met before the goroutines start
	wg      sync.WaitGroup
	values  *valuesDecoder
	ctx     context.Context
}

// readersAfter is the number of files a walk meets before the reading
// goroutines start.
const readersAfter = 32

func newDirReaders(st *loadState, values *valuesDecoder) *dirReaders {
	return &dirReaders{ctx: st.ctx, limit: st.readLimit(), budget: st.maxTotal, values: values}
}

// add gives the readers the file of it.
func (r *dirReaders) add(it *walkItem) {
	if r.queue != nil {
		r.queue <- it
		return
	}
	r.pending = append(r.pending, it)
	if len(r.pending) < readersAfter {
		return
	}
	r.queue = make(chan *walkItem, 256)
	for range max(runtime.GOMAXPROCS(0), 1) {
		r.wg.Go(r.run)
	}
	for _, it := range r.pending {
		r.queue <- it
	}
	r.pending = nil
}

func (r *dirReaders) run() {
	for it := range r.queue {
		if !r.stop.Load() {
			it.got = fetch(r.ctx, it.p, it.at, r.limit, r.reserve)
			if it.got.read && it.got.readErr == nil && (r.limit < 0 || int64(len(it.got.data)) <= r.limit) {
				r.values.start(&File{Name: it.n, Data: bytes.TrimPrefix(it.got.data, utf8BOM)})
			}
		}
		it.at.dir.release()
		it.at = dirAt{}
		close(it.done)
	}
}

// reserve counts size against the bytes the readers may read ahead.
func (r *dirReaders) reserve(size int64) bool {
	if r.budget < 0 {
		return true
	}
	if r.used.Add(size) > r.budget {
		r.used.Add(-size)
		return false
	}
	return true
}

// walked tells the readers that no more files are coming. When their
// goroutines never started, the files met are read now.
func (r *dirReaders) walked() {
	if r.queue != nil {
		close(r.queue)
		return
	}
	for _, it := range r.pending {
		it.got = fetch(r.ctx, it.p, it.at, r.limit, r.reserve)
		it.at.dir.release()
		it.at = dirAt{}
		close(it.done)
	}
	r.pending = nil
}

// wait stops the readers, leaving unread what they have not begun, and
// waits for them.
func (r *dirReaders) wait() {
	r.stop.Store(true)
	r.wg.Wait()
}

// settle goes through the walk's items in order, as reading each file when
// the walk met it would have.
func (w *dirWalker) settle(items []*walkItem) error {
	for _, it := range items {
		<-it.done
		if it.warn != nil {
			w.l.Warn(*it.warn)
			continue
		}
		data, err := w.accept(it.p, it.n, it.got)
		if err != nil {
			return err
		}
		w.files = append(w.files, &File{Name: it.n, Data: bytes.TrimPrefix(data, utf8BOM)})
	}
	return nil
}

// accept checks a fetched file against the size limits as Helm's budgeted
// reader does: a file whose size breaks a limit is refused before it is
// read, and no more than the limit allows is read.
func (w *dirWalker) accept(p, n string, got fetched) ([]byte, error) {
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
	checkSize := func(size int64) error {
		if st.maxTotal >= 0 && size > st.remaining {
			return tooBig()
		}
		if st.maxFile >= 0 && size > st.maxFile {
			return fileTooBig()
		}
		return nil
	}
	if got.openErr != nil {
		// The size limits come first, as when the size is known from the
		// listing.
		if fi, err := os.Stat(p); err == nil {
			if err := checkSize(fi.Size()); err != nil {
				return nil, err
			}
		}
		return nil, loadErrf(n, got.openErr, "error reading %s: %s", n, got.openErr)
	}
	if !got.regular {
		// Replaced by something else since it was listed.
		return nil, loadErrf(n, nil, "cannot load irregular file %s as it has file mode type bits set", p)
	}
	if err := checkSize(got.size); err != nil {
		return nil, err
	}
	lim := st.readLimit()
	if !got.read {
		// Not read ahead (the readers' budget would not allow it): read it
		// now, within what is left.
		if got = fetch(st.ctx, p, dirAt{}, lim, nil); !got.read {
			return w.accept(p, n, got)
		}
	}
	// What a reader stopped at lim+1 bytes would have seen.
	data := got.data
	if lim >= 0 && int64(len(data)) > lim+1 {
		data = data[:lim+1]
	}
	if got.readErr != nil && (lim < 0 || int64(len(got.data)) <= lim) {
		return nil, loadErrf(n, got.readErr, "error reading %s: %s", n, got.readErr)
	}
	size := int64(len(data))
	if st.maxTotal >= 0 && size > st.remaining {
		return nil, tooBig()
	}
	if st.maxFile >= 0 && size > st.maxFile {
		return nil, fileTooBig()
	}
	if st.maxTotal >= 0 {
		st.remaining -= size
	}
	return data, nil
}
