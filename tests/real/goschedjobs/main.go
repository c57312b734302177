// goschedjobs: what "be fair" Goscheds cost a worker pool (issue #17, point
// 1; the shape of scenario 02 with numbers of its own). A producer sends
// -jobs jobs into a buffered channel; -workers workers each run a job as
// three steps of ~-job/3 of CPU, with a Gosched after each step in the
// gosched mode and none in the plain mode; main collects the results. The
// two modes alternate for -reps rounds in one process. It reports the best
// wall time of each, the median process CPU time of each (getrusage: not
// inflated when the machine is shared), and the throughput lost to the
// Goscheds, 1 - plain/gosched, by the best wall time, by the median wall
// time and by the median CPU time.
//
//	goschedjobs -procs 2 -workers 8 -jobs 3000 -job 40us -reps 7
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far (user + system, every thread).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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

// worker runs jobs as three steps, yielding after each when yield is set.
func worker(jobs <-chan int, results chan<- int, step int, yield bool) {
	for j := range jobs {
		for s := 0; s < 3; s++ {
			spin(step)
			if yield {
				runtime.Gosched()
			}
		}
		results <- j
	}
}

// run is one pool run: the wall and CPU time from the first send to the
// last result.
func run(workers, jobs, step int, yield bool) (time.Duration, time.Duration) {
	jc, rc := make(chan int, 256), make(chan int, 256)
	t, c := time.Now(), cpuTime()
	for w := 0; w < workers; w++ {
		go worker(jc, rc, step, yield)
	}
	go func() {
		for i := 0; i < jobs; i++ {
			jc <- i
		}
		close(jc)
	}()
	for i := 0; i < jobs; i++ {
		<-rc
	}
	return time.Since(t), cpuTime() - c
}

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	workers := flag.Int("workers", 8, "pool size")
	jobs := flag.Int("jobs", 3000, "jobs per run")
	job := flag.Duration("job", 40*time.Microsecond, "CPU per job (three steps)")
	reps := flag.Int("reps", 7, "rounds of the two modes")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	step := int(float64(job.Nanoseconds())/3/nsPerStep() + 0.5)
	var plain, yield, plainCPU, yieldCPU []float64
	for r := 0; r < *reps; r++ {
		for k := 0; k < 2; k++ {
			y := (r+k)%2 == 1 // alternate which mode goes first
			w, c := run(*workers, *jobs, step, y)
			if y {
				yield, yieldCPU = append(yield, w.Seconds()*1e3), append(yieldCPU, c.Seconds()*1e3)
			} else {
				plain, plainCPU = append(plain, w.Seconds()*1e3), append(plainCPU, c.Seconds()*1e3)
			}
		}
	}
	for _, v := range [][]float64{plain, yield, plainCPU, yieldCPU} {
		sort.Float64s(v)
	}
	m := len(plain) / 2
	fmt.Printf("RESULT shape=goschedjobs procs=%d workers=%d jobs=%d plain_best_ms=%.2f gosched_best_ms=%.2f plain_cpu_ms=%.2f gosched_cpu_ms=%.2f loss_best_pct=%.1f loss_med_pct=%.1f loss_cpu_pct=%.1f\n",
		*procs, *workers, *jobs, plain[0], yield[0], plainCPU[m], yieldCPU[m],
		100*(1-plain[0]/yield[0]), 100*(1-plain[m]/yield[m]), 100*(1-plainCPU[m]/yieldCPU[m]))
	os.Exit(0)
}
