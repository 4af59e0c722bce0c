package ncloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// APIError is an error answer of NCP: either an API Gateway error
// ({"error": {"errorCode", "message", "details"}}, Gateway true) or a
// vserver error ({"responseError": {"returnCode", "returnMessage"}}).
type APIError struct {
	Action     string // e.g. "createServerImage"
	HTTPStatus int
	Gateway    bool   // the body was {"error": ...}
	Code       string // errorCode (gateway) or returnCode (vserver)
	Message    string
	Details    string
	RequestID  string
}

// Error prints e.g. `createServerImage: HTTP 400: returnCode 10712: Not found product`.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: HTTP %d", e.Action, e.HTTPStatus)
	if e.Code != "" {
		kind := "returnCode"
		if e.Gateway {
			kind = "errorCode"
		}
		fmt.Fprintf(&b, ": %s %s", kind, e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Details != "" {
		b.WriteString(" (" + e.Details + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return b.String()
}

// retryable reports whether the same request may succeed later: gateway
// throttling (429, codes 400/410/420), gateway 503/504 (codes 500/510, or
// any 502-504 from a proxy in front), vserver returnCode 1000 ("please try
// your call again later") and 25013 (object in another operation). Every
// other answer is terminal.
func (e *APIError) retryable() bool {
	switch {
	case e.HTTPStatus == 429:
		return true
	case e.HTTPStatus >= 502 && e.HTTPStatus <= 504:
		return true
	case e.Gateway:
		return e.Code == "500" || e.Code == "510"
	default:
		return e.Code == "1000" || e.Code == "25013"
	}
}

// throttled reports a gateway 429: NCP did not execute the request.
func (e *APIError) throttled() bool { return e.HTTPStatus == 429 }

// OutcomeUnknownError is returned by createServerImage and
// deleteServerImage when the request may or may not have been executed (a
// 5xx, a gateway timeout, a dropped connection, a timeout after sending).
// The call was not retried; the caller finds out by listing.
type OutcomeUnknownError struct {
	Action string
	Err    error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s: outcome unknown, the request may have been executed (list to find out): %v", e.Action, e.Err)
}

// Unwrap returns the failure that left the outcome unknown.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// netError is a failure to send a request or read its answer. sent is
// false only when no byte of the request was written, which proves that
// NCP did not execute it.
type netError struct {
	action string
	sent   bool
	err    error
}

func (e *netError) Error() string { return e.action + ": " + e.err.Error() }
func (e *netError) Unwrap() error { return e.err }

// IsRetryable reports whether err is a transient failure worth trying
// again later: a retryable [*APIError] or a network error (a client-side
// timeout included). It is false for an [*OutcomeUnknownError] (resolve
// it by listing, not by retrying), for cancellation, for a rate-limit wait
// longer than the deadline and for every terminal error.
func IsRetryable(err error) bool {
	var ou *OutcomeUnknownError
	if err == nil || errors.As(err, &ou) || errors.Is(err, context.Canceled) {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.retryable()
	}
	var ne *netError
	return errors.As(err, &ne)
}

// errorBody is the union of both NCP error bodies.
type errorBody struct {
	Error *struct {
		ErrorCode flexString `json:"errorCode"`
		Message   string     `json:"message"`
		Details   string     `json:"details"`
	} `json:"error"`
	ResponseError *struct {
		ReturnCode    flexString `json:"returnCode"`
		ReturnMessage string     `json:"returnMessage"`
		RequestID     string     `json:"requestId"`
	} `json:"responseError"`
}

// parseError turns an error answer into an *APIError. A body that is
// neither error shape keeps its start (cleaned) as the message.
func parseError(action string, status int, body []byte) *APIError {
	e := &APIError{Action: action, HTTPStatus: status}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		switch {
		case eb.Error != nil:
			e.Gateway = true
			e.Code, e.Message, e.Details = string(eb.Error.ErrorCode), clean(eb.Error.Message), clean(eb.Error.Details)
			return e
		case eb.ResponseError != nil:
			e.Code, e.Message = string(eb.ResponseError.ReturnCode), clean(eb.ResponseError.ReturnMessage)
			e.RequestID = eb.ResponseError.RequestID
			return e
		}
	}
	e.Message = clean(string(body))
	if e.Message == "" {
		e.Message = strings.ToLower(http.StatusText(status))
	}
	return e
}

// clean trims a message, folds its lines and caps its length, so that an
// error stays one readable line.
func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 300
	if len(s) > max {
		s = s[:max] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
