package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ncpimage/ncpimage/spec"
)

// Effect is what one change does to the account, and all a review binds:
// the image's address, the action, and everything the action would send
// (the create request, the accounts shared and unshared, the image
// numbers deleted). Two changes with equal effects do the same thing,
// whatever else their plans observed. No-ops, drift, orphans kept,
// blocked images and waits that share nothing do nothing: they have no
// effect.
type Effect struct {
	Address     string         `json:"address"`
	Action      Action         `json:"action"`
	Request     *CreateRequest `json:"request,omitempty"`
	Deletes     []string       `json:"deletes,omitempty"`  // image numbers removed (delete, replace)
	ImageNo     string         `json:"image_no,omitempty"` // the image shared (update, wait)
	ShareAdd    []string       `json:"share_add,omitempty"`
	ShareRemove []string       `json:"share_remove,omitempty"`
}

// EffectOf returns the effect of ch, and false when ch changes nothing.
func EffectOf(ch *Change) (Effect, bool) {
	e := Effect{Address: ch.Address, Action: ch.Action, ShareAdd: ch.ShareAdd, ShareRemove: ch.ShareRemove}
	imageNo := ""
	if ch.Before != nil {
		imageNo = ch.Before.ImageNo
	}
	switch ch.Action {
	case ActionCreate:
		e.Request = ch.Request
	case ActionReplace:
		e.Request, e.Deletes = ch.Request, []string{imageNo}
	case ActionDelete:
		e.Deletes = []string{imageNo}
	case ActionUpdate:
		e.ImageNo = imageNo
	case ActionWait:
		if len(ch.ShareAdd)+len(ch.ShareRemove) == 0 {
			return Effect{}, false
		}
		e.ImageNo = imageNo
	default:
		return Effect{}, false
	}
	return e, true
}

// Refusal is a change no reviewed plan holds: its address and action,
// and why (what differs from the closest reviewed change).
type Refusal struct {
	Address string `json:"address"`
	Action  Action `json:"action"`
	Why     string `json:"why"`
}

func (r Refusal) String() string { return r.Address + " (" + string(r.Action) + "): " + r.Why }

// Unreviewed returns, in plan order, the changes of now whose effect no
// reviewed plan holds identically. Everything else of now — the changes
// some review saw, and whatever has no effect — is free to apply.
func Unreviewed(now *Plan, reviewed []*Plan) []Refusal {
	seen := map[string][]Effect{} // address -> the reviewed effects
	for _, p := range reviewed {
		for _, ch := range p.Changes {
			if e, ok := EffectOf(ch); ok {
				seen[e.Address] = append(seen[e.Address], e)
			}
		}
	}
	var out []Refusal
	for _, ch := range now.Changes {
		e, ok := EffectOf(ch)
		if !ok || slices.ContainsFunc(seen[e.Address], func(r Effect) bool { return sameJSON(r, e) }) {
			continue
		}
		out = append(out, Refusal{Address: e.Address, Action: e.Action, Why: whyUnreviewed(e, seen[e.Address])})
	}
	return out
}

// whyUnreviewed names what differs from the closest reviewed effect of
// the same address: the one with the fewest differing parts.
func whyUnreviewed(e Effect, reviewed []Effect) string {
	if len(reviewed) == 0 {
		return "no reviewed plan changes this image"
	}
	var best []string
	for _, r := range reviewed {
		d := effectDiff(r, e)
		if best == nil || len(d) < len(best) {
			best = d
		}
	}
	return "differs from the reviewed change in " + strings.Join(best, ", ")
}

// effectDiff names the parts of two effects that differ, "reviewed ->
// now" for the action.
func effectDiff(r, e Effect) []string {
	var out []string
	if r.Action != e.Action {
		out = append(out, "action "+string(r.Action)+" -> "+string(e.Action))
	}
	var rr, er CreateRequest
	if r.Request != nil {
		rr = *r.Request
	}
	if e.Request != nil {
		er = *e.Request
	}
	// the rebuild value rides in the description's marker: name it apart
	rd, _, rb, _ := spec.ParseMarker(rr.Description)
	ed, _, eb, _ := spec.ParseMarker(er.Description)
	for _, f := range []struct {
		name string
		x, y any
	}{
		{"source server", rr.ServerInstanceNo, er.ServerInstanceNo}, {"name", rr.Name, er.Name},
		{"description", rd, ed}, {"rebuild " + quoteOrNone(rb) + " -> " + quoteOrNone(eb), rb, eb},
		{"block storages", rr.BlockStorages, er.BlockStorages},
		{"images deleted", r.Deletes, e.Deletes}, {"image shared", r.ImageNo, e.ImageNo},
		{"accounts shared", r.ShareAdd, e.ShareAdd}, {"accounts unshared", r.ShareRemove, e.ShareRemove},
	} {
		if !sameJSON(f.x, f.y) {
			out = append(out, f.name)
		}
	}
	if len(out) == 0 { // the region, only part of the address, or the marker's catalog
		out = append(out, "request")
	}
	return out
}

// quoteOrNone quotes a rebuild value, "none" when there is none.
func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return strconv.Quote(s)
}
