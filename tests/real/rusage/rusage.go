// Package rusage gives the lab programs the CPU time their process has
// used (user + system, getrusage), which a busy machine does not inflate
// the way it inflates wall time.
package rusage

import (
	"syscall"
	"time"
)

// Process is the CPU time the whole process has used so far.
func Process() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
