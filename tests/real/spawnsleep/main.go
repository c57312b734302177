// spawnsleep: timers that ready many goroutines at once (issue #17, point 4;
// numbers of its own: 40000 goroutines sleeping 40 ms). The program runs
// itself again as a child with GODEBUG=schedtrace=-trace: the child spawns
// -n goroutines as fast as it can, each sleeping -nap, and waits for all of
// them; it writes SPAWNED on stderr when the last one is started. The parent
// reads the child's stderr and reports the largest global run queue
// (runqueue=) in three windows: SCHED lines before -nap (no timer can have
// fired yet: only newproc's overflow of a full local queue), from -nap until
// SPAWNED (timers fire while main still spawns), and after SPAWNED (only
// timers ready goroutines), with the time of that last peak (the SCHED
// line's time since the runtime started). It also reports the largest sum of
// the local run queues and the child's spawn and total times. Schedtrace
// samples every -trace ms, so each peak is a lower bound of the real one.
//
//	spawnsleep -n 40000 -nap 40ms -trace 10
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

// child spawns n sleepers, waits for them and prints its timings on stdout.
func child(n int, nap time.Duration) {
	var wg sync.WaitGroup
	t := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			time.Sleep(nap)
			wg.Done()
		}()
	}
	spawn := time.Since(t)
	fmt.Fprintln(os.Stderr, "SPAWNED")
	wg.Wait()
	fmt.Printf("spawn_ms=%.1f all_done_ms=%.1f\n", spawn.Seconds()*1e3, time.Since(t).Seconds()*1e3)
	os.Exit(0)
}

// max is the larger of a and b.
func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// sched matches one schedtrace line: time, global runq, local runqs.
var sched = regexp.MustCompile(`^SCHED (\d+)ms: .* runqueue=(\d+) \[([\d ]*)\]`)

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	n := flag.Int("n", 40000, "sleeping goroutines")
	nap := flag.Duration("nap", 40*time.Millisecond, "their sleep")
	trace := flag.Int("trace", 10, "schedtrace period, ms")
	isChild := flag.Bool("child", false, "internal: be the child")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	if *isChild {
		child(*n, *nap)
	}
	cmd := exec.Command(os.Args[0], "-child", "-procs", strconv.Itoa(*procs),
		"-n", strconv.Itoa(*n), "-nap", nap.String())
	cmd.Env = append(os.Environ(), fmt.Sprintf("GODEBUG=schedtrace=%d", *trace))
	stderr, _ := cmd.StderrPipe()
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		fmt.Println("RESULT shape=spawnsleep error=start")
		os.Exit(1)
	}
	// pre: lines before nap ms (no timer can have fired: only newproc's
	// overflow); mix: from nap ms until SPAWNED (timers firing while main
	// still spawns); post: after SPAWNED (only timers ready goroutines).
	var pre, mix, post, postAt, peakLocal, lines int
	spawned := false
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if sc.Text() == "SPAWNED" {
			spawned = true
		}
		m := sched.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		lines++
		at, _ := strconv.Atoi(m[1])
		g, _ := strconv.Atoi(m[2])
		local := 0
		for _, f := range strings.Fields(m[3]) {
			v, _ := strconv.Atoi(f)
			local += v
		}
		switch {
		case spawned:
			if g > post {
				post, postAt = g, at
			}
		case time.Duration(at)*time.Millisecond < *nap:
			pre = max(pre, g)
		default:
			mix = max(mix, g)
		}
		peakLocal = max(peakLocal, local)
	}
	cmd.Wait()
	if !spawned {
		fmt.Println("RESULT shape=spawnsleep error=no-spawn-marker")
		os.Exit(1)
	}
	fmt.Printf("RESULT shape=spawnsleep procs=%d n=%d nap_ms=%d runq_pre_nap=%d runq_spawn_and_timers=%d runq_after_spawn=%d after_spawn_peak_at_ms=%d peak_local_runq_sum=%d sched_lines=%d %s\n",
		*procs, *n, nap.Milliseconds(), pre, mix, post, postAt, peakLocal, lines, strings.TrimSpace(out.String()))
	os.Exit(0)
}
