package cli

import (
	"fmt"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ncpimage/ncpimage/ncloud/emulator"
)

// Credentials every script runs with. They open only the emulator the
// setup starts; scripts may check that the secret never shows up.
const (
	scriptAccessKey   = "ncpimage-test-access"
	scriptSecretKey   = "ncpimage-test-secret-0123456789"
	scriptCreateDelay = 300 * time.Millisecond
)

// scriptEmus maps a script's $WORK directory to its emulator, so the
// emu-* commands reach the emulator of the script that runs them.
var scriptEmus sync.Map

func init() {
	scriptSetups = append(scriptSetups, setupEmulator)
	scriptCmds["emu-seed"] = cmdEmuSeed
	scriptCmds["emu-faults"] = cmdEmuFaults
	scriptCmds["emu-calls"] = cmdEmuCalls
	scriptCmds["emu-wait-calls"] = cmdEmuWaitCalls
	scriptCmds["emu-reset-calls"] = cmdEmuResetCalls
	scriptCmds["emu-image-status"] = cmdEmuImageStatus
	scriptCmds["emu-images"] = cmdEmuImages
	scriptCmds["emu-option"] = cmdEmuOption
	scriptCmds["emu-mark-file"] = cmdEmuMarkFile
	scriptCmds["emu-wait-file"] = cmdEmuWaitFile
	scriptCmds["emu-check-serial"] = cmdEmuCheckSerial
	scriptCmds["emu-check-overlap"] = cmdEmuCheckOverlap
}

// setupEmulator starts an emulator seeded with the sandbox account (plus
// the test key) for one script and points the ncpimage environment at it.
func setupEmulator(env *testscript.Env) error {
	seed, err := emulator.ParseSeed(sandboxSeed)
	if err != nil {
		return err
	}
	emu := emulator.New(emulator.Options{
		Accounts:    []emulator.Account{{AccessKey: scriptAccessKey, SecretKey: scriptSecretKey}},
		CreateDelay: scriptCreateDelay,
		RandSeed:    1,
	})
	if err := emu.Seed(seed); err != nil {
		return err
	}
	srv := httptest.NewServer(scriptHandler(emu, env.WorkDir))
	scriptEmus.Store(env.WorkDir, emu)
	env.Defer(func() {
		srv.Close()
		scriptEmus.Delete(env.WorkDir)
	})
	env.Setenv("NCLOUD_API_GW", srv.URL)
	env.Setenv("NCLOUD_ACCESS_KEY", scriptAccessKey)
	env.Setenv("NCLOUD_SECRET_KEY", scriptSecretKey)
	env.Setenv("NCLOUD_REGION", "KR")
	return nil
}

// scriptEmu returns the emulator of the running script.
func scriptEmu(ts *testscript.TestScript) *emulator.Emulator {
	v, ok := scriptEmus.Load(ts.Getenv("WORK"))
	if !ok {
		ts.Fatalf("no emulator for this script")
	}
	return v.(*emulator.Emulator)
}

// emu-seed FILE: add the objects of a seed YAML file to the account.
func cmdEmuSeed(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: emu-seed FILE")
	}
	seed, err := emulator.ParseSeed([]byte(ts.ReadFile(args[0])))
	if err == nil {
		err = scriptEmu(ts).Seed(seed)
	}
	expect(ts, neg, err)
}

// emu-faults KEY=VALUE...: replace the injected faults. Keys: rate-limit,
// burst, error-rate, latency, drop-rate, create-504-rate, page-cap,
// understate-total-rows; none = no faults.
func cmdEmuFaults(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! emu-faults")
	}
	var f emulator.Faults
	for _, a := range args {
		k, v, _ := strings.Cut(a, "=")
		if err := setFault(&f, k, v); err != nil {
			ts.Fatalf("emu-faults: %v", err)
		}
	}
	scriptEmu(ts).SetFaults(f)
}

func setFault(f *emulator.Faults, key, val string) error {
	var err error
	switch key {
	case "rate-limit":
		f.RateLimit, err = strconv.ParseFloat(val, 64)
	case "burst":
		f.Burst, err = strconv.Atoi(val)
	case "error-rate":
		f.ErrorRate, err = strconv.ParseFloat(val, 64)
	case "latency":
		f.Latency, err = time.ParseDuration(val)
	case "drop-rate":
		f.DropRate, err = strconv.ParseFloat(val, 64)
	case "create-504-rate":
		f.Create504Rate, err = strconv.ParseFloat(val, 64)
	case "page-cap":
		f.PageCap, err = strconv.Atoi(val)
	case "understate-total-rows":
		f.TotalRowsUnderstate, err = strconv.Atoi(val)
	default:
		return fmt.Errorf("unknown fault %q", key)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// emu-calls ACTION OP N: assert a request counter, e.g.
// "emu-calls createServerImage == 2" or "emu-calls total <= 8".
func cmdEmuCalls(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: emu-calls ACTION OP N")
	}
	want, err := strconv.Atoi(args[2])
	if err != nil {
		ts.Fatalf("emu-calls: bad count %q", args[2])
	}
	got := scriptEmu(ts).Calls()[args[0]]
	ok, err := compare(got, args[1], want)
	if err != nil {
		ts.Fatalf("emu-calls: %v", err)
	}
	if ok == neg {
		ts.Fatalf("emu-calls: %s = %d, want %s%s %d", args[0], got, map[bool]string{true: "not "}[neg], args[1], want)
	}
}

// emu-wait-calls ACTION OP N: wait until a request counter satisfies the
// condition, e.g. "emu-wait-calls getServerImageList >= 2" while a
// background ncpimage runs: the explicit state change a script waits for
// before it changes the account under the command's feet. Bounded: fails
// after 30 s.
func cmdEmuWaitCalls(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: emu-wait-calls ACTION OP N")
	}
	want, err := strconv.Atoi(args[2])
	if err != nil {
		ts.Fatalf("emu-wait-calls: bad count %q", args[2])
	}
	emu := scriptEmu(ts)
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := emu.Calls()[args[0]]
		ok, err := compare(got, args[1], want)
		if err != nil {
			ts.Fatalf("emu-wait-calls: %v", err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("emu-wait-calls: %s = %d after 30s, want %s %d", args[0], got, args[1], want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func compare(got int, op string, want int) (bool, error) {
	switch op {
	case "==":
		return got == want, nil
	case "!=":
		return got != want, nil
	case "<":
		return got < want, nil
	case "<=":
		return got <= want, nil
	case ">":
		return got > want, nil
	case ">=":
		return got >= want, nil
	}
	return false, fmt.Errorf("unknown operator %q (want == != < <= > >=)", op)
}

// emu-reset-calls: set every request counter back to zero.
func cmdEmuResetCalls(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: emu-reset-calls")
	}
	scriptEmu(ts).ResetCalls()
}

// emu-image-status REGION NAME STATUS: force an image's status (INIT,
// CREAT or CREFL).
func cmdEmuImageStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: emu-image-status REGION NAME STATUS")
	}
	expect(ts, neg, scriptEmu(ts).SetImageStatus(args[0], args[1], args[2]))
}

// emu-images REGION: print "name status" per image, sorted, to stdout
// (for a following cmp or stdout check).
func cmdEmuImages(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: emu-images REGION")
	}
	var lines []string
	for _, im := range scriptEmu(ts).Images(args[0]) {
		status := im.Status
		if im.Operation == "TERMT" {
			status = "TERMT"
		}
		lines = append(lines, im.Name+" "+status+"\n")
	}
	sort.Strings(lines)
	_, _ = fmt.Fprint(ts.Stdout(), strings.Join(lines, ""))
}

// emu-option allow-duplicate-names | busy-while-imaging | create-delay=DUR |
// delete-delay=DUR | failure-rate=F: change an emulator option for the rest of the script.
func cmdEmuOption(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: emu-option OPTION...")
	}
	for _, a := range args {
		if err := setOption(scriptEmu(ts), a); err != nil {
			ts.Fatalf("emu-option: %v", err)
		}
	}
}

func setOption(emu *emulator.Emulator, arg string) error {
	key, val, _ := strings.Cut(arg, "=")
	var set func(o *emulator.Options)
	switch key {
	case "allow-duplicate-names":
		set = func(o *emulator.Options) { o.AllowDuplicateNames = val != "false" }
	case "busy-while-imaging":
		set = func(o *emulator.Options) { o.BusyWhileImaging = val != "false" }
	case "create-delay", "delete-delay":
		d, err := time.ParseDuration(val)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		set = func(o *emulator.Options) {
			if key == "create-delay" {
				o.CreateDelay = d
			} else {
				o.DeleteDelay = d
			}
		}
	case "failure-rate":
		r, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		set = func(o *emulator.Options) { o.CreateFailureRate = r }
	default:
		return fmt.Errorf("unknown option %q", key)
	}
	emu.UpdateOptions(set)
	return nil
}

// fileMarks holds the files emu-mark-file saw, by absolute path.
var fileMarks sync.Map

// emu-mark-file FILE: remember which file FILE is now, so a later
// emu-wait-file waits for a new one (a background emulator replaces its
// state file atomically when it starts).
func cmdEmuMarkFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: emu-mark-file FILE")
	}
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	fileMarks.Store(ts.MkAbs(args[0]), fi)
}

// emu-wait-file FILE: wait (up to 20s) until FILE exists and is not the
// file emu-mark-file saw. The other process has no clock to inject, so
// this polls.
func cmdEmuWaitFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: emu-wait-file FILE")
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(20 * time.Second)
	for {
		fi, err := os.Stat(path)
		old, marked := fileMarks.Load(path)
		if err == nil && (!marked || !os.SameFile(fi, old.(os.FileInfo))) {
			fileMarks.Delete(path)
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("emu-wait-file: no new %s appeared", args[0])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// expect fails the script when err disagrees with the command's polarity.
func expect(ts *testscript.TestScript, neg bool, err error) {
	switch {
	case err != nil && !neg:
		ts.Fatalf("%v", err)
	case err == nil && neg:
		ts.Fatalf("unexpected success")
	case err != nil:
		ts.Logf("%v", err)
	}
}
