/*
 * program.h — a scenario, compiled: the contract between the scenario parser
 * (engine/lang/scenario*.c) and the engine that runs it (engine/runtime/exec.c).
 *
 * A scenario file holds settings, explanation, Go listings, named parameters,
 * one program per variant and expectations. The parser resolves everything it
 * can at load time: parameters become constants, names become small indices
 * into per-program tables (functions, channels, mutexes, ...), nested blocks
 * become jump indices. The engine then only walks flat op arrays.
 *
 * Each op remembers the Go listing line it stands for (`line`, 1-based, 0 = no
 * line) so the UI can mark where every goroutine is.
 *
 * Blocks: REPEAT / RANGE / IF_* / ELSE / SELECT each have a matching OP_END.
 *   REPEAT.jump  = index of its END;       END.jump = index of the block head
 *   RANGE.jump   = index of its END;       (loop until the channel is closed)
 *   IF_*.jump    = index of ELSE if any, else of END; the condition false jumps
 *                  there (to the op after ELSE / after END)
 *   ELSE.jump    = index of the END closing the if
 *   SELECT       = followed by a CASE op per case; CASE.jump = first op of its
 *                  body; each body ends with END whose jump = the SELECT's index
 *                  (the engine continues after the SELECT's last END: SELECT.jump)
 *   BREAK.jump   = index of the END of the innermost loop
 */
#ifndef GMP_PROGRAM_H
#define GMP_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	/* control */
	OP_NOP = 0,
	OP_WORK,        /* a = CPU ns; flags OPF_NOCALL = call-free loop body (only
	                   async preemption can stop it); a < 0 = forever */
	OP_REPEAT,      /* a = count (< 0: forever, OPF_COUNT_READ: the count the
	                   last stream read returned); loop counter is `i` */
	OP_RANGE,       /* obj = chan: receive until closed */
	OP_END,         /* closes a block, see above */
	OP_BREAK,       /* leave the innermost loop */
	OP_IF_CHANCE,   /* a = probability in parts per million (seeded PRNG) */
	OP_IF_VAR,      /* obj = var; a = value: true when var == a (a flag check:
	                   an unchanged value read in a loop is a failed poll) */
	OP_IF_TRYLOCK,  /* obj = mutex: true when TryLock succeeded */
	OP_ELSE,
	OP_CALL,        /* obj = func: a synchronous call */
	OP_RETURN,
	OP_DEFER,       /* obj = func run when the function returns (or Goexit) */
	OP_GO,          /* obj = func; the child's `arg` = the creator's loop
	                   counter `i` (go f(i)) */
	OP_GOSCHED,     /* runtime.Gosched */
	OP_GOEXIT,      /* runtime.Goexit */
	OP_EXIT,        /* os.Exit(a) */
	OP_PRINT,       /* obj = string index: fmt.Println, shown as a caption */

	/* channels, select, sync */
	OP_MAKECHAN,    /* obj = chan; a = capacity: (re)make the channel */
	OP_SEND,        /* obj = chan; value: the sender's loop counter `i` if in a
	                   loop, else its `arg` (items carry their sequence number) */
	OP_RECV,        /* obj = chan */
	OP_CLOSE,       /* obj = chan */
	OP_SELECT,      /* a = number of CASE ops that follow; flags OPF_DEFAULT if
	                   one of them is the default case; jump = op after select */
	OP_CASE,        /* a = CASE_*; obj = chan (SEND/RECV); b = duration for
	                   CASE_AFTER; jump = first op of the body */
	OP_LOCK,        /* obj = mutex */
	OP_UNLOCK,
	OP_WG_ADD,      /* obj = waitgroup; a = delta */
	OP_WG_DONE,
	OP_WG_WAIT,

	/* time */
	OP_SLEEP,       /* a = ns */
	OP_TIMER_START, /* obj = chan of the timer; a = ns; flags OPF_TICKER */
	OP_TIMER_STOP,  /* obj = chan of the timer */
	OP_TIMER_RESET, /* obj = chan of the timer; a = ns */

	/* threads */
	OP_LOCKOSTHREAD,
	OP_UNLOCKOSTHREAD,
	OP_TLS_SET,     /* a = value bound to the current thread */
	OP_TLS_CHECK,   /* a = expected value; a mismatch counts in tls_mismatch */

	/* I/O and foreign code */
	OP_SYSCALL,     /* a = ns: a blocking syscall */
	OP_FILEREAD,    /* a = ns of device service time: blocking disk read, queued
	                   on the device (its queue depth is a setting) */
	OP_NETWAIT,     /* a = ns until the socket is readable: netpoller park */
	OP_STREAMREAD,  /* obj = stream: netpoller read of an external event stream;
	                   returns every event that arrived since the last read
	                   (parks until at least one has) */
	OP_CGO,         /* a = ns spent in C */

	/* memory */
	OP_LOAD,        /* obj = var: register = var */
	OP_STORE,       /* obj = var: var = register + a */
	OP_ATOMIC_ADD,  /* obj = var; a = delta */
	OP_SET,         /* obj = var; a = value (a plain store) */
	OP_ALLOC,       /* a = bytes allocated on the heap */

	/* signals */
	OP_SIGURG_FOREIGN, /* a C library installs its own SIGURG handler;
	                      flags OPF_CHAIN: it chains to the runtime's */
	OP_SIGNAL_NOTIFY,  /* signal.Notify: the runtime keeps its handler */

	/* measurement (programs say what their code did; the engine measures) */
	OP_COUNT,       /* obj = counter; a = amount: completed.NAME += a */
	OP_LATENCY,     /* obj = probe: sample now - (send time of the last item
	                   this goroutine received, else its creation time) */
	OP_RECORD,      /* obj = probe; a = the sample (a duration, ns) */

	/* values and conditions (run-time expressions, see gmp_xop) */
	OP_IF_EXPR,     /* a = the condition (OPF_XA): false jumps as IF_* do */
	OP_WHILE,       /* a = the condition (OPF_XA); jump = its END; the END
	                   jumps back here, where the condition is read again */
	OP_LET,         /* obj = local slot of the function; a = the value */

	/* the runtime package */
	OP_GC,          /* runtime.GC(): a collection now */
	OP_GOMAXPROCS,  /* runtime.GOMAXPROCS(a): the Ps become a (procresize) */

	/* more of sync, sync/atomic and context (obj = program.syncs entry) */
	OP_RLOCK,       /* RWMutex.RLock */
	OP_RUNLOCK,     /* RWMutex.RUnlock */
	OP_RW_LOCK,     /* RWMutex.Lock */
	OP_RW_UNLOCK,   /* RWMutex.Unlock */
	OP_ONCE,        /* Once.Do: jump = its ONCE_DONE; done: skip the body;
	                   another G inside it: wait until it is done */
	OP_ONCE_DONE,   /* the end of the Do: done, the waiters wake */
	OP_COND_WAIT,   /* Cond.Wait: unlock c.L, park until signalled (the
	                   parser follows it with a LOCK of c.L) */
	OP_COND_SIGNAL, /* Cond.Signal; a = 1: Cond.Broadcast */
	OP_IF_CAS,      /* obj = var; a = old, b = new: true when
	                   atomic.CompareAndSwapInt64 swapped */
	OP_CANCEL,      /* obj = chan: a context's cancel (closes Done, once) */

	OP__COUNT
} gmp_opkind;

enum {
	OPF_NOCALL = 1 << 0,     /* WORK: no function call inside */
	OPF_TICKER = 1 << 1,     /* TIMER_START: repeat */
	OPF_DEFAULT = 1 << 2,    /* SELECT: has a default case */
	OPF_COUNT_READ = 1 << 3, /* REPEAT: count = last stream read */
	OPF_CHAIN = 1 << 4,      /* SIGURG_FOREIGN: chains to the runtime */
	OPF_FOREVER = 1 << 5,    /* REPEAT: no count */
	OPF_XA = 1 << 6,         /* `a` is not a constant but the index in
	                            program.xcode of an expression the engine
	                            evaluates each time the op runs */
	OPF_ARGS = 1 << 7,       /* CALL / GO: `b` indexes program.xargs, the
	                            argument list */
};

/* Run-time expressions: `sleep i * 1ms`, `if n % 3 == 0 && !done`, `for
 * since t0 < 300ms`. Each is a postfix program in program.xcode ending with
 * XO_END; values are int64 (durations and times in ns, booleans 0 / 1). The
 * parser has checked the units, so the engine only computes. */
typedef enum {
	XO_END = 0,
	XO_CONST,       /* push v */
	XO_LOCAL,       /* push the function's local slot v (a parameter or `let`) */
	XO_LOOPI,       /* push the innermost repeat counter `i` (else the G's arg) */
	XO_NOW,         /* push the virtual time (time.Now, ns since the start) */
	XO_NUMG,        /* push runtime.NumGoroutine() */
	XO_PROCS,       /* push the current GOMAXPROCS */
	XO_VAR,         /* push shared var v (a plain load) */
	XO_NEG, XO_NOT, /* unary */
	XO_ADD, XO_SUB, XO_MUL, XO_DIV, XO_MOD,        /* Go integer arithmetic */
	XO_LT, XO_LE, XO_GT, XO_GE, XO_EQ, XO_NE, XO_AND, XO_OR,
} gmp_xopkind;

#define GMP_MAX_XSTACK 32  /* operand stack of one expression */
#define GMP_MAX_LOCALS 16  /* parameters and locals a goroutine's frames hold */

typedef struct gmp_xop {
	uint8_t kind;   /* gmp_xopkind */
	int64_t v;      /* operand */
} gmp_xop;

typedef enum { CASE_RECV, CASE_SEND, CASE_AFTER, CASE_DEFAULT } gmp_casekind;

/* Limits the parser enforces so the engine can use fixed-size stacks. */
#define GMP_MAX_LOOP_DEPTH 6   /* REPEAT / RANGE nested in one function */
#define GMP_MAX_CALL_DEPTH 6   /* frames: a function and its CALL / DEFER chain */

/* gmp_op is one statement, 32 bytes. */
typedef struct gmp_op {
	uint8_t kind;   /* gmp_opkind */
	uint8_t flags;  /* OPF_* */
	uint16_t line;  /* Go listing line, 1-based; 0 = none */
	int32_t obj;    /* index into the program table the op names; -1 = none */
	int32_t jump;   /* block structure, see the top of this file */
	int32_t src_line; /* line in the .gmp file (for runtime error messages) */
	int64_t a, b;   /* operands: durations in ns, counts, ppm, bytes */
} gmp_op;

typedef struct gmp_func {
	char *name;
	gmp_op *ops;
	int nops;
	int nparams;    /* parameters: local slots 0 .. nparams-1 */
	int nlocals;    /* parameters and `let` locals */
	int local_base; /* its first slot in a goroutine's locals: a function's
	                   slots never overlap those of a function on the same
	                   call chain (there is no recursion) */
	bool inlinable; /* `func F inline`, or a small leaf (program_inline_leaves):
	                   a CALL of it is no preemption point */
} gmp_func;

typedef struct gmp_chandef {
	char *name;
	int64_t cap;    /* capacity given by `chan NAME CAP` (OP_MAKECHAN may remake) */
	bool is_timer;  /* a timer/ticker's channel */
} gmp_chandef;

typedef struct gmp_streamdef {
	char *name;
	int64_t every;  /* ns between arrivals */
	int64_t count;  /* arrivals in all; < 0 = unbounded */
	int64_t start;  /* ns of the first arrival */
} gmp_streamdef;

/* gmp_syncdef: a sync object other than Mutex and WaitGroup. */
typedef enum { SYNC_RWMUTEX = 1, SYNC_ONCE, SYNC_COND } gmp_synckind;
typedef struct gmp_syncdef {
	char *name;
	uint8_t kind;   /* gmp_synckind */
	int32_t mutex;  /* SYNC_COND: its L (a mutexes index) */
} gmp_syncdef;

typedef struct gmp_program {
	gmp_func *funcs;     int nfuncs;
	int main_func;       /* index of `main` */
	int *init_funcs;     int ninit;   /* run before main, in order */
	gmp_chandef *chans;  int nchans;
	char **mutexes;      int nmutexes;
	char **waitgroups;   int nwaitgroups;
	char **vars;         int nvars;
	char **counters;     int ncounters;  /* completed.NAME / rate.NAME */
	char **probes;       int nprobes;    /* latency_p99.NAME */
	gmp_streamdef *streams; int nstreams;
	char **strings;      int nstrings;   /* print texts */
	gmp_syncdef *syncs;  int nsyncs;     /* rwmutex, once, cond */
	int maxprocs;        /* the largest `gomaxprocs N` statement, 0 = none
	                        (the engine allocates that many Ps) */
	gmp_xop *xcode;      int nxcode;     /* run-time expressions */
	int32_t *xargs;      int nxargs;     /* argument lists: n, then n
	                                        expression indices */
} gmp_program;

/* gmp_config holds the settings of one variant (after overrides). */
typedef struct gmp_config {
	int go_minor;          /* Go 1.x rules: 13 ... 25 */
	int gomaxprocs;        /* 0 = the runtime's default for go_minor */
	int ncpu;              /* CPUs of the (simulated) host */
	int hostload;          /* the host's other CPU-bound threads, sharing
	                          the CPUs (runtime/cpu.c); 0 = the machine is
	                          the program's alone */
	int64_t quota_ns;      /* cgroup CPU quota per period; 0 = none */
	int64_t period_ns;     /* cgroup period (default 100ms) */
	int maxthreads;        /* debug.SetMaxThreads (default 10000) */
	int64_t memory;        /* the container's hard memory limit, bytes
	                          (default GMP_MEMORY_DEFAULT); 0 = none */
	uint64_t seed;
	int64_t horizon_ns;    /* the run stops here; `hung` is judged */
	int disk_depth;        /* device queue depth for OP_FILEREAD (default 4) */
	bool race;             /* run with the race detector (go run -race) */
	int64_t gomemlimit;    /* GOMEMLIMIT, the GC's soft limit (bytes); 0 = none */
	int gogc;              /* GOGC, percent (1-10000); 0 = the default, 100;
	                          GMP_GOGC_OFF = off (no cycle but runtime.GC) */
	bool asyncpreemptoff;  /* GODEBUG=asyncpreemptoff=1: no SIGURG preemption */
	bool asynctimerchan;   /* GODEBUG=asynctimerchan=1: Go 1.23+ timers keep
	                          the channels of Go 1.22 */
	bool noise;            /* `noise on`: draw the run-to-run variance of a
	                          real machine (runtime/noise.c) and let a
	                          contended Mutex.Lock spin before it parks
	                          (runtime/sema.c); off: every duration is
	                          nominal (a teaching demo). On by
	                          default (config_defaults) */
} gmp_config;

/* The simulated machine's memory when a scenario says nothing: a fixed
 * figure, never the host's, so a scenario runs the same everywhere. */
#define GMP_MEMORY_DEFAULT (2LL << 30)   /* 2 GiB */
#define GMP_GOGC_OFF (-1)                /* gogc off: GOGC=off */

/* the most host threads `hostload` may name */
#define GMP_HOSTLOAD_MAX 16

void program_free(gmp_program *p);

/* config_defaults fills c with the settings of a scenario that says nothing
 * (runtime/config.c, the one place that defines them). */
void config_defaults(gmp_config *c);
/* config_complete gives the fields of c left at zero that mean nothing at
 * zero (CPUs, period, thread limit, disk depth, horizon) their defaults. */
void config_complete(gmp_config *c);
/* config_gomaxprocs is c->gomaxprocs, or the runtime's default for c's Go
 * version, CPUs and cgroup quota when it is 0. */
int config_gomaxprocs(const gmp_config *c);

/* INLINE_LEAF_MAX_OPS: a function without `inline` is still inlined when it
 * is a leaf (none of its ops is a call, gmp_op_is_call) of at most this many
 * ops. The Go compiler inlines a function whose body costs at most 80 nodes
 * (inlineMaxBudget, cmd/compile/internal/inline); a leaf statement costs a
 * handful of nodes, so ~8 ops stand for that budget (an approximation: the
 * language has no node count). */
#define INLINE_LEAF_MAX_OPS 8

/* gmp_op_is_call: op stands for a function call whose prologue checks
 * gp.preempt (a cooperative preemption point). sync.Mutex Lock/Unlock fast
 * paths, TryLock, atomics, loads and stores are inlined: never one. */
bool gmp_op_is_call(const gmp_program *prog, const gmp_op *op);
/* program_inline_leaves marks the small leaf functions inlinable (see
 * INLINE_LEAF_MAX_OPS); run once every function is compiled. */
void program_inline_leaves(gmp_program *prog);

#endif
