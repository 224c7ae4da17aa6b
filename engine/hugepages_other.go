//go:build !linux

package engine

// adviseHuge does nothing off Linux (see the Linux version).
func adviseHuge([]byte) {}
