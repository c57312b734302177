// twolock: uncontended ordered two-lock transfers (issue #17, point 1: the
// cost of sync.Mutex Lock+Unlock). One goroutine moves a unit from A to B
// -n times, locking A then B and unlocking both. It reports the best of
// -reps runs as transfers per second, by wall clock and by process CPU time
// (getrusage), and ns per Lock+Unlock pair.
//
//	twolock -n 4000000 -reps 5
package main

import (
	"flag"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

// account is one side of a transfer.
type account struct {
	mu  sync.Mutex // held while the balance changes
	bal int64      // the balance
}

// cpuTime is the process's CPU time so far (user + system, every thread).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// transfer moves one unit under both locks, taken in a fixed order.
//
//go:noinline
func transfer(from, to *account) {
	from.mu.Lock()
	to.mu.Lock()
	from.bal--
	to.bal++
	to.mu.Unlock()
	from.mu.Unlock()
}

func main() {
	n := flag.Int("n", 4000000, "transfers per run")
	reps := flag.Int("reps", 5, "runs; the best is kept")
	flag.Parse()
	a, b := &account{}, &account{}
	best, bestCPU := 1e18, 1e18
	for r := 0; r < *reps; r++ {
		t, c := time.Now(), cpuTime()
		for i := 0; i < *n; i++ {
			transfer(a, b)
		}
		w, cp := time.Since(t).Seconds(), (cpuTime() - c).Seconds()
		if w < best {
			best = w
		}
		if cp < bestCPU {
			bestCPU = cp
		}
	}
	fmt.Printf("RESULT shape=twolock n=%d mps_wall=%.2f mps_cpu=%.2f ns_per_lock_unlock=%.2f\n",
		*n, float64(*n)/best/1e6, float64(*n)/bestCPU/1e6, bestCPU*1e9/float64(*n)/2)
	os.Exit(0)
}
