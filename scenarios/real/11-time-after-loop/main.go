// Scenario 11, the real program: a consumer takes 5000 jobs in a for/select
// loop with an idle timeout. bug: time.After(time.Second) in the select, a
// new timer (and its channel) every pass, each live until it fires a second
// later. fix: one timer, stopped and reset. allocs is the heap allocations
// the run made (runtime.MemStats.Mallocs), heap_peak the heap in use at the
// end of the loop, when the bug's timers are all still pending. The go1.23
// variant (timers collected once unreachable) has no counterpart on Go 1.19.
//
//	go run . -variant bug|fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

// burn uses d of CPU.
func burn(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

var handled int // jobs consumed

// produce sends n jobs, each 3 µs of work to make, then closes done.
func produce(jobs chan<- int, done chan<- struct{}, n int) {
	for i := 0; i < n; i++ {
		burn(3 * time.Microsecond)
		jobs <- i
	}
	close(done)
}

// consumeAfter is the bug.
func consumeAfter(jobs <-chan int, done <-chan struct{}) {
	for {
		select {
		case <-jobs:
			burn(2 * time.Microsecond)
			handled++
		case <-done:
			return
		case <-time.After(time.Second):
			fmt.Fprintln(os.Stderr, "no job for a second")
		}
	}
}

// consumeTimer is the fix.
func consumeTimer(jobs <-chan int, done <-chan struct{}) {
	t := time.NewTimer(time.Second)
	defer t.Stop()
	for {
		select {
		case <-jobs:
			burn(2 * time.Microsecond)
			handled++
			if !t.Stop() {
				<-t.C
			}
			t.Reset(time.Second)
		case <-done:
			return
		case <-t.C:
			fmt.Fprintln(os.Stderr, "no job for a second")
			t.Reset(time.Second)
		}
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug or fix")
	flag.Parse()
	const n = 5000
	consume := consumeAfter
	switch *variant {
	case "bug":
	case "fix":
		consume = consumeTimer
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	jobs, done := make(chan int), make(chan struct{})
	go produce(jobs, done, n)
	consume(jobs, done)
	runtime.ReadMemStats(&m1)
	fmt.Printf("RESULT variant=%s allocs=%d heap_peak=%d completed.handled=%d\n",
		*variant, m1.Mallocs-m0.Mallocs, m1.HeapAlloc, handled)
}
