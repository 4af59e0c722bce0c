package ncloud

import (
	"errors"
	"net/http"
)

// Class is the kind of failure an error of this package is, for callers
// that decide what to do or say about it (a hint, a machine-readable
// reason, whether to settle a create by listing). See [Classify].
type Class int

// Classes. The zero value, ClassUnknown, is every error this package did
// not make (and nil).
const (
	ClassUnknown     Class = iota // not an API answer: cancellation, an unsettled create or delete over the network, a local error
	ClassCredentials              // no complete key pair ([ErrNoCredentials])
	ClassAuth                     // HTTP 401 or 403: bad keys, missing permission, clock skew
	ClassThrottled                // HTTP 429: the gateway refused the rate; NCP did not execute the request
	ClassTransient                // worth trying again later: 5xx of the gateway, "try again later" codes, network errors
	ClassRejected                 // a definite 4xx refusal: NCP answered and did not execute the request
	ClassAPI                      // any other error answer, such as a 5xx after a create or delete that may have executed
)

var classNames = [...]string{"unknown", "credentials", "auth", "throttled", "transient", "rejected", "api"}

// String is the class's lower-case name ("throttled", "rejected", ...).
func (c Class) String() string {
	if c < 0 || int(c) >= len(classNames) {
		return "unknown"
	}
	return classNames[c]
}

// Classify returns the class of err, looking through wrapping. The rules,
// in order: [ErrNoCredentials] is ClassCredentials; an [*APIError] of
// HTTP 401 or 403 is ClassAuth; a failure [IsRetryable] reports is
// ClassThrottled for a 429 and ClassTransient otherwise; any other 4xx
// [*APIError] is ClassRejected; any other [*APIError] is ClassAPI.
//
// A 4xx refusal of createServerImage or deleteServerImage is
// ClassRejected even when its code says "try again later" (25013, object
// in operation): the client never sends a change again on such an
// answer, and the caller settles it by listing. An [*OutcomeUnknownError]
// is never transient: it is ClassAPI when NCP answered (a 5xx), else
// ClassUnknown.
func Classify(err error) Class {
	var ae *APIError
	isAPI := errors.As(err, &ae)
	switch {
	case err == nil:
		return ClassUnknown
	case errors.Is(err, ErrNoCredentials):
		return ClassCredentials
	case isAPI && (ae.HTTPStatus == http.StatusUnauthorized || ae.HTTPStatus == http.StatusForbidden):
		return ClassAuth
	case isAPI && ae.throttled() && IsRetryable(err):
		return ClassThrottled
	case IsRetryable(err) && !(isAPI && mutating[ae.Action] && ae.HTTPStatus < 500):
		return ClassTransient
	case isAPI && ae.HTTPStatus >= 400 && ae.HTTPStatus < 500:
		return ClassRejected
	case isAPI:
		return ClassAPI
	}
	return ClassUnknown
}
