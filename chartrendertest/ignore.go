package chartrendertest

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/google/go-cmp/cmp"
)

// IgnorePath leaves one field of every document out of the comparison. The
// path is written from the document's root with dots between keys, keys
// that contain dots or other punctuation in brackets and quotes, and list
// indexes in brackets; "*" stands for any key or index. For example:
//
//	spec.template.metadata.annotations["checksum/config"]
//	spec.template.spec.containers[*].image
//
// An invalid path makes the golden test fail with its error.
func IgnorePath(path string) Option {
	steps, err := parsePath(path)
	if err != nil {
		return optionFunc(func(c *config) {
			if c.err == nil {
				c.err = fmt.Errorf("IgnorePath(%q): %w", path, err)
			}
		})
	}
	return Cmp(cmp.FilterPath(func(p cmp.Path) bool { return matchPath(steps, p) }, cmp.Ignore()))
}

// IgnoreChartVersion compares helm.sh/chart labels (and selectors) without
// the chart version, so that bumping the chart's version changes no golden
// document: "mychart-1.2.3" and "mychart-1.3.0" compare equal.
func IgnoreChartVersion() Option {
	isLabel := func(p cmp.Path) bool {
		for i := len(p) - 1; i >= 0; i-- {
			if mi, ok := p[i].(cmp.MapIndex); ok {
				return mi.Key().Kind() == reflect.String && mi.Key().String() == `helm.sh/chart`
			}
		}
		return false
	}
	return Cmp(cmp.FilterPath(isLabel, cmp.Transformer("chartName", chartName)))
}

// chartVersion matches the "-<version>" Helm appends to the chart name in
// the helm.sh/chart label (with "+" replaced by "_").
var chartVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-v?[0-9]+(\.[0-9]+)*([-_][0-9A-Za-z.\-_]*)?$`) })

func chartName(label string) string { return chartVersion().ReplaceAllString(label, "") }

// A pathStep is a key or index of an IgnorePath path; "*" matches any.
type pathStep struct {
	key   string
	index int // -1 for a key, -2 for "[*]"
}

func parsePath(path string) ([]pathStep, error) {
	var steps []pathStep
	s := path
	for s != "" {
		switch {
		case s[0] == '.':
			s = s[1:]
			if s == "" || s[0] == '.' || s[0] == '[' {
				return nil, fmt.Errorf("empty key in %q", path)
			}
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if strings.HasPrefix(s, `["`) {
				// A quoted key: find the closing quote, honouring escapes.
				q, err := strconv.QuotedPrefix(s[1:])
				if err != nil || !strings.HasPrefix(s[1+len(q):], "]") {
					return nil, fmt.Errorf("bad quoted key in %q", path)
				}
				key, _ := strconv.Unquote(q)
				steps = append(steps, pathStep{key: key, index: -1})
				s = s[1+len(q)+1:]
				continue
			}
			if end < 0 {
				return nil, fmt.Errorf("missing ] in %q", path)
			}
			in := s[1:end]
			s = s[end+1:]
			if in == "*" {
				steps = append(steps, pathStep{index: -2})
				continue
			}
			n, err := strconv.Atoi(in)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("bad index [%s] in %q", in, path)
			}
			steps = append(steps, pathStep{index: n})
			continue
		}
		end := strings.IndexAny(s, ".[")
		if end < 0 {
			end = len(s)
		}
		steps = append(steps, pathStep{key: s[:end], index: -1})
		s = s[end:]
	}
	if len(steps) == 0 {
		return nil, fmt.Errorf("empty path")
	}
	return steps, nil
}

// matchPath reports whether the map keys and list indexes of p are the
// steps.
func matchPath(steps []pathStep, p cmp.Path) bool {
	i := 0
	for _, ps := range p {
		switch s := ps.(type) {
		case cmp.MapIndex:
			if i >= len(steps) || steps[i].index != -1 || s.Key().Kind() != reflect.String {
				return false
			}
			if steps[i].key != "*" && steps[i].key != s.Key().String() {
				return false
			}
			i++
		case cmp.SliceIndex:
			if i >= len(steps) || steps[i].index == -1 {
				return false
			}
			x, y := s.SplitKeys()
			if steps[i].index >= 0 && x != steps[i].index && y != steps[i].index {
				return false
			}
			i++
		}
	}
	return i == len(steps)
}
