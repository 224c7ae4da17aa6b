package conformance

import (
	"strings"

	"github.com/google/go-cmp/cmp"
)

func diffLines(want, got string) string {
	return clip(cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
}
