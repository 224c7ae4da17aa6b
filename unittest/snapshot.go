package unittest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// snapshots is the snapshot file of one suite: what it held when the run
// started and what the run saw, by test name and assertion counter.
type snapshots struct {
	path     string
	updating bool

	mu                          sync.Mutex
	cached, current             map[string]map[uint]string
	updated, inserted, compared uint
}

// loadSnapshots reads the snapshot file of a suite file, if it exists.
func loadSnapshots(suiteFile string, updating bool) (*snapshots, error) {
	dir := filepath.Join(filepath.Dir(suiteFile), "__snapshot__")
	s := &snapshots{path: filepath.Join(dir, filepath.Base(suiteFile)+".snap"), updating: updating}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("snapshot cache dir %s is not a directory", dir)
	}
	data, err := os.ReadFile(s.path)
	if err != nil {
		if os.IsNotExist(err) {
			return s, nil
		}
		return nil, err
	}
	if err := yaml.Unmarshal(data, &s.cached); err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	return s, nil
}

// compare checks content against the cached snapshot idx of test, or
// against the patterns when either is set.
func (s *snapshots) compare(test string, idx uint, content any, match, notMatch string) snapResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	match, notMatch = strings.TrimSpace(match), strings.TrimSpace(notMatch)
	s.compared++
	cached, existed := s.cached[test][idx]
	if !existed {
		s.inserted++
	}
	text := toYAML(content)
	ok := true
	var msg string
	var err error
	if match != "" || notMatch != "" {
		if match != "" {
			ok, err = matches(text, match)
			if !ok {
				msg = fmt.Sprintf(" pattern '%s' not found in snapshot", match)
			}
		}
		if notMatch != "" && ok {
			var found bool
			found, err = matches(text, notMatch)
			if found {
				ok = false
				msg = fmt.Sprintf(" pattern '%s' should not be in snapshot", notMatch)
			}
		}
	} else if existed && text != cached {
		ok = false
		s.updated++
	}
	keep := cached
	if s.updating || !existed {
		keep = text
	}
	if s.current == nil {
		s.current = map[string]map[uint]string{}
	}
	if s.current[test] == nil {
		s.current[test] = map[uint]string{}
	}
	s.current[test][idx] = keep
	return snapResult{passed: s.updating || ok, index: int(idx), cached: cached, actual: text, msg: msg, err: err}
}

func matches(text, pattern string) (bool, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return false, fmt.Errorf("failed to compile regex pattern %s: %v", pattern, err)
	}
	return re.MatchString(text), nil
}

func (s *snapshots) vanished() uint {
	var n uint
	for test, byIdx := range s.cached {
		for idx := range byIdx {
			if _, ok := s.current[test][idx]; !ok {
				n++
			}
		}
	}
	return n
}

func (s *snapshots) changed() bool {
	if s.updated > 0 || s.inserted > 0 {
		return true
	}
	return s.vanished() > 0
}

func (s *snapshots) failed() uint {
	if s.updating {
		return 0
	}
	return s.updated
}

// store writes the snapshot file when the run added, changed (with
// updating) or dropped snapshots. It writes a temporary file and renames
// it, so that a failed write never leaves a truncated snapshot file.
func (s *snapshots) store() error {
	if !s.changed() {
		return nil
	}
	if !s.updating && s.inserted == 0 && s.vanished() == 0 {
		return nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(s.current); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".snap-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), s.path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return werr
	}
	return nil
}
