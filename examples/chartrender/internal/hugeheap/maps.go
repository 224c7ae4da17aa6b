package hugeheap

// rwMappings calls fn with the bounds [lo, hi) of each read-write mapping
// listed in maps, the text of /proc/self/maps, whose lines read
// "lo-hi perms offset dev inode [path]" with addresses in hexadecimal.
// Lines that do not read so are skipped.
func rwMappings(maps []byte, fn func(lo, hi uintptr)) {
	for len(maps) > 0 {
		line := maps
		maps = nil
		for i, c := range line {
			if c == '\n' {
				line, maps = line[:i], line[i+1:]
				break
			}
		}
		lo, rest, ok := hex(line)
		if !ok || len(rest) == 0 || rest[0] != '-' {
			continue
		}
		hi, rest, ok := hex(rest[1:])
		if !ok || hi <= lo || len(rest) < 3 || rest[0] != ' ' || rest[1] != 'r' || rest[2] != 'w' {
			continue
		}
		fn(lo, hi)
	}
}

// hex reads the hexadecimal number (at most 16 digits) at the start of b.
func hex(b []byte) (v uintptr, rest []byte, ok bool) {
	i := 0
	for ; i < len(b) && i < 16; i++ {
		c := b[i]
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | uintptr(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | uintptr(c-'a'+10)
		default:
			return v, b[i:], i > 0
		}
	}
	return v, b[i:], i > 0
}
