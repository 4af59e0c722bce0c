package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ncpimage/ncpimage/ncloud"
	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

func init() {
	scriptCmds["emu-log"] = cmdEmuLog
	scriptCmds["emu-share"] = cmdEmuShare
	scriptCmds["emu-busy-on-share"] = cmdEmuBusyOnShare
}

// emu-log ACTION...: print, oldest first, the request log entries of
// these actions (or "status" for image status transitions), one a line:
// "ACTION IMAGE [LOGIN-ID...] (CODE)" or "status IMAGE FROM->TO", the
// image by name where the account still has it.
func cmdEmuLog(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: emu-log ACTION...")
	}
	emu := scriptEmu(ts)
	names := map[string]string{}
	for _, r := range emu.Regions() {
		for _, im := range emu.Images(r) {
			names[im.No] = im.Name
		}
	}
	var b strings.Builder
	for _, en := range emu.Log() {
		if !slices.Contains(args, en.Action) {
			continue
		}
		img := en.ServerImageName
		if img == "" {
			img = names[en.ServerImageNo]
		}
		if img == "" {
			img = en.ServerImageNo
		}
		if en.Action == "status" {
			fmt.Fprintf(&b, "status %s %s->%s\n", img, en.FromStatus, en.ToStatus)
			continue
		}
		words := append([]string{en.Action, img}, en.TargetLoginIDList...)
		fmt.Fprintf(&b, "%s (%s)\n", strings.Join(words, " "), en.ReturnCode)
	}
	_, _ = io.WriteString(ts.Stdout(), b.String())
}

// emu-share REGION NAME [LOGIN-ID...]: share the image exactly with these
// accounts, as someone else would: by the sharing actions over the API,
// signed with the script's key (so they are in the log and the counters).
func cmdEmuShare(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: emu-share REGION NAME [LOGIN-ID...]")
	}
	region, name, want := args[0], args[1], args[2:]
	var img *emulator.Image
	for _, im := range scriptEmu(ts).Images(region) {
		if im.Name == name && im.Operation != "TERMT" {
			img = &im
		}
	}
	if img == nil {
		ts.Fatalf("emu-share: no image %q in %s", name, region)
	}
	c, err := ncloud.New(ncloud.WithEndpoint(ts.Getenv("NCLOUD_API_GW")),
		ncloud.WithCredentials(ncloud.Credentials{AccessKey: scriptAccessKey, SecretKey: scriptSecretKey}))
	ts.Check(err)
	var add, remove []string
	for _, id := range want {
		if !slices.Contains(img.SharedLoginIDs, id) {
			add = append(add, id)
		}
	}
	for _, id := range img.SharedLoginIDs {
		if !slices.Contains(want, id) {
			remove = append(remove, id)
		}
	}
	ctx := context.Background()
	ts.Check(c.AddServerImageSharingPermission(ctx, region, img.No, add))
	ts.Check(c.RemoveServerImageSharingPermission(ctx, region, img.No, remove))
}

// busyOnShare holds, per script, the images ("REGION/NAME") whose next
// sharing request finds them busy.
var busyOnShare sync.Map // $WORK -> *busySet

type busySet struct {
	mu     sync.Mutex
	images map[string]bool
}

// emu-busy-on-share REGION NAME: the next sharing request for this image
// finds it being created again (its status is forced to INIT just before
// the emulator handles the request, and images being created stay INIT
// for the rest of the script), so the emulator refuses it with its own
// 3400018, deterministically, after any plan has seen it CREAT.
func cmdEmuBusyOnShare(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: emu-busy-on-share REGION NAME")
	}
	v, _ := busyOnShare.LoadOrStore(ts.Getenv("WORK"), &busySet{images: map[string]bool{}})
	s := v.(*busySet)
	s.mu.Lock()
	s.images[args[0]+"/"+args[1]] = true
	s.mu.Unlock()
}

// scriptHandler serves the emulator of a script, with the hook of
// emu-busy-on-share in front of it.
func scriptHandler(emu *emulator.Emulator, work string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		action := strings.TrimPrefix(r.URL.Path, "/vserver/v2/")
		holdCreate(work, action, r)
		if v, ok := busyOnShare.Load(work); ok && strings.HasSuffix(action, "ServerImageSharingPermission") {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			form, _ := url.ParseQuery(string(body))
			v.(*busySet).hold(emu, form.Get("regionCode"), form.Get("serverImageNo"))
		}
		emu.ServeHTTP(w, r)
	})
}

// hold forces the image numbered no to INIT when it is armed, once.
func (s *busySet) hold(emu *emulator.Emulator, region, no string) {
	if region == "" {
		region = emu.Regions()[0]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, im := range emu.Images(region) {
		if key := region + "/" + im.Name; im.No == no && s.images[key] {
			delete(s.images, key)
			emu.UpdateOptions(func(o *emulator.Options) { o.CreateDelay = 1 << 62 }) // stays INIT
			_ = emu.SetImageStatus(region, im.Name, "INIT")
		}
	}
}
