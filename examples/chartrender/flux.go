package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chartrender/chartrender/flux"
	"github.com/chartrender/chartrender/internal/yamlx"
)

const fluxUsage = `Usage:
  chartrender flux build [flags] PATH...
  chartrender flux diff [flags] OLD NEW

Render the HelmReleases of a Flux repository offline, as helm-controller
would apply them, or compare two revisions object by object.

Flags:
      --source KIND/[NAMESPACE/]NAME=PATH   map a Flux source to a local path (repeatable):
                                            HelmRepository: a folder with index.yaml and chart
                                            archives, or a folder of charts by name;
                                            GitRepository, Bucket: the checkout root;
                                            OCIRepository: a chart folder or archive
      --output-dir DIR                      build: write one folder per release (DIR/NAMESPACE/NAME)
      --kube-version VERSION                Kubernetes version for Capabilities.KubeVersion
      --api-versions LIST                   Kubernetes API versions for Capabilities.APIVersions (repeatable)
      --deterministic                       fix the output of random and time-dependent template functions
  -h, --help                                help for flux`

type fluxFlags struct {
	sources       map[string]string
	outputDir     string
	kubeVersion   string
	apiVersions   []string
	deterministic bool
	args          []string
}

func parseFluxFlags(args []string) (*fluxFlags, error) {
	f := &fluxFlags{sources: map[string]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") || a == "-" {
			f.args = append(f.args, a)
			continue
		}
		if a == "--" {
			f.args = append(f.args, args[i+1:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		need := func() (string, error) {
			if hasVal {
				return val, nil
			}
			if i+1 >= len(args) {
				return "", fmt.Errorf("flag needs an argument: --%s", name)
			}
			i++
			return args[i], nil
		}
		switch name {
		case "h", "help":
			return nil, errHelp
		case "deterministic":
			f.deterministic = !hasVal || val == "true"
		case "source", "output-dir", "kube-version", "api-versions":
			v, err := need()
			if err != nil {
				return nil, err
			}
			switch name {
			case "source":
				k, p, ok := strings.Cut(v, "=")
				if !ok || k == "" || p == "" || strings.Count(k, "/") < 1 || strings.Count(k, "/") > 2 {
					return nil, fmt.Errorf("invalid --source %q: want KIND/[NAMESPACE/]NAME=PATH", v)
				}
				f.sources[k] = p
			case "output-dir":
				f.outputDir = v
			case "kube-version":
				f.kubeVersion = v
			case "api-versions":
				f.apiVersions = append(f.apiVersions, strings.Split(v, ",")...)
			}
		default:
			return nil, fmt.Errorf("unknown flag: %s", a)
		}
	}
	return f, nil
}

func (f *fluxFlags) build(ctx context.Context, paths ...string) ([]*flux.ReleaseResult, error) {
	repo, err := flux.Read(ctx, paths...)
	if err != nil {
		return nil, err
	}
	return flux.Build(ctx, repo, flux.Options{
		Resolver:      &flux.LocalResolver{Sources: f.sources},
		KubeVersion:   f.kubeVersion,
		APIVersions:   f.apiVersions,
		Deterministic: f.deterministic,
	})
}

// runFlux runs `chartrender flux build|diff` and returns the exit status.
func runFlux(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(stdout, fluxUsage)
		return 0
	}
	f, err := parseFluxFlags(args[1:])
	if errors.Is(err, errHelp) {
		fmt.Fprintln(stdout, fluxUsage)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	switch args[0] {
	case "build":
		return f.runBuild(ctx, stdout, stderr)
	case "diff":
		return f.runDiff(ctx, stdout, stderr)
	}
	fmt.Fprintf(stderr, "Error: unknown command %q for \"chartrender flux\"\n", args[0])
	return 1
}

func (f *fluxFlags) runBuild(ctx context.Context, stdout, stderr io.Writer) int {
	if len(f.args) == 0 {
		fmt.Fprintf(stderr, "Error: \"chartrender flux build\" requires at least 1 argument\n\n%s\n", fluxUsage)
		return 1
	}
	results, err := f.build(ctx, f.args...)
	if err != nil {
		fmt.Fprintf(stderr, "Error: %v\n", err)
		return 1
	}
	status := 0
	var b strings.Builder
	for _, r := range results {
		switch {
		case r.Err != nil:
			fmt.Fprintf(stderr, "Error: %v\n", r.Err)
			status = 1
			continue
		case r.Suspended:
			fmt.Fprintf(&b, "# HelmRelease %s: suspended, not rendered\n", r.Release.ID())
			continue
		}
		fmt.Fprintf(&b, "# HelmRelease %s: release %s in namespace %s, chart %s %s\n", r.Release.ID(), r.ReleaseName, r.Namespace, r.ChartName, r.ChartVersion)
		if f.outputDir != "" {
			if err := writeRelease(f.outputDir, r); err != nil {
				fmt.Fprintf(stderr, "Error: %v\n", err)
				return 1
			}
			continue
		}
		for _, res := range r.Resources {
			b.WriteString(resourceText(res))
		}
	}
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		return 1
	}
	return status
}

func resourceText(r *flux.Resource) string {
	var b strings.Builder
	b.WriteString("---\n# Source: " + r.Source + "\n")
	if r.Hook != "" {
		b.WriteString("# Hook: " + r.Hook + "\n")
	}
	y := yamlx.ToYAML(r.Object)
	b.WriteString(y)
	if !strings.HasSuffix(y, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

func writeRelease(dir string, r *flux.ReleaseResult) error {
	base := filepath.Join(dir, r.Release.Namespace, r.Release.Name)
	files := map[string]*strings.Builder{}
	var order []string
	for _, res := range r.Resources {
		b, ok := files[res.Source]
		if !ok {
			b = &strings.Builder{}
			files[res.Source] = b
			order = append(order, res.Source)
		}
		b.WriteString(resourceText(res))
	}
	for _, src := range order {
		p := filepath.Join(base, filepath.FromSlash(src))
		if rel, err := filepath.Rel(base, p); err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("refusing to write %s outside %s", src, base)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(files[src].String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func (f *fluxFlags) runDiff(ctx context.Context, stdout, stderr io.Writer) int {
	if len(f.args) != 2 {
		fmt.Fprintf(stderr, "Error: \"chartrender flux diff\" requires 2 arguments\n\n%s\n", fluxUsage)
		return 1
	}
	old, err := f.build(ctx, f.args[0])
	if err != nil {
		fmt.Fprintf(stderr, "Error: %s: %v\n", f.args[0], err)
		return 1
	}
	cur, err := f.build(ctx, f.args[1])
	if err != nil {
		fmt.Fprintf(stderr, "Error: %s: %v\n", f.args[1], err)
		return 1
	}
	if err := flux.WriteDiff(stdout, flux.Diff(old, cur)); err != nil {
		return 1
	}
	return 0
}
