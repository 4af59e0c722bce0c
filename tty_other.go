//go:build !linux

package main

import "os"

// isTerminal reports whether v is an *os.File open on a character device,
// the closest portable approximation of a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok || f == nil {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
