package cli

import (
	"errors"
	"fmt"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/urfave/cli/v3"
)

// reviewOptions bind a plan to the one reviewers saw (the apply job on
// merge): its digest, and optionally the reviewed plan file itself, to
// say what differs image by image.
type reviewOptions struct {
	digest       string
	reviewedPlan string
	allowDrift   bool
}

func reviewFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "compare-digest", Usage: "fail unless the plan's digest is `DIGEST` (the reviewed plan's, e.g. from the PR comment)"},
		&cli.StringFlag{Name: "reviewed-plan", Usage: "with --compare-digest: the reviewed plan `FILE`, to name what differs image by image"},
		&cli.BoolFlag{Name: "allow-drift-from-review", Usage: "with --compare-digest: warn instead of failing when the plan differs"},
	}
}

func reviewOptionsOf(c *cli.Command) reviewOptions {
	return reviewOptions{digest: c.String("compare-digest"), reviewedPlan: c.String("reviewed-plan"),
		allowDrift: c.Bool("allow-drift-from-review")}
}

const reviewHint = "the account or the catalogs changed since the plan was reviewed: push a commit (or re-run the " +
	"pull request's plan) to review the new plan, or pass --allow-drift-from-review to apply it anyway"

// check compares plan with the reviewed digest. A difference is an
// error (nothing is saved), or with --allow-drift-from-review a warning;
// either way each difference is named on stderr.
func (o reviewOptions) check(e *env, p *plan.Plan) error {
	if o.digest == "" {
		if o.reviewedPlan != "" || o.allowDrift {
			return errors.New("plan: --reviewed-plan and --allow-drift-from-review go with --compare-digest")
		}
		return nil
	}
	if p.PlanDigest == o.digest {
		return nil
	}
	mismatch := &plan.ReviewMismatchError{Reviewed: o.digest, Now: p.PlanDigest}
	if o.reviewedPlan != "" {
		reviewed, err := loadPlan(o.reviewedPlan)
		if err != nil {
			return fmt.Errorf("plan: reviewed plan: %w", err)
		}
		if reviewed.PlanDigest != o.digest {
			return fmt.Errorf("plan: reviewed plan %s has digest %s, not the reviewed %s", o.reviewedPlan, reviewed.PlanDigest, o.digest)
		}
		mismatch.Differences = plan.Compare(reviewed, p)
	}
	for _, d := range mismatch.Differences {
		e.warn("differs from review: " + d.String())
	}
	if o.allowDrift {
		e.warn(mismatch.Error() + "; applying it anyway (--allow-drift-from-review)")
		return nil
	}
	return hintError{err: fmt.Errorf("plan: %w", mismatch), hint: reviewHint}
}
