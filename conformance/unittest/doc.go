// Package unittest is the conformance suite of chartrender's helm-unittest
// runner: it runs the helm-unittest suites that ship with the corpus charts
// through helm-unittest v1.1.2 (the binary built by
// ../shared/tools/install-helm-unittest, or the one HELM_UNITTEST_ORACLE
// names) and through package unittest, as shipped and with every
// assertion's `not` toggled, and compares the verdict of every test and
// the bytes of every snapshot file both write. It also times both on the
// same suites and reports the ratio.
//
//	cd conformance/unittest && go test -count=1 -v .
package unittest
