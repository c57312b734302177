// sendorder: scenario 12's shape with main as the spawner (issue #17; the
// order items arrive in). main starts -items goroutines, each sending its
// index into a channel of capacity -buf, then ranges over the channel,
// spending -save of CPU per item. Reports how many items arrived after a
// later one (reordered) and the first -show received, which show how the
// order is lost: P1 steals half of P0's ring at a time and runs the last
// one stolen first (runqsteal).
//
//	sendorder -items 5000 -buf 100 -save 20us -show 40
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// burn uses d of CPU.
func burn(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

func main() {
	items := flag.Int("items", 5000, "items, one goroutine each")
	buf := flag.Int("buf", 100, "channel capacity")
	save := flag.Duration("save", 20*time.Microsecond, "consumer CPU per item")
	show := flag.Int("show", 40, "received items to print")
	procs := flag.Int("procs", 2, "GOMAXPROCS")
	flag.Parse()
	runtime.GOMAXPROCS(*procs)
	results := make(chan int, *buf)
	var wg sync.WaitGroup
	for i := 0; i < *items; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); results <- i }(i)
	}
	go func() { wg.Wait(); close(results) }()
	reordered, highest := 0, -1
	var first []int
	for v := range results {
		if len(first) < *show {
			first = append(first, v)
		}
		if v < highest {
			reordered++
		} else {
			highest = v
		}
		burn(*save)
	}
	fmt.Printf("RESULT shape=sendorder procs=%d items=%d reordered=%d first=%v\n", *procs, *items, reordered, first)
}
