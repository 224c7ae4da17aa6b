//go:build !linux

package hugeheap

// Again does nothing on this system.
func Again() {}
