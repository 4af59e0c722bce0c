package report

import (
	"testing"

	"github.com/ncpimage/ncpimage/plan"
)

// TestSectionsLookApart: every action has its own mark and, where the
// meaning differs (a change apply makes, or one it only reports), its own
// colour: an update (~, yellow) never looks like drift (!=, blue).
func TestSectionsLookApart(t *testing.T) {
	seen := map[string]plan.Action{}
	var update, drift section
	for _, s := range sections {
		if a, dup := seen[s.symbol]; dup {
			t.Errorf("%s and %s share the mark %q", a, s.action, s.symbol)
		}
		seen[s.symbol] = s.action
		switch s.action {
		case plan.ActionUpdate:
			update = s
		case plan.ActionDrift:
			drift = s
		}
	}
	if update.color == drift.color {
		t.Errorf("update and drift share the colour %s", update.color)
	}
}
