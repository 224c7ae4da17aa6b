// Package chartrender renders Helm charts exactly as `helm template` does,
// byte for byte, in pure Go and without Helm or Kubernetes libraries.
//
// The simplest use renders a chart directory or .tgz archive and prints it
// like the helm command line:
//
//	res, err := chartrender.RenderPath(ctx, "./mychart", chartrender.Options{
//		ReleaseName: "demo",
//		Values:      []string{"replicaCount=3"},
//	})
//	if err != nil {
//		return err
//	}
//	res.WriteTo(os.Stdout) // same bytes as `helm template demo ./mychart --set replicaCount=3`
//
// [Options] mirror the flags of `helm template` (values files and the --set
// family, --kube-version, --api-versions, --include-crds, --show-only, ...).
// A [Result] holds the rendered documents as data: the CRD files, the
// manifests sorted in Helm's install order, the hooks, and the notes.
// [Result.WriteTo] prints them as helm does and [Result.WriteDir] writes them
// as `helm template --output-dir` does.
//
// To render one chart many times, load it once with package chart and keep
// a [Renderer]: it caches the parsed templates and is safe for concurrent
// use. Its settings are options given to [NewRenderer]: [WithLookup],
// [WithFuncs] (or [WithFuncOverrides]), [WithParallelism] and
// [WithTemplateSetCache].
//
//	c, err := chart.Load("./mychart")
//	...
//	r := chartrender.NewRenderer(c, chartrender.WithParallelism(2))
//	for _, env := range []string{"dev", "prod"} {
//		res, err := r.Render(ctx, chartrender.Options{ValueFiles: []string{env + ".yaml"}})
//		...
//	}
//
// # Documents as data
//
// Each [Manifest] carries its kind, name, namespace, labels and
// annotations; [Manifest.Object] decodes it (once, shared by all callers)
// and [Manifest.Decode] fills any type with encoding/json tags, such as a
// caller's own appsv1.Deployment. [Result.Get] and [Result.ByKind] find
// documents. What Helm would log on stderr while rendering is in
// [Result.Warnings] (and, as it happens, Options.OnWarning), each a
// warning.Warning whose String method gives Helm's line. A failed render
// returns an [*Error] that says where: template, line, column, values path.
//
// Package chartrendertest builds golden-file tests of charts on this
// package, with per-document diffs.
//
// # Compatibility
//
// By default chartrender behaves as Helm v4.3.1. Setting Options.Helm3
// selects Helm v3.22.0 behaviour where the two differ (document splitting,
// blank lines between documents, values-file parsing, error texts, ...).
// Errors carry Helm's messages; the ones Helm raises after it has rendered
// templates also wrap a [*RenderError], and the command-line tool
// examples/chartrender adds Helm's "Use --debug flag" hint to those only.
//
// Nothing in a render reaches a cluster or the network: `lookup` returns
// empty results (or, beyond Helm, objects the caller provides through
// [WithLookup] and engine.ObjectLookup) and getHostByName resolves names
// only with Options.EnableDNS. Options.Deterministic fixes the output of
// random and time-dependent template functions.
package chartrender
