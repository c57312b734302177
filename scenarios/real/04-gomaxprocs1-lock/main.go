// Scenario 04, the real program: GOMAXPROCS(1) is not a lock. Four
// goroutines each add to a shared counter 20000 times as load / compute /
// store; when one is preempted between its load and its store, the updates
// the others made meanwhile are lost. fix uses an atomic add, mutex a mutex;
// short is the folklore's literal program (1000 goroutines, one increment
// each), which loses nothing because none runs long enough to be preempted.
// (The race detector reports every variant but fix and mutex: go run -race.)
//
//	go run . -variant bug|fix|mutex|short
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

// calc burns d of CPU: computing the value to add.
func calc(d time.Duration) int64 {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
	return 1
}

var (
	total int64      // the shared counter
	mu    sync.Mutex // the mutex variant's lock
)

// add is one worker; how says how it updates total.
func add(wg *sync.WaitGroup, iters int, how string) {
	defer wg.Done()
	for i := 0; i < iters; i++ {
		switch how {
		case "bug", "short":
			v := total // load
			v += calc(2 * time.Microsecond)
			total = v // store: whatever others stored meanwhile is lost
		case "fix":
			atomic.AddInt64(&total, calc(2*time.Microsecond))
		case "mutex":
			d := calc(2 * time.Microsecond)
			mu.Lock()
			total += d
			mu.Unlock()
		}
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix, mutex or short")
	flag.Parse()
	workers, iters := 4, 20000
	switch *variant {
	case "bug", "fix", "mutex":
	case "short":
		workers, iters = 1000, 1
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(1)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go add(&wg, iters, *variant)
	}
	wg.Wait()
	expected := int64(workers * iters)
	fmt.Printf("RESULT variant=%s counter.total=%d expected=%d lost_pct=%.1f\n",
		*variant, total, expected, 100*float64(expected-total)/float64(expected))
}
