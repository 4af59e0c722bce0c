package cli

import (
	"fmt"

	"github.com/ncpimage/ncpimage/report"
	"github.com/ncpimage/ncpimage/spec"
)

// warnLoad prints what loading passed over, one warning line each.
func (e *env) warnLoad(set *spec.Set) {
	for _, w := range set.Warnings {
		e.warn(w.Error())
	}
}

// loadCatalogs checks the arguments and the --output format, and loads
// the catalogs; invalid catalogs are reported (in the output format) and
// stop the command with exit status 1 before any API call.
func (e *env) loadCatalogs(g globalOptions, paths []string, example string) (report.Format, *spec.Set, error) {
	if len(paths) == 0 {
		return "", nil, hintError{err: fmt.Errorf("%s: no PATH given", g.cmd), hint: example}
	}
	format, err := report.ParseFormat(g.output)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", g.cmd, err)
	}
	for _, a := range paths {
		if isSavedPlan(a) {
			return "", nil, hintError{err: fmt.Errorf("%s: %s is a saved plan, not a catalog", g.cmd, a),
				hint: "ncpimage show " + a + " renders it; ncpimage apply " + a + " applies it"}
		}
	}
	set := spec.Load(paths)
	e.warnLoad(set)
	if len(set.Diagnostics) > 0 {
		if err := report.New(format).Validate(e.stdout, set); err != nil {
			return "", nil, fmt.Errorf("%s: write output: %w", g.cmd, err)
		}
		return "", nil, exitError{1}
	}
	return format, set, nil
}
