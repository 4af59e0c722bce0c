package report

import (
	"fmt"
	"io"
)

// EmulatorEnv prints the shell lines that point ncpimage at an emulator
// serving on url; empty values are left out. The secret printed is the
// emulator's own dummy key, never a real one.
func EmulatorEnv(w io.Writer, url, accessKey, secretKey, region string) {
	fmt.Fprintf(w, "# ncpimage emulator: NCP vserver API emulated on %s\n", url)
	fmt.Fprintln(w, "# sandbox-only keys: they open this emulator, not a real NCP account")
	fmt.Fprintf(w, "export NCLOUD_API_GW=%s\n", url)
	if accessKey != "" {
		fmt.Fprintf(w, "export NCLOUD_ACCESS_KEY=%s\n", accessKey)
		fmt.Fprintf(w, "export NCLOUD_SECRET_KEY=%s\n", secretKey)
	}
	if region != "" {
		fmt.Fprintf(w, "export NCLOUD_REGION=%s\n", region)
	}
}

// EmulatorStopped is the emulator's last line.
func EmulatorStopped(w io.Writer) { fmt.Fprintln(w, "# emulator stopped") }

// SandboxReset says what "sandbox reset" did with the state file path.
func SandboxReset(w io.Writer, path string, existed bool) {
	if !existed {
		fmt.Fprintf(w, "sandbox: nothing to reset (no %s)\n", path)
		return
	}
	fmt.Fprintf(w, "sandbox: reset (removed %s); the next --sandbox run starts from the example account\n", path)
}
