// abba: two movers transfer between accounts A and B, one locking A then B,
// the other B then A, around a few µs of CPU (issue #16, point 1; the shape
// of scenario 07 with numbers of its own). It reports whether they deadlock,
// after how many transfers and when (to the watchdog's 1 ms poll). A
// watchdog (main) declares a deadlock when the transfer count has not moved
// for -stall: blocked movers park, so main's timer runs even on GOMAXPROCS=1.
//
//	abba -procs 1 -dur 2s
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

// transfers counts completed transfers (both movers); escaped counts the
// TryLocks that failed in transfers that then completed (with -trylock: the
// movers met between their locks without closing the cycle).
// contended counts first Locks that found the mutex taken (their fast
// path's CAS failed: a TryLock that fails, then Lock's slow path).
var transfers, escaped, contended int64

// trylock: the second lock is taken by TryLock + Gosched, keeping the
// first (scenario 07's "fix" that livelocks instead of deadlocking).
var trylock bool

// transfer moves one unit: the first lock, a short audit, the second lock.
func transfer(from, to *account, audit, apply int) {
	if !from.mu.TryLock() {
		atomic.AddInt64(&contended, 1)
		from.mu.Lock()
	}
	spin(audit)
	if trylock {
		fails := int64(0)
		for !to.mu.TryLock() {
			fails++
			runtime.Gosched()
		}
		if fails > 0 {
			atomic.AddInt64(&escaped, fails)
		}
	} else {
		to.mu.Lock()
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
	dur := flag.Duration("dur", 2*time.Second, "run bound")
	prep := flag.Duration("prep", 1200*time.Nanosecond, "preparation, no lock held")
	jitter := flag.Duration("jitter", 800*time.Nanosecond, "extra preparation of odd items")
	audit := flag.Duration("audit", 20*time.Nanosecond, "work between the two locks")
	apply := flag.Duration("apply", 300*time.Nanosecond, "work with both locks held")
	stall := flag.Duration("stall", 200*time.Millisecond, "no progress this long = deadlock")
	flag.BoolVar(&trylock, "trylock", false, "take the second lock by TryLock + Gosched (a livelock, not a deadlock)")
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
			dead := 0
			if now-lastAt >= *stall {
				dead = 1
			}
			fmt.Printf("RESULT shape=abba procs=%d deadlocked=%d transfers=%d last_progress_ms=%.1f per_s=%.0f ns_per_step=%.2f escaped_trylocks=%d contended_first=%d\n",
				*procs, dead, last, lastAt.Seconds()*1e3, float64(last)/lastAt.Seconds(), ns, atomic.LoadInt64(&escaped), atomic.LoadInt64(&contended))
			os.Exit(0)
		}
	}
}
