package reconcile_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ncpimage/ncpimage/plan"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
	"github.com/ncpimage/ncpimage/reconcile"
	"github.com/ncpimage/ncpimage/spec"
)

// busyAccount is an emulated account whose server web-01 refuses a
// create while an image of it is INIT.
func busyAccount(t *testing.T, delay time.Duration) (*emulator.Emulator, reconcile.API) {
	t.Helper()
	emu, client := account(t, 0)
	emu.UpdateOptions(func(o *emulator.Options) { o.BusyWhileImaging, o.CreateDelay = true, delay })
	return emu, client
}

func busyPlan(t *testing.T, api reconcile.API, n int) *plan.Plan {
	t.Helper()
	p, _, err := (&reconcile.Planner{API: api}).Plan(context.Background(), catalog(n))
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p
}

// refused counts the creates the emulator refused as busy.
func refused(emu *emulator.Emulator) int {
	n := 0
	for _, e := range emu.Log() {
		if e.Action == "createServerImage" && e.ReturnCode == "25013" {
			n++
		}
	}
	return n
}

func TestApplyBusyServerCreatesOneAfterAnother(t *testing.T) {
	tests := []struct {
		name        string
		perServer   int
		wantRefused func(int) bool
	}{
		{name: "no bound: the first wave is refused, then one at a time", wantRefused: func(n int) bool { return n >= 1 && n <= 3 }},
		{name: "--per-server 1: never refused", perServer: 1, wantRefused: func(n int) bool { return n == 0 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			emu, api := busyAccount(t, 40*time.Millisecond)
			a := reconcile.Applier{API: api, Parallelism: 4, PerServer: tc.perServer, PollInterval: 5 * time.Millisecond,
				Timeout: 10 * time.Second, Grace: time.Second}
			var waiting int
			a.Progress = func(e plan.Event) {
				if strings.HasPrefix(e.Message, "waiting for web-01 (1001001): ") {
					waiting++
				}
			}
			rep := a.Apply(context.Background(), busyPlan(t, api, 4))
			for _, res := range rep.Items {
				if res.Outcome != plan.OutcomeCreated {
					t.Errorf("%s: %s %s", res.Address, res.Outcome, res.Reason)
				}
			}
			if n := refused(emu); !tc.wantRefused(n) {
				t.Errorf("%d creates refused as busy", n)
			}
			if waiting == 0 {
				t.Errorf("no progress event said an image was waiting for web-01")
			}
		})
	}
}

func TestApplyBusyServerTimesOut(t *testing.T) {
	emu, api := busyAccount(t, time.Hour)
	p := busyPlan(t, api, 1) // planned while web-01 is idle
	// another apply's image keeps web-01 busy for the whole run
	seed := emulator.Seed{Images: []emulator.SeedImage{{Region: "KR", Name: "foreign", Status: "INIT", ServerNo: "1001001",
		Description: spec.WithMarker("x", "other")}}}
	if err := emu.Seed(seed); err != nil {
		t.Fatal(err)
	}
	a := reconcile.Applier{API: api, PollInterval: 5 * time.Millisecond, Timeout: 100 * time.Millisecond, Grace: time.Second}
	rep := a.Apply(context.Background(), p)
	res := rep.Items[0]
	if res.Outcome != plan.OutcomeFailed || !strings.HasPrefix(res.Reason, "still waiting for web-01 (1001001) after 100ms") {
		t.Errorf("outcome %s, reason %q; want failed, still waiting for web-01", res.Outcome, res.Reason)
	}
	if n := refused(emu); n < 1 || n > 5 {
		t.Errorf("%d refused creates in 100ms with a backoff from 5ms, want 1..5", n)
	}
}
