package cli

import (
	"errors"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

// failureReason classifies a failure for machines: "interrupted",
// "too_many_deletes", "credentials", or the class of an API error.
func failureReason(err error) string {
	var apiErr *ncloud.APIError
	switch {
	case errors.Is(err, errInterrupted):
		return "interrupted"
	case errors.Is(err, reconcile.ErrTooManyDeletes):
		return string(reconcile.ReasonTooManyDeletes)
	case errors.As(err, new(*reconcile.ReviewMismatchError)):
		return "review_mismatch"
	case errors.As(err, new(*reconcile.RegionError)), errors.As(err, new(*reconcile.ReplaceRefusedError)):
		return "usage"
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

// failureOf is err as the renderers take it.
func failureOf(err error) report.Failure {
	return report.Failure{Reason: failureReason(err), Message: err.Error()}
}
