package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig/v3"

	"github.com/chartrender/chartrender"
	"github.com/chartrender/chartrender/examples/chartrender/internal/hugeheap"
	"github.com/chartrender/chartrender/values"
	"github.com/chartrender/chartrender/warning"
)

func main() {
	hugeheap.Again() // for the heap the other packages' init functions added
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

const usageLine = "Usage:  chartrender template [NAME] [CHART] [flags]"

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, helpText())
		return 0
	}
	switch args[0] {
	case "flux":
		return runFlux(ctx, args[1:], stdout, stderr)
	case "unittest":
		return runUnittest(ctx, args[1:], stdout, stderr, getenv)
	}
	if args[0] != "template" {
		fmt.Fprintf(stderr, "Error: unknown command %q for \"chartrender\"\nRun 'chartrender --help' for usage.\n", args[0])
		return 1
	}
	c := &templateCmd{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	if err := c.run(ctx, args[1:]); err != nil {
		if errors.Is(err, errHelp) {
			fmt.Fprintln(stdout, helpText())
			return 0
		}
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	return 0
}

type templateCmd struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func (c *templateCmd) run(ctx context.Context, args []string) error {
	fs := newFlagSet(templateFlags())
	err := fs.parse(args)
	for _, n := range fs.notices {
		fmt.Fprintln(c.stderr, n)
	}
	if err != nil {
		return err
	}
	if len(fs.args) < 1 {
		return fmt.Errorf("\"chartrender template\" requires at least 1 argument\n\n%s", usageLine)
	}
	helm3 := fs.bool("helm3")

	// The order of the checks below is helm template's.
	if kv := fs.string("kube-version"); kv != "" {
		if _, err := (values.ParseOptions{Helm3: helm3}).ParseKubeVersion(kv); err != nil {
			return fmt.Errorf("invalid kube version '%s': %w", kv, err)
		}
	}
	if !helm3 {
		if err := checkDryRun(fs, c.warn); err != nil {
			return err
		}
	}
	name, chartRef, err := nameAndChart(fs)
	if err != nil {
		return err
	}
	chartPath, err := locateChart(chartRef)
	if err != nil {
		return err
	}
	if helm3 {
		if err := checkDryRunV3(fs); err != nil {
			return err
		}
	}
	if name == "" {
		// chartrender.Options has no way to ask for an empty name.
		err := fmt.Errorf("release name %q: %w", name, chartrender.ValidateReleaseName(name))
		if helm3 {
			return err
		}
		c.warn(warning.Warning{Kind: warning.ReleaseNameInvalid, Detail: err.Error()}.String())
		return fmt.Errorf("release name check failed: %w", err)
	}

	opts := chartrender.Options{
		ReleaseName:          name,
		Namespace:            c.namespace(fs),
		ValueFiles:           fs.strings("values"),
		Values:               fs.strings("set"),
		StringValues:         fs.strings("set-string"),
		FileValues:           fs.strings("set-file"),
		JSONValues:           fs.strings("set-json"),
		LiteralValues:        fs.strings("set-literal"),
		KubeVersion:          fs.string("kube-version"),
		APIVersions:          fs.strings("api-versions"),
		IsUpgrade:            fs.bool("is-upgrade"),
		IncludeCRDs:          fs.bool("include-crds"),
		SkipCRDs:             fs.bool("skip-crds"),
		SkipTests:            fs.bool("skip-tests"),
		DisableHooks:         fs.bool("no-hooks"),
		SkipSchemaValidation: fs.bool("skip-schema-validation"),
		ShowOnly:             fs.strings("show-only"),
		Deterministic:        fs.bool("deterministic"),
		EnableDNS:            fs.bool("enable-dns"),
		Helm3:                helm3,
		OnWarning:            func(w warning.Warning) { c.warn(w.String()) },
		MaxOutputBytes:       fs.int64("max-output-bytes"),
		MaxValueBytes:        fs.int64("max-value-bytes"),
		MaxBuildBytes:        fs.int64("max-build-bytes"),
		MaxSteps:             fs.int64("max-steps"),
		MaxValueDepth:        int(fs.int64("max-value-depth")),
		MaxInputBytes:        fs.int64("max-input-bytes"),
		MaxSchemaWork:        fs.int64("max-schema-work"),
	}
	maxInput := opts.MaxInputBytes
	switch {
	case maxInput == 0:
		maxInput = values.DefaultMaxFileBytes
	case maxInput < 0:
		maxInput = 0
	}
	opts.ReadFile = func(name string) ([]byte, error) { return values.ReadFileLimited(name, c.stdin, maxInput) }
	debug := fs.bool("debug")
	// --timeout bounds the whole render, with Helm's default.
	timeout := defaultTimeout
	if fs.changed["timeout"] {
		if timeout, err = time.ParseDuration(fs.string("timeout")); err != nil {
			return err
		}
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	res, err := chartrender.RenderPath(ctx, chartPath, opts)
	if err != nil && errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return fmt.Errorf("render did not finish within --timeout %v: %w", timeout, err)
	}
	if err != nil {
		var re *chartrender.RenderError
		if errors.As(err, &re) {
			if debug {
				text, err := re.DebugOutput()
				io.WriteString(c.stdout, text)
				return err
			}
			return fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err)
		}
		return err
	}
	if dir := fs.string("output-dir"); dir != "" {
		if err := res.WriteDir(dir, fs.bool("release-name"), c.stdout); err != nil {
			var re *chartrender.RenderError
			if errors.As(err, &re) && !debug {
				return fmt.Errorf("%w\n\nUse --debug flag to render out invalid YAML", err)
			}
			return err
		}
		_, err := io.WriteString(c.stdout, "\n")
		return err
	}
	_, err = res.WriteTo(c.stdout)
	return err
}

// defaultTimeout is the default of --timeout, Helm's.
const defaultTimeout = 5 * time.Minute

func (c *templateCmd) warn(msg string) { fmt.Fprintln(c.stderr, msg) }

// namespace is -n, else $HELM_NAMESPACE, else "default".
func (c *templateCmd) namespace(fs *flagSet) string {
	if ns := fs.string("namespace"); ns != "" {
		return ns
	}
	if ns := c.getenv("HELM_NAMESPACE"); ns != "" {
		return ns
	}
	return chartrender.DefaultNamespace
}

// checkDryRun validates --dry-run as helm v4 template does.
func checkDryRun(fs *flagSet, warn func(string)) error {
	v := fs.string("dry-run")
	if !fs.changed["dry-run"] {
		v = "client"
	}
	switch v {
	case "unset":
		warn(`level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'"`)
		return nil
	case "client", "server":
		return nil
	case "none":
		return fmt.Errorf(`invalid dry-run value (%q). Must be "server" or "client"`, v)
	}
	switch v {
	case "1", "t", "T", "true", "TRUE", "True":
		warn(fmt.Sprintf(`level=WARN msg="boolean '--dry-run=%s' flag is deprecated and must be replaced with '--dry-run=client'"`, v))
		return nil
	case "0", "f", "F", "false", "FALSE", "False":
		return fmt.Errorf(`invalid dry-run value (%q). Must be "server" or "client"`, v)
	}
	return fmt.Errorf(`invalid dry-run value (%q). Must be "none", "server", or "client"`, v)
}

// checkDryRunV3 validates --dry-run as helm v3 template does.
func checkDryRunV3(fs *flagSet) error {
	if !fs.changed["dry-run"] {
		return nil
	}
	switch fs.string("dry-run") {
	case "", "false", "true", "none", "client", "server":
		return nil
	}
	return errors.New("Invalid dry-run flag. Flag must one of the following: false, true, none, client, server")
}

// nameAndChart picks the release name and chart from the arguments as
// helm does.
func nameAndChart(fs *flagSet) (name, chartRef string, err error) {
	args := fs.args
	if len(args) > 2 {
		return args[0], args[1], fmt.Errorf("expected at most two arguments, unexpected arguments: %v", strings.Join(args[2:], ", "))
	}
	if len(args) == 2 {
		if fs.bool("generate-name") {
			return args[0], args[1], errors.New("cannot set --generate-name and also specify a name")
		}
		if fs.string("name-template") != "" {
			return args[0], args[1], errors.New("cannot set --name-template and also specify a name")
		}
		return args[0], args[1], nil
	}
	if nt := fs.string("name-template"); nt != "" {
		name, err := renderNameTemplate(nt)
		return name, args[0], err
	}
	return chartrender.DefaultReleaseName, args[0], nil
}

// renderNameTemplate renders --name-template with sprig's functions and no
// data.
func renderNameTemplate(text string) (string, error) {
	t, err := template.New("name-template").Funcs(sprig.TxtFuncMap()).Parse(text)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, nil); err != nil {
		return "", err
	}
	return b.String(), nil
}

// locateChart resolves a chart argument to a local path. Charts from
// repositories are not supported; the errors are the ones helm gives when
// no repository is configured.
func locateChart(ref string) (string, error) {
	name := strings.TrimSpace(ref)
	if _, err := os.Stat(name); err == nil {
		return filepath.Abs(name)
	}
	if filepath.IsAbs(name) || strings.HasPrefix(name, ".") {
		return name, fmt.Errorf("path %q not found", name)
	}
	if strings.HasPrefix(name, "oci://") {
		return name, fmt.Errorf("chartrender cannot fetch OCI charts: %s", name)
	}
	repo, _, ok := strings.Cut(name, "/")
	if !ok {
		return name, fmt.Errorf("non-absolute URLs should be in form of repo_name/path_to_chart, got: %s", name)
	}
	return name, fmt.Errorf("repo %s not found", repo)
}
