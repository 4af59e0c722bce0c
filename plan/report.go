package plan

import (
	"strconv"
	"strings"
	"time"

	"github.com/ncpimage/ncpimage/spec"
)

// ReportFormatVersion is the version of the JSON apply report. The minor
// version counts additions ("1.1": the outcome updated and
// summary.updated; "1.2": results' action_reason); the major changes only when the shape of [Report]
// changes incompatibly.
const ReportFormatVersion = "1.2"

// Outcome is what happened to one item of an apply. Values complete the
// sentence "image X has been ..." and are part of the public JSON format.
type Outcome string

// Outcomes.
const (
	OutcomeCreated    Outcome = "created"     // created (or adopted after an ambiguous create) and CREAT, then shared
	OutcomeUpdated    Outcome = "updated"     // sharing changed: accounts added, then removed
	OutcomeUnchanged  Outcome = "unchanged"   // no-op: already as declared
	OutcomeWaited     Outcome = "waited"      // was being created; apply waited until CREAT
	OutcomeReplaced   Outcome = "replaced"    // --replace: deleted, gone, created, CREAT
	OutcomeDeleted    Outcome = "deleted"     // --prune: deleted and gone
	OutcomeFailed     Outcome = "failed"      // see the reason; other items went on
	OutcomeSkipped    Outcome = "skipped"     // drift or orphan: reported, never acted on
	OutcomeInFlight   Outcome = "in_flight"   // interrupted while NCP was still working on it
	OutcomeNotStarted Outcome = "not_started" // interrupted before apply started it
)

// Run-level reasons of a [Report] (JSON "reason"), as DESIGN lists them.
const (
	ReasonPartial        = "partial"          // some items failed
	ReasonInterrupted    = "interrupted"      // SIGINT/SIGTERM
	ReasonStalePlan      = "stale_plan"       // a saved plan no longer matches
	ReasonTooManyDeletes = "too_many_deletes" // --prune over --max-deletes
	ReasonNotConfirmed   = "not_confirmed"    // no "yes" (or no terminal)
)

// Result is the outcome of one item (one [Change] of the plan).
type Result struct {
	Address string  `json:"address"`
	Catalog string  `json:"catalog"`
	Region  string  `json:"region"`
	Name    string  `json:"name"`
	Action  Action  `json:"action"`
	Outcome Outcome `json:"outcome"`
	Reason  string  `json:"reason,omitempty"` // why failed, skipped, in flight or not started
	ImageNo string  `json:"image_no,omitempty"`
	// ActionReason is the plan's reason for Action, for machines: for
	// a blocked image, unreviewed, source_missing, ... (since 1.2).
	ActionReason Reason `json:"action_reason,omitempty"`
	Adopted      bool   `json:"adopted,omitempty"` // after an ambiguous create, an image of the name and catalog was found and adopted
	// DuplicateRemoved is the number of an image this run created and
	// then deleted because another run had made the name first (a lower
	// image number); ImageNo is then the image kept.
	DuplicateRemoved string `json:"duplicate_removed,omitempty"`
	// DuplicatesSwept are the images of the catalog and name this run
	// deleted after an ambiguous create had left several, keeping the
	// lowest number (ImageNo) without knowing which one it had made.
	DuplicatesSwept []string  `json:"duplicates_swept,omitempty"`
	Source          *spec.Pos `json:"source,omitempty"`
	// ElapsedMS is how long the item took, in milliseconds.
	ElapsedMS int64 `json:"elapsed_ms"`
	// Err is the error that failed the item (Outcome failed), for callers
	// that classify it ([ncloud.Classify]); not part of the JSON.
	Err error `json:"-"`
}

// String is the one-line text form: "failed: reason" style.
func (r *Result) String() string {
	s := string(r.Outcome)
	if r.Reason != "" {
		s += ": " + r.Reason
	}
	return s
}

// ApplySummary counts the results by outcome.
type ApplySummary struct {
	Created    int `json:"created"`
	Updated    int `json:"updated"`
	Replaced   int `json:"replaced"`
	Deleted    int `json:"deleted"`
	Waited     int `json:"waited"`
	Unchanged  int `json:"unchanged"`
	Skipped    int `json:"skipped"`
	Failed     int `json:"failed"`
	InFlight   int `json:"in_flight"`
	NotStarted int `json:"not_started"`
}

// String is the summary line of the text report, e.g.
// "3 created, 1 updated, 0 replaced, 0 deleted, 1 waited, 12 unchanged, 0 failed."
// followed by the skipped, in-flight and not-started counts when not 0.
func (s ApplySummary) String() string {
	parts := []string{count(s.Created, "created"), count(s.Updated, "updated"), count(s.Replaced, "replaced"), count(s.Deleted, "deleted"),
		count(s.Waited, "waited"), count(s.Unchanged, "unchanged"), count(s.Failed, "failed")}
	for _, extra := range []struct {
		n    int
		what string
	}{{s.Skipped, "skipped"}, {s.InFlight, "in flight"}, {s.NotStarted, "not started"}} {
		if extra.n > 0 {
			parts = append(parts, count(extra.n, extra.what))
		}
	}
	return strings.Join(parts, ", ") + "."
}

func count(n int, what string) string { return strconv.Itoa(n) + " " + what }

func (s *ApplySummary) add(o Outcome) {
	switch o {
	case OutcomeCreated:
		s.Created++
	case OutcomeUpdated:
		s.Updated++
	case OutcomeReplaced:
		s.Replaced++
	case OutcomeDeleted:
		s.Deleted++
	case OutcomeWaited:
		s.Waited++
	case OutcomeUnchanged:
		s.Unchanged++
	case OutcomeSkipped:
		s.Skipped++
	case OutcomeFailed:
		s.Failed++
	case OutcomeInFlight:
		s.InFlight++
	case OutcomeNotStarted:
		s.NotStarted++
	}
}

// Report is the result of an apply: every item with its outcome. Its JSON
// encoding (format_version "1.1") is a public interface. A run that
// stopped before changing anything (stale plan, too many deletes, not
// confirmed) has no items, a Reason and an Error.
type Report struct {
	FormatVersion string `json:"format_version"`
	// Success is true when every item reached its goal (drift and orphans
	// skipped count as success).
	Success bool `json:"success"`
	// Reason is "" on success, else partial, interrupted, stale_plan,
	// too_many_deletes or not_confirmed.
	Reason     string       `json:"reason"`
	Error      string       `json:"error,omitempty"`
	Endpoint   string       `json:"endpoint,omitempty"`
	Sandbox    bool         `json:"sandbox"`
	Version    string       `json:"ncpimage_version,omitempty"`
	PlanDigest string       `json:"plan_digest,omitempty"`
	Started    string       `json:"started,omitempty"` // RFC 3339
	ElapsedMS  int64        `json:"elapsed_ms"`
	Items      []*Result    `json:"items"`
	Summary    ApplySummary `json:"summary"`
	// StaleObjects are the keys of the observed objects that changed
	// since a saved plan was made (reason stale_plan).
	StaleObjects []string `json:"stale_objects,omitempty"`
}

// NewStoppedReport is the report of an apply that refused to start.
func NewStoppedReport(p *Plan, reason string, err error) *Report {
	r := &Report{FormatVersion: ReportFormatVersion, Reason: reason, Items: []*Result{}}
	if p != nil {
		r.Endpoint, r.Sandbox, r.Version, r.PlanDigest = p.Endpoint, p.Sandbox, p.Version, p.PlanDigest
	}
	if err != nil {
		r.Error = err.Error()
	}
	return r
}

// InFlight returns the results still in NCP's hands when apply stopped.
func (r *Report) InFlight() []*Result {
	var out []*Result
	for _, res := range r.Items {
		if res.Outcome == OutcomeInFlight {
			out = append(out, res)
		}
	}
	return out
}

// Finish counts the outcomes and decides success and reason.
func (r *Report) Finish(interrupted bool, elapsed time.Duration) {
	r.Summary = ApplySummary{}
	for _, res := range r.Items {
		r.Summary.add(res.Outcome)
	}
	r.ElapsedMS = elapsed.Milliseconds()
	switch {
	case interrupted && r.Summary.InFlight+r.Summary.NotStarted > 0:
		r.Reason = ReasonInterrupted
	case r.Summary.Failed > 0 || r.Summary.InFlight > 0: // in flight: the waits gave up
		r.Reason = ReasonPartial
	}
	r.Success = r.Reason == ""
}

// Event reports a step of one item, with the run's counts after it.
type Event struct {
	Time    time.Time
	Address string
	Message string  // "creating", "waiting for image 5000001", ...
	Outcome Outcome // set when the item is finished
	Counts  Counts
}

// Counts is how far a run is.
type Counts struct {
	Total    int // items with something to do
	Done     int // finished, whatever the outcome
	Failed   int
	InFlight int // created or deleting, waited for
	Waiting  int // creates waiting for their source server (not in flight)
}
