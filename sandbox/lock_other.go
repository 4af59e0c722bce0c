//go:build !unix

package sandbox

import "os"

// tryLock is a no-op where flock is missing: concurrent sandbox commands
// in one directory are not serialised there.
func tryLock(*os.File) (bool, error) { return false, nil }
