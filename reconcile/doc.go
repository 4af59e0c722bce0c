// Package reconcile compares YAML catalogs with the live NCP account and
// decides, per image, what apply would do.
//
// The model is level-based, like a Kubernetes controller: there is no
// state file. [Observe] reads the account fresh with a handful of list
// calls per region (all SELF images, all servers, all snapshots, and the
// region list once) — never one call per image. [Diff] is a pure function
// from the desired images and that observed [State] to a [Plan]: one
// [Change] per desired image (create, no-op, wait, drift, blocked, or
// replace when asked) plus the account images no catalog lists (orphan
// when they carry a loaded catalog's ownership marker, unmanaged
// otherwise).
//
// Identity is (region, name). Ownership is the marker spec.WithMarker
// appends to the description; the diff strips it. Drift compares only what
// the user declared, with sizes normalised from the bytes the API lists to
// the GB the catalog uses, so a plan against an up-to-date account is
// empty. Pre-flight checks run against the same lists and are reported at
// the YAML line of the field they concern; a failing item is blocked, the
// rest of the plan goes on.
//
// A Plan carries everything apply needs: the resolved create request per
// change (server number, description with marker, block list with
// snapshot numbers and GB), the manifests' digests and the fingerprint of
// the account objects it depends on ([Observed]), so a saved plan can be
// refused when stale. Its JSON encoding (format_version "1.0") is a public
// interface, as are the text summary line and the exit codes.
//
// # Waits
//
// Apply waits for the images it created (to be CREAT) or deleted (to be
// gone) with one poller for the whole run. An image is first checked
// [Applier].FirstPoll (1 s) after its create was answered — the earliest
// it could be ready — then each time its age has doubled (2 s, 4 s, 8 s,
// ...), at most [Applier].PollInterval (--poll-interval, 10 s) apart, so
// a wait ends soon after the image is ready whether it takes seconds or
// an hour. A check is one getServerImageList call per region (filtered
// by number, 1000 a call) listing every image in flight there, and it
// counts for every image due by then: a region is checked at most once
// per FirstPoll while images keep being created (the checks of its newest
// image excepted, which are kept exactly), so a new image in flight adds
// no call of its own. Checks go through the client's rate limiter like
// every other call.
package reconcile
