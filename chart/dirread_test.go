package chart_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chartrender/chartrender/chart"
)

// Files are read ahead by several goroutines (for a chart of 32 files or
// more; a smaller one is read on the loading goroutine), but limits must
// fail on the file where reading one file after another, in walk order,
// would fail: for every budget, the error names the first file that does
// not fit, and with a file cap the message is the one the first offending
// file gives.
func TestDirReadLimitsInWalkOrder(t *testing.T) {
	for _, sets := range []int{1, 3} { // 17 and 49 files
		t.Run(fmt.Sprintf("%d files", 1+16*sets), func(t *testing.T) { testDirReadLimitsInWalkOrder(t, sets) })
	}
}

func testDirReadLimitsInWalkOrder(t *testing.T, sets int) {
	files := map[string]string{"Chart.yaml": minimalChartYAML("l")} // 38 bytes
	var order []string                                              // walk order after Chart.yaml: sorted paths
	sizes := map[string]int{}
	var total int64
	for s := range sets {
		for i, size := range []int{30, 5, 200, 7, 64, 1, 90, 12} {
			for _, dir := range []string{"files", "templates"} {
				n := fmt.Sprintf("%s/f%d%d.txt", dir, s, i)
				files[n] = strings.Repeat("x", size)
				sizes[n] = size
				total += int64(size)
			}
		}
	}
	for _, dir := range []string{"files", "templates"} {
		for s := range sets {
			for i := range 8 {
				order = append(order, fmt.Sprintf("%s/f%d%d.txt", dir, s, i))
			}
		}
	}
	dir := writeChart(t, "l", files)
	// expected is the error of reading the files one after another.
	expected := func(maxTotal, maxFile int64) string {
		remaining := maxTotal - 38
		if remaining < 0 {
			return fmt.Sprintf("error reading Chart.yaml: chart exceeds maximum decompressed size of %d bytes", maxTotal)
		}
		for _, n := range order {
			size := int64(sizes[n])
			if size > remaining {
				return fmt.Sprintf("error reading %s: chart exceeds maximum decompressed size of %d bytes", n, maxTotal)
			}
			if maxFile > 0 && size > maxFile {
				return fmt.Sprintf("chart file %q is larger than the maximum file size %d", n, maxFile)
			}
			remaining -= size
		}
		return ""
	}
	for _, maxFile := range []int64{0, 60, 100} {
		for maxTotal := int64(30); maxTotal <= 38+total+1; maxTotal += 7 {
			l := &chart.Loader{MaxTotalSize: maxTotal, MaxFileSize: maxFile}
			_, err := l.LoadDir(dir)
			what := fmt.Sprintf("max total %d, max file %d", maxTotal, maxFile)
			checkErr(t, what, err, expected(maxTotal, maxFile), chart.ErrTooLarge)
		}
	}
}
