package values

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// DefaultMaxFileBytes is the default bound on a values file or a
// --set-file file: 64 MiB, far more than real values files hold. Helm reads
// these files whole, whatever their size.
const DefaultMaxFileBytes = 64 << 20

// ErrFileTooLarge is wrapped by a *FileTooLargeError.
var ErrFileTooLarge = errors.New("file too large")

// FileTooLargeError is a file or stream that holds more than the limit.
type FileTooLargeError struct {
	// Path is the file as given, or "-" for standard input.
	Path string
	// Max is the limit in bytes.
	Max int64
}

func (e *FileTooLargeError) Error() string {
	name := e.Path
	if name == "-" {
		name = "standard input"
	}
	return fmt.Sprintf("%s: %v: more than %d bytes (raise it with --max-input-bytes or Options.MaxInputBytes; -1 removes it)", name, ErrFileTooLarge, e.Max)
}

// Unwrap returns ErrFileTooLarge.
func (e *FileTooLargeError) Unwrap() error { return ErrFileTooLarge }

// ReadLimited reads r to the end, or fails with a *FileTooLargeError naming
// path as soon as it has read more than max bytes (max <= 0: no limit). It
// never holds more than max+1 bytes.
func ReadLimited(r io.Reader, path string, max int64) ([]byte, error) {
	if max <= 0 {
		return io.ReadAll(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &FileTooLargeError{Path: path, Max: max}
	}
	return data, nil
}

// ReadFileLimited reads the file at path, or stdin when path is "-", with
// ReadLimited. A regular file larger than max is refused before it is read.
func ReadFileLimited(path string, stdin io.Reader, max int64) ([]byte, error) {
	if path == "-" {
		return ReadLimited(stdin, path, max)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && max > 0 && fi.Mode().IsRegular() && fi.Size() > max {
		return nil, &FileTooLargeError{Path: path, Max: max}
	}
	return ReadLimited(f, path, max)
}
