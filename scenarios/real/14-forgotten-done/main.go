// Scenario 14, the real program: 40 items, one goroutine each; the fetch of
// every tenth item fails and that path returns without wg.Done.
//
//	  bug     the logger flushes on a 5 ms ticker: its pending timer keeps the
//	          deadlock detector quiet and main waits forever (bounded here:
//	          main gives up after -giveup, which changes nothing, since the
//	          ticker's timer is pending anyway, and reports hung=1)
//	  parked  the logger just waits on its channel: once the fetches are done
//	          nothing is pending and the runtime reports "all goroutines are
//	          asleep - deadlock!" (exit 2)
//	  fix     defer wg.Done() first
//
//		go run . -variant bug|parked|fix
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

var ok, failed atomic.Int64 // items done, items whose fetch failed

// fetch waits for the item's 3 ms round trip; every tenth item fails.
func fetch(id int) error {
	time.Sleep(3 * time.Millisecond)
	if id%10 == 3 {
		return errors.New("connection reset")
	}
	return nil
}

// process is the bug's (and parked's) worker: the error path skips Done.
func process(id int, wg *sync.WaitGroup, logs chan<- string) {
	if err := fetch(id); err != nil {
		failed.Add(1)
		logs <- fmt.Sprintf("item %d: %v\n", id, err)
		return // wg.Done() skipped
	}
	ok.Add(1)
	wg.Done()
}

// processFixed defers Done first.
func processFixed(id int, wg *sync.WaitGroup, logs chan<- string) {
	defer wg.Done()
	if err := fetch(id); err != nil {
		failed.Add(1)
		logs <- fmt.Sprintf("item %d: %v\n", id, err)
		return
	}
	ok.Add(1)
}

// tickingLogger buffers messages and flushes every 5 ms.
func tickingLogger(logs <-chan string) {
	t := time.NewTicker(5 * time.Millisecond)
	var buf []string
	for {
		select {
		case msg := <-logs:
			buf = append(buf, msg)
		case <-t.C:
			for _, m := range buf {
				os.Stderr.WriteString(m)
			}
			buf = buf[:0]
		}
	}
}

// parkedLogger writes each message as it comes: no timer.
func parkedLogger(logs <-chan string) {
	for msg := range logs {
		os.Stderr.WriteString(msg)
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug, parked or fix")
	giveup := flag.Duration("giveup", 250*time.Millisecond, "bug: how long main waits")
	flag.Parse()
	const items = 40
	runtime.GOMAXPROCS(2)
	logs := make(chan string, 64)
	proc := process
	switch *variant {
	case "bug":
		go tickingLogger(logs)
	case "parked":
		go parkedLogger(logs)
	case "fix":
		go tickingLogger(logs)
		proc = processFixed
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	var wg sync.WaitGroup
	for i := 0; i < items; i++ {
		wg.Add(1)
		go proc(i, &wg, logs)
	}
	hung := 0
	if *variant == "parked" {
		wg.Wait() // the deadlock detector ends the program here
	} else {
		ended := make(chan struct{})
		go func() { wg.Wait(); close(ended) }()
		select {
		case <-ended:
		case <-time.After(*giveup):
			hung = 1
		}
	}
	fmt.Printf("RESULT variant=%s hung=%d deadlock=0 completed.ok=%d completed.failed=%d\n",
		*variant, hung, ok.Load(), failed.Load())
}
