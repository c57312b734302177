// gosched: the cost of one runtime.Gosched (issue #17, point 1). -g
// goroutines each call Gosched -n times on -procs Ps; with one goroutine on
// one P each call puts it on the global run queue and takes it straight back,
// with two goroutines on two Ps both contend for the global queue's lock. It
// reports, for the best of -reps runs, wall-clock ns per call (per goroutine)
// and process CPU ns per call (getrusage, all threads, divided by all calls).
//
//	gosched -procs 1 -g 1 -n 1500000
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user + system, every thread).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// yielder calls Gosched n times.
func yielder(n int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < n; i++ {
		runtime.Gosched()
	}
}

func main() {
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	g := flag.Int("g", 1, "goroutines calling Gosched")
	n := flag.Int("n", 1500000, "calls per goroutine")
	reps := flag.Int("reps", 3, "runs; the best is kept")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	best, bestCPU := 1e18, 1e18
	for r := 0; r < *reps; r++ {
		var wg sync.WaitGroup
		t, c := time.Now(), cpuTime()
		for i := 0; i < *g; i++ {
			wg.Add(1)
			go yielder(*n, &wg)
		}
		wg.Wait()
		ns := float64(time.Since(t).Nanoseconds()) / float64(*n)
		cpu := float64((cpuTime() - c).Nanoseconds()) / float64(*n**g)
		if ns < best {
			best = ns
		}
		if cpu < bestCPU {
			bestCPU = cpu
		}
	}
	fmt.Printf("RESULT shape=gosched procs=%d g=%d n=%d wall_ns_per_call=%.1f cpu_ns_per_call=%.1f\n",
		*procs, *g, *n, best, bestCPU)
	os.Exit(0)
}
