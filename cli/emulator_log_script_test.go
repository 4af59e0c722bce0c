package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// serialWalk is what a walk of the emulator's request log found about
// the creates of each server.
type serialWalk struct {
	creates, refused, polls, calls int
	overlaps                       []string // a create accepted while an image of its server was INIT
	early                          []string // a refused create sent again before the images that kept its server busy finished
}

// walkCreates reads the log in order: an image is INIT from the
// createServerImage that made it to its INIT->CREAT (or CREFL) status
// entry; a create refused with 25013 waits, for its name, on the images
// of its server INIT at that moment.
func walkCreates(log []emulator.LogEntry) serialWalk {
	var w serialWalk
	initOf := map[string]map[string]bool{} // server -> INIT images made in the log
	pending := map[string][]string{}       // name -> images its next create must come after
	for _, e := range log {
		switch {
		case e.Action == "status":
			if e.FromStatus == "INIT" {
				delete(initOf[e.ServerInstanceNo], e.ServerImageNo)
			}
			continue
		case e.Action == "getServerImageList" && len(e.ServerImageNoList) > 0:
			w.polls++
		case e.Action == "createServerImage":
			w.check(e, initOf, pending)
		}
		w.calls++
	}
	return w
}

func (w *serialWalk) check(e emulator.LogEntry, initOf map[string]map[string]bool, pending map[string][]string) {
	server, name := e.ServerInstanceNo, e.ServerImageName
	for _, no := range pending[name] {
		if initOf[server][no] {
			w.early = append(w.early, fmt.Sprintf("#%d %s sent again while image %s of server %s was INIT", e.Seq, name, no, server))
		}
	}
	delete(pending, name)
	busy := sortedKeys(initOf[server])
	switch {
	case e.HTTPStatus == 200:
		w.creates++
		if len(busy) > 0 {
			w.overlaps = append(w.overlaps, fmt.Sprintf("#%d %s accepted while image %s of server %s was INIT",
				e.Seq, name, strings.Join(busy, ","), server))
		}
		if initOf[server] == nil {
			initOf[server] = map[string]bool{}
		}
		initOf[server][e.CreatedImageNo] = true
	case e.ReturnCode == "25013":
		w.refused++
		pending[name] = busy
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// logf reports the figures of a walk in the script's log.
func (w serialWalk) logf(ts *testscript.TestScript) {
	den := w.creates + w.polls + w.refused
	ts.Logf("emulator log: %d calls, %d creates accepted, %d refused as busy, %d polls: calls/(creates+polls+refused) = %d/%d = %.2f",
		w.calls, w.creates, w.refused, w.polls, w.calls, den, float64(w.calls)/float64(max(den, 1)))
}

// emu-check-serial: walk the emulator's request log and fail if a
// createServerImage was accepted for a server while an earlier image of
// that server was still INIT, or if a create refused with 25013 was sent
// again before every image of its server INIT at the refusal had logged
// its status change. Logs the calls ratio.
func cmdEmuCheckSerial(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: emu-check-serial")
	}
	w := walkCreates(scriptEmu(ts).Log())
	w.logf(ts)
	if bad := append(w.overlaps, w.early...); len(bad) > 0 {
		ts.Fatalf("emu-check-serial:\n%s", strings.Join(bad, "\n"))
	}
}

// emu-check-overlap: fail unless some create was accepted for a server
// while another image of that server was INIT (creates ran in parallel).
func cmdEmuCheckOverlap(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: emu-check-overlap")
	}
	w := walkCreates(scriptEmu(ts).Log())
	w.logf(ts)
	if len(w.overlaps) == 0 {
		ts.Fatalf("emu-check-overlap: no create was accepted while another image of its server was INIT")
	}
	ts.Logf("%s", strings.Join(w.overlaps, "\n"))
}
