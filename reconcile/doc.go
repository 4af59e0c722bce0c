// Package reconcile compares YAML catalogs with the live NCP account and
// decides, per image, what apply would do.
//
// The model is level-based, like a Kubernetes controller: there is no
// state file. [Observe] reads the account fresh with a handful of list
// calls per region (all SELF images, all servers, all snapshots, and the
// region list once) — never one call per image. [Diff] is a pure function
// from the desired images and that observed [State] to a [plan.Plan]: one
// [plan.Change] per desired image (create, no-op, update, wait, drift, blocked,
// or replace when asked) plus the account images no catalog lists (orphan
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
// # Sharing
//
// Sharing with other accounts (shareWith: NCP login IDs) is the one thing
// of an image that can change in place. It is managed only where the
// catalog gives shareWith: omitted, the image's sharing is never
// compared, fingerprinted or touched; an empty list means shared with
// nobody. The declared and the listed accounts are compared as sets. An
// existing, created image whose sharing differs is an update (reason
// sharing_differs, at the shareWith line) with the accounts to add and to
// remove (share_add, share_remove); apply adds, then removes, so an
// account kept through a change never loses access. A drifted image
// whose sharing differs is an update too, not a drift: apply acts on it,
// so it is a change (HasChanges, --detailed-exitcode), but its drift is
// still reported exactly as for a drift (Diffs, a drift warning, counted
// in Summary.Drifted) and never acted on. A new or replaced image carries
// every shareWith account in share_add, shared once it is CREAT; an
// image being created (wait) carries the difference, shared once apply
// has waited for it. Either way, a failed sharing call fails that image
// only.
//
// The fingerprint holds the sharing of an image ("sharing:REGION/name")
// apart from the image itself, and only for images whose sharing the
// plan manages, so that a share someone else adds between plan and apply
// makes a plan stale exactly when the plan depended on it.
//
// The plan itself — its types, file format, digest and comparisons — is
// package plan's: reconcile makes plans ([Diff], [Planner.Plan]) and
// executes them ([Applier]), and package report renders them without
// linking this package or the HTTP client.
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
