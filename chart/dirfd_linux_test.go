package chart

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

// TestListDirMatchesReadDir checks that the directory listing of the walk
// gives the names and file types os.ReadDir gives, opened by path or
// relative to an open parent.
func TestListDirMatchesReadDir(t *testing.T) {
	top := t.TempDir()
	dir := filepath.Join(top, "sub")
	for _, d := range []string{"sub", "sub/a-dir", "sub/z-dir"} {
		if err := os.Mkdir(filepath.Join(top, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"b.yaml", ".hidden", "é.txt", "values.yaml", strings.Repeat("n", 200)} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("b.yaml", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "dangling")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Enough entries to take several reads of the kernel's records.
	for i := range 300 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("many-%03d", i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var held atomic.Int32
	parent, _, err := listDir(dirAt{}, top, true, &held, make([]byte, direntBufSize))
	if err != nil {
		t.Fatal(err)
	}
	defer parent.release()
	for _, tt := range []struct {
		name string
		at   dirAt
		buf  int
	}{
		{"by path", dirAt{}, direntBufSize},
		{"relative to the parent", dirAt{parent, "sub"}, direntBufSize},
		{"small buffer", dirAt{parent, "sub"}, 512},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, got, err := listDir(tt.at, dir, true, &held, make([]byte, tt.buf))
			if err != nil {
				t.Fatal(err)
			}
			d.release()
			if len(got) != len(want) {
				t.Fatalf("%d entries, want %d", len(got), len(want))
			}
			for i, e := range want {
				if got[i].name != e.Name() || got[i].typ != e.Type() {
					t.Errorf("entry %d = %q %v, want %q %v", i, got[i].name, got[i].typ, e.Name(), e.Type())
				}
			}
		})
	}
	if _, _, err := listDir(dirAt{parent, "missing"}, filepath.Join(top, "missing"), true, &held, make([]byte, direntBufSize)); err == nil || !strings.Contains(err.Error(), "open "+filepath.Join(top, "missing")) {
		t.Errorf("listing a missing directory: %v, want an open error naming its path", err)
	}
	if n := held.Load(); n != 1 {
		t.Errorf("%d handles held, want 1 (the parent)", n)
	}
}

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(es)
}

// TestLoadDirClosesDirectories loads charts that finish, fail and stop
// part way, and checks that no directory or file stays open.
func TestLoadDirClosesDirectories(t *testing.T) {
	files := map[string]string{"Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "values.yaml": "a: 1\n"}
	// Enough files for the reading goroutines to start, spread over
	// directories, and a tree deeper than the directories a load keeps open.
	for i := range 80 {
		files[fmt.Sprintf("templates/d%d/f%d.yaml", i%7, i)] = fmt.Sprintf("n: %d\n", i)
	}
	deep := "templates"
	for i := range maxHeldDirs + 20 {
		deep += fmt.Sprintf("/l%d", i)
		files[deep+"/f.yaml"] = fmt.Sprintf("depth: %d\n", i)
	}
	files["charts/sub/Chart.yaml"] = "apiVersion: v2\nname: sub\nversion: 1.0.0\n"
	files["charts/sub/values.yaml"] = "b: 2\n"
	dir := t.TempDir()
	for n, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		l       *Loader
		ctx     context.Context
		wantErr bool
	}{
		{"whole", &Loader{}, context.Background(), false},
		{"size limit", &Loader{MaxTotalSize: 600}, context.Background(), true},
		{"file limit", &Loader{MaxFiles: 50}, context.Background(), true},
		{"canceled", &Loader{}, canceled, true},
	}
	before := openFDs(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 3 {
				c, err := tt.l.LoadDirContext(tt.ctx, dir)
				if (err != nil) != tt.wantErr {
					t.Fatalf("err = %v, want an error: %v", err, tt.wantErr)
				}
				if err == nil {
					n := len(c.Templates)
					for _, d := range c.Dependencies() {
						n += len(d.Templates)
					}
					if want := 80 + maxHeldDirs + 20; n != want {
						t.Errorf("%d templates, want %d", n, want)
					}
				}
				if after := openFDs(t); after != before {
					t.Fatalf("%d descriptors open after the load, %d before", after, before)
				}
			}
		})
	}
}
