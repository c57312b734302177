// Scenario 18, the real program: GOMAXPROCS=1, a heartbeat goroutine on a
// 1 ms ticker, and main in a call-free checksum loop of about 0.7 s.
//
//	bug     a "C library" (inline below) installs its own SIGURG handler
//	        that does not chain: the runtime's first preemption signal is
//	        swallowed, no other is sent, the heartbeat starves
//	fix     the C handler chains to the handler it replaced (the runtime's)
//	notify  no C handler; the app asks for SIGURG with signal.Notify, which
//	        keeps the runtime's handler in place
//
// starved_max is the longest gap between heartbeats over the loop (counting
// from the loop's start to the first beat and from the last beat to its end).
// Needs cgo (gcc, CGO_ENABLED=1).
//
//	go run . -variant bug|fix|notify
package main

/*
#include <signal.h>
#include <string.h>

static struct sigaction previous;  // the handler we replaced (the runtime's)
static volatile int caught;        // SIGURGs our handler saw

static void own(int sig, siginfo_t *info, void *ctx) { caught++; }

static void chained(int sig, siginfo_t *info, void *ctx) {
	caught++;
	if (previous.sa_flags & SA_SIGINFO)
		previous.sa_sigaction(sig, info, ctx);
	else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
		previous.sa_handler(sig);
}

// netmon_init installs the library's SIGURG handler; chain says whether it
// calls the previous one.
static void netmon_init(int chain) {
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_sigaction = chain ? chained : own;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigaction(SIGURG, &sa, &previous);
}

static int netmon_caught(void) { return caught; }
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"
)

var (
	mu    sync.Mutex
	beats []time.Time // when each heartbeat ran
)

// heartbeat records a beat every millisecond until stop closes.
func heartbeat(stop <-chan struct{}) {
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			_ = now
			mu.Lock()
			beats = append(beats, time.Now())
			mu.Unlock()
		case <-stop:
			return
		}
	}
}

var sink uint64

// checksum is the call-free loop.
func checksum(n uint64) uint64 {
	x := uint64(1)
	for i := uint64(0); i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix or notify")
	iters := flag.Uint64("iters", 300_000_000, "iterations of the loop (~0.7 s)")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	switch *variant {
	case "bug":
		C.netmon_init(0)
	case "fix":
		C.netmon_init(1)
	case "notify":
		urg := make(chan os.Signal, 1)
		signal.Notify(urg, syscall.SIGURG)
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	stop := make(chan struct{})
	go heartbeat(stop)
	start := time.Now()
	sink = checksum(*iters)
	end := time.Now()
	close(stop)
	mu.Lock()
	prev, worst, during := start, time.Duration(0), 0
	for _, b := range beats {
		if b.After(end) {
			break
		}
		if b.After(start) {
			during++
			if b.Sub(prev) > worst {
				worst = b.Sub(prev)
			}
			prev = b
		}
	}
	mu.Unlock()
	if end.Sub(prev) > worst {
		worst = end.Sub(prev)
	}
	fmt.Printf("RESULT variant=%s starved_max=%d completed.beats=%d loop=%d c_handler_caught=%d\n",
		*variant, worst.Nanoseconds(), during, end.Sub(start).Nanoseconds(), int(C.netmon_caught()))
}
