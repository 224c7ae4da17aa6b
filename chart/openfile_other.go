//go:build !unix

package chart

import "os"

// chartFile is a file of a chart directory opened for one read to the end.
type chartFile = os.File

// openChartFile opens the file at name and returns it with its size; the
// caller refuses anything not regular. Off Unix, files are opened by path.
func openChartFile(_ dirAt, name string) (*chartFile, fileStat, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fileStat{}, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fileStat{}, err
	}
	return f, fileStat{size: fi.Size(), regular: fi.Mode().IsRegular()}, nil
}
