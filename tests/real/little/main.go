// little: goroutines in flight against Little's law under saturation (issue
// #17, point 4; numbers of its own). main offers -rate goroutines a second
// (a batch every millisecond, by the clock) for -dur; each sleeps -life and
// exits. A sampler reads runtime.NumGoroutine every millisecond. Reports the
// achieved spawn rate, the peak in flight, Little's figure for the achieved
// rate (rate x life) and the ratio of the two.
//
//	little -rate 1000000 -life 20ms -dur 300ms
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

func main() {
	rate := flag.Int("rate", 1000000, "goroutines offered a second")
	life := flag.Duration("life", 20*time.Millisecond, "each one's sleep")
	dur := flag.Duration("dur", 300*time.Millisecond, "how long main offers them")
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	var peak int64
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if n := int64(runtime.NumGoroutine()); n > atomic.LoadInt64(&peak) {
				atomic.StoreInt64(&peak, n)
			}
			time.Sleep(time.Millisecond)
		}
	}()
	start := time.Now()
	spawned := 0
	for time.Since(start) < *dur {
		due := int(time.Since(start).Seconds() * float64(*rate)) // offered so far
		for ; spawned < due; spawned++ {
			go func() { time.Sleep(*life) }()
		}
	}
	took := time.Since(start)
	close(stop)
	achieved := float64(spawned) / took.Seconds()
	little := achieved * life.Seconds()
	fmt.Printf("RESULT shape=little procs=%d offered=%d achieved=%.0f life_ms=%.1f peak=%d little=%.0f ratio=%.2f\n",
		*procs, *rate, achieved, life.Seconds()*1e3, atomic.LoadInt64(&peak)-2, little, float64(atomic.LoadInt64(&peak)-2)/little)
	os.Exit(0)
}
