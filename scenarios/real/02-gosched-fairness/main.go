// Scenario 02, the real program: 8 workers on GOMAXPROCS=2 take jobs from a
// producer; the bug yields between the three steps of every job ("for
// fairness"), the fix does not. longjobs/longjobs-fix: 600 jobs of 15 µs
// steps, where the yields stop mattering.
//
//	go run . -variant bug|fix|longjobs|longjobs-fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// work burns d of CPU (a clock-checking loop: the job's computation).
func work(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

// worker runs jobs; yield puts a Gosched after each of the three steps.
func worker(jobs <-chan int, results chan<- int, step time.Duration, yield bool, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		for s := 0; s < 3; s++ {
			work(step)
			if yield {
				runtime.Gosched()
			}
		}
		results <- j
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix, longjobs or longjobs-fix")
	njobs := flag.Int("jobs", 6000, "jobs the producer sends")
	flag.Parse()
	step, yield := 170*time.Nanosecond, true
	switch *variant {
	case "bug":
	case "fix":
		yield = false
	case "longjobs":
		step, *njobs = 15*time.Microsecond, 600
	case "longjobs-fix":
		step, yield, *njobs = 15*time.Microsecond, false, 600
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	jobs, results := make(chan int, 64), make(chan int, 64)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go worker(jobs, results, step, yield, &wg)
	}
	go func() {
		for j := 0; j < *njobs; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(results) }()
	done := 0
	for range results {
		done++
	}
	el := time.Since(start)
	fmt.Printf("RESULT variant=%s completed.jobs_done=%d rate.jobs_done=%.0f elapsed=%d\n",
		*variant, done, float64(done)/el.Seconds(), el.Nanoseconds())
}
