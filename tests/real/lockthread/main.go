// lockthread: renderers bind to their thread, then meet a scheduling point,
// then "draw", checking the thread is still the one they bound on (issue #16,
// point 3; the shape of scenario 15 with numbers of its own). The thread's
// identity is syscall.Gettid(), so another goroutine binding on the same
// thread is never a migration. Background workers keep the Ps busy with
// chunks of CPU and a Gosched after each.
//
// -mode bug unlocks right after binding (UnlockOSThread too early); -mode fix
// keeps the lock until the frame is drawn. -sched picks the scheduling point
// between layout and draw: gosched, chan (a helper goroutine lays the frame
// out and answers on a channel), sleep (time.Sleep(-nap) after the layout) or
// none. It reports the draws on another thread than the bound one.
//
//	lockthread -renderers 2 -sched gosched -mode bug
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
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

// draws and moved count draws, and draws on a thread other than the bound one.
var draws, moved int64

// stop ends the background workers.
var stop int32

// cfg is the run's shape, in spin steps where it is CPU.
type cfg struct {
	mode, sched  string        // bug|fix; gosched|chan|sleep|none
	layout, draw int           // CPU of the layout and of the draw
	nap          time.Duration // the sleep of -sched sleep
	frames       int           // frames per renderer
	deadline     time.Time     // the run bound
	req          chan chan int // -sched chan: layout requests to the helper
}

// render draws c.frames frames, each: bind, layout, scheduling point, draw.
func render(c *cfg, wg *sync.WaitGroup) {
	defer wg.Done()
	done := make(chan int)
	for f := 0; f < c.frames && time.Now().Before(c.deadline); f++ {
		runtime.LockOSThread()
		tid := syscall.Gettid()
		if c.mode == "bug" {
			runtime.UnlockOSThread()
		}
		switch c.sched {
		case "gosched":
			spin(c.layout)
			runtime.Gosched()
		case "chan":
			c.req <- done
			<-done
		case "sleep":
			spin(c.layout)
			time.Sleep(c.nap)
		default:
			spin(c.layout)
		}
		if syscall.Gettid() != tid {
			atomic.AddInt64(&moved, 1)
		}
		atomic.AddInt64(&draws, 1)
		spin(c.draw)
		if c.mode == "fix" {
			runtime.UnlockOSThread()
		}
	}
}

// helper lays frames out for -sched chan and answers on the requester's channel.
func helper(c *cfg) {
	for done := range c.req {
		spin(c.layout)
		done <- 1
	}
}

// crunch is a background worker: a chunk of CPU, then a Gosched.
func crunch(chunk int) {
	for atomic.LoadInt32(&stop) == 0 {
		spin(chunk)
		runtime.Gosched()
	}
}

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	renderers := flag.Int("renderers", 2, "renderer goroutines")
	workers := flag.Int("workers", 3, "background goroutines")
	frames := flag.Int("frames", 150, "frames per renderer")
	mode := flag.String("mode", "bug", "bug | fix")
	sched := flag.String("sched", "gosched", "gosched | chan | sleep | none")
	layout := flag.Duration("layout", 250*time.Microsecond, "layout CPU")
	draw := flag.Duration("draw", 350*time.Microsecond, "draw CPU")
	chunk := flag.Duration("chunk", 600*time.Microsecond, "background chunk CPU")
	nap := flag.Duration("nap", 50*time.Microsecond, "sleep of -sched sleep")
	dur := flag.Duration("dur", 3*time.Second, "run bound")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	ns := nsPerStep()
	st := func(d time.Duration) int { return int(float64(d.Nanoseconds())/ns + 0.5) }
	c := &cfg{mode: *mode, sched: *sched, layout: st(*layout), draw: st(*draw), nap: *nap,
		frames: *frames, deadline: time.Now().Add(*dur), req: make(chan chan int)}
	go helper(c)
	for i := 0; i < *workers; i++ {
		go crunch(st(*chunk))
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < *renderers; i++ {
		wg.Add(1)
		go render(c, &wg)
	}
	wg.Wait()
	el := time.Since(start)
	d, m := atomic.LoadInt64(&draws), atomic.LoadInt64(&moved)
	fmt.Printf("RESULT shape=lockthread procs=%d renderers=%d mode=%s sched=%s draws=%d moved=%d moved_pct=%.2f frames_per_s=%.0f elapsed_ms=%.0f\n",
		*procs, *renderers, *mode, *sched, d, m, 100*float64(m)/float64(d), float64(d)/el.Seconds(), el.Seconds()*1e3)
	os.Exit(0)
}
