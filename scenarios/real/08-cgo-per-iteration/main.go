// Scenario 08, the real program: square roots of 204800 samples, through one
// cgo call per element (bug), the pure-Go math.Sqrt (fix), or one cgo call
// per 4096 elements (batch). slowcall: 4 goroutines each make 20 C calls that
// block 2 ms (a usleep standing for a library waiting on its socket): sysmon
// retakes their Ps and new threads appear. Needs cgo (gcc, CGO_ENABLED=1).
//
//	go run . -variant bug|fix|batch|slowcall
package main

/*
#include <math.h>
#include <unistd.h>

static double c_sqrt(double x) { return sqrt(x); }

static void sqrt_all(double *xs, double *out, int n) {
	for (int i = 0; i < n; i++) out[i] = sqrt(xs[i]);
}

// lookup stands for a library call that blocks its thread for 2 ms.
static int lookup(int key) { usleep(2000); return key * 2; }
#cgo LDFLAGS: -lm
*/
import "C"

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"
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

func main() {
	variant := flag.String("variant", "bug", "bug, fix, batch or slowcall")
	flag.Parse()
	runtime.GOMAXPROCS(2)
	const n, chunk = 204800, 4096
	xs, out := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i], out[i] = float64(i), -1 // touch every page before the clock starts
	}
	start := time.Now()
	switch *variant {
	case "bug":
		for i, x := range xs {
			out[i] = float64(C.c_sqrt(C.double(x)))
		}
	case "fix":
		for i, x := range xs {
			out[i] = math.Sqrt(x)
		}
	case "batch":
		for i := 0; i < n; i += chunk {
			j := i + chunk
			if j > n {
				j = n
			}
			C.sqrt_all((*C.double)(&xs[i]), (*C.double)(&out[i]), C.int(j-i))
		}
	case "slowcall":
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					out[w*20+i] = float64(C.lookup(C.int(i)))
				}
			}(w)
		}
		wg.Wait()
	default:
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	el := time.Since(start)
	// The threadcreate profile lists every M (Ms are never freed unless a
	// locked goroutine exits): the threads created so far.
	fmt.Printf("RESULT variant=%s elapsed=%d threads_created=%d threads=%d check=%.0f\n",
		*variant, el.Nanoseconds(), pprof.Lookup("threadcreate").Count(), liveThreads(), out[n-1]+out[79])
}
