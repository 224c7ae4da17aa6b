package hugeheap

// disabled reports whether the GODEBUG value godebug sets disablethp=1. As
// for the runtime, settings are comma-separated and the last one of a name
// wins. (It uses no package, so that this package's init runs early.)
func disabled(godebug string) bool {
	off := false
	for len(godebug) > 0 {
		kv := godebug
		for i := 0; i < len(godebug); i++ {
			if godebug[i] == ',' {
				kv, godebug = godebug[:i], godebug[i+1:]
				break
			}
		}
		if kv == godebug {
			godebug = ""
		}
		const name = "disablethp="
		if len(kv) >= len(name) && kv[:len(name)] == name {
			off = kv[len(name):] == "1"
		}
	}
	return off
}
