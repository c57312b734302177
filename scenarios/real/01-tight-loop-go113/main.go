// Scenario 01, the real program: a call-free loop on GOMAXPROCS=1 starves the
// worker that would close done. The loop is bounded (a fixed iteration count,
// about 0.3 s) so the program ends; under go1.13 rules
// (GODEBUG=asyncpreemptoff=1) the worker runs only when the loop is over.
//
//	go run . -variant bug       (run with GODEBUG=asyncpreemptoff=1)
//	go run . -variant fix       (a Gosched every 4096 iterations)
//	go run . -variant go1.14    (the bug's code, async preemption on)
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

// iters bounds the loop: about 0.4 s on a loaded 2020s x86 core.
var iters = flag.Uint64("iters", 120_000_000, "iterations of the call-free loop")

// sink keeps the loop's result alive so the compiler cannot drop the loop.
var sink uint64

// crunch is the call-free loop of the bug (and of go1.14).
func crunch(n uint64, end chan<- struct{}) {
	x := uint64(1)
	for i := uint64(0); i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink = x
	close(end)
}

// crunchYielding is the fix: the same loop with a yield every 4096 turns.
func crunchYielding(n uint64, end chan<- struct{}) {
	x := uint64(1)
	for i := uint64(1); i <= n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		if i%4096 == 0 {
			runtime.Gosched()
		}
	}
	sink = x
	close(end)
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix or go1.14")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	done, end := make(chan struct{}), make(chan struct{})
	var ran time.Time
	start := time.Now()
	go func() { // the worker
		ran = time.Now()
		close(done)
	}()
	switch *variant {
	case "bug", "go1.14":
		go crunch(*iters, end)
	case "fix":
		go crunchYielding(*iters, end)
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	<-done
	starved := ran.Sub(start)
	<-end // the loop is bounded: wait for it so every variant does the same work
	elapsed := time.Since(start)
	hung := 0
	if starved >= elapsed*9/10 {
		hung = 1 // the worker ran only once the loop was over: unbounded, it never would
	}
	fmt.Printf("RESULT variant=%s starved_max=%d hung=%d elapsed=%d\n", *variant,
		starved.Nanoseconds(), hung, elapsed.Nanoseconds())
}
