package cli

import "testing"

// A version set at build time wins; without one the build info decides
// (a test binary has no module version: "dev", maybe with a revision).
func TestVersionOf(t *testing.T) {
	if got := versionOf("v1.2.3"); got != "v1.2.3" {
		t.Errorf("versionOf(v1.2.3) = %q", got)
	}
	if got := versionOf(""); got == "" || got == "(devel)" {
		t.Errorf("versionOf(\"\") = %q, want a version to print", got)
	}
}
