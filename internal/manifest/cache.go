package manifest

import "sync"

// HeadCache remembers decoded document heads by document text, so that a
// Renderer rendering the same chart again does not decode the documents
// that came out the same (most of them, typically, and the large ones: CRDs,
// dashboards). It holds at most maxBytes of document text and forgets
// everything when full. A HeadCache is safe for concurrent use; the zero
// value is not usable: call NewHeadCache.
type HeadCache struct {
	mu       sync.Mutex
	maxBytes int
	size     int
	heads    map[headKey]headResult
}

type headKey struct {
	text  string
	helm3 bool
}

type headResult struct {
	head *Head
	err  error
}

// NewHeadCache returns a cache holding up to maxBytes of document text.
func NewHeadCache(maxBytes int) *HeadCache {
	return &HeadCache{maxBytes: maxBytes, heads: make(map[headKey]headResult)}
}

// parseHead is ParseHead through the cache, when there is one. Heads are
// never modified after decoding, so cached ones are shared.
func (c *HeadCache) parseHead(doc string, helm3 bool) (*Head, error) {
	if c == nil || len(doc) > c.maxBytes {
		return ParseHead(doc, helm3)
	}
	k := headKey{doc, helm3}
	c.mu.Lock()
	r, ok := c.heads[k]
	c.mu.Unlock()
	if ok {
		return r.head, r.err
	}
	h, err := ParseHead(doc, helm3)
	c.mu.Lock()
	if c.size+len(doc) > c.maxBytes {
		clear(c.heads)
		c.size = 0
	}
	if _, ok := c.heads[k]; !ok {
		c.heads[k] = headResult{h, err}
		c.size += len(doc)
	}
	c.mu.Unlock()
	return h, err
}
