// wakeidle: how long an idle P's parked M takes to start a goroutine that
// main's `go` left in its run queue (wakep: a futex wake, then the M steals
// it). Each round main sleeps -idle (the other Ms park, the CPUs idle), or
// spins through it with -busy, starts 1 + -extra goroutines (the first
// lands in the run queue, the last in runnext) and spins until the first
// runs. It prints how many slow rounds (over 1 ms) and fast ones ran the
// first goroutine on main's own CPU (getcpu(2)), then the percentiles of
// the delay. -trace writes a runtime trace (which keeps the CPUs awake and
// hides the slow wake-ups).
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
	"syscall"
	"time"
	"unsafe"
)

func getcpu() int {
	var c, n uint32
	syscall.RawSyscall(309, uintptr(unsafe.Pointer(&c)), uintptr(unsafe.Pointer(&n)), 0)
	return int(c)
}

func main() {
	idle := flag.Duration("idle", 10*time.Millisecond, "main's sleep before each round")
	n := flag.Int("n", 200, "rounds")
	busy := flag.Bool("busy", false, "spin through the pause instead of sleeping")
	extra := flag.Int("extra", 1, "goroutines started after the first")
	tr := flag.String("trace", "", "write a runtime trace here")
	flag.Parse()
	if *tr != "" {
		f, _ := os.Create(*tr)
		trace.Start(f)
		defer trace.Stop()
	}
	runtime.GOMAXPROCS(2)
	var lat []float64
	var slowSame, slowOther, fastSame, fastOther int
	for r := 0; r < *n; r++ {
		if *busy {
			for e := time.Now().Add(*idle); time.Now().Before(e); {
			}
		} else {
			time.Sleep(*idle)
		}
		var at int64
		var acpu int64
		t0 := time.Now()
		go func() {
			atomic.StoreInt64(&acpu, int64(getcpu()))
			atomic.StoreInt64(&at, time.Since(t0).Nanoseconds())
		}()
		for k := 0; k < *extra; k++ {
			go func() {}()
		}
		for atomic.LoadInt64(&at) == 0 {
		}
		l := float64(atomic.LoadInt64(&at)) / 1e3
		same := atomic.LoadInt64(&acpu) == int64(getcpu())
		if l > 1000 {
			if same {
				slowSame++
			} else {
				slowOther++
			}
		} else if same {
			fastSame++
		} else {
			fastOther++
		}
		lat = append(lat, l)
	}
	sort.Float64s(lat)
	fmt.Printf("slow: same cpu %d, other %d; fast: same %d, other %d\n", slowSame, slowOther, fastSame, fastOther)
	q := func(p float64) float64 { return lat[int(p*float64(len(lat)-1))] }
	fmt.Printf("RESULT shape=wakeidle idle=%v n=%d p10_us=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f min_us=%.1f\n",
		*idle, *n, q(0.1), q(0.5), q(0.9), q(0.99), lat[0])
}
