package values

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// kubeVersionRE splits a version into its dotted numbers and the rest, as
// Kubernetes' version.ParseGeneric does.
var kubeVersionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$`) })

// ParseKubeVersion parses a Kubernetes version the way helm template's
// --kube-version does (Kubernetes' ParseGeneric): an optional "v", at least
// two dot-separated numbers, then anything. Version keeps the text as given
// (with a "v" prepended when missing); String returns v<numbers>. Errors
// read like Kubernetes', e.g. `could not parse "abc" as version`; helm
// template reports them as "invalid kube version 'abc': <err>".
func ParseKubeVersion(s string) (*KubeVersion, error) {
	return ParseOptions{}.ParseKubeVersion(s)
}

// ParseKubeVersion is the package-level ParseKubeVersion with these options.
// With Helm3, Version is the normalised v<numbers> too, as in Helm v3.22.0.
func (o ParseOptions) ParseKubeVersion(s string) (*KubeVersion, error) {
	parts := kubeVersionRE().FindStringSubmatch(s)
	if parts == nil {
		return nil, fmt.Errorf("could not parse %q as version", s)
	}
	comps := strings.Split(parts[1], ".")
	if len(comps) < 2 {
		return nil, fmt.Errorf("illegal version string %q", s)
	}
	nums := make([]string, len(comps))
	for i, comp := range comps {
		if i == 0 && strings.HasPrefix(comp, "0") && comp != "0" {
			return nil, fmt.Errorf("illegal zero-prefixed version component %q in %q", comp, s)
		}
		n, err := strconv.ParseUint(comp, 10, 0)
		if err != nil {
			return nil, fmt.Errorf("illegal non-numeric version component %q in %q: %v", comp, s, err)
		}
		nums[i] = strconv.FormatUint(n, 10)
	}
	normalized := "v" + strings.Join(nums, ".")
	version := s
	if !strings.HasPrefix(s, "v") {
		version = "v" + s
	}
	if o.Helm3 {
		version = normalized
	}
	return &KubeVersion{Version: version, Major: nums[0], Minor: nums[1], normalized: normalized}, nil
}
