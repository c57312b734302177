// tightloop: main sleeps 1 ms beside a call-free loop on GOMAXPROCS=1 and
// measures how long the sleep really took (issue #16, point 2; the shape of
// scenario 01 on a runtime with async preemption). The loop never yields, so
// main runs again only when sysmon preempts the loop. It takes -n samples in
// a row and reports the first (the one scenario 01 shows), the median, the
// minimum, the maximum (upper median for even n) and every sample in order.
//
//	tightloop -n 12
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"time"
)

// sink is stored on every turn so the loop has a visible effect.
var sink uint64

// crunch is the call-free loop: no function call, so no cooperative
// preemption point; only an async-preemption signal stops it.
func crunch() {
	x := uint64(1)
	for {
		x = x*6364136223846793005 + 1442695040888963407
		sink = x
	}
}

func main() {
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	n := flag.Int("n", 12, "samples")
	nap := flag.Duration("sleep", time.Millisecond, "main's sleep")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	go crunch()
	ms := make([]float64, 0, *n)
	for i := 0; i < *n; i++ {
		t := time.Now()
		time.Sleep(*nap)
		ms = append(ms, time.Since(t).Seconds()*1e3)
	}
	first, all := ms[0], ""
	for i, v := range ms {
		if i > 0 {
			all += ","
		}
		all += fmt.Sprintf("%.1f", v)
	}
	sort.Float64s(ms)
	fmt.Printf("RESULT shape=tightloop procs=%d first_ms=%.2f p50_ms=%.2f min_ms=%.2f max_ms=%.2f n=%d samples_ms=%s\n",
		*procs, first, ms[len(ms)/2], ms[0], ms[len(ms)-1], len(ms), all)
	os.Exit(0)
}
