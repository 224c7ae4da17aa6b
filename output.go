package chartrender

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/chartrender/chartrender/internal/manifest"
)

// block is how Helm prints one document: a separator, a comment naming its
// source, and the text.
func block(source, content string) string {
	return "---\n# Source: " + source + "\n" + content + "\n"
}

// release returns the text of Helm's release manifest: the CRDs, then the
// manifests.
func (r *Result) release() string {
	var b strings.Builder
	for _, c := range r.CRDs {
		b.WriteString(block(c.Source, c.Content))
	}
	for _, m := range r.Manifests {
		b.WriteString(block(m.Source, m.Content))
	}
	return b.String()
}

// full returns what `helm template` prints without --show-only.
func (r *Result) full() string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(r.release()))
	b.WriteByte('\n')
	for _, h := range r.Hooks {
		b.WriteString(block(h.Source, h.Content))
	}
	return b.String()
}

// sourceName finds the template path, without the chart name, of a
// document printed with its "# Source:" comment.
var sourceName = regexp.MustCompile(`# Source: [^/]+/(.+)`)

// selectShown applies --show-only to the printed text.
func selectShown(text string, patterns []string, helm3 bool) (string, error) {
	docs := manifest.SplitManifests(text, helm3)
	var b strings.Builder
	for _, p := range patterns {
		p = filepath.ToSlash(p)
		found := false
		for _, d := range docs {
			m := sourceName.FindStringSubmatch(d)
			if m == nil {
				continue
			}
			if ok, _ := filepath.Match(p, m[1]); !ok {
				continue
			}
			b.WriteString("---\n" + d + "\n")
			found = true
		}
		if !found {
			return "", &TemplateNotFoundError{Pattern: p}
		}
	}
	return b.String(), nil
}

// Bytes returns exactly what `helm template` prints on stdout for this
// result, honouring the ShowOnly option it was rendered with. It fails with
// a *TemplateNotFoundError when a ShowOnly pattern matches nothing.
func (r *Result) Bytes() ([]byte, error) {
	text := r.full()
	if len(r.showOnly) > 0 {
		var err error
		if text, err = selectShown(text, r.showOnly, r.helm3); err != nil {
			return nil, err
		}
	}
	return []byte(text), nil
}

// WriteTo writes exactly what `helm template` prints on stdout for this
// result: the CRDs (with Options.IncludeCRDs), the manifests and the hooks,
// each after a "---" line and a "# Source: <template>" comment, or only the
// documents selected by Options.ShowOnly. When a ShowOnly pattern matches
// nothing it writes nothing and returns a *TemplateNotFoundError.
func (r *Result) WriteTo(w io.Writer) (int64, error) {
	b, err := r.Bytes()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// WriteDir writes the result as `helm template --output-dir dir` does, and
// reports each file written on progress as a "wrote <path>" line (progress
// may be nil).
//
// Every manifest goes to dir/<template path> (dir/<release name>/<template
// path> when useReleaseName is set): the first document written to a path
// in this call truncates the file, later ones append. CRDs go to
// dir/<chart>/crds/..., never under the release name. Hooks are appended to
// their file when it already exists, even from an earlier call, as Helm
// does. Each document is written as "---\n# Source: <path>\n<text>\n".
// Directories are created with mode 0755.
//
// Errors writing CRDs or manifests are *RenderError values, as they are in
// Helm. Like `helm template`, WriteDir fails with a *TemplateNotFoundError
// after writing when the result was rendered with ShowOnly patterns, which
// never match in this mode.
func (r *Result) WriteDir(dir string, useReleaseName bool, progress io.Writer) error {
	if progress == nil {
		progress = io.Discard
	}
	written := make(map[string]bool)
	for _, c := range r.CRDs {
		if err := writeDoc(dir, c.Source, c.Content, written[c.Source], progress); err != nil {
			return &RenderError{Err: err, Debug: "\n"}
		}
		written[c.Source] = true
	}
	target := dir
	if useReleaseName {
		target = filepath.Join(dir, r.ReleaseName)
	}
	for _, m := range r.Manifests {
		if err := writeDoc(target, m.Source, m.Content, written[m.Source], progress); err != nil {
			return &RenderError{Err: err, Debug: "\n"}
		}
		written[m.Source] = true
	}
	for _, h := range r.Hooks {
		_, err := os.Stat(filepath.Join(target, h.Source))
		if err := writeDoc(target, h.Source, h.Content, err == nil, progress); err != nil {
			return err
		}
	}
	if len(r.showOnly) > 0 {
		// Helm matches the patterns against stdout, which holds nothing
		// but an empty line in this mode.
		if _, err := selectShown("\n", r.showOnly, r.helm3); err != nil {
			return err
		}
	}
	return nil
}

// writeDoc writes one document under dir as Helm's writeToFile does.
func writeDoc(dir, name, content string, appendTo bool, progress io.Writer) error {
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write %q outside of %s", name, dir)
	}
	file := dir + string(filepath.Separator) + name
	base := filepath.Dir(file)
	if _, err := os.Stat(base); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return err
	}
	var (
		f   *os.File
		err error
	)
	if appendTo {
		f, err = os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0o600)
	} else {
		f, err = os.Create(file)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(f, block(name, content))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(progress, "wrote %s\n", file)
	return err
}

// debugDump is what `helm template --debug` prints when a rendered file is
// not valid YAML: every non-blank rendered file (Helm's order is random;
// this one is sorted).
func debugDump(files map[string]string) string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, n := range names {
		if strings.TrimSpace(files[n]) == "" {
			continue
		}
		b.WriteString(block(n, files[n]))
	}
	return strings.TrimSpace(b.String()) + "\n"
}
