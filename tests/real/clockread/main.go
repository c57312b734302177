// clockread: what a time.Since (a time.Now underneath) costs (issue #17,
// point 1: the costs table). A loop adds up n calls of time.Since; the
// result is the wall time per call (the loop's own turn included), on one
// goroutine that nothing else disturbs.
//
//	clockread -n 5000000
package main

import (
	"flag"
	"fmt"
	"time"
)

func main() {
	n := flag.Int("n", 5000000, "calls")
	flag.Parse()
	t0 := time.Now()
	var s time.Duration
	for i := 0; i < *n; i++ {
		s += time.Since(t0)
	}
	fmt.Printf("RESULT shape=clockread n=%d ns_per_call=%.1f sum_positive=%v\n", *n,
		float64(time.Since(t0).Nanoseconds())/float64(*n), s > 0)
}
