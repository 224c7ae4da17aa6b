//go:build !linux

package chart

import (
	"errors"
	"os"
	"sync/atomic"
)

// listDir returns the entries of the directory at p sorted by name, with
// the type of each as lstat reports it. Off Linux, directories are not kept
// open: the handle is always nil and files are opened by path.
func listDir(_ dirAt, p string, _ bool, _ *atomic.Int32, _ []byte) (*dirHandle, []dirEntry, error) {
	des, err := os.ReadDir(p)
	if err != nil {
		return nil, nil, err
	}
	entries := make([]dirEntry, len(des))
	for i, e := range des {
		entries[i] = dirEntry{name: e.Name(), typ: e.Type()}
	}
	return nil, entries, nil
}

func closeDir(int) {}

// openRelative is never called off Linux, where no directory is kept open.
func openRelative(dirAt, int) (int, error) { return -1, errors.ErrUnsupported }

// direntBufSize is the size of the scratch space for directory records
// (none off Linux).
const direntBufSize = 0
