// Scenario 17, the real program: init starts a config watcher that waits on
// a channel nobody closes; main serves 10 requests and returns. bug: the
// watcher is still alive when main ends (leaked_at_exit=1, exit 0 all the
// same). fix: main starts it with a cancellable context, cancels and waits.
// leaked_at_exit is runtime.NumGoroutine() - 1 just before main returns.
//
//	go run . -variant bug|fix
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

var reload = make(chan struct{}) // nobody sends, nobody closes

// isBug scans the command line: init runs before flag.Parse.
func isBug() bool {
	args := os.Args[1:]
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == "variant" && i+1 < len(args) {
			return args[i+1] != "fix"
		}
		if strings.HasPrefix(a, "variant=") {
			return a != "variant=fix"
		}
	}
	return true
}

func init() {
	if isBug() {
		go watchConfig()
	}
}

// watchConfig is the bug's watcher: it reloads whenever asked, forever.
func watchConfig() {
	for range reload {
		loadConfig()
	}
}

// watchConfigCtx is the fix's watcher: it returns when ctx is cancelled.
func watchConfigCtx(ctx context.Context, stopped chan<- struct{}) {
	defer close(stopped)
	for {
		select {
		case <-reload:
			loadConfig()
		case <-ctx.Done():
			return
		}
	}
}

// loadConfig would re-read the configuration.
func loadConfig() {}

// serve is one request: a 2 ms network round trip, then 300 µs of CPU.
func serve() {
	time.Sleep(2 * time.Millisecond)
	for end := time.Now().Add(300 * time.Microsecond); time.Now().Before(end); {
	}
}

func main() {
	variant := flag.String("variant", "bug", "bug or fix")
	flag.Parse()
	runtime.GOMAXPROCS(2)
	var cancel context.CancelFunc = func() {}
	stopped := make(chan struct{})
	switch *variant {
	case "bug":
		close(stopped)
	case "fix":
		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		go watchConfigCtx(ctx, stopped)
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	served := 0
	for i := 0; i < 10; i++ {
		serve()
		served++
	}
	cancel()
	<-stopped
	fmt.Printf("RESULT variant=%s leaked_at_exit=%d completed.served=%d\n",
		*variant, runtime.NumGoroutine()-1, served)
}
