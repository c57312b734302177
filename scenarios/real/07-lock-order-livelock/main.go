// Scenario 07, the real program: two movers transfer between accounts A and
// B in opposite directions, 5000 transfers each, on GOMAXPROCS=2.
//
//	  bug       plain Lock in argument order: AB-BA deadlock, and the runtime's
//	            "all goroutines are asleep - deadlock!" (exit 2) when it hits
//	  livelock  TryLock + Gosched while holding the first lock (Go 1.19 has the
//	            Go <= 1.21 Gosched rules of the livelock-go121 variant); main
//	            gives up after -giveup and reports hung=1 if not done
//	  fix       both locks taken in a global order
//
//		go run . -variant bug|livelock|fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Account is a balance under its own lock.
type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

var transfers atomic.Int64 // transfers completed

// work burns d of CPU.
func work(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

// prepare is the work before a transfer: 1 µs, 1.7 µs for odd items.
func prepare(i int) int {
	d := time.Microsecond
	if i%2 == 1 {
		d += 700 * time.Nanosecond
	}
	work(d)
	return 1
}

// apply moves the money (400 ns under both locks).
func apply(from, to *Account, amount int) {
	work(400 * time.Nanosecond)
	from.balance -= amount
	to.balance += amount
	transfers.Add(1)
}

// transferBug locks in argument order.
func transferBug(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	apply(from, to, amount)
}

// transferTry backs off with TryLock + Gosched, still holding from.
func transferTry(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	for !to.mu.TryLock() {
		runtime.Gosched()
	}
	defer to.mu.Unlock()
	apply(from, to, amount)
}

// transferOrdered always locks the lower id first.
func transferOrdered(from, to *Account, amount int) {
	first, second := from, to
	if second.id < first.id {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	apply(from, to, amount)
}

func main() {
	variant := flag.String("variant", "bug", "bug, livelock or fix")
	giveup := flag.Duration("giveup", time.Second, "livelock: how long main waits")
	flag.Parse()
	const n = 5000
	var transfer func(from, to *Account, amount int)
	switch *variant {
	case "bug":
		transfer = transferBug
	case "livelock":
		transfer = transferTry
	case "fix":
		transfer = transferOrdered
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	a := &Account{id: 1, balance: 1_000_000}
	b := &Account{id: 2, balance: 1_000_000}
	var wg sync.WaitGroup
	mover := func(from, to *Account) {
		defer wg.Done()
		for i := 0; i < n; i++ {
			transfer(from, to, prepare(i))
		}
	}
	start := time.Now()
	wg.Add(2)
	go mover(a, b)
	go mover(b, a)
	hung := 0
	if *variant == "livelock" {
		// A timer in main would silence the deadlock detector, so only the
		// livelock variant (which never blocks) waits with a bound.
		ended := make(chan struct{})
		go func() { wg.Wait(); close(ended) }()
		select {
		case <-ended:
		case <-time.After(*giveup):
			hung = 1
		}
	} else {
		wg.Wait()
	}
	fmt.Printf("RESULT variant=%s completed.transfers=%d hung=%d deadlock=0 elapsed=%d\n",
		*variant, transfers.Load(), hung, time.Since(start).Nanoseconds())
}
