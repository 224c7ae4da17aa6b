package hugeheap

import "testing"

func TestDisabled(t *testing.T) {
	cases := []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"disablethp=0", false},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=1,disablethp=0", false},
		{"disablethp=0,disablethp=1", true},
		{"xdisablethp=1", false},
		{"disablethp", false},
		{"disablethp=10", false},
	}
	for _, c := range cases {
		if got := disabled(c.godebug); got != c.want {
			t.Errorf("disabled(%q) = %v, want %v", c.godebug, got, c.want)
		}
	}
}

func FuzzDisabled(f *testing.F) {
	f.Add("gctrace=1,disablethp=1")
	f.Fuzz(func(t *testing.T, s string) {
		_ = disabled(s) // must not panic
		if disabled(s + ",disablethp=0") {
			t.Errorf("a final disablethp=0 after %q does not win", s)
		}
		if !disabled(s + ",disablethp=1") {
			t.Errorf("a final disablethp=1 after %q does not win", s)
		}
	})
}
