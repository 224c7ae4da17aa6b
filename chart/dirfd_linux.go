package chart

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
)

// listDir opens the directory at (full path p) and returns its entries
// sorted by name, with the type of each as lstat reports it, as os.ReadDir
// does. When keep is set, the directory stays open and is returned with one
// reference, for its files to be opened relative to it. buf is scratch
// space for the kernel's records.
func listDir(at dirAt, p string, keep bool, held *atomic.Int32, buf []byte) (*dirHandle, []dirEntry, error) {
	const flags = syscall.O_RDONLY | syscall.O_DIRECTORY | syscall.O_CLOEXEC
	fd, err := openAt(at, p, flags)
	if err != nil {
		return nil, nil, err
	}
	entries, err := readDirents(fd, p, buf)
	if err != nil || !keep {
		syscall.Close(fd)
		return nil, entries, err
	}
	d := &dirHandle{fd: fd, held: held}
	d.refs.Store(1)
	held.Add(1)
	return d, entries, nil
}

// The layout of struct linux_dirent64: d_ino (8 bytes), d_off (8),
// d_reclen (2), d_type (1), then the name, NUL-terminated.
const (
	direntReclen = 16
	direntType   = 18
	direntName   = 19
)

// readDirents reads the entries of the open directory fd (path p).
func readDirents(fd int, p string, buf []byte) ([]dirEntry, error) {
	var entries []dirEntry
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: p, Err: err}
		}
		if n <= 0 {
			break
		}
		for b := buf[:n]; len(b) >= direntName; {
			reclen := int(binary.NativeEndian.Uint16(b[direntReclen:]))
			if reclen < direntName || reclen > len(b) {
				break
			}
			rec := b[:reclen]
			b = b[reclen:]
			if binary.NativeEndian.Uint64(rec) == 0 {
				continue // a deleted entry, as os.ReadDir skips it
			}
			name := rec[direntName:]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if string(name) == "." || string(name) == ".." {
				continue
			}
			e := dirEntry{name: string(name)}
			var ok bool
			if e.typ, ok = direntMode(rec[direntType]); !ok {
				// The file system did not say: look, as os.ReadDir does.
				fi, err := os.Lstat(filepath.Join(p, e.name))
				if os.IsNotExist(err) {
					continue
				}
				if err != nil {
					return nil, err
				}
				e.typ = fi.Mode().Type()
			}
			entries = append(entries, e)
		}
	}
	slices.SortFunc(entries, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return entries, nil
}

// direntMode is the file type of a d_type value; false when it is unknown.
func direntMode(t byte) (fs.FileMode, bool) {
	switch t {
	case syscall.DT_REG:
		return 0, true
	case syscall.DT_DIR:
		return fs.ModeDir, true
	case syscall.DT_LNK:
		return fs.ModeSymlink, true
	case syscall.DT_FIFO:
		return fs.ModeNamedPipe, true
	case syscall.DT_SOCK:
		return fs.ModeSocket, true
	case syscall.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case syscall.DT_BLK:
		return fs.ModeDevice, true
	}
	return 0, false
}

func closeDir(fd int) { syscall.Close(fd) }

// openRelative opens at.name in the open directory at.dir.
func openRelative(at dirAt, flags int) (int, error) {
	return syscall.Openat(at.dir.fd, at.name, flags, 0)
}

// direntBufSize is the size of the scratch space for directory records.
const direntBufSize = 8192
