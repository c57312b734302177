// usleep: how long the kernel really sleeps for a 3 µs nanosleep, the
// runtime's usleep(3) in runqgrab before it steals a running P's runnext
// (issue #17; the engine's LAT_RUNNEXT_STEAL). The thread's timer slack
// (/proc/self/timerslack_ns, 50 µs by default) rounds such sleeps up.
// Reports nearest-rank percentiles of -n sleeps.
//
//	usleep -n 4000
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 4000, "sleeps")
	flag.Parse()
	runtime.LockOSThread()
	d := make([]time.Duration, *n)
	ts := syscall.Timespec{Nsec: 3000}
	for i := range d {
		t := time.Now()
		syscall.Nanosleep(&ts, nil)
		d[i] = time.Since(t)
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	q := func(p float64) float64 { return float64(d[int(p*float64(len(d)-1))].Nanoseconds()) / 1e3 }
	slack, _ := os.ReadFile("/proc/self/timerslack_ns")
	fmt.Printf("RESULT shape=usleep n=%d min_us=%.1f p10_us=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f timerslack_ns=%s\n",
		*n, q(0), q(0.1), q(0.5), q(0.9), q(0.99), strings.TrimSpace(string(slack)))
}
