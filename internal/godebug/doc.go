// Package godebug reads the settings of a GODEBUG value that chartrender
// honours as the Go runtime does. It imports nothing, so that a package's
// init may use it before others are initialised.
package godebug
