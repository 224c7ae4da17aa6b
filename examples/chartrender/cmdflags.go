package main

// templateFlags are the flags of `helm template` (helm v4.3.1, including
// its global flags) plus chartrender's own. Flags for clusters, registries
// and repositories are accepted and have no effect.
func templateFlags() []*flagDef {
	return []*flagDef{
		// Rendering.
		{name: "values", short: 'f', kind: kindStringSlice, usage: "specify values in a YAML file (can specify multiple)"},
		{name: "set", kind: kindStringArray, usage: "set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)"},
		{name: "set-string", kind: kindStringArray, usage: "set STRING values on the command line"},
		{name: "set-file", kind: kindStringArray, usage: "set values from respective files specified via the command line"},
		{name: "set-json", kind: kindStringArray, usage: "set JSON values on the command line"},
		{name: "set-literal", kind: kindStringArray, usage: "set a literal STRING value on the command line"},
		{name: "namespace", short: 'n', kind: kindString, usage: "namespace scope for this request"},
		{name: "kube-version", kind: kindString, usage: "Kubernetes version used for Capabilities.KubeVersion"},
		{name: "api-versions", short: 'a', kind: kindStringSlice, usage: "Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)"},
		{name: "is-upgrade", kind: kindBool, noOptValue: "true", usage: "set .Release.IsUpgrade instead of .Release.IsInstall"},
		{name: "include-crds", kind: kindBool, noOptValue: "true", usage: "include CRDs in the templated output"},
		{name: "skip-crds", kind: kindBool, noOptValue: "true", usage: "accepted; has no effect on templated output"},
		{name: "skip-tests", kind: kindBool, noOptValue: "true", usage: "skip tests from templated output"},
		{name: "no-hooks", kind: kindBool, noOptValue: "true", usage: "leave hooks out of the templated output"},
		{name: "skip-schema-validation", kind: kindBool, noOptValue: "true", usage: "if set, disables JSON schema validation"},
		{name: "show-only", short: 's', kind: kindStringArray, usage: "only show manifests rendered from the given templates"},
		{name: "output-dir", kind: kindString, usage: "writes the executed templates to files in output-dir instead of stdout"},
		{name: "release-name", kind: kindBool, noOptValue: "true", usage: "use release name in the output-dir path."},
		{name: "name-template", kind: kindString, usage: "specify template used to name the release"},
		{name: "generate-name", short: 'g', kind: kindBool, noOptValue: "true", usage: "generate the name (and omit the NAME parameter)"},
		{name: "enable-dns", kind: kindBool, noOptValue: "true", usage: "enable DNS lookups when rendering templates"},
		{name: "dry-run", kind: kindString, noOptValue: "unset", usage: `"client" (the default) or "server"`},
		{name: "debug", kind: kindBool, noOptValue: "true", usage: "on errors, print the output rendered so far"},
		{name: "helm3", kind: kindBool, noOptValue: "true", usage: "render as Helm v3.22.0 does instead of Helm v4.3.1"},
		{name: "deterministic", kind: kindBool, noOptValue: "true", usage: "make random and time-dependent template functions return fixed values"},

		// Accepted for compatibility, without effect.
		{name: "validate", kind: kindBool, noOptValue: "true", deprecated: "use '--dry-run=server' instead"},
		{name: "create-namespace", kind: kindBool, noOptValue: "true"},
		{name: "force-replace", kind: kindBool, noOptValue: "true"},
		{name: "force", kind: kindBool, noOptValue: "true", deprecated: "use --force-replace instead"},
		{name: "force-conflicts", kind: kindBool, noOptValue: "true"},
		{name: "server-side", kind: kindBool, noOptValue: "true"},
		{name: "replace", kind: kindBool, noOptValue: "true"},
		{name: "timeout", kind: kindDuration},
		{name: "wait", kind: kindString, noOptValue: "watcher"},
		{name: "wait-for-jobs", kind: kindBool, noOptValue: "true"},
		{name: "description", kind: kindString},
		{name: "devel", kind: kindBool, noOptValue: "true"},
		{name: "dependency-update", kind: kindBool, noOptValue: "true"},
		{name: "disable-openapi-validation", kind: kindBool, noOptValue: "true"},
		{name: "rollback-on-failure", kind: kindBool, noOptValue: "true"},
		{name: "atomic", kind: kindBool, noOptValue: "true", deprecated: "use --rollback-on-failure instead"},
		{name: "render-subchart-notes", kind: kindBool, noOptValue: "true", deprecated: "this flag has no effect for 'helm template' and will be removed in Helm 5"},
		{name: "hide-notes", kind: kindBool, noOptValue: "true", deprecated: "this flag has no effect for 'helm template' and will be removed in Helm 5"},
		{name: "labels", short: 'l', kind: kindStringMap},
		{name: "take-ownership", kind: kindBool, noOptValue: "true"},
		{name: "ca-file", kind: kindString},
		{name: "cert-file", kind: kindString},
		{name: "key-file", kind: kindString},
		{name: "keyring", kind: kindString},
		{name: "insecure-skip-tls-verify", kind: kindBool, noOptValue: "true"},
		{name: "pass-credentials", kind: kindBool, noOptValue: "true"},
		{name: "password", kind: kindString},
		{name: "username", kind: kindString},
		{name: "plain-http", kind: kindBool, noOptValue: "true"},
		{name: "repo", kind: kindString},
		{name: "verify", kind: kindBool, noOptValue: "true"},
		{name: "version", kind: kindString},
		{name: "post-renderer", kind: kindString},
		{name: "post-renderer-args", kind: kindStringArray},
		{name: "burst-limit", kind: kindInt},
		{name: "qps", kind: kindFloat},
		{name: "color", kind: kindString},
		{name: "colour", kind: kindString},
		{name: "content-cache", kind: kindString},
		{name: "kube-apiserver", kind: kindString},
		{name: "kube-as-group", kind: kindStringArray},
		{name: "kube-as-user", kind: kindString},
		{name: "kube-ca-file", kind: kindString},
		{name: "kube-context", kind: kindString},
		{name: "kube-insecure-skip-tls-verify", kind: kindBool, noOptValue: "true"},
		{name: "kube-tls-server-name", kind: kindString},
		{name: "kube-token", kind: kindString},
		{name: "kubeconfig", kind: kindString},
		{name: "registry-config", kind: kindString},
		{name: "repository-cache", kind: kindString},
		{name: "repository-config", kind: kindString},
	}
}

const helpText = `Render chart templates locally and display the output, as 'helm template' does.

Usage:
  chartrender template [NAME] [CHART] [flags]

Flags:
  -a, --api-versions strings       Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)
      --debug                      on errors, print the output rendered so far
      --deterministic              make random and time-dependent template functions return fixed values
      --dry-run string             "client" (the default) or "server"
      --enable-dns                 enable DNS lookups when rendering templates
  -g, --generate-name              generate the name (and omit the NAME parameter)
      --helm3                      render as Helm v3.22.0 does instead of Helm v4.3.1
      --include-crds               include CRDs in the templated output
      --is-upgrade                 set .Release.IsUpgrade instead of .Release.IsInstall
      --kube-version string        Kubernetes version used for Capabilities.KubeVersion
      --name-template string       specify template used to name the release
  -n, --namespace string           namespace scope for this request
      --no-hooks                   leave hooks out of the templated output
      --output-dir string          writes the executed templates to files in output-dir instead of stdout
      --release-name               use release name in the output-dir path.
      --set stringArray            set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)
      --set-file stringArray       set values from respective files specified via the command line
      --set-json stringArray       set JSON values on the command line
      --set-literal stringArray    set a literal STRING value on the command line
      --set-string stringArray     set STRING values on the command line
  -s, --show-only stringArray      only show manifests rendered from the given templates
      --skip-crds                  accepted; has no effect on templated output
      --skip-schema-validation     if set, disables JSON schema validation
      --skip-tests                 skip tests from templated output
  -f, --values strings             specify values in a YAML file (can specify multiple)

The other flags of 'helm template' (cluster, registry and repository settings) are accepted and ignored.`
