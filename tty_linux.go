package main

import (
	"os"
	"syscall"
	"unsafe"
)

// isTerminal reports whether v is an *os.File open on a terminal. A
// character device is not enough: /dev/null is one, and a CI job with
// stdin from /dev/null must not be asked a question. The TCGETS ioctl
// succeeds only on a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok || f == nil {
		return false
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return false
	}
	var errno syscall.Errno
	ctlErr := rc.Control(func(fd uintptr) {
		var t syscall.Termios
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, uintptr(syscall.TCGETS), uintptr(unsafe.Pointer(&t)))
	})
	return ctlErr == nil && errno == 0
}
