package strvals

import "testing"

// TestTable checks every table row against the expectation recorded from
// Helm v4.3.1 (and, for Parser.Helm3, Helm v3.22.0).
func TestTable(t *testing.T) {
	cases := tableCases()
	exportCases(t, cases)
	for _, c := range cases {
		if c.mode == "#" {
			continue
		}
		got, gerr := runCase(&Parser{}, c)
		if got != c.want || gerr != c.err {
			t.Errorf("%s pre=%q in=%q:\n got  %s err %q\n want %s err %q", c.mode, c.pre, c.in, got, gerr, c.want, c.err)
		}
		want3 := c.err
		switch c.err3 {
		case "":
		case "-":
			want3 = ""
		default:
			want3 = c.err3
		}
		wantMap3 := c.want
		if c.want3 != "" {
			wantMap3 = c.want3
		}
		got3, gerr3 := runCase(&Parser{Helm3: true}, c)
		if got3 != wantMap3 || gerr3 != want3 {
			t.Errorf("Helm3 %s pre=%q in=%q:\n got  %s err %q\n want %s err %q", c.mode, c.pre, c.in, got3, gerr3, wantMap3, want3)
		}
	}
}
