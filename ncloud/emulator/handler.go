package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// basePath is the service path every action lives under.
const basePath = "/vserver/v2/"

// actionFunc runs one action on the account, with e.mu held. regionCode
// has been resolved (default: first region) and checked.
type actionFunc func(e *Emulator, p params, region string) (result, *apiError)

// actions maps action names to their implementation; mutating marks the
// ones that change the account (OnChange is called after them).
var actions = map[string]struct {
	run      actionFunc
	mutating bool
}{
	"getRegionList":                         {run: (*Emulator).getRegionList},
	"getServerInstanceList":                 {run: (*Emulator).getServerInstanceList},
	"getServerInstanceDetail":               {run: (*Emulator).getServerInstanceDetail},
	"getBlockStorageSnapshotInstanceList":   {run: (*Emulator).getSnapshotList},
	"getBlockStorageSnapshotInstanceDetail": {run: (*Emulator).getSnapshotDetail},
	"getServerImageList":                    {run: (*Emulator).getServerImageList},
	"getServerImageDetail":                  {run: (*Emulator).getServerImageDetail},
	"createServerImage":                     {run: (*Emulator).createServerImage, mutating: true},
	"deleteServerImage":                     {run: (*Emulator).deleteServerImage, mutating: true},
	"addServerImageSharingPermission":       {run: (*Emulator).addSharing, mutating: true},
	"removeServerImageSharingPermission":    {run: (*Emulator).removeSharing, mutating: true},
}

// ServeHTTP answers POST and GET /vserver/v2/{action}: route, then
// authenticate, count, inject faults, and run the action. Every answer
// is entered in the request log ([Emulator.Log]).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, under := strings.CutPrefix(r.URL.Path, basePath)
	act, known := actions[name]
	if !under || !known || (r.Method != http.MethodGet && r.Method != http.MethodPost) {
		if !under {
			name = r.URL.Path
		}
		e.logAnswer(LogEntry{Action: name}, http.StatusNotFound, "300", "")
		writeGatewayError(w, http.StatusNotFound, "300", "Not Found Exception", "")
		return
	}
	if details := e.authenticate(r); details != "" {
		e.logAnswer(LogEntry{Action: name}, http.StatusUnauthorized, "200", "")
		writeGatewayError(w, http.StatusUnauthorized, "200", "Authentication Failed", details)
		return
	}
	if err := parseForm(r); err != nil {
		e.logAnswer(LogEntry{Action: name}, http.StatusBadRequest, "100", "")
		writeGatewayError(w, http.StatusBadRequest, "100", "Bad Request Exception", "malformed parameters")
		return
	}
	e.count(name)
	p := params(r.Form)
	if e.injectFault(w, r, name, p) {
		return
	}
	format := p.str("responseFormatType")
	reqID, res, aerr, timeout := e.run(name, act.run, p)
	if onChange := e.onChange(); act.mutating && onChange != nil && aerr == nil {
		onChange()
	}
	if timeout {
		writeGatewayError(w, http.StatusGatewayTimeout, "510", "Endpoint Timeout", "")
		return
	}
	if aerr != nil {
		writeAPIError(w, format, aerr)
		return
	}
	writeResult(w, name, format, reqID, res)
}

// run executes an action under the lock, after moving the state machine
// to now and resolving the region, and enters it in the request log.
// timeout reports a create that was executed but is to be answered 504
// (Faults.Create504Rate).
func (e *Emulator) run(name string, f actionFunc, p params) (reqID string, res result, aerr *apiError, timeout bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.advance(e.now())
	reqID = e.requestID()
	region := e.regionOf(p)
	if name != "getRegionList" && !e.findRegion(region) {
		aerr = badRequest(codeRegion, "Invalid regionCode %q.", region)
	} else {
		res, aerr = f(e, e.capPage(p), region)
		e.understate(name, &res)
	}
	en := requestEntry(name, region, p)
	if aerr != nil {
		en.HTTPStatus, en.ReturnCode = aerr.status, aerr.code
	} else {
		en.HTTPStatus, en.ReturnCode = http.StatusOK, "0"
	}
	if name == "createServerImage" {
		if ims, ok := res.list.([]wireImage); ok && len(ims) == 1 && aerr == nil {
			en.CreatedImageNo = ims[0].ServerImageNo
		}
		// The gateway times out whatever the backend answered.
		if e.chance(e.faults.Create504Rate) {
			timeout = true
			en.HTTPStatus, en.ReturnCode, en.Fault = http.StatusGatewayTimeout, "510", "timeout"
		}
	}
	e.record(en)
	return reqID, res, aerr, timeout
}

// regionOf is the request's regionCode, or the default (first) region.
// Callers hold e.mu.
func (e *Emulator) regionOf(p params) string {
	region := p.str("regionCode")
	if region == "" && len(e.st.Regions) > 0 {
		region = e.st.Regions[0].Code
	}
	return region
}

func (e *Emulator) onChange() func() {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.opts.OnChange
}

// requestID makes a UUID-shaped id from the seeded generator. Callers
// hold e.mu.
func (e *Emulator) requestID() string {
	r := e.rng
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, 0x8000|r.Uint32()&0x3fff, r.Uint64()&0xffffffffffff)
}

// injectFault applies the configured faults before the action runs and
// reports whether it already answered (or dropped) the request.
func (e *Emulator) injectFault(w http.ResponseWriter, r *http.Request, name string, p params) bool {
	e.mu.Lock()
	f := e.faults
	throttled := !e.takeToken()
	drop := e.chance(f.DropRate)
	fail := e.chance(f.ErrorRate)
	gateway := e.chance(0.5)
	en := requestEntry(name, e.regionOf(p), p)
	switch {
	case throttled:
		en.HTTPStatus, en.ReturnCode, en.Fault = http.StatusTooManyRequests, "410", "throttle"
	case drop:
		en.Fault = "drop"
	case fail && gateway:
		en.HTTPStatus, en.ReturnCode, en.Fault = http.StatusServiceUnavailable, "500", "error"
	case fail:
		en.HTTPStatus, en.ReturnCode, en.Fault = http.StatusInternalServerError, codeRetryLater, "error"
	}
	if en.Fault != "" {
		e.record(en)
	}
	e.mu.Unlock()
	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return true
		}
	}
	switch {
	case throttled:
		writeGatewayError(w, http.StatusTooManyRequests, "410", "Throttle Limited", "")
	case drop:
		dropConnection(w)
	case fail && gateway:
		writeGatewayError(w, http.StatusServiceUnavailable, "500", "Endpoint Error", "")
	case fail:
		writeAPIError(w, r.Form.Get("responseFormatType"), &apiError{
			status: http.StatusInternalServerError, code: codeRetryLater,
			message: "Please try your call again later.\nTemporarily unable to process the request.",
		})
	default:
		return false
	}
	return true
}

// takeToken takes one token from the rate-limit bucket, refilled at
// RateLimit per second up to Burst. Callers hold e.mu.
func (e *Emulator) takeToken() bool {
	if e.faults.RateLimit <= 0 {
		return true
	}
	now := e.now()
	burst := float64(max(e.faults.Burst, 1))
	if !e.tokensAt.IsZero() {
		e.tokens += now.Sub(e.tokensAt).Seconds() * e.faults.RateLimit
	}
	e.tokens = min(e.tokens, burst)
	e.tokensAt = now
	if e.tokens < 1 {
		return false
	}
	e.tokens--
	return true
}

// dropConnection closes the client connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2): net/http aborts the stream for this value.
	panic(http.ErrAbortHandler)
}
