// selectdefault: the cost of one turn of a select-with-default poll (issue
// #17, point 1; the spin of scenario 13). The loop polls a jobs channel that
// never has a job: one receive case and a default (compiled to a
// non-blocking receive), and, in the two-case form, a receive from jobs and
// from quit and a default (compiled to selectgo). It reports the best of
// -reps runs of -n turns, in wall-clock ns and process CPU ns per turn.
//
//	selectdefault -n 30000000 -reps 3
package main

import (
	"flag"
	"fmt"
	"os"
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user + system, every thread).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// got counts jobs received (never any), so the receive cannot be dropped.
var got int

// poll1 is one case and a default.
//
//go:noinline
func poll1(jobs chan int, n int) {
	for i := 0; i < n; i++ {
		select {
		case j := <-jobs:
			got += j
		default:
		}
	}
}

// poll2 is two cases and a default.
//
//go:noinline
func poll2(jobs chan int, quit chan struct{}, n int) {
	for i := 0; i < n; i++ {
		select {
		case j := <-jobs:
			got += j
		case <-quit:
			return
		default:
		}
	}
}

// best runs f reps times and returns its best wall and CPU ns per turn.
func best(reps, n int, f func()) (float64, float64) {
	w, c := 1e18, 1e18
	for r := 0; r < reps; r++ {
		t, c0 := time.Now(), cpuTime()
		f()
		if v := float64(time.Since(t).Nanoseconds()) / float64(n); v < w {
			w = v
		}
		if v := float64((cpuTime() - c0).Nanoseconds()) / float64(n); v < c {
			c = v
		}
	}
	return w, c
}

func main() {
	n := flag.Int("n", 30000000, "turns per run")
	reps := flag.Int("reps", 3, "runs; the best is kept")
	flag.Parse()
	jobs, quit := make(chan int), make(chan struct{})
	w1, c1 := best(*reps, *n, func() { poll1(jobs, *n) })
	w2, c2 := best(*reps, *n/4, func() { poll2(jobs, quit, *n/4) })
	fmt.Printf("RESULT shape=selectdefault n=%d one_case_ns=%.2f one_case_cpu_ns=%.2f two_case_ns=%.2f two_case_cpu_ns=%.2f\n",
		*n, w1, c1, w2, c2)
	os.Exit(0)
}
