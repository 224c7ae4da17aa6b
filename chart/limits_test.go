package chart_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// A 48-byte chart: Chart.yaml (38 bytes) and templates/a.yaml (10 bytes).
// The messages and the boundaries (a directory may use its budget
// exactly, an archive must stay below it) were checked against helm
// v4.3.1 with archive.MaxDecompressedChartSize set to the same values.
func TestMaxTotalSize(t *testing.T) {
	files := map[string]string{"Chart.yaml": minimalChartYAML("l"), "templates/a.yaml": "0123456789"}
	dir := writeChart(t, "l", files)
	data := tgzOf(t, "l", files)
	tests := []struct {
		max            int64
		dirErr, tgzErr string
	}{
		{47, "error reading templates/a.yaml: chart exceeds maximum decompressed size of 47 bytes",
			"unable to load chart archive: decompressed chart is larger than the maximum size 47"},
		{48, "", "unable to load chart archive: decompressed chart is larger than the maximum size 48"},
		{49, "", ""},
		{10, "error reading Chart.yaml: chart exceeds maximum decompressed size of 10 bytes",
			"unable to load chart archive: decompressed chart is larger than the maximum size 10"},
	}
	for _, tt := range tests {
		l := &chart.Loader{MaxTotalSize: tt.max}
		_, err := l.LoadDir(dir)
		checkErr(t, fmt.Sprintf("LoadDir max %d", tt.max), err, tt.dirErr, chart.ErrTooLarge)
		_, err = l.LoadArchive(bytes.NewReader(data))
		checkErr(t, fmt.Sprintf("LoadArchive max %d", tt.max), err, tt.tgzErr, chart.ErrTooLarge)
	}
}

func checkErr(t *testing.T, what string, err error, want string, is error) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Errorf("%s: %v", what, err)
		}
		return
	}
	if err == nil || err.Error() != want {
		t.Errorf("%s: error = %v\nwant %s", what, err, want)
		return
	}
	if is != nil && !errors.Is(err, is) {
		t.Errorf("%s: errors.Is(%v) = false", what, is)
	}
}

// Helm 3 refuses files over 5 MiB; the texts are helm v3.22.0's.
func TestHelm3MaxFileSize(t *testing.T) {
	files := map[string]string{"Chart.yaml": minimalChartYAML("big"), "files/big.bin": strings.Repeat("\x00", 6000000)}
	dir := writeChart(t, "big", files)
	l := &chart.Loader{Helm3: true}
	_, err := l.Load(dir)
	checkErr(t, "dir", err, `chart file "big.bin" is larger than the maximum file size 5242880`, chart.ErrTooLarge)
	p := filepath.Join(t.TempDir(), "big.tgz")
	if err := os.WriteFile(p, tgzOf(t, "big", files), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = l.Load(p)
	checkErr(t, "tgz", err, `decompressed chart file "big/files/big.bin" is larger than the maximum file size 5242880`, chart.ErrTooLarge)
	// Helm 4 has no per-file cap.
	if _, err := chart.Load(p); err != nil {
		t.Errorf("Helm 4 Load: %v", err)
	}
}

func TestMaxFileSize(t *testing.T) {
	files := map[string]string{"Chart.yaml": minimalChartYAML("m"), "templates/a.yaml": strings.Repeat("x", 50)}
	l := &chart.Loader{MaxFileSize: 40}
	_, err := l.LoadDir(writeChart(t, "m", files))
	checkErr(t, "dir", err, `chart file "templates/a.yaml" is larger than the maximum file size 40`, chart.ErrTooLarge)
	var le *chart.LoadError
	if !errors.As(err, &le) || le.Path != "templates/a.yaml" {
		t.Errorf("LoadError = %+v", le)
	}
	_, err = l.LoadArchive(bytes.NewReader(tgzOf(t, "m", files)))
	checkErr(t, "tgz", err, `unable to load chart archive: decompressed chart file "m/templates/a.yaml" is larger than the maximum file size 40`, chart.ErrTooLarge)
}

// A decompression bomb is stopped while it is being inflated: the reader
// never hands over more than the budget.
func TestDecompressionBomb(t *testing.T) {
	const size = 64 << 20
	bomb := makeTgz(t,
		tarEntry{name: "b/Chart.yaml", data: minimalChartYAML("b")},
		tarEntry{name: "b/files/zeros", data: strings.Repeat("\x00", size)},
	)
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	l := &chart.Loader{MaxTotalSize: 1 << 20}
	_, err := l.LoadArchive(bytes.NewReader(bomb))
	checkErr(t, "bomb", err, "unable to load chart archive: decompressed chart is larger than the maximum size 1048576", chart.ErrTooLarge)

	// The same bomb nested as a subchart archive counts against the
	// parent's budget.
	parent := writeChart(t, "p", map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/b.tgz": string(bomb)})
	_, err = l.Load(parent)
	checkErr(t, "nested bomb", err, "error unpacking subchart b.tgz in p: decompressed chart is larger than the maximum size 1048576", chart.ErrTooLarge)
}

func TestMaxFiles(t *testing.T) {
	files := map[string]string{"Chart.yaml": minimalChartYAML("f")}
	for i := range 10 {
		files[fmt.Sprintf("files/%02d", i)] = "x"
	}
	l := &chart.Loader{MaxFiles: 5}
	_, err := l.LoadDir(writeChart(t, "f", files))
	checkErr(t, "dir", err, `chart has more than 5 files (at "files/03")`, chart.ErrTooManyFiles)
	_, err = l.LoadArchive(bytes.NewReader(tgzOf(t, "f", files)))
	checkErr(t, "tgz", err, `unable to load chart archive: chart has more than 5 files (at "f/files/04")`, chart.ErrTooManyFiles)
	if _, err := (&chart.Loader{MaxFiles: -1}).LoadDir(writeChart(t, "f", files)); err != nil {
		t.Errorf("unlimited: %v", err)
	}
}

func TestMaxDepth(t *testing.T) {
	files := map[string]string{"Chart.yaml": minimalChartYAML("c0")}
	prefix := ""
	for i := 1; i <= 4; i++ {
		prefix += fmt.Sprintf("charts/c%d/", i)
		files[prefix+"Chart.yaml"] = minimalChartYAML(fmt.Sprintf("c%d", i))
	}
	dir := writeChart(t, "c0", files)
	if _, err := (&chart.Loader{MaxDepth: 4}).Load(dir); err != nil {
		t.Errorf("depth 4: %v", err)
	}
	_, err := (&chart.Loader{MaxDepth: 3}).Load(dir)
	checkErr(t, "depth 3", err, "error unpacking subchart c1 in c0: error unpacking subchart c2 in c1: error unpacking subchart c3 in c2: "+
		"error unpacking subchart c4 in c3: subchart charts/c1/charts/c2/charts/c3/charts/c4 is nested more than 3 levels deep", chart.ErrTooDeep)

	// Archives nested in archives: each level is a .tgz inside the last.
	inner := makeTgz(t, tarEntry{name: "n/Chart.yaml", data: minimalChartYAML("n")})
	for i := range chart.DefaultMaxDepth + 2 {
		inner = makeTgz(t,
			tarEntry{name: "n/Chart.yaml", data: minimalChartYAML("n")},
			tarEntry{name: fmt.Sprintf("n/charts/n%d.tgz", i), data: string(inner)})
	}
	_, err = chart.LoadArchive(bytes.NewReader(inner))
	if !errors.Is(err, chart.ErrTooDeep) {
		t.Errorf("nested archives: %v", err)
	}
}

func TestSymlinks(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.txt")
	if err := os.WriteFile(outside, []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	mk := func(t *testing.T) string {
		dir := writeChart(t, "s", map[string]string{"Chart.yaml": minimalChartYAML("s"), "files/real.txt": "real", "realdir/x.txt": "x"})
		for _, l := range [][2]string{{"files/real.txt", "link.txt"}, {"realdir", "linkdir"}} {
			if err := os.Symlink(l[0], filepath.Join(dir, l[1])); err != nil {
				t.Skip("symlinks unsupported:", err)
			}
		}
		return dir
	}

	// Followed, as Helm follows them (checked against helm v4.3.1).
	dir := mk(t)
	c, err := chart.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(fileNames(c.Files))
	if want := "[files/real.txt link.txt linkdir/x.txt realdir/x.txt]"; got != want {
		t.Errorf("Files = %s, want %s", got, want)
	}

	// An external link: followed by default, refused on request.
	if err := os.Symlink(outside, filepath.Join(dir, "out.txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := chart.Load(dir); err != nil {
		t.Errorf("external link, default: %v", err)
	}
	_, err = (&chart.Loader{RefuseExternalSymlinks: true}).Load(dir)
	checkErr(t, "external", err, "symbolic link out.txt points outside the chart directory", chart.ErrSymlink)

	// Internal links are fine with RefuseExternalSymlinks, refused with
	// RefuseSymlinks.
	dir = mk(t)
	if _, err := (&chart.Loader{RefuseExternalSymlinks: true}).Load(dir); err != nil {
		t.Errorf("internal links: %v", err)
	}
	_, err = (&chart.Loader{RefuseSymlinks: true}).Load(dir)
	checkErr(t, "refuse all", err, "chart contains a symbolic link: link.txt", chart.ErrSymlink)

	// A broken link: Helm's message.
	dir = mk(t)
	if err := os.Symlink("nowhere", filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	_, err = chart.Load(dir)
	checkErr(t, "broken", err, fmt.Sprintf("error evaluating symlink %s: lstat %s: no such file or directory",
		filepath.Join(dir, "broken.txt"), filepath.Join(dir, "nowhere")), os.ErrNotExist)

	// A loop: a clear error instead of a walk without end.
	dir = mk(t)
	if err := os.Symlink("..", filepath.Join(dir, "realdir", "up")); err != nil {
		t.Fatal(err)
	}
	_, err = chart.Load(dir)
	checkErr(t, "loop", err, "symbolic link linkdir/up forms a loop", chart.ErrSymlink)

	// An ignored link is not followed.
	dir = writeChart(t, "s", map[string]string{"Chart.yaml": minimalChartYAML("s"), ".helmignore": "up\n", "d/x": "x"})
	if err := os.Symlink("..", filepath.Join(dir, "d", "up")); err != nil {
		t.Fatal(err)
	}
	if _, err := chart.Load(dir); err != nil {
		t.Errorf("ignored loop: %v", err)
	}
}

func TestIrregularFile(t *testing.T) {
	dir := writeChart(t, "i", map[string]string{"Chart.yaml": minimalChartYAML("i")})
	if err := os.Symlink("/dev/null", filepath.Join(dir, "null")); err != nil {
		t.Skip(err)
	}
	_, err := chart.Load(dir)
	checkErr(t, "device", err, "cannot load irregular file "+filepath.Join(dir, "null")+" as it has file mode type bits set", nil)
}

func TestMaxMetadataSize(t *testing.T) {
	huge := minimalChartYAML("h") + "description: " + strings.Repeat("x", 2<<20) + "\n"
	files := map[string]string{"Chart.yaml": huge}
	_, err := chart.LoadDir(writeChart(t, "h", files))
	checkErr(t, "dir", err, "Chart.yaml is larger than the maximum metadata size 1048576", chart.ErrTooLarge)
	_, err = chart.LoadArchive(bytes.NewReader(tgzOf(t, "h", files)))
	checkErr(t, "tgz", err, "Chart.yaml is larger than the maximum metadata size 1048576", chart.ErrTooLarge)
	sub := map[string]string{"Chart.yaml": minimalChartYAML("p"), "charts/h/Chart.lock": strings.Repeat("#", 100)}
	_, err = (&chart.Loader{MaxMetadataSize: 99}).LoadDir(writeChart(t, "p", sub))
	checkErr(t, "sub", err, "error unpacking subchart h in p: charts/h/Chart.lock is larger than the maximum metadata size 99", chart.ErrTooLarge)
	if _, err := (&chart.Loader{MaxMetadataSize: -1}).LoadDir(writeChart(t, "h", files)); err != nil {
		t.Errorf("unlimited: %v", err)
	}
}
