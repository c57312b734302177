// timerburst: one P's expired timers ready their goroutines all at once
// (issue #17, point 4; numbers of its own). GOMAXPROCS=-procs. main starts
// -n goroutines that each sleep until the same instant (-at after start),
// sleeps -settle so that all of them park in their Sleep, then runs a
// call-free loop for -hog: the P goes through the scheduler only
// when sysmon preempts the loop, and then checkTimers readies every expired
// sleeper onto that P's run queue in one pass: 256 fit in the ring (plus
// runnext), runqputslow moves half the ring and the newcomer to the global
// queue each time it is full. The program runs itself again as a child with
// GODEBUG=schedtrace=-trace and reports the largest global run queue
// (runqueue=) and the largest local one seen in the SCHED lines.
//
// Each sleeper, once awake, spins -work of CPU, so the queues drain slowly
// and the samples see them near their peak.
//
//	timerburst -procs 1 -n 3000 -at 20ms -settle 3ms -hog 60ms -work 20us -trace 1
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

var sink uint64

// hog spins without a call for d (checks the clock every 2^20 turns).
func hog(d time.Duration) {
	t := time.Now()
	x := uint64(1)
	for {
		for i := 0; i < 1<<20; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		if time.Since(t) >= d {
			break
		}
	}
	sink = x
}

// child starts n sleepers due at start+at, each spinning w once awake,
// sleeps settle (so that every sleeper has parked in its Sleep), hogs the
// CPU, and waits for them.
func child(n int, at, d, w, settle time.Duration) {
	var wg sync.WaitGroup
	due := time.Now().Add(at)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			time.Sleep(time.Until(due))
			spin(w)
			wg.Done()
		}()
	}
	time.Sleep(settle) // every sleeper runs and parks in its Sleep first
	hog(d)
	wg.Wait()
	os.Exit(0)
}

// spin burns d of CPU with calls (preemptible), so the queues drain slowly
// and schedtrace's samples see them near their peak.
func spin(d time.Duration) {
	t := time.Now()
	for time.Since(t) < d {
	}
}

var sched = regexp.MustCompile(`^SCHED (\d+)ms: .* runqueue=(\d+) \[([\d ]*)\]`)

func main() {
	procs := flag.Int("procs", 1, "GOMAXPROCS")
	n := flag.Int("n", 3000, "sleepers")
	at := flag.Duration("at", 20*time.Millisecond, "when they are due")
	d := flag.Duration("hog", 60*time.Millisecond, "main's call-free loop")
	w := flag.Duration("work", 20*time.Microsecond, "each sleeper's CPU once awake")
	settle := flag.Duration("settle", 3*time.Millisecond, "main's sleep before the hog")
	trace := flag.Int("trace", 2, "schedtrace interval (ms)")
	isChild := flag.Bool("child", false, "internal: be the child")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	if *isChild {
		child(*n, *at, *d, *w, *settle)
	}
	cmd := exec.Command(os.Args[0], "-child", "-procs", strconv.Itoa(*procs),
		"-n", strconv.Itoa(*n), "-at", at.String(), "-hog", d.String(), "-work", w.String(), "-settle", settle.String())
	cmd.Env = append(os.Environ(), fmt.Sprintf("GODEBUG=schedtrace=%d", *trace))
	errp, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	glob, local, peakAt := 0, 0, -1
	sc := bufio.NewScanner(errp)
	for sc.Scan() {
		m := sched.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ms, _ := strconv.Atoi(m[1])
		g, _ := strconv.Atoi(m[2])
		if g > glob {
			glob, peakAt = g, ms
		}
		for _, f := range strings.Fields(m[3]) {
			l, _ := strconv.Atoi(f)
			if l > local {
				local = l
			}
		}
	}
	cmd.Wait()
	fmt.Printf("RESULT shape=timerburst procs=%d n=%d at_ms=%d glob_peak=%d glob_peak_at_ms=%d local_peak=%d\n",
		*procs, *n, at.Milliseconds(), glob, peakAt, local)
}
