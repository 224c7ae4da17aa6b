// Package chartutil defines Values, the named map type Helm 3 gives the scope
// objects templates see (., .Values, .Template). Its only purpose is that
// `typeOf .Values` prints "chartutil.Values", as it does in Helm 3.
package chartutil

// Values is a scope or values map as Helm 3's engine types it.
type Values map[string]any
