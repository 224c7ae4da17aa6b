package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCorpusHelm3 compares `chartrender template --helm3` with the helm
// v3.22.0 binary ($HELM3_ORACLE, default ~/.cache/helm-oracle/v3/helm) on
// every corpus case. The binary has no deterministic mode, so a case whose
// output differs between two runs of helm itself (generated passwords,
// certificates) is skipped. It is skipped whole when the binary is absent;
// .ci/run installs it. floor-helm3.txt keeps the count from going down.
func TestCorpusHelm3(t *testing.T) {
	helm3 := os.Getenv("HELM3_ORACLE")
	if helm3 == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			t.Fatal(err)
		}
		helm3 = filepath.Join(home, ".cache", "helm-oracle", "v3", "helm")
	}
	if _, err := os.Stat(helm3); err != nil {
		t.Skipf("no helm v3.22.0 binary at %s", helm3)
	}
	dir := corpusDir()
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no corpus at %s", dir)
	}
	cases, err := corpusCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	bin := buildCLI(t)
	passed, failed, random := 0, 0, 0
	for _, c := range cases {
		args := []string{"release-name", c.Chart}
		for _, f := range c.ValueFiles {
			args = append(args, "-f", f)
		}
		want, err := run(helm3, args)
		if err != nil {
			t.Fatal(err)
		}
		got, err := run(bin, append(args, "--helm3"))
		if err != nil {
			t.Fatal(err)
		}
		if want.Stdout == got.Stdout && want.Exit == got.Exit && want.Error == got.Error {
			passed++
			fmt.Printf("PASS %s\n", c.Name)
			continue
		}
		if again, err := run(helm3, args); err == nil && (again.Stdout != want.Stdout || again.Error != want.Error) {
			random++
			fmt.Printf("SKIP %s (helm v3 prints different output on each run)\n", c.Name)
			continue
		}
		failed++
		fmt.Printf("FAIL %s\n", c.Name)
		t.Errorf("%s: differs from helm v3.22.0:\nexit %d vs %d\nerror %q vs %q\n%s", c.Name, got.Exit, want.Exit, got.Error, want.Error, diffLines(want.Stdout, got.Stdout))
	}
	fmt.Printf("helm3: %d skipped as random in helm itself\n", random)
	fmt.Printf("%d passed, %d failed\n", passed, failed)
	b, err := os.ReadFile("floor-helm3.txt")
	if err != nil {
		t.Fatal(err)
	}
	floor, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if passed < floor {
		t.Fatalf("%d helm3 corpus cases pass, fewer than the floor of %d in floor-helm3.txt", passed, floor)
	}
}
