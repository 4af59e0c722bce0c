package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	ucli "github.com/urfave/cli/v3"
)

// referencePath is the command reference generated from the CLI's own
// help, so the documentation cannot drift from the flags.
const referencePath = "../docs/cli-reference.md"

// TestCLIReference renders every command's --help into
// docs/cli-reference.md and fails when the file differs; -update rewrites
// it.
func TestCLIReference(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Command reference\n\n" +
		"Generated from `ncpimage COMMAND --help` by `go test ./cli -run TestCLIReference -update`; " +
		"do not edit by hand. The guide to the commands is [commands.md](commands.md).\n")
	e := &env{}
	var walk func(path []string, c *ucli.Command)
	walk = func(path []string, c *ucli.Command) {
		if c.Hidden {
			return
		}
		var out bytes.Buffer
		args := append(append([]string{"ncpimage"}, path...), "--help")
		if code := (Program{Version: "dev"}).Run(args, strings.NewReader(""), &out, &out); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, out.String())
		}
		title := strings.Join(append([]string{"ncpimage"}, path...), " ")
		b.WriteString("\n## " + title + "\n\n```text\n" + strings.TrimRight(out.String(), "\n") + "\n```\n")
		for _, sub := range c.Commands {
			if sub.Name != "help" {
				walk(append(append([]string(nil), path...), sub.Name), sub)
			}
		}
	}
	walk(nil, e.newRoot())
	got := b.String()
	if *update {
		if err := os.WriteFile(referencePath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("%v (generate it with -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s is out of date with the CLI's help; run go test ./cli -run TestCLIReference -update (-file +help):\n%s", referencePath, diff)
	}
}
