// timerheap: what a goroutine's first run and time.Sleep cost as the P's
// timer heap grows (issue #17, point 4: Little's law under saturation).
// GOMAXPROCS=1 keeps every timer on one P's heap. -base goroutines park in
// a long Sleep first; then -n more are spawned and each runs once, calling
// Sleep (a timer added to the heap) and parking. Reports the CPU time per
// goroutine of the second group (spawn + first run + Sleep + park), with
// the GC off so that only the scheduler and the timer heap are measured.
//
//	timerheap -base 0 -n 100000
//	timerheap -base 200000 -n 100000
package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"gmpscope/real/rusage"
)

func main() {
	base := flag.Int("base", 0, "sleepers already on the heap")
	n := flag.Int("n", 100000, "goroutines measured")
	mode := flag.String("mode", "sleep", "sleep: the measured ones call Sleep; chan: they park on a channel (no timer)")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	debug.SetGCPercent(-1)
	for i := 0; i < *base; i++ {
		go func() { time.Sleep(time.Hour) }()
	}
	runtime.Gosched()
	for runtime.NumGoroutine() < *base+1 {
		runtime.Gosched()
	}
	// warm: reuse nothing, so every go is a new G as in the base
	c0 := rusage.Process()
	block := make(chan struct{})
	for i := 0; i < *n; i++ {
		if *mode == "chan" {
			go func() { <-block }()
		} else {
			go func() { time.Sleep(time.Hour) }()
		}
		if i%200 == 199 {
			runtime.Gosched() // let them run and park: the runq stays short
		}
	}
	runtime.Gosched()
	c1 := rusage.Process()
	fmt.Printf("RESULT shape=timerheap mode=%s base=%d n=%d ns_per_goroutine=%.0f\n", *mode, *base, *n,
		float64(c1-c0)/float64(*n))
}
