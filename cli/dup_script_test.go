package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// heldCreates maps a script's $WORK to its armed create barrier.
var heldCreates sync.Map

func init() {
	scriptCmds["emu-hold-creates"] = cmdEmuHoldCreates
	scriptCmds["emu-image-code"] = cmdEmuImageCode
}

// createBarrier holds each createServerImage of a name until n creates of
// that name have arrived, then lets them all through at once: n applies
// started together are made to create every name side by side, the race
// that makes duplicates, without a sleep.
type createBarrier struct {
	n     int
	mu    sync.Mutex
	names map[string]*nameGate
}

type nameGate struct {
	arrived int
	open    chan struct{}
}

// emu-hold-creates N: from now on, hold the creates of each name until N
// of them have arrived (at most 30 s, then they go on).
func cmdEmuHoldCreates(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: emu-hold-creates N")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		ts.Fatalf("emu-hold-creates: bad count %q", args[0])
	}
	heldCreates.Store(ts.Getenv("WORK"), &createBarrier{n: n, names: map[string]*nameGate{}})
}

// holdCreate blocks a create request of the script at work at its
// barrier, if one is armed.
func holdCreate(work, action string, r *http.Request) {
	v, ok := heldCreates.Load(work)
	if !ok || action != "createServerImage" {
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	form, _ := url.ParseQuery(string(body))
	v.(*createBarrier).wait(form.Get("regionCode") + "/" + form.Get("serverImageName"))
}

func (b *createBarrier) wait(name string) {
	b.mu.Lock()
	g := b.names[name]
	if g == nil {
		g = &nameGate{open: make(chan struct{})}
		b.names[name] = g
	}
	g.arrived++
	if g.arrived == b.n {
		close(g.open)
	}
	b.mu.Unlock()
	select {
	case <-g.open:
	case <-time.After(30 * time.Second): // a bound, not a wait for state: the script fails on the result
	}
}

// emu-image-code REGION NAME CODE [STATUSNAME]: give an image a status
// code of any kind, documented or not (operation NULL).
func cmdEmuImageCode(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 && len(args) != 4 {
		ts.Fatalf("usage: emu-image-code REGION NAME CODE [STATUSNAME]")
	}
	statusName := ""
	if len(args) == 4 {
		statusName = args[3]
	}
	expect(ts, neg, scriptEmu(ts).SetImageStatusCode(args[0], args[1], args[2], statusName))
}
