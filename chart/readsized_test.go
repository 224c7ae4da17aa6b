package chart

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadSized(t *testing.T) {
	text := strings.Repeat("values: 1\n", 300)
	errBoom := errors.New("boom")
	tests := []struct {
		name    string
		r       io.Reader
		hint    int64
		want    string
		wantErr error
	}{
		{"exact size", strings.NewReader(text), int64(len(text)), text, nil},
		{"file grew", strings.NewReader(text), 10, text, nil},
		{"file shrank", strings.NewReader(text), 10000, text, nil},
		{"empty", strings.NewReader(""), 0, "", nil},
		{"one byte at a time", iotest.OneByteReader(strings.NewReader(text)), 7, text, nil},
		{"file shrank to nothing", strings.NewReader(""), 4096, "", nil},
		{"read error", io.MultiReader(strings.NewReader("ab"), iotest.ErrReader(errBoom)), 2, "ab", errBoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readSized(tt.r, tt.hint)
			if !errors.Is(err, tt.wantErr) || !bytes.Equal(got, []byte(tt.want)) {
				t.Errorf("readSized = %d bytes, %v; want %d bytes, %v", len(got), err, len(tt.want), tt.wantErr)
			}
			// The buffer is not cleared before the read: nothing past what
			// was read may be reachable by reslicing.
			if cap(got) != len(got) {
				t.Errorf("readSized: cap %d, len %d; want no spare capacity", cap(got), len(got))
			}
		})
	}
}
