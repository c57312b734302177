// Scenario 03, the real program: sessions lock their thread and return
// without unlocking, so every session's thread exits with it (thread churn);
// the fix unlocks (deferred) and the threads are reused. pileup/pileup-fix
// keep many locked sessions alive at once under a low thread limit: both die
// of the runtime's thread-exhaustion fatal error.
//
//	go run . -variant bug|fix|pileup|pileup-fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// work burns d of CPU.
func work(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

var handled atomic.Int64 // sessions finished

// tids records the thread each session ran on (its locked thread).
var tids sync.Map

// session is one client session; unlock says whether it unlocks its thread.
func session(wg *sync.WaitGroup, wait time.Duration, unlock bool) {
	defer wg.Done()
	runtime.LockOSThread()
	if unlock {
		defer runtime.UnlockOSThread()
	}
	tids.Store(syscall.Gettid(), true)
	work(300 * time.Microsecond) // initContext: thread-bound setup
	time.Sleep(wait)             // waitForEvents: the locked M waits with it
	work(50 * time.Microsecond)  // handle
	handled.Add(1)
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix, pileup or pileup-fix")
	flag.Parse()
	const sessions, batch, gap = 120, 8, 25 * time.Millisecond
	wait, unlock := 20*time.Millisecond, false
	switch *variant {
	case "bug":
	case "fix":
		unlock = true
	case "pileup", "pileup-fix":
		debug.SetMaxThreads(40)
		wait, unlock = 200*time.Millisecond, *variant == "pileup-fix"
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(4)
	var wg sync.WaitGroup
	for b := 0; b < sessions/batch; b++ {
		for i := 0; i < batch; i++ {
			wg.Add(1)
			go session(&wg, wait, unlock)
		}
		time.Sleep(gap)
	}
	wg.Wait()
	// A locked goroutine's exit kills its thread: the session threads gone
	// from /proc/self/task are the threads that exited.
	used, exited := 0, 0
	tids.Range(func(k, _ any) bool {
		used++
		if _, err := os.Stat(fmt.Sprintf("/proc/self/task/%d", k.(int))); err != nil {
			exited++
		}
		return true
	})
	fmt.Printf("RESULT variant=%s threads_exited=%d session_threads=%d threads=%d completed.handled=%d\n",
		*variant, exited, used, liveThreads(), handled.Load())
}

// liveThreads reads the process's live thread count from /proc.
func liveThreads() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	var n int
	for _, line := range splitLines(string(b)) {
		if _, err := fmt.Sscanf(line, "Threads: %d", &n); err == nil {
			return n
		}
	}
	return -1
}

// splitLines splits s at newlines.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
