// Package report renders plans (and, in report/apply*.go, apply reports)
// for people and machines: text for terminals and logs, JSON as the
// versioned public format, markdown for pull-request comments, and GitHub
// workflow annotations.
//
// Every renderer reads a [plan.Plan] and nothing else, so a saved
// plan renders exactly like a fresh one. The text summary line, the JSON
// shape and the markdown marker are public interfaces: golden tests in
// the CLI pin them.
package report
