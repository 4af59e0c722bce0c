package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestUseColor(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0) // a character device, like a terminal
	if err != nil {
		t.Skipf("no %s: %v", os.DevNull, err)
	}
	defer tty.Close()
	pipeR, pipeW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pipeR.Close()
	defer pipeW.Close()
	tests := []struct {
		name    string
		w       io.Writer
		noColor bool
		env     string
		want    bool
	}{
		{name: "terminal", w: tty, want: true},
		{name: "terminal with --no-color", w: tty, noColor: true},
		{name: "terminal with NO_COLOR", w: tty, env: "1"},
		{name: "pipe", w: pipeW},
		{name: "buffer", w: &bytes.Buffer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("NO_COLOR", tt.env)
			fs := flag.NewFlagSet("plan", flag.ContinueOnError)
			fs.Bool("no-color", tt.noColor, "")
			c := cli.NewContext(cli.NewApp(), fs, nil)
			if got := useColor(c, tt.w); got != tt.want {
				t.Errorf("useColor = %v, want %v", got, tt.want)
			}
		})
	}
}
