// Package common defines Values, the named map type Helm 4 gives the scope
// objects templates see (., .Values, .Template). Its only purpose is that
// `typeOf .Values` prints "common.Values", as it does in Helm 4.
package common

// Values is a scope or values map as Helm 4's engine types it.
type Values map[string]any
