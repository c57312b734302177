// Scenario 00, the real program: the tour's healthy program on
// GOMAXPROCS=4. main starts a 25 ms computation, a 12 ms blocking read (a
// syscall.Pipe: read(2) holds the thread, sysmon hands its P off), a 5 ms
// read on a pollable pipe (parks on the netpoller), an 8 ms sleep, and a
// burst of 600 workers of 40 µs each (their queue overflows, idle Ps steal).
//
//	go run . -variant tour
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// burn uses d of CPU.
func burn(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

var tasks atomic.Int64 // workers finished

func main() {
	variant := flag.String("variant", "tour", "tour")
	flag.Parse()
	if *variant != "tour" {
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(4)
	var disk [2]int
	if err := syscall.Pipe(disk[:]); err != nil {
		panic(err)
	}
	netr, netw, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	go func() { // the disk and the peer answer later
		time.Sleep(5 * time.Millisecond)
		netw.Write([]byte("x"))
		time.Sleep(7 * time.Millisecond)
		syscall.Write(disk[1], []byte("x"))
	}()
	var wg sync.WaitGroup
	wg.Add(4)
	go func() { defer wg.Done(); burn(25 * time.Millisecond) }()
	go func() { defer wg.Done(); var b [1]byte; syscall.Read(disk[0], b[:]) }()
	go func() { defer wg.Done(); var b [1]byte; netr.Read(b[:]) }()
	go func() { defer wg.Done(); time.Sleep(8 * time.Millisecond) }()
	for i := 0; i < 600; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); burn(40 * time.Microsecond); tasks.Add(1) }()
	}
	wg.Wait()
	fmt.Printf("RESULT variant=%s threads_created=%d completed.tasks=%d\n",
		*variant, pprof.Lookup("threadcreate").Count(), tasks.Load())
}
