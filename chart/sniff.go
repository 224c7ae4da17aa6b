package chart

import "bytes"

// This file names the content type of a file's first bytes the way Go's
// net/http.DetectContentType does (the WHATWG MIME sniffing algorithm, in
// Go's version of it), which Helm's loader prints when a chart argument is
// a file that is not a gzipped archive. It lives here so that the CLI does
// not link net/http, crypto/tls and their package initialisation for one
// error message. A differential test and a fuzz target compare it with
// net/http's on crafted and random input.

// sniffLen is how many leading bytes decide the verdict.
const sniffLen = 512

// octetStream is the verdict when no rule matches.
const octetStream = "application/octet-stream"

// magic is a signature at the start of the data: the bytes of pat, except
// those at indices [anyFrom, anyTo), which may be anything. The data must
// be at least as long as pat.
type magic struct {
	pat            string
	anyFrom, anyTo int
	ct             string
}

func (m magic) matches(data []byte) bool {
	if len(data) < len(m.pat) {
		return false
	}
	for i := 0; i < len(m.pat); i++ {
		if i >= m.anyFrom && i < m.anyTo {
			continue
		}
		if data[i] != m.pat[i] {
			return false
		}
	}
	return true
}

// exact is a magic with no wildcard bytes.
func exact(pat, ct string) magic { return magic{pat: pat, ct: ct} }

// mp4Slot marks where in binaryMagics the MP4 box check is made, so that
// the order of the checks stays the algorithm's.
const mp4Slot = "video/mp4"

// binaryMagics are checked in order after the HTML and XML checks; the
// first that matches decides.
var binaryMagics = [...]magic{
	exact("%PDF-", "application/pdf"),
	exact("%!PS-Adobe-", "application/postscript"),
	// byte order marks, each followed by at least one more byte (two for
	// UTF-16)
	{pat: "\xFE\xFF\x00\x00", anyFrom: 2, anyTo: 4, ct: "text/plain; charset=utf-16be"},
	{pat: "\xFF\xFE\x00\x00", anyFrom: 2, anyTo: 4, ct: "text/plain; charset=utf-16le"},
	{pat: "\xEF\xBB\xBF\x00", anyFrom: 3, anyTo: 4, ct: "text/plain; charset=utf-8"},
	// images
	exact("\x00\x00\x01\x00", "image/x-icon"),
	exact("\x00\x00\x02\x00", "image/x-icon"),
	exact("BM", "image/bmp"),
	exact("GIF87a", "image/gif"),
	exact("GIF89a", "image/gif"),
	{pat: "RIFF\x00\x00\x00\x00WEBPVP", anyFrom: 4, anyTo: 8, ct: "image/webp"},
	exact("\x89PNG\r\n\x1A\n", "image/png"),
	exact("\xFF\xD8\xFF", "image/jpeg"),
	// audio and video
	{pat: "FORM\x00\x00\x00\x00AIFF", anyFrom: 4, anyTo: 8, ct: "audio/aiff"},
	exact("ID3", "audio/mpeg"),
	exact("OggS\x00", "application/ogg"),
	exact("MThd\x00\x00\x00\x06", "audio/midi"),
	{pat: "RIFF\x00\x00\x00\x00AVI ", anyFrom: 4, anyTo: 8, ct: "video/avi"},
	{pat: "RIFF\x00\x00\x00\x00WAVE", anyFrom: 4, anyTo: 8, ct: "audio/wave"},
	{ct: mp4Slot},
	exact("\x1A\x45\xDF\xA3", "video/webm"),
	// fonts; the embedded OpenType signature is "LP" after 34 bytes of
	// anything
	{pat: string(make([]byte, 34)) + "LP", anyFrom: 0, anyTo: 34, ct: "application/vnd.ms-fontobject"},
	exact("\x00\x01\x00\x00", "font/ttf"),
	exact("OTTO", "font/otf"),
	exact("ttcf", "font/collection"),
	exact("wOFF", "font/woff"),
	exact("wOF2", "font/woff2"),
	// archives
	exact(gzipMagic, gzipType),
	exact("PK\x03\x04", "application/zip"),
	exact("Rar!\x1A\x07\x00", "application/x-rar-compressed"),
	exact("Rar!\x1A\x07\x01\x00", "application/x-rar-compressed"),
	exact("\x00asm", "application/wasm"),
}

// gzipMagic starts a gzip stream (with the deflate method), and gzipType
// is its verdict.
const (
	gzipMagic = "\x1F\x8B\x08"
	gzipType  = "application/x-gzip"
)

// htmlTags open an HTML document when one of them, in any letter case,
// is the first thing after leading whitespace and is followed by a space
// or '>'.
var htmlTags = [...]string{
	"<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1", "<DIV", "<FONT",
	"<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--",
}

// sniffContentType returns the content type net/http.DetectContentType
// gives data.
func sniffContentType(data []byte) string {
	if len(data) > sniffLen {
		data = data[:sniffLen]
	}
	text := data // data from its first non-whitespace byte
	for len(text) > 0 && isSniffSpace(text[0]) {
		text = text[1:]
	}
	for _, tag := range htmlTags {
		if htmlTagAt(text, tag) {
			return "text/html; charset=utf-8"
		}
	}
	if bytes.HasPrefix(text, []byte("<?xml")) {
		return "text/xml; charset=utf-8"
	}
	for _, m := range binaryMagics {
		if m.ct == mp4Slot {
			if isMP4(data) {
				return mp4Slot
			}
			continue
		}
		if m.matches(data) {
			return m.ct
		}
	}
	for _, b := range text {
		if isBinaryByte(b) {
			return octetStream
		}
	}
	return "text/plain; charset=utf-8"
}

// isSniffSpace reports whether b is whitespace to the sniffing algorithm.
func isSniffSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
}

// isBinaryByte reports whether b never occurs in text: a control
// character other than tab, line feed, form feed, carriage return and
// escape.
func isBinaryByte(b byte) bool {
	return b < 0x20 && !isSniffSpace(b) && b != 0x1B
}

// htmlTagAt reports whether text starts with tag, ASCII letters compared
// without case, followed by a space or '>'.
func htmlTagAt(text []byte, tag string) bool {
	if len(text) <= len(tag) {
		return false
	}
	for i := 0; i < len(tag); i++ {
		c := text[i]
		if t := tag[i]; t >= 'A' && t <= 'Z' {
			c &^= 0x20
		}
		if c != tag[i] {
			return false
		}
	}
	next := text[len(tag)]
	return next == ' ' || next == '>'
}

// isMP4 reports whether data starts with an ISO media "ftyp" box that
// lists an "mp4" brand: the box length (big-endian, a multiple of four,
// within data) is followed by "ftyp", and some four-byte slot after the
// major brand's version starts with "mp4".
func isMP4(data []byte) bool {
	if len(data) < 12 {
		return false
	}
	size := int(data[0])<<24 | int(data[1])<<16 | int(data[2])<<8 | int(data[3])
	if size > len(data) || size%4 != 0 || string(data[4:8]) != "ftyp" {
		return false
	}
	for at := 8; at < size; at += 4 {
		if at != 12 && string(data[at:at+3]) == "mp4" {
			return true
		}
	}
	return false
}
