package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionScripts checks that each script names every visible
// command and, for apply, --auto-approve, and that the shells installed
// here (bash always; zsh and fish when present) accept its syntax.
func TestCompletionScripts(t *testing.T) {
	e := &env{}
	var names []string
	for _, c := range e.newApp().Commands {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	tests := []struct {
		shell string
		check []string // the syntax check: argv before the script's path
	}{
		{shell: "bash", check: []string{"bash", "-n"}},
		{shell: "zsh", check: []string{"zsh", "-n"}},
		{shell: "fish", check: []string{"fish", "--no-execute"}},
	}
	for _, tt := range tests {
		t.Run(tt.shell, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run([]string{"ncpimage", "completion", tt.shell}, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			script := stdout.String()
			flag := func(n string) string { return "--" + n }
			if tt.shell == "fish" {
				flag = func(n string) string { return "-l " + n }
			}
			for _, n := range append(names, flag("auto-approve"), flag("check")) {
				if !strings.Contains(script, n) {
					t.Errorf("script does not mention %q", n)
				}
			}
			if _, err := exec.LookPath(tt.check[0]); err != nil {
				t.Skipf("%s is not installed: syntax not checked", tt.check[0])
			}
			path := filepath.Join(t.TempDir(), "ncpimage."+tt.shell)
			if err := os.WriteFile(path, stdout.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(tt.check[0], append(tt.check[1:], path)...).CombinedOutput(); err != nil {
				t.Errorf("%s: %v\n%s", strings.Join(tt.check, " "), err, out)
			}
		})
	}
}

// TestBashCompletionWorks runs the bash function on a few command lines.
func TestBashCompletionWorks(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	var stdout bytes.Buffer
	if code := run([]string{"ncpimage", "completion", "bash"}, nil, &stdout, &bytes.Buffer{}); code != 0 {
		t.Fatal("completion bash failed")
	}
	tests := []struct {
		line string // the words typed, the last one being completed
		want string // COMPREPLY, space-separated
	}{
		{line: "ncpimage va", want: "validate"},
		{line: "ncpimage apply --auto", want: "--auto-approve"},
		{line: "ncpimage --debug fmt --c", want: "--check"},
		{line: "ncpimage sandbox r", want: "reset"},
		{line: "ncpimage plan --out p", want: ""}, // a file name: bash's default completion
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			words := strings.Fields(tt.line)
			prog := stdout.String() + "\nCOMP_WORDS=(" + strings.Join(words, " ") + ")\nCOMP_CWORD=" +
				strconv.Itoa(len(words)-1) + "\n_ncpimage\necho \"${COMPREPLY[*]}\"\n"
			out, err := exec.Command("bash", "-c", prog).CombinedOutput()
			if err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
