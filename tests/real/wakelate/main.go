// wakelate: how late a sleeper wakes beside a CPU hog on the same P (issue
// #17, point 5; numbers of its own: a 4 or 5 ms sleep). With GOMAXPROCS=1 and a
// call-free hog goroutine, main's timer fires on time but main runs only
// when sysmon preempts the hog. main sleeps -nap repeatedly until -dur has
// passed and reports the lateness (actual sleep - nap) percentiles p50, p90,
// p99 and max, by nearest rank (the ceil(p*n)-th smallest sample).
//
//	wakelate -procs 1 -nap 4ms -dur 2500ms [-samples]
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"sort"
	"time"
)

// sink is stored on every turn so the hog's loop has a visible effect.
var sink uint64

// hog is a call-free loop: only an async-preemption signal stops it.
func hog() {
	x := uint64(1)
	for {
		x = x*6364136223846793005 + 1442695040888963407
		sink = x
	}
}

// rank is the nearest-rank p-th percentile of sorted v.
func rank(v []float64, p float64) float64 {
	i := int(math.Ceil(p*float64(len(v)))) - 1
	if i < 0 {
		i = 0
	}
	return v[i]
}

func main() {
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	nap := flag.Duration("nap", 4*time.Millisecond, "the sleep")
	dur := flag.Duration("dur", 2500*time.Millisecond, "sampling time")
	hogs := flag.Int("hogs", 1, "CPU hog goroutines")
	raw := flag.Bool("samples", false, "also print every lateness, in order")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	for i := 0; i < *hogs; i++ {
		go hog()
	}
	var late []float64
	start := time.Now()
	for time.Since(start) < *dur {
		t := time.Now()
		time.Sleep(*nap)
		late = append(late, (time.Since(t)-*nap).Seconds()*1e3)
	}
	if *raw {
		fmt.Print("SAMPLES")
		for _, l := range late {
			fmt.Printf(" %.1f", l)
		}
		fmt.Println()
	}
	sort.Float64s(late)
	fmt.Printf("RESULT shape=wakelate procs=%d hogs=%d nap_ms=%.1f n=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
		*procs, *hogs, nap.Seconds()*1e3, len(late), rank(late, .5), rank(late, .9), rank(late, .99), late[len(late)-1])
	os.Exit(0)
}
