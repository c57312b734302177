// Scenario 10, the real program: events arrive every 10 µs (100,000 a
// second); the kernel buffers them, so each turn of the ingest loop takes
// every event that arrived since its last turn. bug: one goroutine per event,
// each parsing (5 µs) and then inserting through a database of 8 connections
// (2 ms a query: 4,000 a second) -- goroutines and their stacks grow without
// bound. The scenario's 128 MiB memory limit would kill it (SIGKILL in a
// container); this program stops ingesting after -dur instead and reports the
// peak. sleeping: the stub database lets any number wait 50 ms (the
// population levels off at rate x 50 ms). cpubound: 20 ms of CPU per event.
// fix: a pool of 16 workers fed by a blocking hand-off (back pressure).
//
//	go run . -variant bug|fix|sleeping|cpubound
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

var (
	stored atomic.Int64             // events inserted
	conns  = make(chan struct{}, 8) // the database's connections
	every  = 10 * time.Microsecond  // one event per 10 µs
)

// burn uses d of CPU.
func burn(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

// handle processes one event the way the variant does.
func handle(variant string) {
	switch variant {
	case "cpubound":
		burn(20 * time.Millisecond)
	case "sleeping":
		burn(5 * time.Microsecond)
		time.Sleep(50 * time.Millisecond) // the stub database
	default:
		burn(5 * time.Microsecond)
		conns <- struct{}{}
		time.Sleep(2 * time.Millisecond) // the query
		<-conns
	}
	stored.Add(1)
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix, sleeping or cpubound")
	dur := flag.Duration("dur", 700*time.Millisecond, "how long events arrive")
	// -progress prints each new peak (per 1000 goroutines) as it happens,
	// so that a run the kernel's OOM killer ends (in a memory cgroup) still
	// tells how many goroutines it reached.
	progress := flag.Bool("progress", false, "print each new thousand of the goroutine peak")
	flag.Parse()
	switch *variant {
	case "bug", "fix", "sleeping", "cpubound":
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	jobs := make(chan struct{})
	if *variant == "fix" {
		for w := 0; w < 16; w++ {
			go func() {
				for range jobs {
					handle("fix")
				}
			}()
		}
	}
	start := time.Now()
	taken, peak := int64(0), 0
	for time.Since(start) < *dur {
		arrived := int64(time.Since(start) / every) // the kernel's buffer
		for ; taken < arrived; taken++ {
			if *variant == "fix" {
				jobs <- struct{}{} // blocks while every worker is busy
			} else {
				go handle(*variant)
			}
		}
		if n := runtime.NumGoroutine(); n > peak {
			if *progress && n/1000 > peak/1000 {
				fmt.Fprintf(os.Stdout, "peak %d at %v\n", n, time.Since(start))
			}
			peak = n
		}
		// A socket read would park on the netpoller until data came; a
		// 10 µs sleep would wake only when its P next schedules (~10 ms
		// later with every P busy), so the loop yields instead.
		runtime.Gosched()
	}
	el := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("RESULT variant=%s goroutines_peak=%d stack_bytes=%d completed.stored=%d rate.stored=%.0f events=%d\n",
		*variant, peak, ms.StackInuse, stored.Load(), float64(stored.Load())/el.Seconds(), taken)
}
