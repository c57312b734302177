// Scenario 06, the real program: 64 keep-alive clients, a pool of 64
// handlers, 1.6 ms of CPU per request, run for one second. It shows its
// symptom only inside a cgroup with a CPU quota smaller than the host's CPU
// count (the scenario: cpu.max "200000 100000" on a 32-CPU host): with the
// default GOMAXPROCS (NumCPU, the bug on Go < 1.25) the quota is spent in a
// burst and the process is throttled for the rest of each period; the fix
// sets GOMAXPROCS to the quota. Clients are goroutines here (the netpoller
// side of the listing changes nothing in the symptom).
//
//	go run . -variant bug|fix        (inside the cgroup; -quota CPUs for fix)
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"
)

// render burns d of CPU: serving one request.
func render(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

type job struct {
	sent time.Time          // when the client sent the request
	done chan time.Duration // the reply: the request's latency
}

// handler serves requests from the pool's queue.
func handler(jobs <-chan job) {
	for j := range jobs {
		render(1600 * time.Microsecond)
		j.done <- time.Since(j.sent)
	}
}

// client sends a request, waits for the reply, thinks 20 ms, until stop.
func client(jobs chan<- job, stop <-chan struct{}, lat chan<- time.Duration) {
	done := make(chan time.Duration)
	for {
		select {
		case <-stop:
			return
		default:
		}
		jobs <- job{time.Now(), done}
		lat <- <-done
		time.Sleep(20 * time.Millisecond)
	}
}

// throttled reads nr_throttled of the process's cgroup (v2), -1 if unknown.
func throttled() int64 {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return -1
	}
	path := strings.TrimSpace(strings.TrimPrefix(string(b), "0::"))
	s, err := os.ReadFile("/sys/fs/cgroup" + path + "/cpu.stat")
	if err != nil {
		return -1
	}
	var n int64 = -1
	for _, line := range strings.Split(string(s), "\n") {
		fmt.Sscanf(line, "nr_throttled %d", &n)
	}
	return n
}

func main() {
	variant := flag.String("variant", "bug", "bug or fix")
	quota := flag.Int("quota", 2, "fix: the CPU quota, in CPUs")
	flag.Parse()
	switch *variant {
	case "bug": // GOMAXPROCS stays at its default, the host's CPU count
	case "fix":
		runtime.GOMAXPROCS(*quota)
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	t0 := throttled()
	jobs, lat := make(chan job, 1024), make(chan time.Duration, 4096)
	stop := make(chan struct{})
	for i := 0; i < 64; i++ {
		go handler(jobs)
		go client(jobs, stop, lat)
	}
	var samples []time.Duration
	timeout := time.After(time.Second)
loop:
	for {
		select {
		case d := <-lat:
			samples = append(samples, d)
		case <-timeout:
			break loop
		}
	}
	close(stop)
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	p99 := time.Duration(0)
	if n := len(samples); n > 0 {
		p99 = samples[(n*99+99)/100-1]
	}
	th := throttled()
	if th >= 0 && t0 >= 0 {
		th -= t0
	}
	fmt.Printf("RESULT variant=%s gomaxprocs=%d latency_p99.req=%d completed.served=%d throttled_periods=%d\n",
		*variant, runtime.GOMAXPROCS(0), p99.Nanoseconds(), len(samples), th)
}
