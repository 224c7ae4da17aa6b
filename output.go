package chartrender

import (
	"bufio"
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
	"sync"
	"unicode"

	"github.com/chartrender/chartrender/internal/manifest"
)

// block is how Helm prints one document: a separator, a comment naming its
// source, and the text.
func block(source, content string) string {
	return "---\n# Source: " + source + "\n" + content + "\n"
}

// writeFull writes what `helm template` prints without --show-only: the
// release manifest (CRDs, then manifests) with its leading and trailing
// whitespace trimmed as Helm trims it, a newline, then the hooks. It writes
// the documents' text as it is, without assembling the output first.
func (r *Result) writeFull(w io.Writer) error {
	sw := stickyWriter{w: w}
	n := len(r.CRDs) + len(r.Manifests)
	i := 0
	each := func(source, content string) {
		i++
		if i < n {
			sw.block(source, content)
			return
		}
		// The last document of the release: Helm trims the whole release
		// text, which can only remove trailing whitespace here (the text
		// starts with "---").
		if c := strings.TrimRightFunc(content, unicode.IsSpace); c != "" {
			sw.str("---\n# Source: ", source, "\n", c)
		} else {
			sw.str(strings.TrimRightFunc("---\n# Source: "+source, unicode.IsSpace))
		}
	}
	for _, c := range r.CRDs {
		each(c.Source, c.Content)
	}
	for _, m := range r.Manifests {
		each(m.Source, m.Content)
	}
	sw.str("\n")
	for _, h := range r.Hooks {
		sw.block(h.Source, h.Content)
	}
	return sw.err
}

// fullSize is the length of what writeFull writes, or a little more.
func (r *Result) fullSize() int {
	n := 1
	for _, c := range r.CRDs {
		n += len(c.Source) + len(c.Content) + 16
	}
	for _, m := range r.Manifests {
		n += len(m.Source) + len(m.Content) + 16
	}
	for _, h := range r.Hooks {
		n += len(h.Source) + len(h.Content) + 16
	}
	return n
}

// stickyWriter writes strings until the first error, which it keeps.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) str(parts ...string) {
	for _, p := range parts {
		if s.err != nil {
			return
		}
		_, s.err = io.WriteString(s.w, p)
	}
}

// block writes one document as Helm prints it: a separator, a comment
// naming its source, and the text.
func (s *stickyWriter) block(source, content string) {
	s.str("---\n# Source: ", source, "\n", content, "\n")
}

// full returns what `helm template` prints without --show-only.
func (r *Result) full() string {
	var b strings.Builder
	b.Grow(r.fullSize())
	_ = r.writeFull(&b) // a strings.Builder never fails
	return b.String()
}

// sourceName finds the template path, without the chart name, of a
// document printed with its "# Source:" comment.
var sourceName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`# Source: [^/]+/(.+)`) })

// selectShown applies --show-only to the printed text.
func selectShown(text string, patterns []string, helm3 bool) (string, error) {
	docs := manifest.SplitManifests(text, helm3)
	var b strings.Builder
	for _, p := range patterns {
		p = filepath.ToSlash(p)
		found := false
		for _, d := range docs {
			m := sourceName().FindStringSubmatch(d)
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
	if len(r.showOnly) > 0 {
		text, err := selectShown(r.full(), r.showOnly, r.helm3)
		if err != nil {
			return nil, err
		}
		return []byte(text), nil
	}
	b := bytes.NewBuffer(make([]byte, 0, r.fullSize()))
	_ = r.writeFull(b) // a bytes.Buffer never fails
	return b.Bytes(), nil
}

// WriteTo writes exactly what `helm template` prints on stdout for this
// result: the CRDs (with Options.IncludeCRDs), the manifests and the hooks,
// each after a "---" line and a "# Source: <template>" comment, or only the
// documents selected by Options.ShowOnly. When a ShowOnly pattern matches
// nothing it writes nothing and returns a *TemplateNotFoundError. The
// documents are streamed to w through a buffer, without assembling the
// whole output in memory first.
func (r *Result) WriteTo(w io.Writer) (int64, error) {
	if len(r.showOnly) > 0 {
		b, err := r.Bytes()
		if err != nil {
			return 0, err
		}
		n, err := w.Write(b)
		return int64(n), err
	}
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 64<<10)
	err := r.writeFull(bw)
	if err == nil {
		err = bw.Flush()
	}
	return cw.n, err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
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
