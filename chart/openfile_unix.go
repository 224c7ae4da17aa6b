//go:build unix

package chart

import (
	"io"
	"io/fs"
	"syscall"
)

// chartFile is a file of a chart directory opened for one read to the
// end. On Unix it is a bare descriptor: an *os.File would register the
// descriptor with the runtime's poller and switch its blocking mode, two
// system calls that cost more than reading a small template.
type chartFile struct {
	fd   int
	name string
	eof  bool
}

// openChartFile opens the file at name (relative to its open directory
// when at has one) and returns it with its size. The descriptor is opened
// non-blocking so that a FIFO put in a file's place cannot stall the load;
// the caller refuses anything not regular.
func openChartFile(at dirAt, name string) (*chartFile, fileStat, error) {
	const flags = syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	fd, err := openAt(at, name, flags)
	if err != nil {
		return nil, fileStat{}, err
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, fileStat{}, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return &chartFile{fd: fd, name: name}, fileStat{size: st.Size, regular: st.Mode&syscall.S_IFMT == syscall.S_IFREG}, nil
}

// Read reads from the file. A read of a regular file that returns fewer
// bytes than asked has reached the end, so the next Read reports io.EOF
// without asking the kernel again.
func (f *chartFile) Read(p []byte) (int, error) {
	if f.eof {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(f.fd, p)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			f.eof = true
			return 0, io.EOF
		case n < len(p):
			f.eof = true
		}
		return n, nil
	}
}

func (f *chartFile) Close() error { return syscall.Close(f.fd) }

// openAt opens name (full path) with flags, relative to its open directory
// when at has one, trying again when a signal interrupts the call.
func openAt(at dirAt, name string, flags int) (int, error) {
	for {
		var fd int
		var err error
		if at.dir != nil {
			fd, err = openRelative(at, flags)
		} else {
			fd, err = syscall.Open(name, flags, 0)
		}
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return -1, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return fd, nil
	}
}
