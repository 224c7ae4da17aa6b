// Package chart holds the in-memory form of a Helm chart and loads charts
// from directories, gzipped tar archives and in-memory file lists exactly as
// Helm v4.3.1 does.
//
// # Loading
//
// [Load] takes a path: a directory is read with [LoadDir], anything else is
// treated as a chart archive (.tgz). [LoadArchive] reads an archive from a
// stream and [LoadFiles] builds a chart from files already in memory.
// These functions use the default [Loader]; set its fields to change the
// size limits or the handling of symbolic links.
//
// Loading follows Helm's rules:
//
//   - A directory chart honours the .helmignore file at its root (Helm's
//     syntax and quirks, including the way a "!pattern" rule ignores every
//     path that does not match it) plus the built-in rule "templates/.?*".
//     Archives ignore .helmignore.
//   - Chart.yaml is decoded the way sigs.k8s.io/yaml decodes it: unknown keys
//     are ignored, keys match case-insensitively, and a number or bool where
//     a string is expected becomes a string (appVersion: 1.10 reads as "1.1").
//     A missing apiVersion means "v1". The metadata is then sanitised and
//     validated, with Helm's messages.
//   - values.yaml may hold several YAML documents, merged in order (Helm 4);
//     values.schema.json is kept as raw bytes; templates/ go to Templates;
//     every directory and .tgz file under charts/ is a subchart, loaded
//     recursively (names starting with "_" or "." are skipped); everything
//     else goes to Files.
//   - Subcharts are added in name order. (Helm adds them in random order;
//     ProcessDependencies later reorders the ones Chart.yaml lists.)
//
// Errors carry Helm's text. They can be inspected with errors.As for a
// [*LoadError] or a [*ValidationError], and size, count and depth limits
// with errors.Is against [ErrTooLarge], [ErrTooManyFiles] and [ErrTooDeep].
//
// # Hostile input
//
// Archive entries that are absolute or leave the chart are refused, sizes
// are enforced while decompressing (never after), and the number of files,
// the depth of nested subcharts and the size of Chart.yaml (and the other
// metadata files) are bounded. Directory symbolic links
// are followed as Helm follows them unless [Loader.RefuseSymlinks] or
// [Loader.RefuseExternalSymlinks] is set; symlink loops are an error.
//
// # Templates
//
// [Chart.TemplateData] builds the .Chart object templates see in Helm 4 (a
// map keyed by Go field names, plus IsRoot); [Chart.TemplateDataV3] builds
// the Helm 3 one (a struct that embeds [Metadata]).
//
// A loaded Chart is never modified by this package afterwards; it may be
// rendered many times, concurrently.
//
// # Speed
//
// A directory is read by a few goroutines while the walk lists it, and each
// values.yaml is decoded as soon as it has been read; the results are
// settled in walk order, so limits, errors and warnings come exactly as
// when reading one file after another. On Linux the walk keeps each folder
// open while its files remain to be opened, and they are opened relative to
// it. File buffers are not cleared before the read fills them, and nothing
// past what was read is reachable from a File's Data. Chart.yaml is decoded
// without Helm's JSON round trip when its tree holds nothing the round trip
// could change or refuse; anything else takes the round trip.
package chart
