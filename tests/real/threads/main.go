// threads: the runtime's own threads, and threads under blocking reads
// (issue #17, point 6; numbers of its own: 150 readers). The program runs
// itself again as a child with GODEBUG=schedtrace=-trace. -mode idle: the
// child only sleeps -life. -mode readers: the child starts -readers
// goroutines, each blocked in syscall.Read on the read end of its own pipe
// (syscall.Pipe: a blocking fd, not in the netpoller, unlike os.Pipe), then
// sleeps -life. The parent reads the child's schedtrace lines and reports
// threads= at the first SCHED line (0 ms), at the second (-trace ms), at
// the first line at or after 100 ms, and the largest; the child reports its OS thread count at the end
// (/proc/self/status Threads) and runtime.NumGoroutine.
//
//	threads -mode idle
//	threads -mode readers -readers 150
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
	"syscall"
	"time"
)

// osThreads is the Threads: line of /proc/self/status.
func osThreads() int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "Threads:") {
			n, _ := strconv.Atoi(strings.TrimSpace(l[len("Threads:"):]))
			return n
		}
	}
	return -1
}

// child runs the shape and prints its own counts on stdout.
func child(readers int, life time.Duration) {
	for i := 0; i < readers; i++ {
		var fd [2]int
		if err := syscall.Pipe(fd[:]); err != nil {
			fmt.Println("pipe_error=1")
			os.Exit(1)
		}
		go func(r int) {
			var b [1]byte
			syscall.Read(r, b[:]) // blocks: nobody writes
		}(fd[0])
	}
	time.Sleep(life)
	fmt.Printf("os_threads_end=%d goroutines=%d\n", osThreads(), runtime.NumGoroutine())
	os.Exit(0)
}

// sched matches one schedtrace line: its time and threads=.
var sched = regexp.MustCompile(`^SCHED (\d+)ms: .*? threads=(\d+)`)

func main() {
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	mode := flag.String("mode", "idle", "idle | readers")
	readers := flag.Int("readers", 150, "blocked readers (-mode readers)")
	life := flag.Duration("life", 300*time.Millisecond, "the child's sleep")
	trace := flag.Int("trace", 20, "schedtrace period, ms")
	isChild := flag.Bool("child", false, "internal: be the child")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	n := 0
	if *mode == "readers" {
		n = *readers
	}
	if *isChild {
		child(n, *life)
	}
	cmd := exec.Command(os.Args[0], "-child", "-procs", strconv.Itoa(*procs),
		"-mode", *mode, "-readers", strconv.Itoa(*readers), "-life", life.String())
	cmd.Env = append(os.Environ(), fmt.Sprintf("GODEBUG=schedtrace=%d", *trace))
	stderr, _ := cmd.StderrPipe()
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		fmt.Println("RESULT shape=threads error=start")
		os.Exit(1)
	}
	first, second, at100, peak, lines := -1, -1, -1, 0, 0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		m := sched.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		lines++
		at, _ := strconv.Atoi(m[1])
		th, _ := strconv.Atoi(m[2])
		if first < 0 {
			first = th
		} else if second < 0 {
			second = th
		}
		if at100 < 0 && at >= 100 {
			at100 = th
		}
		if th > peak {
			peak = th
		}
	}
	cmd.Wait()
	fmt.Printf("RESULT shape=threads procs=%d mode=%s readers=%d threads_first=%d threads_second=%d threads_at_100ms=%d threads_peak=%d sched_lines=%d %s\n",
		*procs, *mode, n, first, second, at100, peak, lines, strings.TrimSpace(out.String()))
	os.Exit(0)
}
