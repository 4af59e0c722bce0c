package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/ncpimage/ncpimage/plan"
	"github.com/ncpimage/ncpimage/reconcile"
)

// bindOptions bind an apply of catalogs to the changes reviewers saw
// (the apply job on merge): --reviewed gives the plans of the reviews;
// a change none of them holds identically is refused by name.
type bindOptions struct {
	reviewed        []string
	allowUnreviewed bool
}

func bindFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "reviewed", Usage: "apply only the changes some reviewed plan `PLAN` holds identically, refusing the others " +
			"by name (repeatable; a directory means every .json plan under it)"},
		&cli.BoolFlag{Name: "allow-unreviewed", Usage: "with --reviewed: warn about the changes no reviewed plan holds, and apply them too once confirmed (prompt or --auto-approve)"},
	}
}

func bindOptionsOf(c *cli.Command) bindOptions {
	return bindOptions{reviewed: c.StringSlice("reviewed"), allowUnreviewed: c.Bool("allow-unreviewed")}
}

// load reads the reviewed plans: every path, every .json file under a
// directory. A plan that cannot be read fails the apply: a review cannot
// be half-read.
func (o bindOptions) load() ([]*plan.Plan, error) {
	if len(o.reviewed) == 0 {
		if o.allowUnreviewed {
			return nil, errors.New("apply: --allow-unreviewed goes with --reviewed")
		}
		return nil, nil
	}
	var files []string
	for _, path := range o.reviewed {
		found, err := planFiles(path)
		if err != nil {
			return nil, fmt.Errorf("apply: --reviewed: %w", err)
		}
		files = append(files, found...)
	}
	out := make([]*plan.Plan, 0, len(files))
	for _, f := range files {
		p, err := loadPlan(f)
		if err != nil {
			return nil, fmt.Errorf("apply: --reviewed: %w", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// planFiles is path, or the .json files under the directory path (in
// name order). A directory with none is an error: an empty review
// binds nothing and is surely a mistake of the job that collected it.
func planFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no .json plan file", path)
	}
	slices.Sort(files)
	return files, nil
}

// bind refuses, in p, the changes no reviewed plan holds (they become
// blocked, reason unreviewed), naming each on stderr; with
// --allow-unreviewed it only names them. A reviewed plan of another
// account contributes nothing.
func (o bindOptions) bind(e *env, p *plan.Plan, reviewed []*plan.Plan) {
	same := reviewed[:0:0]
	for i, r := range reviewed {
		if r.Sandbox != p.Sandbox || !p.Sandbox && r.Endpoint != p.Endpoint {
			e.warn(fmt.Sprintf("--reviewed plan %d (%s) was made against another account (%s): it reviews nothing here",
				i+1, r.PlanDigest, accountName(r)))
			continue
		}
		same = append(same, r)
	}
	refused := plan.Unreviewed(p, same)
	for _, r := range refused {
		e.warn("not reviewed: " + r.String())
	}
	if o.allowUnreviewed {
		if len(refused) > 0 {
			e.warn(fmt.Sprintf("%d unreviewed changes are not held back (--allow-unreviewed): they are applied once confirmed (prompt or --auto-approve)", len(refused)))
		}
		return
	}
	reconcile.Refuse(p, refused)
}

func accountName(p *plan.Plan) string {
	if p.Sandbox {
		return "the sandbox"
	}
	return p.Endpoint
}
