// Scenario 05, the real program: a watchdog goroutine polls a flag in a loop
// that never blocks, and keeps a CPU busy for the whole run; the fix wakes on
// a ticker. cpu_wasted is the process's CPU time (getrusage) beyond the
// flushes' own work, as a share of GOMAXPROCS × the wall time.
//
//	go run . -variant bug|fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

var stalled, stop int32

// flushBuffers burns d of CPU: the app's periodic work.
func flushBuffers(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

// spinningWatchdog is the bug: it checks the flag as fast as it can.
func spinningWatchdog(exited chan<- struct{}) {
	for atomic.LoadInt32(&stop) == 0 {
		if atomic.CompareAndSwapInt32(&stalled, 1, 0) {
			fmt.Fprintln(os.Stderr, "flusher stalled")
		}
	}
	close(exited)
}

// tickingWatchdog is the fix: it parks until the next tick.
func tickingWatchdog(done <-chan struct{}, exited chan<- struct{}) {
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	defer close(exited)
	for {
		select {
		case <-t.C:
			if atomic.CompareAndSwapInt32(&stalled, 1, 0) {
				fmt.Fprintln(os.Stderr, "flusher stalled")
			}
		case <-done:
			return
		}
	}
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	variant := flag.String("variant", "bug", "bug or fix")
	flag.Parse()
	const procs, flushes, flush, pause = 2, 8, time.Millisecond, 4 * time.Millisecond
	runtime.GOMAXPROCS(procs)
	done, exited := make(chan struct{}), make(chan struct{})
	start, cpu0 := time.Now(), cpuTime()
	switch *variant {
	case "bug":
		go spinningWatchdog(exited)
	case "fix":
		go tickingWatchdog(done, exited)
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	for i := 0; i < flushes; i++ {
		flushBuffers(flush)
		time.Sleep(pause)
	}
	atomic.StoreInt32(&stop, 1)
	close(done)
	<-exited
	wall, cpu := time.Since(start), cpuTime()-cpu0
	wasted := float64(cpu-flushes*flush) / float64(procs*wall) * 100
	if wasted < 0 {
		wasted = 0
	}
	fmt.Printf("RESULT variant=%s cpu_wasted=%.1f completed.flushed=%d elapsed=%d cpu_ns=%d\n",
		*variant, wasted, flushes, wall.Nanoseconds(), cpu.Nanoseconds())
}
