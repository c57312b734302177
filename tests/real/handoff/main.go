// handoff: what keeping the thread locked costs (issue #17, point 1: "a
// locked goroutine's hand-off between Ms"; the shape of scenario 15's bug and
// fix with numbers of its own). main draws two windows in turn; a frame binds
// the thread, lays out, calls Gosched and draws. The bug unlocks right after
// binding; the fix unlocks when the frame is drawn, so each Gosched parks its
// M and needs a P handed back to it. Background workers keep both Ps busy.
// Bug and fix phases alternate in one process (-rounds of each), and it
// reports each one's frame rate and the ratio bug/fix.
//
//	handoff -frames 120 -rounds 2
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

// frame renders one window: bind, layout, Gosched, draw; it reports a move.
func frame(fix bool, layout, draw int) bool {
	runtime.LockOSThread()
	if fix {
		defer runtime.UnlockOSThread()
	}
	tid := syscall.Gettid()
	if !fix {
		runtime.UnlockOSThread()
	}
	spin(layout)
	runtime.Gosched()
	moved := syscall.Gettid() != tid
	spin(draw)
	return moved
}

// phase draws frames frames of two windows (or until the bound) and returns
// the frames drawn, the draws on another thread and the time taken.
func phase(fix bool, frames, layout, draw int, bound time.Duration) (int, int, time.Duration) {
	start, n, moved := time.Now(), 0, 0
	for f := 0; f < frames && time.Since(start) < bound; f++ {
		for w := 0; w < 2; w++ {
			if frame(fix, layout, draw) {
				moved++
			}
			n++
		}
	}
	return n, moved, time.Since(start)
}

// stop ends the background workers.
var stop int32

// crunch is a background worker: a chunk of CPU, then a Gosched.
func crunch(chunk int) {
	for atomic.LoadInt32(&stop) == 0 {
		spin(chunk)
		runtime.Gosched()
	}
}

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	workers := flag.Int("workers", 3, "background goroutines")
	frames := flag.Int("frames", 120, "frames (two windows each) per phase")
	rounds := flag.Int("rounds", 2, "bug+fix phase pairs")
	layout := flag.Duration("layout", 250*time.Microsecond, "layout CPU")
	draw := flag.Duration("draw", 350*time.Microsecond, "draw CPU")
	chunk := flag.Duration("chunk", 600*time.Microsecond, "background chunk CPU")
	bound := flag.Duration("bound", 1500*time.Millisecond, "time bound of one phase")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	ns := nsPerStep()
	st := func(d time.Duration) int { return int(float64(d.Nanoseconds())/ns + 0.5) }
	for i := 0; i < *workers; i++ {
		go crunch(st(*chunk))
	}
	var n, mv [2]int
	var el [2]time.Duration
	for r := 0; r < *rounds; r++ {
		for k := 0; k < 2; k++ {
			a, b, d := phase(k == 1, *frames, st(*layout), st(*draw), *bound)
			n[k], mv[k], el[k] = n[k]+a, mv[k]+b, el[k]+d
		}
	}
	bug, fix := float64(n[0])/el[0].Seconds(), float64(n[1])/el[1].Seconds()
	fmt.Printf("RESULT shape=handoff procs=%d bug_draws_per_s=%.0f fix_draws_per_s=%.0f slowdown=%.2f bug_moved_pct=%.1f fix_moved=%d bug_draw_us=%.0f fix_draw_us=%.0f\n",
		*procs, bug, fix, bug/fix, 100*float64(mv[0])/float64(n[0]), mv[1], 1e6/bug, 1e6/fix)
	os.Exit(0)
}
