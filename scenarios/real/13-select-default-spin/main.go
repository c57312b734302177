// Scenario 13, the real program: a worker serves 12 jobs that arrive 15 ms
// apart (1 ms of CPU each). bug: select with an empty default, polling the
// channel as fast as it can between jobs; fix: no default, the worker parks.
// cpu_wasted is the process's CPU time (getrusage) beyond the jobs' own work,
// as a share of GOMAXPROCS x the wall time.
//
//	go run . -variant bug|fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"
)

// process uses 1 ms of CPU: one job.
func process(j int) int {
	for end := time.Now().Add(time.Millisecond); time.Now().Before(end); {
	}
	return j
}

// pollingWorker is the bug.
func pollingWorker(jobs <-chan int, results chan<- int) {
	for {
		select {
		case j := <-jobs:
			results <- process(j)
		default:
			// nothing yet: look again
		}
	}
}

// parkingWorker is the fix.
func parkingWorker(jobs <-chan int, results chan<- int) {
	for j := range jobs {
		results <- process(j)
	}
}

// cpuTime is the process's user + system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	variant := flag.String("variant", "bug", "bug or fix")
	flag.Parse()
	const procs, njobs, gap = 2, 12, 15 * time.Millisecond
	runtime.GOMAXPROCS(procs)
	jobs, results := make(chan int), make(chan int)
	start, cpu0 := time.Now(), cpuTime()
	switch *variant {
	case "bug":
		go pollingWorker(jobs, results)
	case "fix":
		go parkingWorker(jobs, results)
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	handled := 0
	for i := 0; i < njobs; i++ {
		time.Sleep(gap)
		jobs <- i
		<-results
		handled++
	}
	wall, cpu := time.Since(start), cpuTime()-cpu0
	wasted := float64(cpu-njobs*time.Millisecond) / float64(procs*wall) * 100
	if wasted < 0 {
		wasted = 0
	}
	fmt.Printf("RESULT variant=%s cpu_wasted=%.1f cpu_util=%.1f completed.handled=%d elapsed=%d\n",
		*variant, wasted, float64(cpu)/float64(procs*wall)*100, handled, wall.Nanoseconds())
}
