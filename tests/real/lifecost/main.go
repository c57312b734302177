// lifecost: the CPU a short-lived goroutine costs, whole life included, as a
// function of how long it lives (issue #17, point 4; numbers of its own).
// main starts -rate goroutines a second, a batch each millisecond (it sleeps
// 1 ms between batches), for -dur; each sleeps -life (0: exits at once), then
// calls wg.Done. The GC is off, so the figure is the scheduler's own: the
// process's CPU time (user + system) over the goroutines started. Longer
// lives mean more goroutines parked at once, so each one's g, stack and
// timer are colder when it next runs.
//
//	lifecost -rate 300000 -life 20ms -procs 1
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"gmpscope/real/rusage"
)

func main() {
	rate := flag.Int("rate", 300000, "goroutines a second")
	life := flag.Duration("life", 20*time.Millisecond, "each one's sleep (0: none)")
	dur := flag.Duration("dur", 500*time.Millisecond, "how long main starts them")
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	debug.SetGCPercent(-1)
	batch := *rate / 1000
	var wg sync.WaitGroup
	cpu0 := rusage.Process()
	start := time.Now()
	n := 0
	for time.Since(start) < *dur {
		wg.Add(batch)
		for i := 0; i < batch; i++ {
			if *life > 0 {
				go func() { time.Sleep(*life); wg.Done() }()
			} else {
				go func() { wg.Done() }()
			}
		}
		n += batch
		time.Sleep(time.Millisecond)
	}
	wg.Wait()
	cpu := rusage.Process() - cpu0
	fmt.Printf("RESULT shape=lifecost procs=%d rate=%d life_ms=%.1f n=%d ns_per_g=%.0f\n",
		*procs, *rate, life.Seconds()*1e3, n, float64(cpu.Nanoseconds())/float64(n))
	os.Exit(0)
}
