// newproc: the spawner's CPU per `go` statement (issue #17, point 4: why a
// real spawner of sleeping goroutines is slow). main, locked to its thread,
// starts -n goroutines with wg.Add(1) each and reports its own thread's CPU
// time (getrusage RUSAGE_THREAD) and wall time per spawn. -mode sleep: each
// goroutine sleeps 1 s, so none has exited and every `go` needs a new G and
// stack (malg); -mode exit: each returns at once, so most `go`s reuse a dead
// G from the free lists (gfget).
//
//	newproc -mode sleep -n 20000
//	newproc -mode exit -n 20000
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// threadCPU is the calling thread's user + system CPU time.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_THREAD, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	n := flag.Int("n", 20000, "goroutines to start")
	mode := flag.String("mode", "sleep", "sleep (each stays alive) or exit (each returns)")
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	runtime.LockOSThread()
	var wg sync.WaitGroup
	t, c := time.Now(), threadCPU()
	for i := 0; i < *n; i++ {
		wg.Add(1)
		if *mode == "sleep" {
			go func() { time.Sleep(time.Second); wg.Done() }()
		} else {
			go func() { wg.Done() }()
		}
	}
	dc, dw := threadCPU()-c, time.Since(t)
	fmt.Printf("RESULT shape=newproc mode=%s procs=%d n=%d spawn_cpu_ns=%.0f spawn_wall_ns=%.0f\n",
		*mode, *procs, *n, float64(dc)/float64(*n), float64(dw)/float64(*n))
	os.Exit(0)
}
