// blockread: the fixture program of `gmpscope replay` and `gmpscope real`
// (issue #23). 200 goroutines block in read(2) on blocking pipes
// (syscall.Pipe: read really blocks the thread; os.Pipe would park on the
// netpoller), so sysmon hands their Ps off and the runtime starts a thread
// for each: threads climb past 200. Beside them a few goroutines wait in
// other ways (chan receive, sleep, sync.Mutex) so the G lines carry several
// wait reasons. After -hold the writers release every reader and the
// program prints one RESULT line and exits 0.
//
//	GODEBUG=schedtrace=100,scheddetail=1 ./blockread -hold 350ms
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"time"
)

const readers = 200

func main() {
	hold := flag.Duration("hold", 350*time.Millisecond, "how long the readers stay blocked")
	flag.Parse()
	runtime.GOMAXPROCS(2)
	var fds [readers][2]int
	for i := range fds {
		if err := syscall.Pipe(fds[i][:]); err != nil {
			panic(err)
		}
	}
	var wg sync.WaitGroup
	for i := range fds {
		wg.Add(1)
		go func(fd int) {
			defer wg.Done()
			var b [8]byte
			syscall.Read(fd, b[:]) // blocks this thread until the write
		}(fds[i][0])
	}
	ch := make(chan int)
	var mu sync.Mutex
	mu.Lock()
	for i := 0; i < 3; i++ {
		wg.Add(3)
		go func() { defer wg.Done(); <-ch }()
		go func() { defer wg.Done(); time.Sleep(*hold) }()
		go func() { defer wg.Done(); mu.Lock(); mu.Unlock() }()
	}
	time.Sleep(*hold)
	for i := range fds {
		syscall.Write(fds[i][1], []byte("x"))
	}
	close(ch)
	mu.Unlock()
	wg.Wait()
	var st syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &st)
	fmt.Printf("RESULT readers=%d\n", readers)
}
