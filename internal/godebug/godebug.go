package godebug

// THPDisabled reports whether the GODEBUG value s sets disablethp=1, the
// runtime's switch against transparent huge pages for its heap. As for the
// runtime, settings are separated by commas, nothing is trimmed, and the
// last setting of a name wins.
func THPDisabled(s string) bool {
	const name = "disablethp="
	off := false
	for len(s) > 0 {
		kv := s
		s = ""
		for i := 0; i < len(kv); i++ {
			if kv[i] == ',' {
				kv, s = kv[:i], kv[i+1:]
				break
			}
		}
		if len(kv) >= len(name) && kv[:len(name)] == name {
			off = kv[len(name):] == "1"
		}
	}
	return off
}
