// Scenario 15, the real program: main renders 100 frames of two windows
// while 3 workers keep both Ps busy. Each frame binds its window's context
// to the current thread (its thread id), then draws, and the draw checks that
// it runs on the bound thread.
//
//	  bug       unlock right after binding, then a Gosched before the draw
//	  chanwait  unlock early, then wait for a layout helper on a channel
//	  fix       unlock deferred to the end of the frame
//
//		go run . -variant bug|chanwait|fix
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

// burn uses d of CPU.
func burn(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

var (
	checks, mismatches int         // draws, draws on another thread
	stop               atomic.Bool // ends the workers
	req                = make(chan int)
	laidOut            = make(chan struct{})
)

// draw checks the thread the context was bound on, then draws.
func draw(bound int) {
	checks++
	if syscall.Gettid() != bound {
		mismatches++ // another thread's context: garbage or a crash in C
	}
	burn(400 * time.Microsecond)
}

// renderFrame renders one frame the variant's way.
func renderFrame(variant string) {
	runtime.LockOSThread()
	if variant == "fix" {
		defer runtime.UnlockOSThread()
	}
	bound := syscall.Gettid() // MakeCurrent: binds the context to this thread
	if variant != "fix" {
		runtime.UnlockOSThread() // too early
	}
	if variant == "chanwait" {
		req <- 0
		<-laidOut
	} else {
		burn(300 * time.Microsecond) // layout
		runtime.Gosched()
	}
	draw(bound)
}

// layoutHelper lays frames out for chanwait.
func layoutHelper() {
	for range req {
		burn(300 * time.Microsecond)
		laidOut <- struct{}{}
	}
}

// crunch is background work in 0.5 ms chunks, yielding between them.
func crunch() {
	for !stop.Load() {
		burn(500 * time.Microsecond)
		runtime.Gosched()
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug, chanwait or fix")
	flag.Parse()
	switch *variant {
	case "bug", "chanwait", "fix":
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	if *variant == "chanwait" {
		go layoutHelper()
	}
	for i := 0; i < 3; i++ {
		go crunch()
	}
	start := time.Now()
	for f := 0; f < 100; f++ {
		renderFrame(*variant) // left window
		renderFrame(*variant) // right window
	}
	el := time.Since(start)
	stop.Store(true)
	fmt.Printf("RESULT variant=%s tls_mismatch=%d tls_checks=%d rate.frames=%.0f\n",
		*variant, mismatches, checks, 100/el.Seconds())
}
