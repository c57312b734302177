// Scenario 09, the real program: 200 "files", each a blocking pipe
// (syscall.Pipe: read(2) really blocks the thread, as on a disk file, which
// the netpoller does not cover), served by a "disk" that completes 8 reads
// every 2 ms. bug: one goroutine per file, each blocked in read(2) holding
// its thread, so sysmon hands the Ps off and threads pile up (and are never
// freed). fix: a pool of 8 readers. network: the same fan-out over pollable
// pipes (os.Pipe): the readers park on the netpoller and hold no thread.
//
//	go run . -variant bug|fix|network
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"
)

const files, depth, svc, pool = 200, 8, 2 * time.Millisecond, 8

// file is one file to index: a reader end and the disk's writer end.
type file struct {
	r io.Reader // blocking fd (bug, fix) or pollable *os.File (network)
	w func()    // the disk completes the read: writes the data, closes
}

// fdReader reads a blocking fd with read(2) directly.
type fdReader int

func (f fdReader) Read(p []byte) (int, error) {
	n, err := syscall.Read(int(f), p)
	if n == 0 && err == nil {
		return 0, io.EOF
	}
	return n, err
}

// open makes file i: a blocking pipe, or a pollable one for the network.
func open(pollable bool) file {
	if pollable {
		r, w, err := os.Pipe()
		if err != nil {
			panic(err)
		}
		return file{r, func() { w.Write([]byte("data")); w.Close() }}
	}
	var p [2]int
	if err := syscall.Pipe(p[:]); err != nil {
		panic(err)
	}
	return file{fdReader(p[0]), func() { syscall.Write(p[1], []byte("data")); syscall.Close(p[1]) }}
}

var (
	indexed int        // files indexed
	mu      sync.Mutex // guards indexed and peak
	peak    int        // most live threads seen
)

// liveThreads reads the process's live thread count from /proc.
func liveThreads() int {
	b, _ := os.ReadFile("/proc/self/status")
	n := -1
	for _, line := range strings.Split(string(b), "\n") {
		fmt.Sscanf(line, "Threads: %d", &n)
	}
	return n
}

// sample records the live thread count in peak.
func sample() {
	n := liveThreads()
	mu.Lock()
	if n > peak {
		peak = n
	}
	mu.Unlock()
}

// index reads one file to its end (blocking the thread) and parses it.
func index(f file) {
	io.ReadAll(f.r)
	if c, ok := f.r.(fdReader); ok {
		syscall.Close(int(c))
	}
	for end := time.Now().Add(50 * time.Microsecond); time.Now().Before(end); {
	}
	mu.Lock()
	indexed++
	mu.Unlock()
}

// disk completes depth reads every svc, in file order.
func disk(fs []file) {
	for i := 0; i < len(fs); i += depth {
		time.Sleep(svc)
		for j := i; j < i+depth && j < len(fs); j++ {
			fs[j].w()
		}
		sample()
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix or network")
	flag.Parse()
	runtime.GOMAXPROCS(2)
	fs := make([]file, files)
	for i := range fs {
		fs[i] = open(*variant == "network")
	}
	start := time.Now()
	var wg sync.WaitGroup
	switch *variant {
	case "bug", "network":
		for _, f := range fs {
			wg.Add(1)
			go func(f file) { defer wg.Done(); index(f) }(f)
		}
	case "fix":
		names := make(chan file)
		for r := 0; r < pool; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range names {
					index(f)
				}
			}()
		}
		go func() {
			for _, f := range fs {
				names <- f
			}
			close(names)
		}()
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	go disk(fs)
	wg.Wait()
	el := time.Since(start)
	time.Sleep(50 * time.Millisecond) // the service goes on: idle threads stay
	sample()
	fmt.Printf("RESULT variant=%s threads_peak=%d threads=%d threads_created=%d completed.indexed=%d elapsed=%d\n",
		*variant, peak, liveThreads(), pprof.Lookup("threadcreate").Count(), indexed, el.Nanoseconds())
}
