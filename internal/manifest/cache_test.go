package manifest

import (
	"context"
	"strings"
	"testing"
)

func TestHeadCache(t *testing.T) {
	c := NewHeadCache(1 << 10)
	doc := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
	h1, err := c.parseHead(doc, false)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := c.parseHead(doc, false)
	if h1 != h2 {
		t.Error("second decode of the same text did not come from the cache")
	}
	if h3, _ := c.parseHead(doc, true); h3 == h1 {
		t.Error("Helm 3 and Helm 4 decodes share a cache entry")
	}
	// Errors are cached as they are.
	_, err1 := c.parseHead("a: b: c\n", false)
	_, err2 := c.parseHead("a: b: c\n", false)
	if err1 == nil || err1 != err2 {
		t.Errorf("errors %v and %v: want the same cached error", err1, err2)
	}
	// Filling the cache forgets everything before it.
	big := "kind: X\n# " + strings.Repeat("x", 1000) + "\n"
	if _, err := c.parseHead(big, false); err != nil {
		t.Fatal(err)
	}
	if h4, _ := c.parseHead(doc, false); h4 == h1 {
		t.Error("cache kept entries past its size")
	}
	// Documents larger than the cache are decoded, not kept.
	huge := "kind: Zed\n# " + strings.Repeat("x", 2000) + "\n"
	if h, err := c.parseHead(huge, false); err != nil || h.Kind != "Zed" {
		t.Errorf("huge document: %v %v", h, err)
	}
}

func TestSortWithCacheMatchesWithout(t *testing.T) {
	files := map[string]string{
		"c/templates/a.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    helm.sh/hook: test\n",
		"c/templates/b.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n",
	}
	cache := NewHeadCache(1 << 20)
	for round := range 2 {
		h1, m1, err1 := Sort(context.Background(), files, Options{})
		h2, m2, err2 := Sort(context.Background(), files, Options{Cache: cache})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if len(h1) != len(h2) || len(m1) != len(m2) {
			t.Fatalf("round %d: %d/%d hooks, %d/%d manifests", round, len(h1), len(h2), len(m1), len(m2))
		}
		for i := range m1 {
			if m1[i].Path != m2[i].Path || m1[i].Content != m2[i].Content || m1[i].Head.Kind != m2[i].Head.Kind {
				t.Errorf("round %d manifest %d differs", round, i)
			}
		}
	}
}
