package values_test

import (
	"fmt"
	"testing"

	"github.com/chartrender/chartrender/values"
)

// Checked against `helm template --kube-version <in>` (v4.3.1 and v3.22.0)
// with a template printing String|Version|Major|Minor|GitVersion. helm
// prefixes errors with "invalid kube version '<in>': ".
func TestParseKubeVersion(t *testing.T) {
	tests := []struct {
		in, want, want3, err string
	}{
		{in: "1.30.2-gke.1", want: "v1.30.2|v1.30.2-gke.1|1|30|v1.30.2-gke.1", want3: "v1.30.2|v1.30.2|1|30|v1.30.2"},
		{in: "v1.30", want: "v1.30|v1.30|1|30|v1.30"},
		{in: "1.30", want: "v1.30|v1.30|1|30|v1.30"},
		{in: "v1.30.2+abc", want: "v1.30.2|v1.30.2+abc|1|30|v1.30.2+abc", want3: "v1.30.2|v1.30.2|1|30|v1.30.2"},
		{in: "1.2.3.4", want: "v1.2.3.4|v1.2.3.4|1|2|v1.2.3.4"},
		{in: " 1.5", want: "v1.5|v 1.5|1|5|v 1.5", want3: "v1.5|v1.5|1|5|v1.5"},
		{in: "1.02", want: "v1.2|v1.02|1|2|v1.02", want3: "v1.2|v1.2|1|2|v1.2"},
		{in: "1.2x", want: "v1.2|v1.2x|1|2|v1.2x", want3: "v1.2|v1.2|1|2|v1.2"},
		{in: "1.30.2-rc.01", want: "v1.30.2|v1.30.2-rc.01|1|30|v1.30.2-rc.01", want3: "v1.30.2|v1.30.2|1|30|v1.30.2"},
		{in: "abc", err: `could not parse "abc" as version`},
		{in: "v", err: `could not parse "v" as version`},
		{in: "1", err: `illegal version string "1"`},
		{in: "1.x", err: `illegal version string "1.x"`},
		{in: "01.2", err: `illegal zero-prefixed version component "01" in "01.2"`},
		{in: "99999999999999999999.1", err: `illegal non-numeric version component "99999999999999999999" in "99999999999999999999.1": strconv.ParseUint: parsing "99999999999999999999": value out of range`},
	}
	for _, tt := range tests {
		for _, helm3 := range []bool{false, true} {
			kv, err := values.ParseOptions{Helm3: helm3}.ParseKubeVersion(tt.in)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("%q helm3=%v: error %v, want %s", tt.in, helm3, err, tt.err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%q: %v", tt.in, err)
				continue
			}
			want := tt.want
			if helm3 && tt.want3 != "" {
				want = tt.want3
			}
			got := fmt.Sprintf("%s|%s|%s|%s|%s", kv, kv.Version, kv.Major, kv.Minor, kv.GitVersion())
			if got != want {
				t.Errorf("%q helm3=%v: got %s, want %s", tt.in, helm3, got, want)
			}
		}
	}
}
