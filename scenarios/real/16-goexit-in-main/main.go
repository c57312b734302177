// Scenario 16, the real program: main's run() "stops early" with
// runtime.Goexit.
//
//	bug         nothing else runs: the deferred flush runs, then the
//	            runtime's "no goroutines (main called runtime.Goexit) -
//	            deadlock!" fatal error, exit 2
//	background  an upload goroutine finishes 30 ms later, normally; then the
//	            same fatal error
//	endless     a heartbeat that never ends: the process never exits
//	            (bounded here: after -horizon the heartbeat reports hung=1
//	            and exits, as a supervisor's kill would)
//	fix         run returns; "bye" runs, exit 0
//
// The RESULT line is printed by the deferred flush (the program's last
// words on the fatal paths; the harness adds exit_code and fatal).
//
//	go run . -variant bug|background|endless|fix
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

var (
	variant  = flag.String("variant", "bug", "bug, background, endless or fix")
	horizon  = flag.Duration("horizon", 150*time.Millisecond, "endless: when to give up")
	uploaded atomic.Int64 // uploads finished
	beats    atomic.Int64 // heartbeats
)

// work uses d of CPU.
func work(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}

// flushLogs is run's deferred call (fix prints its RESULT after "bye").
func flushLogs(bye int) {
	if *variant == "fix" && bye == 0 {
		return
	}
	fmt.Printf("RESULT variant=%s completed.flushed=1 completed.bye=%d completed.uploaded=%d\n",
		*variant, bye, uploaded.Load())
}

// uploadReport stands for a 30 ms network upload.
func uploadReport() {
	time.Sleep(30 * time.Millisecond)
	uploaded.Add(1)
	fmt.Fprintln(os.Stderr, "upload finished")
}

// heartbeat pings every 5 ms, forever.
func heartbeat(start time.Time) {
	t := time.NewTicker(5 * time.Millisecond)
	for range t.C {
		beats.Add(1)
		if time.Since(start) >= *horizon {
			fmt.Printf("RESULT variant=%s hung=1 deadlock=0 completed.beats=%d\n", *variant, beats.Load())
			os.Exit(0)
		}
	}
}

// run does the job, then stops the variant's way.
func run() {
	if *variant != "endless" {
		defer flushLogs(0)
	}
	switch *variant {
	case "background":
		go uploadReport()
	case "endless":
		go heartbeat(time.Now())
	}
	work(3 * time.Millisecond) // loadConfig + process
	if *variant != "fix" {
		runtime.Goexit()
	}
}

func main() {
	flag.Parse()
	switch *variant {
	case "bug", "background", "endless", "fix":
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(2)
	run()
	fmt.Fprintln(os.Stderr, "bye")
	flushLogs(1)
}
