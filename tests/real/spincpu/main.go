// spincpu: how much CPU a busy wait burns (issue #17, point 2). One goroutine
// waits -wait for an event that main signals at the end, in one of four
// ways: a select-with-default poll of a channel (scenario 13), a
// TryLock+Gosched loop on a mutex main holds (scenario 07's fix attempt), an
// atomic poll of a flag (scenario 05), and the select poll that also counts
// its turns in a private counter (a spin that "does something"). It reports,
// per way, the process CPU time (getrusage, all threads) over the wall time
// of the wait (1.00 is one whole core), and the time its threads were
// runnable, on a CPU or waiting in the kernel's run queue, over the wall
// time: on a shared machine "wanted" is what it would burn on an idle one.
//
//	spincpu -procs 2 -wait 400ms
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user + system, every thread).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runnable sums, over the process's threads, the time on a CPU and the time
// waiting for one (/proc/self/task/*/schedstat: run time, run delay).
func runnable() time.Duration {
	paths, _ := filepath.Glob("/proc/self/task/*/schedstat")
	var sum int64
	for _, p := range paths {
		var run, delay int64
		if f, err := os.Open(p); err == nil {
			fmt.Fscan(f, &run, &delay)
			f.Close()
		}
		sum += run + delay
	}
	return time.Duration(sum)
}

// turns is the counting spin's private counter, reported so it is kept.
var turns int64

// spinSelect waits for ev with a select-with-default poll.
func spinSelect(ev chan struct{}, done chan struct{}, count bool) {
	n := int64(0)
	for {
		select {
		case <-ev:
			turns = n
			close(done)
			return
		default:
			if count {
				n++
			}
		}
	}
}

// spinTryLock waits for mu with TryLock, yielding after each failure.
func spinTryLock(mu *sync.Mutex, done chan struct{}) {
	for !mu.TryLock() {
		runtime.Gosched()
	}
	mu.Unlock()
	close(done)
}

// spinAtomic waits for flag to become 1 with an atomic load.
func spinAtomic(flag *int32, done chan struct{}) {
	for atomic.LoadInt32(flag) == 0 {
	}
	close(done)
}

// cores runs one spinner for wait and returns CPU time over wall time, and
// runnable time (on a CPU or waiting for one) over wall time.
func cores(wait time.Duration, start func(done chan struct{}) func()) (float64, float64) {
	done := make(chan struct{})
	t, c, r := time.Now(), cpuTime(), runnable()
	release := start(done)
	time.Sleep(wait)
	release()
	<-done
	w := time.Since(t).Seconds()
	return (cpuTime() - c).Seconds() / w, (runnable() - r).Seconds() / w
}

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	wait := flag.Duration("wait", 400*time.Millisecond, "time before the event")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	var c, r [4]float64
	c[0], r[0] = cores(*wait, func(done chan struct{}) func() {
		ev := make(chan struct{})
		go spinSelect(ev, done, false)
		return func() { close(ev) }
	})
	c[1], r[1] = cores(*wait, func(done chan struct{}) func() {
		ev := make(chan struct{})
		go spinSelect(ev, done, true)
		return func() { close(ev) }
	})
	c[2], r[2] = cores(*wait, func(done chan struct{}) func() {
		var mu sync.Mutex
		mu.Lock()
		go spinTryLock(&mu, done)
		return mu.Unlock
	})
	c[3], r[3] = cores(*wait, func(done chan struct{}) func() {
		var f int32
		go spinAtomic(&f, done)
		return func() { atomic.StoreInt32(&f, 1) }
	})
	fmt.Printf("RESULT shape=spincpu procs=%d cores_select=%.2f cores_select_counting=%.2f cores_trylock_gosched=%.2f cores_atomic=%.2f"+
		" wanted_select=%.2f wanted_select_counting=%.2f wanted_trylock_gosched=%.2f wanted_atomic=%.2f\n",
		*procs, c[0], c[1], c[2], c[3], r[0], r[1], r[2], r[3])
	os.Exit(0)
}
