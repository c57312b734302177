// Scenario 09, the real program: 200 "files", each a blocking pipe
// (syscall.Pipe: read(2) really blocks the thread, as on a disk file, which
// the netpoller does not cover), served by a "disk" that completes 8 reads
// every 2 ms. bug: one goroutine per file, each blocked in read(2) holding
// its thread, so sysmon hands the Ps off and threads pile up (and are never
// freed). fix: a pool of 8 readers. network: the same fan-out over pollable
// pipes (os.Pipe): the readers park on the netpoller and hold no thread.
//
// The disk is another process (this program re-run with -disk, holding the
// pipes' write ends), as a disk is a device beside the runtime: it does not
// wait for the program's Ps. A disk goroutine in the program itself (the
// version before 2026-12-06) made blocking system calls of its own (reading
// /proc/self/status), lost its P to sysmon and waited on the global run
// queue behind the readers, 6-40 ms in a third of the runs, which
// stretched the burst and raised the peak to 160-195 (tests/real/MEASURED.md,
// "Scenario 09's disk"). The disk also samples the program's thread count
// (/proc/PID/status) after each batch.
//
//	go run . -variant bug|fix|network
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"
)

const svc = 2 * time.Millisecond

// The scenario's numbers; flags for its robustness copies (tests/robust).
var (
	files = flag.Int("files", 200, "files to index")
	depth = flag.Int("depth", 8, "reads the disk completes every 2 ms (and the fix's pool)")
	procs = flag.Int("procs", 2, "GOMAXPROCS")
)

// file is one file to index: a reader end and the disk's writer end.
type file struct {
	r io.Reader // blocking fd (bug, fix) or pollable *os.File (network)
	w *os.File  // the write end, handed to the disk process
}

// fdReader reads a blocking fd with read(2) directly.
type fdReader int

func (f fdReader) Read(p []byte) (int, error) {
	n, err := syscall.Read(int(f), p)
	if n == 0 && err == nil {
		return 0, io.EOF
	}
	return n, err
}

// open makes file i: a blocking pipe, or a pollable one for the network.
func open(pollable bool) file {
	if pollable {
		r, w, err := os.Pipe()
		if err != nil {
			panic(err)
		}
		return file{r, w}
	}
	var p [2]int
	if err := syscall.Pipe2(p[:], syscall.O_CLOEXEC); err != nil {
		panic(err)
	}
	return file{fdReader(p[0]), os.NewFile(uintptr(p[1]), "w")}
}

var (
	indexed int        // files indexed
	mu      sync.Mutex // guards indexed
)

// liveThreads reads a process's live thread count from /proc.
func liveThreads(pid int) int {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	n := -1
	for _, line := range strings.Split(string(b), "\n") {
		fmt.Sscanf(line, "Threads: %d", &n)
	}
	return n
}

// index reads one file to its end (blocking the thread) and parses it.
func index(f file) {
	io.ReadAll(f.r)
	if c, ok := f.r.(fdReader); ok {
		syscall.Close(int(c))
	}
	for end := time.Now().Add(50 * time.Microsecond); time.Now().Before(end); {
	}
	mu.Lock()
	indexed++
	mu.Unlock()
}

// disk is the disk process: once the program says go (a byte on stdin), it
// completes depth reads every svc, in file order (the write ends are its fds
// 3, 4, ...), samples the program's threads after each batch, and writes the
// most it saw on stdout when the program closes stdin.
func disk() {
	in := bufio.NewReader(os.Stdin)
	in.ReadByte()
	ppid, peak := os.Getppid(), 0
	for i := 0; i < *files; i += *depth {
		time.Sleep(svc)
		for j := i; j < i+*depth && j < *files; j++ {
			syscall.Write(3+j, []byte("data"))
			syscall.Close(3 + j)
		}
		if n := liveThreads(ppid); n > peak {
			peak = n
		}
	}
	in.ReadByte() // EOF: the program is done
	fmt.Println(peak)
}

// startDisk runs the disk process with the files' write ends and closes the
// program's copies (a reader sees EOF only when every copy is closed).
func startDisk(fs []file) (start io.WriteCloser, peak *bufio.Reader, cmd *exec.Cmd) {
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	cmd = exec.Command(self, "-disk", "-files", fmt.Sprint(*files), "-depth", fmt.Sprint(*depth))
	for _, f := range fs {
		cmd.ExtraFiles = append(cmd.ExtraFiles, f.w)
	}
	cmd.Stderr = os.Stderr
	for _, kv := range os.Environ() { // its schedtrace would mix with ours
		if !strings.HasPrefix(kv, "GODEBUG=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	start, _ = cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		panic(err)
	}
	for _, f := range fs {
		f.w.Close()
	}
	return start, bufio.NewReader(out), cmd
}

func main() {
	variant := flag.String("variant", "bug", "bug, fix or network")
	isDisk := flag.Bool("disk", false, "run as the disk process (internal)")
	flag.Parse()
	if *isDisk {
		disk()
		return
	}
	switch *variant {
	case "bug", "fix", "network":
	default: // before the disk process starts
		fmt.Fprintln(os.Stderr, "unknown variant", *variant)
		os.Exit(2)
	}
	runtime.GOMAXPROCS(*procs)
	fs := make([]file, *files)
	for i := range fs {
		fs[i] = open(*variant == "network")
	}
	goDisk, diskPeak, cmd := startDisk(fs)
	start := time.Now()
	var wg sync.WaitGroup
	switch *variant {
	case "bug", "network":
		for _, f := range fs {
			wg.Add(1)
			go func(f file) { defer wg.Done(); index(f) }(f)
		}
	default: // fix
		names := make(chan file)
		for r := 0; r < *depth; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range names {
					index(f)
				}
			}()
		}
		go func() {
			for _, f := range fs {
				names <- f
			}
			close(names)
		}()
	}
	goDisk.Write([]byte{1})
	wg.Wait()
	el := time.Since(start)
	time.Sleep(50 * time.Millisecond) // the service goes on: idle threads stay
	goDisk.Close()
	peak := 0
	fmt.Fscan(diskPeak, &peak)
	cmd.Wait()
	if n := liveThreads(os.Getpid()); n > peak {
		peak = n
	}
	fmt.Printf("RESULT variant=%s threads_peak=%d threads=%d threads_created=%d completed.indexed=%d elapsed=%d\n",
		*variant, peak, liveThreads(os.Getpid()), pprof.Lookup("threadcreate").Count(), indexed, el.Nanoseconds())
}
