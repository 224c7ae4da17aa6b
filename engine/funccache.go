package engine

import (
	"regexp"
	"sync"
	"text/template"

	"github.com/Masterminds/semver/v3"
)

// maxCompiled bounds each of an Engine's caches of compiled regular
// expressions and semver constraints; a full cache is emptied.
const maxCompiled = 1024

// compiledCache maps a pattern to what compiling it gave. Only successful
// compilations are kept; the values must be safe for concurrent use and
// never modified.
type compiledCache[T any] struct {
	mu sync.RWMutex
	m  map[string]T
}

func (c *compiledCache[T]) get(key string, compile func(string) (T, error)) (T, error) {
	c.mu.RLock()
	v, ok := c.m[key]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := compile(key)
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCompiled {
		c.m = make(map[string]T)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v, nil
}

// compiledFuncs returns sprig's regular expression functions and
// semverCompare with their patterns and constraints compiled once per
// Engine instead of on every call (sprig, and so Helm, compiles them on
// every call). Results, errors and panics are those of the functions in f:
// when a pattern does not compile, the call is passed to f's function.
func (e *Engine) compiledFuncs(f template.FuncMap) template.FuncMap {
	re := func(s string) (*regexp.Regexp, error) { return e.regexps.get(s, regexp.Compile) }
	out := template.FuncMap{}
	if orig, ok := f["regexMatch"].(func(string, string) bool); ok {
		out["regexMatch"] = func(p, s string) bool {
			r, err := re(p)
			if err != nil {
				return orig(p, s)
			}
			return r.MatchString(s)
		}
	}
	if orig, ok := f["mustRegexMatch"].(func(string, string) (bool, error)); ok {
		out["mustRegexMatch"] = func(p, s string) (bool, error) {
			r, err := re(p)
			if err != nil {
				return orig(p, s)
			}
			return r.MatchString(s), nil
		}
	}
	if orig, ok := f["regexFindAll"].(func(string, string, int) []string); ok {
		out["regexFindAll"] = func(p, s string, n int) []string {
			r, err := re(p)
			if err != nil {
				return orig(p, s, n)
			}
			return r.FindAllString(s, n)
		}
	}
	if orig, ok := f["mustRegexFindAll"].(func(string, string, int) ([]string, error)); ok {
		out["mustRegexFindAll"] = func(p, s string, n int) ([]string, error) {
			r, err := re(p)
			if err != nil {
				return orig(p, s, n)
			}
			return r.FindAllString(s, n), nil
		}
	}
	if orig, ok := f["regexFind"].(func(string, string) string); ok {
		out["regexFind"] = func(p, s string) string {
			r, err := re(p)
			if err != nil {
				return orig(p, s)
			}
			return r.FindString(s)
		}
	}
	if orig, ok := f["mustRegexFind"].(func(string, string) (string, error)); ok {
		out["mustRegexFind"] = func(p, s string) (string, error) {
			r, err := re(p)
			if err != nil {
				return orig(p, s)
			}
			return r.FindString(s), nil
		}
	}
	for name, literal := range map[string]bool{"regexReplaceAll": false, "regexReplaceAllLiteral": true} {
		if orig, ok := f[name].(func(string, string, string) string); ok {
			out[name] = func(p, s, repl string) string {
				r, err := re(p)
				if err != nil {
					return orig(p, s, repl)
				}
				if literal {
					return r.ReplaceAllLiteralString(s, repl)
				}
				return r.ReplaceAllString(s, repl)
			}
		}
	}
	for name, literal := range map[string]bool{"mustRegexReplaceAll": false, "mustRegexReplaceAllLiteral": true} {
		if orig, ok := f[name].(func(string, string, string) (string, error)); ok {
			out[name] = func(p, s, repl string) (string, error) {
				r, err := re(p)
				if err != nil {
					return orig(p, s, repl)
				}
				if literal {
					return r.ReplaceAllLiteralString(s, repl), nil
				}
				return r.ReplaceAllString(s, repl), nil
			}
		}
	}
	if orig, ok := f["regexSplit"].(func(string, string, int) []string); ok {
		out["regexSplit"] = func(p, s string, n int) []string {
			r, err := re(p)
			if err != nil {
				return orig(p, s, n)
			}
			return r.Split(s, n)
		}
	}
	if orig, ok := f["mustRegexSplit"].(func(string, string, int) ([]string, error)); ok {
		out["mustRegexSplit"] = func(p, s string, n int) ([]string, error) {
			r, err := re(p)
			if err != nil {
				return orig(p, s, n)
			}
			return r.Split(s, n), nil
		}
	}
	if orig, ok := f["semverCompare"].(func(string, string) (bool, error)); ok {
		out["semverCompare"] = func(constraint, version string) (bool, error) {
			c, err := e.constraints.get(constraint, semver.NewConstraint)
			if err != nil {
				return orig(constraint, version)
			}
			v, err := e.versions.get(version, semver.NewVersion)
			if err != nil {
				return orig(constraint, version)
			}
			return c.Check(v), nil
		}
	}
	return out
}
