package godebug

import "testing"

func TestTHPDisabled(t *testing.T) {
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
		{"disablethp=0, disablethp=1", false}, // " disablethp" is another name
		{"disablethp=1,", true},
	}
	for _, c := range cases {
		if got := THPDisabled(c.godebug); got != c.want {
			t.Errorf("THPDisabled(%q) = %v, want %v", c.godebug, got, c.want)
		}
	}
}

func FuzzTHPDisabled(f *testing.F) {
	f.Add("gctrace=1,disablethp=1")
	f.Fuzz(func(t *testing.T, s string) {
		_ = THPDisabled(s) // must not panic
		if THPDisabled(s + ",disablethp=0") {
			t.Errorf("a final disablethp=0 after %q does not win", s)
		}
		if !THPDisabled(s + ",disablethp=1") {
			t.Errorf("a final disablethp=1 after %q does not win", s)
		}
	})
}
