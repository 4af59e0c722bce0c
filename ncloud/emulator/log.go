package emulator

import "time"

// defaultLogLimit is how many entries the request log keeps by default.
const defaultLogLimit = 100000

// LogEntry is one event of the request log ([Emulator.Log]): an answered
// request, or an image status transition (Action "status").
type LogEntry struct {
	// Seq numbers entries from 1 in the order they happened, across
	// ResetLog; a gap at the start of Log means older entries were
	// dropped.
	Seq int64
	// Time is the emulator clock ([Options.Now]) when the entry was made.
	Time time.Time
	// Action is the action requested (the path after /vserver/v2/, even
	// when unknown), or "status" for a status transition.
	Action string
	// Region is the region the request ran in (regionCode, or the default
	// region); the image's region for a status transition. Empty when the
	// request was refused before its parameters were read.
	Region string
	// HTTPStatus is the status answered (0 for a dropped connection and for
	// status transitions).
	HTTPStatus int
	// ReturnCode is "0" on success, the responseError returnCode, or the
	// gateway's errorCode ("200" authentication, "300" unknown path, "410"
	// throttled, "500" endpoint error, "510" endpoint timeout); "" for a
	// dropped connection and for status transitions.
	ReturnCode string
	// Fault names the injected fault that answered the request, if any:
	// "throttle", "drop", "error" or "timeout" (a create executed, then
	// answered 504; ReturnCode is then "510", and CreatedImageNo tells
	// whether it made an image).
	Fault string

	// Request parameters (as sent; empty when absent).
	ServerInstanceNo  string   // serverInstanceNo; for "status", the image's server
	ServerImageName   string   // serverImageName
	ServerImageNo     string   // serverImageNo; for "status", the image
	ServerImageNoList []string // serverImageNoList.N (deleteServerImage, getServerImageList)
	TargetLoginIDList []string // targetLoginIdList.N (sharing)

	// CreatedImageNo is the number of the image a successful
	// createServerImage made (also when it was answered 504).
	CreatedImageNo string
	// FromStatus and ToStatus describe a status transition: INIT to
	// CREAT or CREFL when an image's creation ends, any status to "GONE"
	// when a deleted image disappears, and forced changes made with
	// [Emulator.SetImageStatus]. A transition is recorded when the
	// emulator first applies it: at the first request (or Images or
	// SetImageStatus call) at or after the moment it happened, before
	// that request's own entry.
	FromStatus, ToStatus string
}

// requestLog is a bounded ring of entries. Callers hold e.mu.
type requestLog struct {
	entries []LogEntry // ring storage
	start   int        // index of the oldest entry when full
	seq     int64
}

func (e *Emulator) logLimit() int {
	if e.opts.LogLimit > 0 {
		return e.opts.LogLimit
	}
	return defaultLogLimit
}

// record appends en to the log, dropping the oldest entry when the log
// is full. Callers hold e.mu.
func (e *Emulator) record(en LogEntry) {
	if e.opts.LogLimit < 0 {
		return
	}
	l := &e.log
	l.seq++
	en.Seq = l.seq
	if en.Time.IsZero() {
		en.Time = e.now()
	}
	limit := e.logLimit()
	if len(l.entries) < limit {
		if l.start != 0 { // the limit grew after the ring wrapped: unwrap it
			l.entries = append(l.entries[l.start:], l.entries[:l.start]...)
			l.start = 0
		}
		l.entries = append(l.entries, en)
		return
	}
	l.entries[l.start] = en
	l.start = (l.start + 1) % len(l.entries)
}

// Log returns a copy of the request log, oldest first: every answered
// request (including refused, faulted and unauthenticated ones) and every
// image status transition, in the order the emulator handled them. A
// request is entered when it is executed, under the same lock as its
// effect, so the order of entries is the order of effects. The log keeps
// the last [Options.LogLimit] entries (default 100,000).
func (e *Emulator) Log() []LogEntry {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := &e.log
	out := make([]LogEntry, 0, len(l.entries))
	out = append(out, l.entries[l.start:]...)
	out = append(out, l.entries[:l.start]...)
	for i := range out {
		out[i].ServerImageNoList = append([]string(nil), out[i].ServerImageNoList...)
		out[i].TargetLoginIDList = append([]string(nil), out[i].TargetLoginIDList...)
	}
	return out
}

// ResetLog empties the request log; Seq keeps counting.
func (e *Emulator) ResetLog() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log.entries, e.log.start = nil, 0
}

// requestEntry starts the log entry of a request from its parameters.
func requestEntry(action, region string, p params) LogEntry {
	en := LogEntry{
		Action: action, Region: region,
		ServerInstanceNo: p.str("serverInstanceNo"),
		ServerImageName:  p.str("serverImageName"),
		ServerImageNo:    p.str("serverImageNo"),
	}
	if l := p.list("serverImageNoList"); len(l) > 0 {
		en.ServerImageNoList = l
	}
	if l := p.list("targetLoginIdList"); len(l) > 0 {
		en.TargetLoginIDList = l
	}
	return en
}

// logAnswer records a request answered without running (authentication,
// routing, injected faults). It takes e.mu.
func (e *Emulator) logAnswer(en LogEntry, status int, code, fault string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	en.HTTPStatus, en.ReturnCode, en.Fault = status, code, fault
	e.record(en)
}

// logTransition records an image status change. Callers hold e.mu.
func (e *Emulator) logTransition(im *image, from, to string) {
	e.record(LogEntry{Action: "status", Region: im.Region, ServerImageNo: im.No,
		ServerInstanceNo: im.ServerNo, FromStatus: from, ToStatus: to})
}
