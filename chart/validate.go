package chart

import (
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/Masterminds/semver/v3"
)

// aliasPattern is the character set Helm allows in a dependency alias.
var aliasPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z0-9_-]+$`) })

// Validate sanitises md in place and checks it against Helm's rules, in
// Helm's order. Sanitising replaces every Unicode space in the free-text
// fields with ' ' and removes non-printable characters. The error, if any,
// is a *ValidationError.
func (md *Metadata) Validate() error {
	if md == nil {
		return validationErrorf("chart.metadata is required")
	}
	md.Name = sanitize(md.Name)
	md.Description = sanitize(md.Description)
	md.Home = sanitize(md.Home)
	md.Icon = sanitize(md.Icon)
	md.Condition = sanitize(md.Condition)
	md.Tags = sanitize(md.Tags)
	md.AppVersion = sanitize(md.AppVersion)
	md.KubeVersion = sanitize(md.KubeVersion)
	for i := range md.Sources {
		md.Sources[i] = sanitize(md.Sources[i])
	}
	for i := range md.Keywords {
		md.Keywords[i] = sanitize(md.Keywords[i])
	}

	switch {
	case md.APIVersion == "":
		return validationErrorf("chart.metadata.apiVersion is required")
	case md.Name == "":
		return validationErrorf("chart.metadata.name is required")
	case md.Name == "." || md.Name == "..":
		return validationErrorf("chart.metadata.name %q is not allowed", md.Name)
	case md.Name != path.Base(md.Name):
		return validationErrorf("chart.metadata.name %q is invalid", md.Name)
	case md.Version == "":
		return validationErrorf("chart.metadata.version is required")
	case !validSemver(md.Version):
		return validationErrorf("chart.metadata.version %q is invalid", md.Version)
	case md.Type != "" && md.Type != "application" && md.Type != "library":
		return validationErrorf("chart.metadata.type must be application or library")
	}
	for _, m := range md.Maintainers {
		if m == nil {
			return validationErrorf("maintainers must not contain empty or null nodes")
		}
		m.Name = sanitize(m.Name)
		m.Email = sanitize(m.Email)
		m.URL = sanitize(m.URL)
	}
	seen := make(map[string]bool, len(md.Dependencies))
	for _, d := range md.Dependencies {
		if d == nil {
			return validationErrorf("dependencies must not contain empty or null nodes")
		}
		d.Name = sanitize(d.Name)
		d.Version = sanitize(d.Version)
		d.Repository = sanitize(d.Repository)
		d.Condition = sanitize(d.Condition)
		for i := range d.Tags {
			d.Tags[i] = sanitize(d.Tags[i])
		}
		if d.Alias != "" && !aliasPattern().MatchString(d.Alias) {
			return validationErrorf("dependency %q has disallowed characters in the alias", d.Name)
		}
		key := d.Name
		if d.Alias != "" {
			key = d.Alias
		}
		if seen[key] {
			return validationErrorf("more than one dependency with name or alias %q", key)
		}
		seen[key] = true
	}
	return nil
}

func validSemver(v string) bool {
	_, err := semver.NewVersion(v)
	return err == nil
}

// sanitize maps every Unicode space to ' ' and drops non-printable runes.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, s)
}

// CheckDependencies reports the dependencies listed in c's Chart.yaml that
// no loaded subchart provides, matching by chart name (aliases play no
// part), as `helm template` checks before rendering. The error is a
// *MissingDependenciesError; the helm CLI prefixes its text with "an error
// occurred while checking for chart dependencies. You may need to run 'helm
// dependency build' to fetch missing dependencies: ".
func CheckDependencies(c *Chart) error {
	if c == nil || c.Metadata == nil {
		return nil
	}
	var missing []string
	for _, r := range c.Metadata.Dependencies {
		if r == nil {
			continue
		}
		found := false
		for _, d := range c.dependencies {
			if d.Name() == r.Name {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, r.Name)
		}
	}
	if len(missing) > 0 {
		return &MissingDependenciesError{Names: missing}
	}
	return nil
}

// CheckKubeVersion checks c's kubeVersion constraint, if it has one,
// against the Kubernetes version kubeVersion (as in
// .Capabilities.KubeVersion.Version, e.g. "v1.37.0" or "v1.30.2-gke.1";
// a "v" is prepended when missing, as Helm does for --kube-version).
// As in Helm, the constraint is checked against the version reduced to its
// numeric part ("v1.30.2"), and a constraint or version that does not
// parse counts as incompatible. The error is a *KubeVersionError.
func CheckKubeVersion(c *Chart, kubeVersion string) error {
	if c == nil || c.Metadata == nil || c.Metadata.KubeVersion == "" {
		return nil
	}
	if !strings.HasPrefix(kubeVersion, "v") {
		kubeVersion = "v" + kubeVersion
	}
	if !kubeVersionCompatible(c.Metadata.KubeVersion, normalizeKubeVersion(kubeVersion)) {
		return &KubeVersionError{Constraint: c.Metadata.KubeVersion, Version: kubeVersion}
	}
	return nil
}

func kubeVersionCompatible(constraint, version string) bool {
	v, err := semver.NewVersion(version)
	if err != nil {
		return false
	}
	cs, err := semver.NewConstraint(constraint)
	if err != nil {
		return false
	}
	return cs.Check(v)
}

// genericVersion is Kubernetes' generic version syntax: numeric
// components, then anything.
var genericVersion = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$`) })

// normalizeKubeVersion reduces a Kubernetes version to "v" and its numeric
// components, as Helm's capabilities do; a version that does not parse is
// returned unchanged.
func normalizeKubeVersion(v string) string {
	m := genericVersion().FindStringSubmatch(v)
	if m == nil {
		return v
	}
	parts := strings.Split(m[1], ".")
	if len(parts) < 2 || (len(parts[0]) > 1 && parts[0][0] == '0') {
		return v
	}
	for i, p := range parts {
		p = strings.TrimLeft(p, "0")
		if p == "" {
			p = "0"
		}
		parts[i] = p
	}
	return "v" + strings.Join(parts, ".")
}
