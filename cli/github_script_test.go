package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ncpimage/ncpimage/github"
	"github.com/ncpimage/ncpimage/github/githubtest"
)

// The repository and token of every script's fake GitHub. Scripts run
// ncpimage through gh-ncpimage, which fails when the token shows up in
// the output; gh-fake no-token checks everything else.
const (
	scriptGitHubRepo  = "acme/images"
	scriptGitHubToken = "ghs_scriptTOKEN0123456789abcdefXYZ"
	sleepLogEnv       = "NCPIMAGE_TEST_SLEEP_LOG"
)

var scriptFakes sync.Map // $WORK -> *githubtest.Server

func init() {
	scriptSetups = append(scriptSetups, setupGitHubFake)
	scriptCmds["gh-fake"] = cmdGitHubFake
	scriptCmds["gh-ncpimage"] = cmdGitHubNcpimage
	scriptCmds["gh-fake-big"] = cmdGitHubFakeBig
}

// scriptGitHubSleep is the GitHub backoff of the ncpimage the scripts
// run (this binary): it records the wait for the script to check, never
// sleeps; nil outside the GitHub scripts.
func scriptGitHubSleep() func(context.Context, time.Duration) error {
	log := os.Getenv(sleepLogEnv)
	if log == "" {
		return nil
	}
	return func(_ context.Context, d time.Duration) error {
		f, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(f, d)
		return errors.Join(err, f.Close())
	}
}

// setupGitHubFake starts a fake GitHub API on loopback for one script.
func setupGitHubFake(env *testscript.Env) error {
	fake := githubtest.New(scriptGitHubRepo, scriptGitHubToken)
	scriptFakes.Store(env.WorkDir, fake)
	env.Defer(func() {
		fake.Close()
		scriptFakes.Delete(env.WorkDir)
	})
	env.Setenv("GITHUB_API_URL", fake.URL)
	env.Setenv("GITHUB_REPOSITORY", scriptGitHubRepo)
	env.Setenv("GITHUB_TOKEN", scriptGitHubToken)
	env.Setenv("GH_FAKE_TOKEN", scriptGitHubToken) // to set GITHUB_TOKEN back after a change
	env.Setenv(sleepLogEnv, filepath.Join(env.WorkDir, "sleeps.log"))
	return nil
}

func scriptFake(ts *testscript.TestScript) *githubtest.Server {
	v, ok := scriptFakes.Load(ts.Getenv("WORK"))
	if !ok {
		ts.Fatalf("no fake GitHub for this script")
	}
	return v.(*githubtest.Server)
}

// gh-ncpimage ARGS...: exec ncpimage ARGS, then fail if the token of the
// fake is in its stdout or stderr.
func cmdGitHubNcpimage(ts *testscript.TestScript, neg bool, args []string) {
	err := ts.Exec("ncpimage", args...)
	for _, out := range []string{"stdout", "stderr"} {
		if strings.Contains(ts.ReadFile(out), scriptGitHubToken) {
			ts.Fatalf("the GitHub token is in the %s of ncpimage %s", out, strings.Join(args, " "))
		}
	}
	expect(ts, neg, err)
}

// gh-fake SUBCOMMAND ...: drive and inspect the fake GitHub API.
//
//	gh-fake comment PR LOGIN FILE        add a comment with FILE's content
//	gh-fake page-size N                  serve N comments a page
//	gh-fake fail METHOD PATH STATUS [times=N] [after] [echo-token] [body=FILE] [K:V]...
//	                                      fail matching requests (METHOD or PATH may be -)
//	gh-fake pulls SHA PR [merged]        the pull requests of commit SHA
//	gh-fake comments PR                  print the comments of PR
//	gh-fake count METHOD PATH OP N       assert a request count
//	gh-fake plan-digest FILE             print digest=<plan_digest of FILE>
//	gh-fake no-token                     the token is in no request body, comment or file of $WORK,
//	                                      nor sent to the artifact storage
//	gh-fake run WORKFLOW BRANCH SHA CONCLUSION  add a run of WORKFLOW (newest last)
//	gh-fake commits SHA...               append commits to the branch's history (compare reads it)
//	gh-fake artifact RUN NAME ZIP        add the artifact NAME, the zip archive ZIP, to run RUN
//	gh-fake zip ZIP FILE[=NAME]...       write a zip archive of FILEs (as NAME)
//	gh-fake ls DIR                       print the names in DIR, one a line
func cmdGitHubFake(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: gh-fake SUBCOMMAND ...")
	}
	fake := scriptFake(ts)
	switch sub, rest := args[0], args[1:]; sub {
	case "comment":
		need(ts, rest, 3)
		fake.AddComment(atoi(ts, rest[0]), rest[1], ts.ReadFile(rest[2]))
	case "page-size":
		need(ts, rest, 1)
		fake.PageSize = atoi(ts, rest[0])
	case "fail":
		fake.Fail(parseFault(ts, rest))
	case "pulls":
		fakePulls(ts, fake, rest)
	case "comments":
		need(ts, rest, 1)
		for _, c := range fake.Comments(atoi(ts, rest[0])) {
			_, _ = fmt.Fprintf(ts.Stdout(), "== comment %d by %s ==\n%s\n", c.ID, c.User.Login, c.Body)
		}
	case "count":
		need(ts, rest, 4)
		got := fake.Count(dash(rest[0]), dash(rest[1]))
		ok, err := compare(got, rest[2], atoi(ts, rest[3]))
		if err != nil || !ok {
			ts.Fatalf("gh-fake count %s %s: %d, want %s %s (%v)", rest[0], rest[1], got, rest[2], rest[3], err)
		}
	case "plan-digest":
		need(ts, rest, 1)
		_, _ = fmt.Fprintf(ts.Stdout(), "digest=%s\n", planDigest(ts, rest[0]))
	case "no-token":
		fakeNoToken(ts, fake)
	case "run":
		need(ts, rest, 4)
		fake.AddRun(rest[0], github.WorkflowRun{HeadBranch: rest[1], HeadSHA: rest[2], Status: "completed", Conclusion: rest[3]})
	case "commits":
		fake.AddCommits(rest...)
	case "artifact":
		need(ts, rest, 3)
		fake.AddArtifact(int64(atoi(ts, rest[0])), rest[1], []byte(ts.ReadFile(rest[2])))
	case "zip":
		fakeZip(ts, rest)
	case "ls":
		need(ts, rest, 1)
		entries, err := os.ReadDir(ts.MkAbs(rest[0]))
		ts.Check(err)
		for _, de := range entries {
			_, _ = fmt.Fprintln(ts.Stdout(), de.Name())
		}
	default:
		ts.Fatalf("gh-fake: unknown subcommand %q", sub)
	}
}

func need(ts *testscript.TestScript, args []string, n int) {
	if len(args) != n {
		ts.Fatalf("gh-fake: want %d arguments, got %q", n, args)
	}
}

func atoi(ts *testscript.TestScript, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		ts.Fatalf("gh-fake: %q is not a number", s)
	}
	return n
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

func parseFault(ts *testscript.TestScript, args []string) githubtest.Fault {
	if len(args) < 3 {
		ts.Fatalf("usage: gh-fake fail METHOD PATH STATUS [times=N] [after] [echo-token] [body=FILE] [K:V]...")
	}
	f := githubtest.Fault{Method: dash(args[0]), Path: dash(args[1]), Status: atoi(ts, args[2]), Header: map[string]string{}}
	for _, a := range args[3:] {
		switch k, v, _ := strings.Cut(a, "="); {
		case k == "times":
			f.Times = atoi(ts, v)
		case k == "after":
			f.After = true
		case k == "echo-token":
			f.Body = `{"message": "bad header: Bearer ` + scriptGitHubToken + `"}`
		case k == "body":
			f.Body = ts.ReadFile(v)
		case strings.Contains(a, ":"):
			hk, hv, _ := strings.Cut(a, ":")
			f.Header[hk] = hv
		default:
			ts.Fatalf("gh-fake fail: bad option %q", a)
		}
	}
	return f
}

func fakePulls(ts *testscript.TestScript, fake *githubtest.Server, args []string) {
	if len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: gh-fake pulls SHA PR [merged]")
	}
	p := github.Pull{Number: atoi(ts, args[1]), State: "open"}
	if len(args) == 3 && args[2] == "merged" {
		at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
		p.State, p.MergedAt, p.MergeCommitSHA = "closed", &at, args[0]
	}
	fake.SetPulls(args[0], []github.Pull{p})
}

// fakeNoToken fails when the token is in what ncpimage sent as data or
// left in $WORK (summaries, outputs, redirected logs).
func fakeNoToken(ts *testscript.TestScript, fake *githubtest.Server) {
	for _, r := range fake.Requests() {
		if strings.Contains(r.Body+r.Query+r.Path, scriptGitHubToken) {
			ts.Fatalf("the token was sent as data in %s %s", r.Method, r.Path)
		}
	}
	err := filepath.WalkDir(ts.Getenv("WORK"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(data), scriptGitHubToken) {
			return fmt.Errorf("the token is in %s", path)
		}
		return err
	})
	if err != nil {
		ts.Fatalf("%v", err)
	}
	if n := fake.LeakedAuth(); n != 0 {
		ts.Fatalf("%d requests to the artifact storage carried the Authorization header", n)
	}
}

// fakeZip writes a zip archive, as upload-artifact stores one.
func fakeZip(ts *testscript.TestScript, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: gh-fake zip ZIP FILE[=NAME]...")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, a := range args[1:] {
		file, name, ok := strings.Cut(a, "=")
		if !ok {
			name = filepath.Base(file)
		}
		w, err := zw.Create(name)
		ts.Check(err)
		_, err = w.Write([]byte(ts.ReadFile(file)))
		ts.Check(err)
	}
	ts.Check(zw.Close())
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b.Bytes(), 0o644))
}

// planDigest is the plan_digest of a saved plan (for gh-fake checks in
// scripts that post a real plan).
func planDigest(ts *testscript.TestScript, path string) string {
	var p struct {
		Digest string `json:"plan_digest"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile(path)), &p); err != nil {
		ts.Fatalf("read %s: %v", path, err)
	}
	return p.Digest
}

// gh-fake-big FILE BYTES: write a plan comment of at least BYTES bytes:
// the marker, an open <details> of numbered rows, the digest line.
func cmdGitHubFakeBig(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gh-fake-big FILE BYTES")
	}
	size := atoi(ts, args[1])
	var b strings.Builder
	b.WriteString(github.Marker + "\n<details><summary>rows</summary>\n\n")
	rows := 0
	for b.Len() < size {
		rows++
		fmt.Fprintf(&b, "| row %d | %s |\n", rows, strings.Repeat("x", 60))
	}
	b.WriteString("</details>\n\nPlan digest: `sha256:" + strings.Repeat("0", 64) + "`\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}
