// Package v2 maps the metadata validation of Helm v4's pkg/chart/v2 onto
// chartrender's chart package, so that Helm's metadata_test.go and
// dependency_test.go run against chartrender unchanged (see
// helmunit_test.go): the code is in ../shared/metadata.go. Helm's metadata
// types are copied into chartrender's, validated by chartrender (which
// sanitises the fields in place, as Helm does) and the sanitised fields
// copied back; chartrender's *chart.ValidationError becomes Helm's
// ValidationError.
package v2
