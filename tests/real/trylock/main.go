// trylock: the AB-BA movers of abba, but the second lock is a TryLock; on
// failure the mover releases the first lock, calls runtime.Gosched and
// retries (issue #16, point 1: "TryLock+Gosched livelock"). It reports the
// transfer rate, the failed attempts, and whether progress stopped for
// -stall (a livelock, as opposed to a slow run).
//
//	trylock -procs 1 -dur 1500ms
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

// account is one side of a transfer.
type account struct {
	mu  sync.Mutex // held while the balance changes
	bal int64      // the balance
}

// sink keeps spin's result alive so the compiler keeps the loop.
var sink uint64

// spin runs n steps of an LCG: call-free CPU work, preemptible only by a signal.
//
//go:noinline
func spin(n int) {
	x := sink
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	sink = x
}

// nsPerStep calibrates spin: the best of five runs of 2^20 steps.
func nsPerStep() float64 {
	const n = 1 << 20
	best := 1e9
	for i := 0; i < 5; i++ {
		t := time.Now()
		spin(n)
		if d := float64(time.Since(t).Nanoseconds()) / n; d < best {
			best = d
		}
	}
	return best
}

// transfers and failed count completed transfers and failed TryLocks.
var transfers, failed int64

// transfer locks from, then tries to; on failure it backs off with Gosched.
func transfer(from, to *account, audit, apply int) {
	for {
		from.mu.Lock()
		spin(audit)
		if to.mu.TryLock() {
			break
		}
		from.mu.Unlock()
		atomic.AddInt64(&failed, 1)
		runtime.Gosched()
	}
	spin(apply)
	from.bal--
	to.bal++
	to.mu.Unlock()
	from.mu.Unlock()
	atomic.AddInt64(&transfers, 1)
}

// mover prepares and applies transfers forever; odd items take longer to prepare.
func mover(from, to *account, prep, jitter, audit, apply int) {
	for i := 0; ; i++ {
		if i%2 == 1 {
			spin(prep + jitter)
		} else {
			spin(prep)
		}
		transfer(from, to, audit, apply)
	}
}

func main() {
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	dur := flag.Duration("dur", 1500*time.Millisecond, "run bound")
	prep := flag.Duration("prep", 1200*time.Nanosecond, "preparation, no lock held")
	jitter := flag.Duration("jitter", 800*time.Nanosecond, "extra preparation of odd items")
	audit := flag.Duration("audit", 20*time.Nanosecond, "work between the two locks")
	apply := flag.Duration("apply", 300*time.Nanosecond, "work with both locks held")
	stall := flag.Duration("stall", 200*time.Millisecond, "no progress this long = livelock")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	ns := nsPerStep()
	st := func(d time.Duration) int { return int(float64(d.Nanoseconds())/ns + 0.5) }
	a, b := &account{bal: 1 << 20}, &account{bal: 1 << 20}
	start := time.Now()
	go mover(a, b, st(*prep), st(*jitter), st(*audit), st(*apply))
	go mover(b, a, st(*prep), st(*jitter), st(*audit), st(*apply))
	last, lastAt := int64(0), time.Duration(0)
	for {
		time.Sleep(time.Millisecond)
		now := time.Since(start)
		if n := atomic.LoadInt64(&transfers); n != last {
			last, lastAt = n, now
		}
		if now-lastAt >= *stall || now >= *dur {
			live := 0
			if now-lastAt >= *stall {
				live = 1
			}
			f := atomic.LoadInt64(&failed)
			fmt.Printf("RESULT shape=trylock procs=%d livelocked=%d transfers=%d failed_trylocks=%d per_s=%.0f failed_pct=%.2f elapsed_ms=%.0f\n",
				*procs, live, last, f, float64(last)/now.Seconds(), 100*float64(f)/float64(f+last), now.Seconds()*1e3)
			os.Exit(0)
		}
	}
}
