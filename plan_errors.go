package main

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
)

// failureReport is what plan prints with --output json when it cannot
// make a plan: a public, versioned shape carrying the fine-grained reason
// ("auth", "transient", "api", "credentials", "interrupted",
// "too_many_deletes", "error").
type failureReport struct {
	FormatVersion string      `json:"format_version"`
	Error         failureBody `json:"error"`
}

type failureBody struct {
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// failureReason classifies a plan failure for machines.
func failureReason(err error) string {
	var apiErr *ncloud.APIError
	switch {
	case errors.Is(err, errInterrupted):
		return "interrupted"
	case errors.Is(err, reconcile.ErrTooManyDeletes):
		return string(reconcile.ReasonTooManyDeletes)
	case errors.Is(err, ncloud.ErrNoCredentials):
		return "credentials"
	case errors.As(err, &apiErr) && (apiErr.HTTPStatus == 401 || apiErr.HTTPStatus == 403):
		return "auth"
	case ncloud.IsRetryable(err):
		return "transient"
	case errors.As(err, &apiErr):
		return "api"
	}
	return "error"
}

// writeFailure prints err as a failureReport; the error is then also
// reported on stderr by run, as usual.
func writeFailure(w io.Writer, err error) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(failureReport{FormatVersion: reconcile.FormatVersion,
		Error: failureBody{Reason: failureReason(err), Message: err.Error()}})
}
