// sleepexit: what a goroutine's whole life costs when it sleeps once and
// exits, beside one that parks on a channel and is woken by a close (issue
// #17, point 4). GOMAXPROCS=-procs (1), the GC off: main starts -n goroutines, each
// sleeps -nap (or waits for the close) and calls wg.Done; main waits. The
// result is the process's CPU time per goroutine, from the first `go` to the
// last Done.
//
//	sleepexit -n 100000 -nap 20ms -mode sleep|close [-procs 2]
package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"gmpscope/real/rusage"
)

func main() {
	n := flag.Int("n", 100000, "goroutines")
	nap := flag.Duration("nap", 20*time.Millisecond, "each one's Sleep")
	mode := flag.String("mode", "sleep", "sleep: time.Sleep(nap); close: park until main closes a channel after nap")
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	debug.SetGCPercent(-1)
	var wg sync.WaitGroup
	gate := make(chan struct{})
	c0, t0 := rusage.Process(), time.Now()
	for i := 0; i < *n; i++ {
		wg.Add(1)
		if *mode == "close" {
			go func() { <-gate; wg.Done() }()
		} else {
			go func() { time.Sleep(*nap); wg.Done() }()
		}
	}
	if *mode == "close" {
		time.Sleep(*nap)
		close(gate)
	}
	wg.Wait()
	c1 := rusage.Process()
	fmt.Printf("RESULT shape=sleepexit procs=%d mode=%s n=%d nap=%v cpu_ns_per_goroutine=%.0f wall_ms=%.1f\n",
		*procs, *mode, *n, *nap, float64(c1-c0)/float64(*n), time.Since(t0).Seconds()*1e3)
}
