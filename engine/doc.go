// Package engine renders the templates of a chart exactly as Helm v4.3.1's
// template engine does (or v3.22.0's, with Options.Helm3): Go text/template
// with sprig v3.3.0 and Helm's functions and objects, producing the same
// bytes and the same error texts.
//
// Template texts are parsed by the engine's own one-pass parser
// (internal/fastparse), which builds the same text/template/parse trees as
// text/template's parser and leaves every text it is not sure of, and so
// every parse error, to that parser.
//
// Unlike Helm, an Engine parses a template file once and keeps it: a second
// Render of the same chart (or of a chart sharing files with it) parses
// nothing and reuses the assembled template set; each render only clones
// the set for its workers. The tpl function caches the strings it parses
// and runs them in the current set instead of cloning and re-parsing the
// whole set on every call, except for strings with define actions of their
// own, which still get a private copy of the set (cached too), as in Helm.
// fromYaml and fromYamlArray remember the documents they decoded and give
// every call its own copy.
//
// # Objects and functions
//
// Every template sees the scope of its chart: .Values (the chart's part of
// the values), .Release, .Capabilities, .Chart, .Files, .Subcharts and
// .Template, typed as Helm types them. The function map is sprig's, without
// env and expandenv, plus Helm's: include, tpl, required, fail, lookup,
// toYaml, mustToYaml, toYamlPretty, fromYaml, fromYamlArray, toJson,
// mustToJson, fromJson, fromJsonArray, toToml, mustToToml, fromToml and the
// duration helpers. getHostByName returns "" unless Options.EnableDNS is
// set, and lookup returns an empty map unless Options.Lookup is given.
// Options.Deterministic replaces the random and clock functions with fixed
// ones.
//
// .Files.Glob matches names exactly as Helm's glob library (gobwas/glob)
// does, including where that library departs from a pattern's meaning
// ("?" matching an empty part, "***" or an unterminated "{" matching less
// than "**") and the patterns on which it fails with an out-of-range slice,
// which the call reports with Helm's text as a *GlobError. A pattern whose
// matching would backtrack without end stops with a *GlobLimitError.
//
// # Order, parallelism and shared values
//
// Templates are parsed and executed in Helm's order (deeper paths first,
// then names in reverse), so the same define wins as in Helm. Independent
// template files may execute in parallel (Options.Parallelism). Helm
// executes them one after the other on shared maps, and templates can
// modify those maps (set .Values "k" 1, merge into .Values, set on $) for
// later templates to see. The engine therefore executes in parallel only
// as long as no template modifies a map another template can see: the
// first attempt makes the render start over sequentially, on a private copy
// of the values, with Helm's exact semantics. Either way the result is
// Helm's, and the caller's values are never modified.
//
// # Limits
//
// A render stops when its context is done (checked every few hundred
// writes, range iterations and function calls, every few thousand in a
// render executed by one worker while it is far from MaxSteps and
// MaxBuildBytes, and on every include and tpl), when tpl calls nest deeper than Options.MaxTplDepth (Helm recurses
// until the stack overflows), when includes of one name nest deeper than
// Options.MaxIncludeDepth (Helm's 1000), and at the limits of one render's
// budget: the output (MaxOutputBytes), any one string or list a function
// builds or include returns (MaxValueBytes), everything written and built
// added up (MaxBuildBytes), and steps (MaxSteps). Functions that build
// strings or lists compute the size of their result and are refused before
// they allocate it (toYaml writes a value of up to 64 KiB and 64 levels
// without measuring it first, giving up on a larger, deeper or
// self-containing one after writing at most a few times that, to measure
// it). Functions that walk values (toYaml, toJson, toToml,
// printf, deepCopy, merge, deepEqual, uniq, ...) refuse values nested
// deeper than MaxValueDepth or containing themselves, and set and merge
// refuse to make a map contain itself. Printing a map or a list, which
// text/template does with fmt before the output sees any of it, is
// measured first (the print guard), except where the template prints
// root data (.Values, .Release, dot or $ of a template file, or of a
// define or tpl string given them) in a parallel render that has measured
// all of its root data once and found it within MaxValueBytes: no
// template may modify root data there, so its prints stay within that
// measure. Each limit error is a *LimitError
// naming the function, the limit and the option that raises it, at the
// template position text/template reports.
//
// # Errors
//
// Parse errors are *ParseError and execution errors *RenderError; their
// Error texts are Helm's, e.g.
//
//	parse error at (mychart/templates/a.yaml:2): unclosed action
//	execution error at (mychart/templates/a.yaml:4:6): image.tag is required
//	mychart/templates/a.yaml:6:13
//	  executing "mychart/templates/a.yaml" at <.Values.a.b.c>:
//	    nil pointer evaluating interface {}.b
//
// RenderError also gives the location, the innermost message and
// expression, and, for a nil pointer in a .Values expression, the values
// path that was missing.
package engine
