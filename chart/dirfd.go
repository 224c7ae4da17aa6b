package chart

import (
	"io/fs"
	"sync/atomic"
)

// Opening a file by its full path makes the kernel look up every directory
// on the way (nine components for a CRD of kyverno's crds subchart), and on
// a virtual machine a system call is dear. Where the platform allows it
// (Linux), the walk lists a directory through a descriptor that it keeps
// open, and the readers open the directory's files relative to it. A
// descriptor is shared by the walk and by the files of that directory still
// to be opened, and closed by the last of them.

// dirEntry is one entry of a directory listing: its name and its file type
// as lstat reports it.
type dirEntry struct {
	name string
	typ  fs.FileMode
}

// dirHandle is an open directory shared by the walk and the files to be
// opened relative to it. The zero value is unused; a nil one means "open by
// path".
type dirHandle struct {
	fd   int
	refs atomic.Int32
	held *atomic.Int32 // the walk's count of handles open
}

// hold takes one more reference to d.
func (d *dirHandle) hold() {
	if d != nil {
		d.refs.Add(1)
	}
}

// release drops one reference to d, closing it with the last.
func (d *dirHandle) release() {
	if d != nil && d.refs.Add(-1) == 0 {
		closeDir(d.fd)
		d.held.Add(-1)
	}
}

// dirAt names a file or directory relative to an open directory: name in
// dir, or, when dir is nil, only by its full path.
type dirAt struct {
	dir  *dirHandle
	name string
}

// maxHeldDirs caps the directory descriptors a load keeps open at once (a
// deep tree would otherwise hold one per level); past it, directories are
// listed and closed at once, and their files opened by path.
const maxHeldDirs = 64
