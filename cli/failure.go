package cli

import (
	"errors"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/report"
)

// failureReason classifies a failure for machines: "interrupted",
// "too_many_deletes", or the JSON name of the error's [ncloud.Class].
func failureReason(err error) string {
	switch {
	case errors.Is(err, errInterrupted):
		return "interrupted"
	case errors.Is(err, reconcile.ErrTooManyDeletes):
		return string(plan.ReasonTooManyDeletes)
	case errors.As(err, new(*reconcile.PruneScopeError)):
		return "validation"
	case errors.As(err, new(*plan.ReviewMismatchError)):
		return "review_mismatch"
	case errors.As(err, new(*reconcile.RegionError)), errors.As(err, new(*reconcile.ReplaceRefusedError)),
		errors.Is(err, reconcile.ErrSelection), errors.Is(err, reconcile.ErrPruneRoot):
		return "usage"
	}
	switch ncloud.Classify(err) {
	case ncloud.ClassCredentials:
		return "credentials"
	case ncloud.ClassAuth:
		return "auth"
	case ncloud.ClassThrottled, ncloud.ClassTransient:
		return "transient"
	case ncloud.ClassRejected, ncloud.ClassAPI:
		return "api"
	}
	return "error"
}

// failureOf is err as the renderers take it.
func failureOf(err error) report.Failure {
	return report.Failure{Reason: failureReason(err), Message: err.Error()}
}
