// lostupdate: four goroutines on GOMAXPROCS=1 each run load / compute / store
// on one shared total, with no synchronisation (issue #16, point 2; the shape
// of scenario 04 with numbers of its own: 10000 items of ~2.5 µs each, so
// ~25 ms of CPU per goroutine). An async preemption between a goroutine's
// load and its store makes the store overwrite every update the others made
// meanwhile. It reports the fraction of updates lost.
//
//	lostupdate -workers 4 -iters 10000 -weigh 2500ns
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// total is the shared, unsynchronised sum.
var total int64

// load reads total; noinline so the compiler keeps a real load here.
//
//go:noinline
func load() int64 { return total }

// store writes total; noinline so the compiler keeps a real store here.
//
//go:noinline
func store(v int64) { total = v }

// sink keeps spin's result alive so the compiler keeps the loop.
var sink uint64

// spin runs n steps of an LCG: call-free CPU work, preemptible only by a signal.
//
//go:noinline
func spin(n int) {
	x := sink
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink = x
}

// nsPerStep calibrates spin: the best of five runs of 2^20 steps.
func nsPerStep() float64 {
	const n = 1 << 20
	best := 1e9
	for i := 0; i < 5; i++ {
		t := time.Now()
		spin(n)
		if d := float64(time.Since(t).Nanoseconds()) / n; d < best {
			best = d
		}
	}
	return best
}

// add is one worker: iters read-modify-write updates of total, adding 1 each.
func add(wg *sync.WaitGroup, iters, weigh int) {
	defer wg.Done()
	for i := 0; i < iters; i++ {
		v := load()
		spin(weigh)
		store(v + 1)
	}
}

func main() {
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	workers := flag.Int("workers", 4, "goroutines")
	iters := flag.Int("iters", 10000, "updates per goroutine")
	weigh := flag.Duration("weigh", 2500*time.Nanosecond, "work between load and store")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	steps := int(float64(weigh.Nanoseconds())/nsPerStep() + 0.5)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go add(&wg, *iters, steps)
	}
	wg.Wait()
	el := time.Since(start)
	want := int64(*workers * *iters)
	fmt.Printf("RESULT shape=lostupdate procs=%d workers=%d total=%d expected=%d lost_pct=%.1f elapsed_ms=%.1f\n",
		*procs, *workers, total, want, 100*float64(want-total)/float64(want), el.Seconds()*1e3)
	os.Exit(0)
}
