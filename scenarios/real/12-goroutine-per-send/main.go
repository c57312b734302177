// Scenario 12, the real program: 5000 items go through a channel of
// capacity 100 to a consumer that needs 20 µs per item. bug: one goroutine
// per item just to send it: all but 100 park on the channel's send queue,
// each holding a stack, and the items arrive out of order. fix: the
// producer sends them itself, in order.
//
//	go run . -variant bug|fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

// burn uses d of CPU.
func burn(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug or fix")
	flag.Parse()
	const items, buf = 5000, 100
	switch *variant {
	case "bug", "fix":
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	results := make(chan int, buf)
	go func() {
		for i := 0; i < items; i++ {
			if *variant == "bug" {
				go func(i int) { results <- i }(i)
			} else {
				results <- i
			}
		}
	}()
	saved, reordered, highest, peak := 0, 0, -1, 0
	for saved < items {
		v := <-results
		if v < highest {
			reordered++ // sent before one already received
		} else {
			highest = v
		}
		if n := runtime.NumGoroutine(); n > peak {
			peak = n
		}
		burn(20 * time.Microsecond) // save
		saved++
	}
	fmt.Printf("RESULT variant=%s goroutines_peak=%d reordered=%d completed.saved=%d\n",
		*variant, peak, reordered, saved)
}
