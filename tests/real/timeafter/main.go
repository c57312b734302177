// timeafter: the cost of one turn of a consumer's select loop (issue #17,
// point 1; the shape of scenario 11 with numbers of its own). The consumer
// receives -iters jobs from a buffered channel, filled beforehand, in a
// three-case select: the job, a done channel that never fires, and a
// timeout. -after makes a new time.After(-idle) every turn (the bug); the
// hoisted timer is made once and Stop/Reset each turn (the fix); bare has no
// timeout case (the floor). The modes alternate for -reps rounds; it reports
// the best wall-clock ns per turn of each, the best process CPU ns per turn
// (getrusage: every thread, the GC's included; not inflated when the machine
// is shared), and the allocations per turn. The bug's timers stay live until
// they fire (-idle, never within the run), so its heap grows all along.
//
//	timeafter -iters 40000 -reps 5
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"
)

// sum keeps the received jobs alive.
var sum int

// afterLoop is the bug: a new timer every turn.
func afterLoop(jobs chan int, done chan struct{}, idle time.Duration) {
	for i := cap(jobs); i > 0; i-- {
		select {
		case j := <-jobs:
			sum += j
		case <-done:
			return
		case <-time.After(idle):
			println("timeout")
		}
	}
}

// hoistedLoop is the fix: one timer, stopped and reset every turn.
func hoistedLoop(jobs chan int, done chan struct{}, idle time.Duration) {
	t := time.NewTimer(idle)
	for i := cap(jobs); i > 0; i-- {
		select {
		case j := <-jobs:
			sum += j
		case <-done:
			return
		case <-t.C:
			println("timeout")
		}
		if !t.Stop() {
			<-t.C
		}
		t.Reset(idle)
	}
	t.Stop()
}

// bareLoop is the floor: the same select without a timeout.
func bareLoop(jobs chan int, done chan struct{}, _ time.Duration) {
	for i := cap(jobs); i > 0; i-- {
		select {
		case j := <-jobs:
			sum += j
		case <-done:
			return
		}
	}
}

// cpuTime is the process's CPU time so far (user + system, every thread).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs one loop over a full channel: wall ns, CPU ns, allocations
// and bytes per turn.
func measure(loop func(chan int, chan struct{}, time.Duration), iters int, idle time.Duration) (float64, float64, float64, float64) {
	jobs, done := make(chan int, iters), make(chan struct{})
	for i := 0; i < iters; i++ {
		jobs <- i
	}
	runtime.GC()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	t, c := time.Now(), cpuTime()
	loop(jobs, done, idle)
	el, cpu := time.Since(t), cpuTime()-c
	runtime.ReadMemStats(&b)
	n := float64(iters)
	return float64(el.Nanoseconds()) / n, float64(cpu.Nanoseconds()) / n,
		float64(b.Mallocs-a.Mallocs) / n, float64(b.TotalAlloc-a.TotalAlloc) / n
}

// min is the smaller of a and b.
func min(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	iters := flag.Int("iters", 40000, "turns per measurement")
	reps := flag.Int("reps", 5, "rounds of the three modes")
	idle := flag.Duration("idle", 1500*time.Millisecond, "the timeout (never reached)")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	names := []string{"after", "hoisted", "bare"}
	loops := []func(chan int, chan struct{}, time.Duration){afterLoop, hoistedLoop, bareLoop}
	best, bestCPU := []float64{1e18, 1e18, 1e18}, []float64{1e18, 1e18, 1e18}
	allocs, bytes := make([]float64, 3), make([]float64, 3)
	for r := 0; r < *reps; r++ {
		for k := range loops {
			ns, cpu, al, by := measure(loops[k], *iters, *idle)
			best[k], bestCPU[k] = min(best[k], ns), min(bestCPU[k], cpu)
			allocs[k], bytes[k] = al, by
		}
	}
	line := fmt.Sprintf("RESULT shape=timeafter procs=%d iters=%d", *procs, *iters)
	for k, nm := range names {
		line += fmt.Sprintf(" %s_ns=%.1f %s_cpu_ns=%.1f %s_allocs=%.2f %s_bytes=%.0f",
			nm, best[k], nm, bestCPU[k], nm, allocs[k], nm, bytes[k])
	}
	fmt.Printf("%s ratio_after_hoisted=%.2f\n", line, best[0]/best[1])
	os.Exit(0)
}
