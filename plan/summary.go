package plan

import "fmt"

// String is the frozen summary line of the text output, e.g.
// "Plan: 3 to create, 1 to update, 0 to replace, 0 to delete. 12 unchanged, 1 waiting, 1 drifted, 0 blocked."
// Orphans (kept: no --prune, or declared in a file not loaded) are
// counted at the end when there are any ("..., 0 blocked, 2 orphaned."),
// so the line stays what it was for every plan without one.
func (s Summary) String() string {
	line := fmt.Sprintf("Plan: %d to create, %d to update, %d to replace, %d to delete. %d unchanged, %d waiting, %d drifted, %d blocked",
		s.Create, s.Update, s.Replace, s.Delete, s.Unchanged, s.Waiting, s.Drifted, s.Blocked)
	if s.Orphaned > 0 {
		line += fmt.Sprintf(", %d orphaned", s.Orphaned)
	}
	return line + "."
}
