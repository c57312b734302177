// oomkill: what ends a program that passes its memory limit (issue #17,
// point 3; the shape of scenario 10's bug with numbers of its own). It
// starts goroutines that park forever, about 1 M a second, until memory
// runs out. Not in run.sh: it needs a memory cgroup (root, cgroup v1 here):
//
//	mkdir /sys/fs/cgroup/memory/oom
//	echo $((128<<20)) > /sys/fs/cgroup/memory/oom/memory.limit_in_bytes
//	(echo $BASHPID > /sys/fs/cgroup/memory/oom/cgroup.procs && exec timeout 20 oomkill > out 2>&1); echo $?
//
// and, for the OS refusing memory instead, `(ulimit -v 1200000; oomkill)`.
package main

import "time"

func main() {
	block := make(chan struct{})
	t := time.Now()
	for i := 0; ; i++ {
		go func() { <-block }()
		if i%1000 == 999 { // pace: i goroutines after i µs
			for time.Since(t) < time.Duration(i)*time.Microsecond {
			}
		}
	}
}
