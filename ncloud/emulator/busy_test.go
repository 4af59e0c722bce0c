package emulator

import (
	"net/url"
	"testing"
	"time"
)

func serverOp(h *harness, no string) string {
	h.t.Helper()
	res := h.ok("getServerInstanceList", url.Values{"serverInstanceNoList.1": {no}})
	return res.Servers[0].ServerInstanceOperation.Code
}

// With BusyWhileImaging a server is busy while one of its images is INIT:
// listed with operation CREAT, and a second create is refused with 25013
// until the image is CREAT (or CREFL, or deleted).
func TestBusyWhileImaging(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute, DeleteDelay: time.Hour, BusyWhileImaging: true})
	if op := serverOp(h, "101"); op != "NULL" {
		t.Fatalf("idle server lists %s", op)
	}
	first := h.create("first", nil)
	if op := serverOp(h, "101"); op != "CREAT" {
		t.Errorf("imaging server lists %s, want CREAT", op)
	}
	detail := h.ok("getServerInstanceDetail", url.Values{"serverInstanceNo": {"101"}})
	if op := detail.Servers[0].ServerInstanceOperation.Code; op != "CREAT" {
		t.Errorf("detail lists %s", op)
	}
	if op := serverOp(h, "102"); op != "NULL" {
		t.Errorf("another server lists %s", op)
	}
	if status, e := h.apiErr("createServerImage", form("second")); status != 400 || e.ReturnCode != codeInOperation {
		t.Errorf("second create: %d %+v", status, e)
	}
	h.create("other", url.Values{"serverInstanceNo": {"102"}}) // another server is not busy
	h.clock.Add(time.Minute)
	if op := serverOp(h, "101"); op != "NULL" {
		t.Errorf("after the image is CREAT the server lists %s", op)
	}
	second := h.create("second", nil)
	h.ok("deleteServerImage", url.Values{"serverImageNoList.1": {second.ServerImageNo}})
	if op := serverOp(h, "101"); op != "NULL" {
		t.Errorf("after deleting the INIT image the server lists %s", op)
	}
	if got := h.emu.Images("KR")[0]; got.No != first.ServerImageNo || got.ServerNo != "101" {
		t.Errorf("Images()[0]: %+v", got)
	}
	// UpdateOptions switches it off: a server with an INIT image is idle.
	h.create("third", nil)
	h.emu.UpdateOptions(func(o *Options) { o.BusyWhileImaging = false })
	if op := serverOp(h, "101"); op != "NULL" {
		t.Errorf("BusyWhileImaging off: server lists %s", op)
	}
	h.create("fourth", nil)
}

// By default a server takes a second create while its first image is INIT.
func TestNotBusyWhileImagingByDefault(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Minute})
	h.create("first", nil)
	if op := serverOp(h, "101"); op != "NULL" {
		t.Errorf("server lists %s", op)
	}
	h.create("second", nil)
}

// A seeded INIT image naming its server keeps that server busy.
func TestBusyWhileImagingSeeded(t *testing.T) {
	h := newHarness(t, Options{CreateDelay: time.Hour, BusyWhileImaging: true})
	s, err := ParseSeed([]byte("images: [{region: KR, name: pending, status: INIT, serverNo: '102'}]"))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.emu.Seed(s); err != nil {
		t.Fatal(err)
	}
	if op := serverOp(h, "102"); op != "CREAT" {
		t.Errorf("server lists %s", op)
	}
	if got := h.emu.Images("KR")[0].ServerNo; got != "102" {
		t.Errorf("ServerNo %q", got)
	}
	s, _ = ParseSeed([]byte("images: [{region: KR, name: x, serverNo: '201'}]"))
	if err := h.emu.Seed(s); err == nil {
		t.Error("image seeded with a server of another region")
	}
}
