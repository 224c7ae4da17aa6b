package conformance

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Helm's own tests of `helm template` (pkg/cmd/template_test.go in
// helm.sh/helm/v4 v4.3.1, cmd/helm/template_test.go in helm.sh/helm/v3
// v3.22.0) are read from the module cache at test time, never copied: the
// command line of every case of the TestTemplateCmd table is taken from the
// Go source, and every chart of the testdata/testcharts folder beside it is
// rendered with `template <chart>`. Each command runs through the helm binary
// of the dialect and through the chartrender CLI (with --helm3 for v3), in
// that folder, and stdout, exit status and stderr must be the same, except
// for the program's name in usage errors ("chartrender template" where helm
// says "helm template").

// helmModuleDir returns the folder of a Helm module in the module cache,
// downloading it when absent.
func helmModuleDir(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", module).Output()
	if err != nil {
		t.Skipf("cannot download %s: %v", module, err)
	}
	const key = `"Dir": "`
	s := string(out)
	i := strings.Index(s, key)
	if i < 0 {
		t.Fatalf("go mod download %s: no Dir in %s", module, out)
	}
	s = s[i+len(key):]
	dir, err := strconv.Unquote(`"` + s[:strings.Index(s, `"`)] + `"`)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// helmCmdCase is one case of Helm's TestTemplateCmd table.
type helmCmdCase struct {
	Name      string
	Args      []string // without the leading "template"
	WantError bool
}

// readTemplateCmdTable evaluates the cmd field of every case of the
// TestTemplateCmd table in file: string literals, the string variables of
// the file and of the function, fmt.Sprintf and filepath.Join.
func readTemplateCmdTable(file string) ([]helmCmdCase, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		return nil, err
	}
	vars := map[string]string{}
	var eval func(ast.Expr) (string, error)
	eval = func(e ast.Expr) (string, error) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind != token.STRING {
				return "", fmt.Errorf("%s: not a string", fset.Position(e.Pos()))
			}
			return strconv.Unquote(e.Value)
		case *ast.Ident:
			v, ok := vars[e.Name]
			if !ok {
				return "", fmt.Errorf("%s: unknown variable %s", fset.Position(e.Pos()), e.Name)
			}
			return v, nil
		case *ast.BinaryExpr:
			if e.Op != token.ADD {
				break
			}
			x, err := eval(e.X)
			if err != nil {
				return "", err
			}
			y, err := eval(e.Y)
			return x + y, err
		case *ast.CallExpr:
			sel, ok := e.Fun.(*ast.SelectorExpr)
			if !ok {
				break
			}
			pkg, _ := sel.X.(*ast.Ident)
			var args []string
			for _, a := range e.Args {
				s, err := eval(a)
				if err != nil {
					return "", err
				}
				args = append(args, s)
			}
			switch {
			case pkg != nil && pkg.Name == "fmt" && sel.Sel.Name == "Sprintf" && len(args) > 0:
				vals := make([]any, len(args)-1)
				for i, a := range args[1:] {
					vals[i] = a
				}
				return fmt.Sprintf(args[0], vals...), nil
			case pkg != nil && pkg.Name == "filepath" && sel.Sel.Name == "Join":
				return filepath.Join(args...), nil
			}
		}
		return "", fmt.Errorf("%s: cannot evaluate %T", fset.Position(e.Pos()), e)
	}
	assign := func(names []*ast.Ident, values []ast.Expr) {
		for i, n := range names {
			if i < len(values) {
				if v, err := eval(values[i]); err == nil {
					vars[n.Name] = v
				}
			}
		}
	}
	var table *ast.CompositeLit
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok {
					assign(vs.Names, vs.Values)
				}
			}
		case *ast.FuncDecl:
			if d.Name.Name != "TestTemplateCmd" {
				continue
			}
			for _, st := range d.Body.List {
				as, ok := st.(*ast.AssignStmt)
				if !ok {
					continue
				}
				var names []*ast.Ident
				for _, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						names = append(names, id)
					}
				}
				if cl, ok := as.Rhs[0].(*ast.CompositeLit); ok && len(names) == 1 && names[0].Name == "tests" {
					table = cl
					continue
				}
				assign(names, as.Rhs)
			}
		}
	}
	if table == nil {
		return nil, errors.New("no tests table in TestTemplateCmd")
	}
	var cases []helmCmdCase
	for _, el := range table.Elts {
		cl, ok := el.(*ast.CompositeLit)
		if !ok {
			return nil, fmt.Errorf("%s: a case is not a composite literal", fset.Position(el.Pos()))
		}
		var c helmCmdCase
		var cmd string
		for _, kv := range cl.Elts {
			kv, ok := kv.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			switch kv.Key.(*ast.Ident).Name {
			case "name":
				c.Name, err = eval(kv.Value)
			case "cmd":
				cmd, err = eval(kv.Value)
			case "wantError":
				c.WantError = kv.Value.(*ast.Ident).Name == "true"
			}
			if err != nil {
				return nil, err
			}
		}
		words, err := shellWords(cmd)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", c.Name, err)
		}
		if len(words) == 0 || words[0] != "template" {
			return nil, fmt.Errorf("%s: not a template command: %q", c.Name, cmd)
		}
		c.Args = words[1:]
		cases = append(cases, c)
	}
	return cases, nil
}

// shellWords splits a command line as a POSIX shell would for words made of
// plain characters, single quotes, double quotes and backslashes.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// runIn runs a template command of bin in dir, with a private Helm home so
// that no user configuration is read.
func runIn(t *testing.T, dir, bin string, args []string) result {
	t.Helper()
	home := t.TempDir()
	cmd := exec.Command(bin, append([]string{"template"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+home, "HELM_CONFIG_HOME="+home+"/config", "HELM_CACHE_HOME="+home+"/cache",
		"HELM_DATA_HOME="+home+"/data", "HELM_NAMESPACE=", "NO_COLOR=1", "HELM_DEBUG=")
	r, err := runCmd(cmd)
	if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return r
}

// TestHelmTemplateCommand runs Helm v4.3.1's `helm template` command tests
// and testcharts through the helm v4.3.1 binary and the chartrender CLI.
func TestHelmTemplateCommand(t *testing.T) {
	runHelmTemplateCommand(t, "helm.sh/helm/v4@v4.3.1", "pkg/cmd", false)
}

// TestHelmTemplateCommandHelm3 does the same for Helm v3.22.0's tests,
// against the helm v3.22.0 binary and `chartrender template --helm3`.
func TestHelmTemplateCommandHelm3(t *testing.T) {
	runHelmTemplateCommand(t, "helm.sh/helm/v3@v3.22.0", "cmd/helm", true)
}

func runHelmTemplateCommand(t *testing.T, module, pkg string, helm3 bool) {
	helm := dialectOracle(t, helm3)
	if _, err := os.Stat(helm); err != nil {
		t.Skipf("no helm binary at %s", helm)
	}
	dir := filepath.Join(helmModuleDir(t, module), filepath.FromSlash(pkg))
	cases, err := readTemplateCmdTable(filepath.Join(dir, "template_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	charts, err := os.ReadDir(filepath.Join(dir, "testdata", "testcharts"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		if strings.HasSuffix(c.Name(), ".prov") {
			continue
		}
		cases = append(cases, helmCmdCase{
			Name: "testcharts/" + c.Name(),
			Args: []string{filepath.Join("testdata", "testcharts", c.Name())},
		})
	}
	bin := buildCLI(t)
	passed := 0
	for i, c := range cases {
		t.Run(fmt.Sprintf("%02d %s", i, c.Name), func(t *testing.T) {
			want := runIn(t, dir, helm, c.Args)
			args := c.Args
			if helm3 {
				args = append(slices.Clone(args), "--helm3")
			}
			got := runIn(t, dir, bin, args)
			// The one deliberate difference: the command's own name.
			got.Log = strings.NewReplacer(`"chartrender template"`, `"helm template"`,
				"Usage:  chartrender template", "Usage:  helm template").Replace(got.Log)
			if c.WantError != (want.Exit != 0) && !strings.HasPrefix(c.Name, "testcharts/") {
				t.Logf("helm's table says wantError=%v, the helm binary exits %d", c.WantError, want.Exit)
			}
			if want.Stdout != got.Stdout {
				t.Errorf("helm template %s: stdout differs (-helm +chartrender):\n%s", strings.Join(c.Args, " "), diffLines(want.Stdout, got.Stdout))
			}
			if want.Exit != got.Exit {
				t.Errorf("helm template %s: exit %d, helm exits %d", strings.Join(c.Args, " "), got.Exit, want.Exit)
			}
			if normalizeError(want.Log) != normalizeError(got.Log) {
				t.Errorf("helm template %s: stderr differs:\nhelm:        %q\nchartrender: %q", strings.Join(c.Args, " "), want.Log, got.Log)
			}
			if !t.Failed() {
				passed++
			}
		})
	}
	fmt.Printf("%s template command cases: %d of %d pass\n", module, passed, len(cases))
}
