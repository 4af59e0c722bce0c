package report

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/plan"
)

// section is how one action is titled and marked in text and markdown.
type section struct {
	action plan.Action
	symbol string
	title  string
	color  string // ANSI SGR
}

var sections = []section{
	{plan.ActionCreate, "+", "Images to create", "32"},
	{plan.ActionUpdate, "~", "Images to update (sharing: accounts added, then removed)", "33"},
	{plan.ActionReplace, "-/+", "Images to replace (delete, wait until gone, create)", "33"},
	{plan.ActionDelete, "-", "Images to delete (pruned)", "31"},
	{plan.ActionWait, "*", "Images still being created (apply waits for them)", "36"},
	{plan.ActionBlocked, "!", "Blocked images (apply refuses them)", "31"},
	{plan.ActionDrift, "!=", "Drifted images (reported only: images are immutable; a new rebuild: value, or --replace NAME, recreates one)", "34"},
	{plan.ActionOrphan, "?", "Orphaned images (this catalog's marker, in no loaded file; kept, each for the reason given)", "35"},
}

// titleOf is the heading of an action's section, the same in every
// format.
func titleOf(a plan.Action) string {
	for _, s := range sections {
		if s.action == a {
			return s.title
		}
	}
	return string(a)
}

// byAction groups changes by action, keeping their order.
func byAction(p *plan.Plan) map[plan.Action][]*plan.Change {
	m := map[plan.Action][]*plan.Change{}
	for _, ch := range p.Changes {
		m[ch.Action] = append(m[ch.Action], ch)
	}
	return m
}

func where(ch *plan.Change) string {
	if ch.Source == nil || ch.Source.File == "" {
		return ""
	}
	return ch.Source.String()
}

// pruneScopeLines say what a prune was decided from: the files each
// catalog was loaded from, and the root whose other files were checked.
func pruneScopeLines(ps *plan.PruneScope) []string {
	if ps == nil {
		return nil
	}
	cats := make([]string, 0, len(ps.Files))
	for c := range ps.Files {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	var out []string
	for _, c := range cats {
		out = append(out, "(catalog "+c+" loaded from "+strings.Join(ps.Files[c], ", ")+")")
	}
	if ps.Root != "" {
		out = append(out, "(the other catalog files under "+ps.Root+" were checked: none lists these images)")
	}
	return out
}

// sameServerLines say, per source server of two or more creates (and
// replaces), that NCP may refuse to image it twice at once: ncpimage
// cannot know in advance, so apply tries and, if refused, creates them
// one after another.
func sameServerLines(changes ...[]*plan.Change) []string {
	count := map[string]int{}
	var order []string
	for _, group := range changes {
		for _, ch := range group {
			if ch.Request == nil {
				continue
			}
			label := ch.ServerLabel()
			if count[label] == 0 {
				order = append(order, label)
			}
			count[label]++
		}
	}
	var out []string
	for _, label := range order {
		if n := count[label]; n >= 2 {
			out = append(out, label+": "+strconv.Itoa(n)+" images; NCP may not image a server twice at once: "+
				"apply creates them one after another if it refuses")
		}
	}
	return out
}

// details are the lines explaining one change.
func details(ch *plan.Change) []string {
	switch ch.Action {
	case plan.ActionCreate:
		return append(requestLines(ch), shareLines(ch, "then share with ")...)
	case plan.ActionUpdate:
		lines := shareLines(ch, "")
		for _, d := range driftLines(ch) {
			lines = append(lines, "drift (reported only): "+d)
		}
		return lines
	case plan.ActionReplace:
		what := "replaces the image"
		if ch.Before != nil && ch.Before.ImageNo != "" {
			what = "replaces image " + ch.Before.ImageNo
		}
		return append(append([]string{what + ": " + ch.Message}, requestLines(ch)...), shareLines(ch, "then share with ")...)
	case plan.ActionWait:
		return append([]string{ch.Message}, shareLines(ch, "then share: ")...)
	case plan.ActionBlocked:
		out := make([]string, len(ch.Problems))
		for i, pr := range ch.Problems {
			out[i] = pr.String()
		}
		return out
	case plan.ActionDrift:
		return driftLines(ch)
	}
	if ch.Message != "" {
		return []string{ch.Message}
	}
	return nil
}

func driftLines(ch *plan.Change) []string {
	out := make([]string, len(ch.Diffs))
	for i, d := range ch.Diffs {
		out[i] = d.Field + ": catalog " + strconv.Quote(d.Declared) + ", account " + strconv.Quote(d.Actual)
		if d.Source.File != "" {
			out[i] = d.Source.String() + ": " + out[i]
		}
	}
	return out
}

// shareLines are the sharing calls of a change: one "+id" or "-id" line
// per account for an update (adds first, as apply does them); one line
// after prefix for the sharing done after a create or a wait.
func shareLines(ch *plan.Change, prefix string) []string {
	var ids []string
	for _, id := range ch.ShareAdd {
		ids = append(ids, "+"+id)
	}
	for _, id := range ch.ShareRemove {
		ids = append(ids, "-"+id)
	}
	switch {
	case len(ids) == 0:
		return nil
	case prefix == "":
		return ids
	case ch.Action != plan.ActionWait:
		return []string{prefix + strings.Join(ch.ShareAdd, ", ")}
	}
	return []string{prefix + strings.Join(ids, ", ")}
}

func requestLines(ch *plan.Change) []string {
	r, a := ch.Request, ch.After
	if r == nil || a == nil {
		return nil
	}
	server := a.ServerName
	if server == "" {
		server = r.ServerInstanceNo
	} else {
		server += " (" + r.ServerInstanceNo + ")"
	}
	lines := []string{"from server " + server}
	if len(a.BlockStorages) > 0 {
		lines = append(lines, "disks: "+disks(a.BlockStorages))
	}
	if a.Description != "" {
		lines = append(lines, "description: "+strconv.Quote(a.Description))
	}
	return lines
}

func disks(blocks []plan.Block) string {
	parts := make([]string, len(blocks))
	for i, b := range blocks {
		parts[i] = disk(b)
	}
	return strings.Join(parts, "; ")
}

func disk(b plan.Block) string {
	s := strconv.Itoa(b.Order) + ": "
	switch {
	case b.Exclude:
		return s + "excluded"
	case b.Empty:
		s += "new"
	case b.SnapshotName != "":
		s += "snapshot " + b.SnapshotName
		if b.SnapshotInstanceNo != "" {
			s += " (" + b.SnapshotInstanceNo + ")"
		}
	case b.SnapshotInstanceNo != "":
		s += "snapshot " + b.SnapshotInstanceNo
	default:
		s += "as on the server"
	}
	if b.SizeGB > 0 {
		s += " " + strconv.Itoa(b.SizeGB) + " GB"
	}
	if b.VolumeType != "" {
		s += " " + b.VolumeType
	}
	return s
}

// noChanges is true when there is nothing to do and nothing to report.
func noChanges(s plan.Summary) bool {
	return !s.HasChanges() && s.Waiting+s.Drifted+s.Blocked+s.Orphaned == 0
}

func noChangesLine(s plan.Summary) string {
	return "No changes. " + plural(s.Unchanged, "image matches", "images match") + " the catalogs."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
