// preemptpoint: where a cooperative preemption can land (issue #16, point
// 1). On GOMAXPROCS=1 a goroutine loops over a body with no function call
// of its own, except what -body says; main sleeps 1 ms beside it and
// reports how long it took to run again; if it never does, `timeout` kills
// it and there is no RESULT line (exit status 124). Run it with
// GODEBUG=asyncpreemptoff=1: only the stack-guard check in a function's
// prologue can stop the loop, as in Go 1.13.
//
//	GODEBUG=asyncpreemptoff=1 timeout 3 preemptpoint -body lock|trylock|atomic|leaf|call
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var (
	mu   sync.Mutex
	n    int64
	sink uint64
)

// leaf is small and calls nothing: the compiler inlines it.
func leaf(x uint64) uint64 { return x*6364136223846793005 + 1442695040888963407 }

// notinlined does the same behind a real call that is no leaf (it calls
// step), so its prologue checks the stack guard, hence a preemption request.
// (A small leaf gets no check even when not inlined: the compiler marks it
// nosplit.)
//
//go:noinline
func notinlined(x uint64) uint64 { return step(x) + 1 }

//go:noinline
func step(x uint64) uint64 { return x*6364136223846793005 + 1442695040888963407 }

func loop(body string) {
	x := uint64(1)
	for {
		switch body {
		case "lock":
			mu.Lock()
			x = x*6364136223846793005 + 1
			mu.Unlock()
		case "trylock":
			if mu.TryLock() {
				x = x*6364136223846793005 + 1
				mu.Unlock()
			}
		case "atomic":
			atomic.AddInt64(&n, 1)
			x = x*6364136223846793005 + 1
		case "leaf":
			x = leaf(x)
		case "call":
			x = notinlined(x)
		}
		if x == 0 {
			sink = x
		}
	}
}

func main() {
	body := flag.String("body", "lock", "lock, trylock, atomic, leaf or call")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	go loop(*body)
	runtime.Gosched() // let the loop start
	start := time.Now()
	time.Sleep(time.Millisecond)
	fmt.Printf("RESULT shape=preemptpoint body=%s resumed=1 resume_ms=%.2f\n", *body,
		time.Since(start).Seconds()*1e3)
	os.Exit(0)
}
