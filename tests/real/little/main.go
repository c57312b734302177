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
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	rate := flag.Int("rate", 1000000, "goroutines offered a second")
	life := flag.Duration("life", 20*time.Millisecond, "each one's sleep")
	dur := flag.Duration("dur", 300*time.Millisecond, "how long main offers them")
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	timeLives := flag.Bool("lives", false, "time each goroutine's Sleep")
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
	var mu sync.Mutex
	var lives []time.Duration
	start := time.Now()
	spawned := 0
	for time.Since(start) < *dur {
		due := int(time.Since(start).Seconds() * float64(*rate)) // offered so far
		for ; spawned < due; spawned++ {
			if *timeLives {
				go func() {
					t := time.Now()
					time.Sleep(*life)
					d := time.Since(t)
					mu.Lock()
					lives = append(lives, d)
					mu.Unlock()
				}()
			} else {
				go func() { time.Sleep(*life) }()
			}
		}
	}
	took := time.Since(start)
	close(stop)
	achieved := float64(spawned) / took.Seconds()
	little := achieved * life.Seconds()
	fmt.Printf("RESULT shape=little procs=%d offered=%d achieved=%.0f life_ms=%.1f peak=%d little=%.0f ratio=%.2f\n",
		*procs, *rate, achieved, life.Seconds()*1e3, atomic.LoadInt64(&peak)-2, little, float64(atomic.LoadInt64(&peak)-2)/little)
	if *timeLives {
		time.Sleep(*life * 10) // the late ones
		mu.Lock()
		sort.Slice(lives, func(i, j int) bool { return lives[i] < lives[j] })
		q := func(p float64) float64 { return lives[int(p*float64(len(lives)-1))].Seconds() * 1e3 }
		fmt.Printf("RESULT shape=little-lives n=%d sleep_p10_ms=%.1f sleep_p50_ms=%.1f sleep_p90_ms=%.1f sleep_max_ms=%.1f\n",
			len(lives), q(0.1), q(0.5), q(0.9), q(1))
	}
	os.Exit(0)
}
