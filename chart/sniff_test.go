package chart

import (
	"math/rand"
	"net/http"
	"strings"
	"testing"
)

// sniffSeeds are inputs that reach each rule of the sniffer, near misses
// of them, and what the CLI is usually given (YAML, text, empty).
var sniffSeeds = []string{
	"", " ", "\t\n\f\r ", "apiVersion: v2\nname: x\n", "\x1B[0m colours", "a\x00b", "\x0b", "\x1f", "\x7f\x80\xff",
	"<!DOCTYPE HTML>", "<!doctype html ", "<!DOCTYPE HTMLx", "  <html>", "<HeAd ", "<script>", "<iframe ", "<h1>", "<H1x",
	"<div>", "<font ", "<table>", "<a ", "<a", "<ab>", "<style>", "<title ", "<b>", "<body ", "<br>", "<p ", "<!-- ", "<!--x",
	"<?xml version", " \n<?xml", "<?XML", "%PDF-1.7", "%PDF", "%!PS-Adobe-3.0", "%!PS-Adobe",
	"\xFE\xFF\x00\x41", "\xFE\xFFab", "\xFE\xFF\x00", "\xFF\xFE\x41\x00", "\xFF\xFE", "\xEF\xBB\xBFa", "\xEF\xBB\xBF",
	"\x00\x00\x01\x00", "\x00\x00\x02\x00", "\x00\x00\x03\x00", "BM", "B", "GIF87a", "GIF89a", "GIF88a",
	"RIFF\x01\x02\x03\x04WEBPVP8 ", "RIFF....WEBPV", "\x89PNG\r\n\x1A\n", "\x89PNG\r\n\x1A", "\xFF\xD8\xFF\xE0", "\xFF\xD8",
	"FORM\x00\x00\x00\x00AIFF", "FORMabcdAIFC", "ID3\x03", "OggS\x00\x02", "OggS", "MThd\x00\x00\x00\x06", "MThd\x00\x00\x00\x07",
	"RIFFabcdAVI LIST", "RIFFabcdWAVEfmt ", "RIFFabcdWAV",
	"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp41isom", "\x00\x00\x00\x14ftypisom\x00\x00\x00\x00mp41",
	"\x00\x00\x00\x10ftypmp42\x00\x00\x00\x00", "\x00\x00\x00\x1cftypisommp40\x00\x00\x00\x00mp41abcd",
	"\x00\x00\x00\x19ftypmp42\x00\x00\x00\x00mp41isom\x00", "\x00\x00\x01\x00ftypmp42", "\x00\x00\x00\x00ftypmp42",
	"\x1A\x45\xDF\xA3", "\x1A\x45\xDF",
	strings.Repeat("\x01", 34) + "LP", strings.Repeat("\x01", 34) + "L", "\x1F\x8B\x08" + strings.Repeat("\x00", 31) + "LP",
	"\x00\x01\x00\x00", "OTTO", "ttcf", "wOFF", "wOF2", "wOF3",
	"\x1F\x8B\x08\x00", "\x1F\x8B\x09", "PK\x03\x04", "PK\x05\x06", "Rar!\x1A\x07\x00", "Rar!\x1A\x07\x01\x00", "Rar!\x1A\x07\x02",
	"\x00asm\x01", "\x00as",
}

// sniffInputs is each seed as it is, cut to each shorter length, in a
// zero-filled 512-byte buffer (what the loader hands the sniffer for a
// short file), and padded past the sniffed length.
func sniffInputs() [][]byte {
	var in [][]byte
	for _, s := range sniffSeeds {
		for n := 0; n <= len(s); n++ {
			in = append(in, []byte(s[:n]))
		}
		buf := make([]byte, sniffLen)
		copy(buf, s)
		in = append(in, buf)
		in = append(in, []byte(s+strings.Repeat("x", 600)))
		in = append(in, []byte(strings.Repeat(" ", 511)+s))
	}
	return in
}

func TestSniffContentTypeMatchesNetHTTP(t *testing.T) {
	seen := map[string]bool{}
	for _, data := range sniffInputs() {
		want := http.DetectContentType(data)
		seen[want] = true
		if got := sniffContentType(data); got != want {
			t.Errorf("sniffContentType(%q) = %q, net/http says %q", data, got, want)
		}
	}
	// Every rule was reached by some input.
	for _, m := range binaryMagics {
		if !seen[m.ct] {
			t.Errorf("no input sniffed as %q", m.ct)
		}
	}
	for _, ct := range []string{"text/html; charset=utf-8", "text/xml; charset=utf-8", "text/plain; charset=utf-8", octetStream} {
		if !seen[ct] {
			t.Errorf("no input sniffed as %q", ct)
		}
	}
}

// TestSniffContentTypeMutations flips, one at a time, every byte of each
// seed within the signatures' reach to values near the rules' edges, and
// sprinkles random bytes over them.
func TestSniffContentTypeMutations(t *testing.T) {
	edges := []byte{0x00, 0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x1A, 0x1B, 0x1C, 0x1F, ' ', '<', '>', '!', '?', 'A', 'a', 'L', 'P', 'm', 'p', '4', 0x7F, 0x80, 0xDF, 0xFF}
	rng := rand.New(rand.NewSource(11))
	for _, s := range sniffSeeds {
		buf := make([]byte, 40)
		copy(buf, s)
		for i := range buf {
			for _, e := range edges {
				data := append([]byte(nil), buf...)
				data[i] = e
				if got, want := sniffContentType(data), http.DetectContentType(data); got != want {
					t.Fatalf("sniffContentType(%q) = %q, net/http says %q", data, got, want)
				}
			}
		}
		for range 200 {
			data := append([]byte(nil), buf[:rng.Intn(len(buf)+1)]...)
			for k := rng.Intn(3); k >= 0 && len(data) > 0; k-- {
				data[rng.Intn(len(data))] = byte(rng.Intn(256))
			}
			if got, want := sniffContentType(data), http.DetectContentType(data); got != want {
				t.Fatalf("sniffContentType(%q) = %q, net/http says %q", data, got, want)
			}
		}
	}
}

// FuzzSniffContentType compares the sniffer with net/http's on arbitrary
// input.
func FuzzSniffContentType(f *testing.F) {
	for _, s := range sniffSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := sniffContentType(data), http.DetectContentType(data); got != want {
			t.Fatalf("sniffContentType(%q) = %q, net/http says %q", data, got, want)
		}
	})
}
