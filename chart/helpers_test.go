package chart_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// writeChart writes files (slash-separated names) below a new temporary
// directory and returns the chart directory, dir/<name>.
func writeChart(t testing.TB, name string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	for n, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tarEntry is one entry of a test archive. A typ of 0 means a regular file.
type tarEntry struct {
	name, data string
	typ        byte
}

// makeTgz builds a gzipped tar archive of entries, in order.
func makeTgz(t testing.TB, entries ...tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		hd := &tar.Header{Name: e.name, Mode: 0o644, Typeflag: e.typ}
		switch e.typ {
		case 0:
			hd.Typeflag = tar.TypeReg
			hd.Size = int64(len(e.data))
		case tar.TypeSymlink:
			hd.Linkname = e.data
		}
		if err := tw.WriteHeader(hd); err != nil {
			t.Fatal(err)
		}
		if hd.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(e.data)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tgzOf makes an archive of files below the top directory top, in name
// order.
func tgzOf(t testing.TB, top string, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	entries := make([]tarEntry, 0, len(names))
	for _, n := range names {
		entries = append(entries, tarEntry{name: top + "/" + n, data: files[n]})
	}
	return makeTgz(t, entries...)
}

func fileNames(files []*chart.File) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = f.Name
	}
	return out
}
