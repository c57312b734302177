/*
 * trace.c — the event stream: typed events in a ring, captions on demand.
 *
 * Every scheduler decision worth seeing becomes an event. Emitting must be
 * cheap (millions per second), so an event stores ids and counts only; its
 * one-line plain-English caption is written when somebody reads the event
 * (engine_event_get), from the event's fields and the program's names, by
 * the caption_* function of its family (trace_format).
 */
#include <stdio.h>
#include <string.h>

#include "trace.h"
#include "sched.h"

static const char *kind_names[EV__COUNT] = {
	"start", "spawn", "runqput", "overflow", "globrunqget", "steal", "execute",
	"park", "ready", "gosched", "goexit", "syscall", "syscall-exit", "handoff",
	"retake", "newm", "mexit", "spinning", "spin-stop", "stopm", "startm",
	"preempt-request", "preempted", "sigurg", "sigurg-lost", "throttle",
	"unthrottle", "timer", "netpoll", "locked", "print", "race", "gc", "sysmon",
	"deadlock", "fatal", "exit", "horizon",
};

const char *event_kind_name(gmp_evkind k)
{
	return (unsigned)k < EV__COUNT ? kind_names[k] : "?";
}

/* trace_emit appends an event at the current virtual time and returns it so
 * the caller can fill kind-specific fields. */
gmp_event *trace_emit(gmp_engine *e, gmp_evkind k, int p, int m, int g, int p2, int n)
{
	gmp_event *ev = &e->ring[e->nevents % GMP_EVENT_RING];
	ev->seq = e->nevents++;
	/* an M's batch of ops runs ahead of the global clock (exec.c): keep
	 * the stream's times in order */
	ev->t = e->now > e->last_event_t ? e->now : e->last_event_t;
	e->last_event_t = ev->t;
	ev->kind = (uint8_t)k;
	ev->visible = k != EV_SYSMON && k != EV_RUNQPUT;
	ev->p = p;
	ev->m = m;
	ev->g = g;
	ev->p2 = p2;
	ev->n = n;
	ev->aux = -1;
	ev->aux2 = -1;
	ev->caption[0] = '\0';
	if (ev->visible) {
		e->nvisible++;
		if (e->stop_mask & (1ULL << k))
			e->stop_now = true;
	}
	return ev;
}

static const char *fname(const gmp_engine *e, int fn)
{
	if (fn < 0 || fn >= e->prog->nfuncs)
		return "?";
	return e->prog->funcs[fn].name;
}

static const char *plural(int n) { return n == 1 ? "" : "s"; }

/* caption_g captions the lives of goroutines. */
static void caption_g(const gmp_engine *e, const gmp_event *ev, char *c, size_t n)
{
	const char *f = fname(e, ev->aux);
	switch ((gmp_evkind)ev->kind) {
	case EV_START:
		snprintf(c, n, "runtime.main starts G%d on M%d with P0; GOMAXPROCS=%d", ev->g, ev->m, ev->n);
		break;
	case EV_SPAWN:
		snprintf(c, n, "G%d (%s) created by `go` on P%d: it goes to P%d's runnext", ev->g, f, ev->p, ev->p);
		break;
	case EV_EXECUTE:
		if (ev->aux2 == EXEC_INHERIT)
			snprintf(c, n, "G%d (%s) runs on P%d/M%d, inheriting the time slice (runnext)", ev->g, f, ev->p, ev->m);
		else
			snprintf(c, n, "G%d (%s) runs on P%d/M%d", ev->g, f, ev->p, ev->m);
		break;
	case EV_PARK:
		snprintf(c, n, "G%d (%s) blocks [%s]; P%d looks for other work", ev->g, f,
		         waitreason_name((gmp_waitreason)ev->aux2), ev->p);
		break;
	case EV_READY:
		if (ev->p >= 0)
			snprintf(c, n, "G%d (%s) is runnable again: into P%d's runnext", ev->g, f, ev->p);
		else
			snprintf(c, n, "G%d (%s) is runnable again: into the global queue", ev->g, f);
		break;
	case EV_GOSCHED:
		snprintf(c, n, "G%d (%s) yields: to the tail of the global queue%s", ev->g, f,
		         ev->aux2 ? ", and wakes an idle P" : "");
		break;
	case EV_GOEXIT:
		snprintf(c, n, "G%d (%s) finished", ev->g, f);
		break;
	case EV_PREEMPTED:
		snprintf(c, n, "G%d (%s) preempted on P%d: to the global queue", ev->g, f, ev->p);
		break;
	case EV_PRINT:
		snprintf(c, n, "G%d prints: %s", ev->g,
		         ev->aux2 >= 0 && ev->aux2 < e->prog->nstrings ? e->prog->strings[ev->aux2] : "");
		break;
	default:   /* another family's event: trace_format sends none here */
		break;
	}
}

/* caption_runq captions run queues and stealing. */
static void caption_runq(const gmp_event *ev, char *c, size_t n)
{
	switch ((gmp_evkind)ev->kind) {
	case EV_RUNQPUT:
		snprintf(c, n, "G%d queued on P%d", ev->g, ev->p);
		break;
	case EV_OVERFLOW:
		snprintf(c, n, "P%d's run queue is full: %d goroutines moved to the global queue", ev->p, ev->n);
		break;
	case EV_GLOBRUNQGET:
		snprintf(c, n, "P%d took a batch of %d from the global queue", ev->p, ev->n);
		break;
	case EV_STEAL:
		snprintf(c, n, "P%d had nothing to run: its spinning M%d stole %d of P%d's goroutine%s",
		         ev->p, ev->m, ev->n, ev->p2, plural(ev->n));
		break;
	default:   /* another family's event: trace_format sends none here */
		break;
	}
}

/* caption_m captions threads and Ps: syscalls, hand-offs, spinning, idle
 * lists, LockOSThread. */
static void caption_m(const gmp_engine *e, const gmp_event *ev, char *c, size_t n)
{
	const char *f = fname(e, ev->aux);
	switch ((gmp_evkind)ev->kind) {
	case EV_SYSCALL_ENTER:
		snprintf(c, n, ev->aux2 == SYSCALL_CGO ? "G%d (%s) calls into C on M%d: P%d waits in _Psyscall"
		                        : "G%d (%s) enters a blocking syscall on M%d: P%d waits in _Psyscall",
		         ev->g, f, ev->m, ev->p);
		break;
	case EV_SYSCALL_EXIT:
		if (ev->aux2 == EXITSYSCALL_FAST)
			snprintf(c, n, "G%d's syscall returns: M%d takes P%d back (fast path)", ev->g, ev->m, ev->p);
		else if (ev->aux2 == EXITSYSCALL_IDLE_P)
			snprintf(c, n, "G%d's syscall returns: its P is gone, M%d takes idle P%d", ev->g, ev->m, ev->p);
		else
			snprintf(c, n, "G%d's syscall returns: no P free, G%d to the global queue and M%d sleeps", ev->g, ev->g, ev->m);
		break;
	case EV_HANDOFF:
		if (ev->m >= 0)
			snprintf(c, n, "handoffp: P%d passes to M%d", ev->p, ev->m);
		else
			snprintf(c, n, "handoffp: P%d has no work and goes idle", ev->p);
		break;
	case EV_RETAKE:
		snprintf(c, n, "sysmon retakes P%d from M%d, blocked in a syscall with G%d", ev->p, ev->m, ev->g);
		break;
	case EV_NEWM:
		if (ev->p >= 0)
			snprintf(c, n, "M%d created: no idle thread was left to run P%d (%d thread%s live)",
			         ev->m, ev->p, ev->n, ev->n == 1 ? "" : "s");
		else
			snprintf(c, n, "M%d created (%d thread%s live)", ev->m, ev->n, ev->n == 1 ? "" : "s");
		break;
	case EV_MEXIT:
		if (ev->aux2)   /* m0 */
			snprintf(c, n, "M%d is the main thread: G%d ended locked to it, and m0 cannot exit: it parks for good", ev->m, ev->g);
		else
			snprintf(c, n, "M%d exits: G%d returned while locked to it; the runtime cannot trust the thread", ev->m, ev->g);
		break;
	case EV_SPINNING:
		snprintf(c, n, "M%d spins on P%d looking for work to steal", ev->m, ev->p);
		break;
	case EV_SPIN_STOP:
		snprintf(c, n, "M%d stops spinning: nothing to steal", ev->m);
		break;
	case EV_STOPM:
		snprintf(c, n, "M%d has no work: it parks on the idle list (%d idle)", ev->m, ev->n);
		break;
	case EV_STARTM:
		snprintf(c, n, "startm: idle M%d woken to run P%d", ev->m, ev->p);
		break;
	case EV_LOCKED:
		if (ev->aux2 == LOCKED_LOCK)
			snprintf(c, n, "G%d locks itself to M%d (LockOSThread)", ev->g, ev->m);
		else if (ev->aux2 == LOCKED_UNLOCK)
			snprintf(c, n, "G%d unlocks M%d (UnlockOSThread)", ev->g, ev->m);
		else
			snprintf(c, n, "locked G%d is runnable: P%d handed to its M%d", ev->g, ev->p, ev->m);
		break;
	default:   /* another family's event: trace_format sends none here */
		break;
	}
}

/* fmt_us writes a duration given in µs: "20µs", "1.5ms", "11ms". */
static void fmt_us(int us, char *b, size_t len)
{
	if (us < 1000)
		snprintf(b, len, "%dµs", us);
	else if (us < 10000)
		snprintf(b, len, "%.1fms", us / 1000.0);
	else
		snprintf(b, len, "%dms", us / 1000);
}

/* caption_preempt_req says how long the G has run since it got its P (not
 * the P's time slice, which a G taken from runnext inherits), and whether the
 * request is ignored. */
static void caption_preempt_req(const gmp_event *ev, char *c, size_t n)
{
	char ran[24], slice[64] = "";
	fmt_us(ev->n, ran, sizeof ran);
	if (ev->aux2 - ev->n >= 1000) {
		char sb[24];
		fmt_us(ev->aux2, sb, sizeof sb);
		snprintf(slice, sizeof slice, " (its time slice began %s ago)", sb);
	}
	char full[256];   /* the longest form is ~200 bytes; the caption keeps what fits */
	snprintf(full, sizeof full, "sysmon: G%d has run %s on P%d%s: preemption requested%s", ev->g, ran,
	         ev->p, slice, ev->aux == 1 ? ", ignored: its loop makes no call to check it" : "");
	size_t l = strlen(full);
	if (l >= n)
		l = n - 1;
	memcpy(c, full, l);
	c[l] = '\0';
}

/* caption_sysmon captions sysmon and its signals, and what else happens
 * beside the Ms: timers, the netpoller, the GC, the cgroup quota. */
static void caption_sysmon(const gmp_event *ev, char *c, size_t n)
{
	switch ((gmp_evkind)ev->kind) {
	case EV_PREEMPT_REQ:
		caption_preempt_req(ev, c, n);
		break;
	case EV_SIGURG:
		snprintf(c, n, "SIGURG sent to M%d to interrupt G%d", ev->m, ev->g);
		break;
	case EV_SIGURG_LOST:
		snprintf(c, n, ev->aux2 == SIGURG_FOREIGN_HANDLER ? "SIGURG to M%d went to a foreign handler: G%d keeps running"
		                        : "SIGURG to M%d arrived at an unsafe point: no preemption", ev->m, ev->g);
		break;
	case EV_THROTTLE:
		snprintf(c, n, "cgroup quota used up: all %d running threads throttled until the next period", ev->n);
		break;
	case EV_UNTHROTTLE:
		snprintf(c, n, "new cgroup period: threads may run again");
		break;
	case EV_TIMER_FIRED:
		snprintf(c, n, ev->g >= 0 ? "timer fired on P%d: G%d wakes" : "timer fired on P%d", ev->p, ev->g);
		break;
	case EV_NETPOLL:
		snprintf(c, n, "netpoll: %d goroutine%s ready (socket readable)", ev->n, plural(ev->n));
		break;
	case EV_SYSMON:
		snprintf(c, n, "sysmon wakes");
		break;
	case EV_GC:
		snprintf(c, n, "GC: heap reached its goal; %d KiB freed", ev->n);
		break;
	default:   /* another family's event: trace_format sends none here */
		break;
	}
}

/* caption_end captions how the program ends, or what it got wrong. */
static void caption_end(const gmp_engine *e, const gmp_event *ev, char *c, size_t n)
{
	switch ((gmp_evkind)ev->kind) {
	case EV_RACE:
		snprintf(c, n, "DATA RACE on %s: G%d and G%d access it without synchronisation",
		         ev->aux2 >= 0 && ev->aux2 < e->prog->nvars ? e->prog->vars[ev->aux2] : "?", ev->g, ev->n);
		break;
	case EV_DEADLOCK:
	case EV_FATAL:
		snprintf(c, n, "%.150s", e->fatal);
		break;
	case EV_EXIT:
		if (ev->aux2 == EXIT_OOM_KILL)
			snprintf(c, n, "memory limit passed: the kernel's OOM killer sends SIGKILL, "
			         "exit status %d, no Go message", ev->n);
		else
			snprintf(c, n, "the program exits with status %d", ev->n);
		break;
	case EV_HORIZON:
		snprintf(c, n, "the run reached its horizon");
		break;
	default:   /* another family's event: trace_format sends none here */
		break;
	}
}

/* trace_format writes ev's caption, by the family of its kind (the switch
 * names every kind, so the compiler checks that each one has a family). */
void trace_format(const gmp_engine *e, gmp_event *ev)
{
	char *c = ev->caption;
	size_t n = GMP_CAPTION_MAX;
	switch ((gmp_evkind)ev->kind) {
	case EV_START: case EV_SPAWN: case EV_EXECUTE: case EV_PARK: case EV_READY:
	case EV_GOSCHED: case EV_GOEXIT: case EV_PREEMPTED: case EV_PRINT:
		caption_g(e, ev, c, n);
		break;
	case EV_RUNQPUT: case EV_OVERFLOW: case EV_GLOBRUNQGET: case EV_STEAL:
		caption_runq(ev, c, n);
		break;
	case EV_SYSCALL_ENTER: case EV_SYSCALL_EXIT: case EV_HANDOFF: case EV_RETAKE:
	case EV_NEWM: case EV_MEXIT: case EV_SPINNING: case EV_SPIN_STOP:
	case EV_STOPM: case EV_STARTM: case EV_LOCKED:
		caption_m(e, ev, c, n);
		break;
	case EV_PREEMPT_REQ: case EV_SIGURG: case EV_SIGURG_LOST: case EV_THROTTLE:
	case EV_UNTHROTTLE: case EV_TIMER_FIRED: case EV_NETPOLL: case EV_SYSMON:
	case EV_GC:
		caption_sysmon(ev, c, n);
		break;
	case EV_RACE: case EV_DEADLOCK: case EV_FATAL: case EV_EXIT: case EV_HORIZON:
		caption_end(e, ev, c, n);
		break;
	case EV__COUNT:
		break;
	}
}
