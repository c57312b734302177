// wakeidle: how long an idle P's parked M takes to start a goroutine that
// main's `go` left in its run queue (wakep: a futex wake, then the M steals
// it). Each round main sleeps -idle (the other Ms park, the other CPU
// idles), starts two goroutines (the first lands in the run queue, the
// second in runnext) and spins until the first runs; the RESULT line gives
// the percentiles of that delay over -n rounds. -trace writes a runtime
// trace (which keeps the CPUs awake and hides the slow wake-ups).
//
//	wakeidle -idle 10ms -n 200
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"sort"
	"sync/atomic"
	"time"
)

func main() {
	idle := flag.Duration("idle", 10*time.Millisecond, "main's sleep before each round")
	n := flag.Int("n", 200, "rounds")
	tr := flag.String("trace", "", "write a runtime trace here")
	flag.Parse()
	if *tr != "" {
		f, _ := os.Create(*tr)
		trace.Start(f)
		defer trace.Stop()
	}
	runtime.GOMAXPROCS(2)
	var lat []float64
	for r := 0; r < *n; r++ {
		time.Sleep(*idle)
		var at int64
		t0 := time.Now()
		go func() { atomic.StoreInt64(&at, time.Since(t0).Nanoseconds()) }()
		go func() {}()
		for atomic.LoadInt64(&at) == 0 {
		}
		lat = append(lat, float64(atomic.LoadInt64(&at))/1e3)
	}
	sort.Float64s(lat)
	q := func(p float64) float64 { return lat[int(p*float64(len(lat)-1))] }
	fmt.Printf("RESULT shape=wakeidle idle=%v n=%d p10_us=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f min_us=%.1f\n",
		*idle, *n, q(0.1), q(0.5), q(0.9), q(0.99), lat[0])
}
