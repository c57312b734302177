// coldwake: what waking a parked goroutine costs when so many are parked
// that its g and stack have left the CPU's caches (issue #17, point 4:
// goroutines live longer than Little's law under saturation). GOMAXPROCS=1,
// the GC off. -k goroutines each loop receiving on a channel of their own;
// main wakes them in turn, round after round (a send hands the value over
// and readies the receiver), and yields every -batch sends so that they run
// and park again. Reports the CPU time per wake-up (main's send, the
// receiver's run and its park). A small -k keeps every g and stack in the
// cache; a large one visits each only once per round.
//
//	coldwake -k 1000 -wakes 2000000 [-one]
//	coldwake -k 200000 -wakes 2000000
package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"

	"gmpscope/real/rusage"
)

func main() {
	k := flag.Int("k", 1000, "parked goroutines")
	wakes := flag.Int("wakes", 2000000, "wake-ups measured")
	batch := flag.Int("batch", 100, "sends between yields")
	one := flag.Bool("one", false, "every goroutine receives on one channel (its FIFO of receivers wakes them in turn)")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	debug.SetGCPercent(-1)
	cs := make([]chan struct{}, *k)
	shared := make(chan struct{})
	for i := range cs {
		cs[i] = make(chan struct{})
		if *one {
			cs[i] = shared
		}
		go func(c chan struct{}) {
			var pad [64]byte // a little of the stack in use, as a real handler's
			for range c {
				pad[0]++
			}
			_ = pad
		}(cs[i])
	}
	for runtime.NumGoroutine() < *k+1 {
		runtime.Gosched()
	}
	runtime.Gosched()
	c0 := rusage.Process()
	for w := 0; w < *wakes; w++ {
		cs[w%*k] <- struct{}{}
		if w%*batch == *batch-1 {
			runtime.Gosched()
		}
	}
	runtime.Gosched()
	c1 := rusage.Process()
	fmt.Printf("RESULT shape=coldwake k=%d wakes=%d ns_per_wake=%.0f\n", *k, *wakes, float64(c1-c0)/float64(*wakes))
}
