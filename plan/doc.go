// Package plan is the data that flows from planning to applying and
// rendering: the [Plan] (one [Change] per image, what apply would send,
// and what it depends on), its file format and digest, the comparison of
// a plan with a reviewed one, and the [Report] of an apply with its
// progress [Event]s. It is plain data: it knows no HTTP client and no
// account. Package reconcile makes plans and executes them; package
// report renders them.
//
// A Plan carries everything apply needs: the resolved create request per
// change (server number, description with marker, block list with
// snapshot numbers and GB), the manifests' digests and the fingerprint of
// the account objects it depends on ([Observed]: one [ObservedObject] per
// [ObjectKey]), so a saved plan can be refused when stale. Its JSON
// encoding (format_version [FormatVersion]; [Decode] still reads "1.0"
// plans, which manage no sharing) is a public interface, as are the text
// summary line ([Summary.String]) and the exit codes.
//
// [Plan.ComputeDigest] hashes the plan without its timestamp, endpoint,
// version and digest, so two plans of the same catalogs against the same
// account have the same digest; [Compare] names, change by change, how a
// plan differs from a reviewed one.
package plan
