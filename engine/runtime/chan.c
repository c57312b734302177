/*
 * chan.c — channels and select, after runtime/chan.go and select.go.
 *
 * A send to a channel with a parked receiver hands the value over directly
 * and readies the receiver into the sender's P runnext; otherwise the value
 * goes to the buffer, or the sender parks on the send queue. Items carry the
 * sequence number they were sent with, so the engine can count receives that
 * arrive out of order (`reordered`).
 *
 * Waiters are sudogs in per-channel FIFO lists. A select parks one sudog per
 * case; when one case wins, the goroutine's park generation changes and the
 * other sudogs become stale: they are skipped and freed when dequeued.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chan.h"
#include "sched.h"
#include "proc.h"
#include "race.h"
#include "rand.h"
#include "timers.h"

static int32_t sudog_new(gmp_engine *e, int32_t gi, int casei, item_t it)
{
	int32_t s = e->sudog_free;
	if (s != NIL) {
		e->sudog_free = e->sudogs.v[s].next;
	} else {
		VEC_GROW(e->sudogs);
		s = e->sudogs.n++;
	}
	sudog_t *sg = &e->sudogs.v[s];
	sg->g = gi;
	sg->parkgen = G(e, gi)->parkgen + 1;   /* valid once gopark bumps it */
	sg->next = NIL;
	sg->casei = (int16_t)casei;
	sg->elem = it;
	return s;
}

static void sudog_free(gmp_engine *e, int32_t s)
{
	e->sudogs.v[s].next = e->sudog_free;
	e->sudog_free = s;
}

static void enqueue(gmp_engine *e, int32_t *head, int32_t *tail, int32_t s)
{
	if (*tail != NIL)
		e->sudogs.v[*tail].next = s;
	else
		*head = s;
	*tail = s;
}

/* prefetch_next asks the cache for what the next dequeue of this queue
 * reads: the G of waiter s (its sudog came in with the previous call) and
 * the sudog after s. A long send queue (a server whose requests outrun its
 * workers) holds goroutines parked long ago, spread over megabytes: without
 * this, the dequeue that pops each one waits for memory twice. Always
 * inline: GCC finds a call that only prefetches pure, and drops it. */
static inline __attribute__((always_inline)) void prefetch_next(const gmp_engine *e, int32_t s)
{
	const sudog_t *sg = &e->sudogs.v[s];
	__builtin_prefetch(G(e, sg->g));
	if (sg->next != NIL)
		__builtin_prefetch(&e->sudogs.v[sg->next]);
}

/* dequeue pops the first still-valid waiter (freeing stale ones), or NIL. */
static int32_t dequeue(gmp_engine *e, int32_t *head, int32_t *tail, int32_t *count)
{
	while (*head != NIL) {
		int32_t s = *head;
		sudog_t *sg = &e->sudogs.v[s];
		*head = sg->next;
		if (*head == NIL)
			*tail = NIL;
		(*count)--;
		g_t *gp = G(e, sg->g);
		if (*head != NIL)
			prefetch_next(e, *head);
		if (gp->status == G_WAITING && gp->parkgen == sg->parkgen)
			return s;
		sudog_free(e, s);
	}
	return NIL;
}

static bool has_waiter(gmp_engine *e, int32_t *head, int32_t *tail, int32_t *count)
{
	/* drop stale entries at the head so the answer is exact */
	while (*head != NIL) {
		sudog_t *sg = &e->sudogs.v[*head];
		g_t *gp = G(e, sg->g);
		if (gp->status == G_WAITING && gp->parkgen == sg->parkgen)
			return true;
		int32_t s = *head;
		*head = sg->next;
		if (*head == NIL)
			*tail = NIL;
		(*count)--;
		sudog_free(e, s);
	}
	return false;
}

void chan_make(gmp_engine *e, int c, int64_t cap)
{
	hchan_t *ch = &e->chans[c];
	ch->cap = cap;
	ch->count = 0;
	ch->head = 0;
	ch->closed = false;
	ch->made = true;
	ch->maxrecv = INT64_MIN;
	if (cap > ch->bufcap) {
		int64_t n = cap > 1024 ? 1024 : cap;   /* grows on demand */
		if (n > ch->bufcap) {
			ch->buf = gmp_xgrow(ch->buf, sizeof(item_t) * (size_t)ch->bufcap, sizeof(item_t) * (size_t)n);
			ch->bufcap = n;
		}
	}
	e->mt.allocs++;
	heap_alloc(e, 96 + cap * 16);
}

static void buf_push(gmp_engine *e, hchan_t *ch, item_t it)
{
	(void)e;
	if (ch->count == ch->bufcap) {
		/* grow, unrolling the ring */
		int64_t n = ch->bufcap ? ch->bufcap * 2 : 8;
		item_t *nb = gmp_xcalloc((size_t)n, sizeof(item_t));   /* zeroed: see gmp_xgrow */
		for (int64_t i = 0; i < ch->count; i++)
			nb[i] = ch->buf[(ch->head + i) % ch->bufcap];
		free(ch->buf);
		ch->buf = nb;
		ch->bufcap = n;
		ch->head = 0;
	}
	ch->buf[(ch->head + ch->count) % ch->bufcap] = it;
	ch->count++;
}

static item_t buf_pop(hchan_t *ch)
{
	item_t it = ch->buf[ch->head];
	ch->head = (ch->head + 1) % ch->bufcap;
	ch->count--;
	return it;
}

/* got: gi received `it` from channel c. */
static void got(gmp_engine *e, int32_t gi, int c, item_t it)
{
	hchan_t *ch = &e->chans[c];
	g_set_item_time(e, G(e, gi), it.t);
	if (ch->timer == NIL) {
		if (it.seq < ch->maxrecv)
			e->mt.reordered++;
		else
			ch->maxrecv = it.seq;
	}
	if (e->cfg.race)
		race_acquire(e, gi, c);
}


static void panic_msg(gmp_engine *e, const char *msg)
{
	char buf[200];
	snprintf(buf, sizeof buf, "panic: %s", msg);
	engine_fatal_error(e, EV_FATAL, buf);
}

/* chan_send: 1 = done, 0 = parked (or would block when !block), -1 = panic. */
int chan_send(gmp_engine *e, m_t *mp, int32_t gi, int c, item_t it, bool block)
{
	hchan_t *ch = &e->chans[c];
	if (!ch->made) {
		if (!block)
			return 0;
		gopark(e, mp, gi, WAIT_CHAN_SEND);
		return 0;
	}
	if (ch->closed) {
		panic_msg(e, "send on closed channel");
		return -1;
	}
	if (e->cfg.race)
		race_release(e, gi, c);
	int32_t s = dequeue(e, &ch->recvq_head, &ch->recvq_tail, &ch->nrecvq);
	if (s != NIL) {
		sudog_t *sg = &e->sudogs.v[s];
		int32_t r = sg->g;
		G(e, r)->sel = sg->casei >= 0 ? sg->casei : SEL_DONE;
		sudog_free(e, s);
		got(e, r, c, it);
		goready(e, r, curp(e, mp));
		return 1;
	}
	if (ch->count < ch->cap) {
		buf_push(e, ch, it);
		return 1;
	}
	if (!block)
		return 0;
	s = sudog_new(e, gi, -1, it);
	enqueue(e, &ch->sendq_head, &ch->sendq_tail, s);
	ch->nsendq++;
	if (ch->nsendq > ch->sendq_peak)
		ch->sendq_peak = ch->nsendq;
	gopark(e, mp, gi, WAIT_CHAN_SEND);
	return 0;
}

/* chan_recv: 1 = done (*closed when the channel was closed and empty),
 * 0 = parked (or would block when !block). */
int chan_recv(gmp_engine *e, m_t *mp, int32_t gi, int c, bool block, bool *closed)
{
	hchan_t *ch = &e->chans[c];
	*closed = false;
	if (!ch->made) {
		if (!block)
			return 0;
		gopark(e, mp, gi, WAIT_CHAN_RECV_NIL);
		return 0;
	}
	if (ch->count > 0) {
		got(e, gi, c, buf_pop(ch));
		int32_t s = dequeue(e, &ch->sendq_head, &ch->sendq_tail, &ch->nsendq);
		if (s != NIL) {
			sudog_t *sg = &e->sudogs.v[s];
			buf_push(e, ch, sg->elem);
			G(e, sg->g)->sel = sg->casei >= 0 ? sg->casei : SEL_DONE;
			int32_t w = sg->g;
			sudog_free(e, s);
			goready(e, w, curp(e, mp));
		}
		return 1;
	}
	int32_t s = dequeue(e, &ch->sendq_head, &ch->sendq_tail, &ch->nsendq);
	if (s != NIL) {
		sudog_t *sg = &e->sudogs.v[s];
		got(e, gi, c, sg->elem);
		G(e, sg->g)->sel = sg->casei >= 0 ? sg->casei : SEL_DONE;
		int32_t w = sg->g;
		sudog_free(e, s);
		goready(e, w, curp(e, mp));
		return 1;
	}
	if (ch->closed) {
		*closed = true;
		if (e->cfg.race)
			race_acquire(e, gi, c);
		return 1;
	}
	if (!block)
		return 0;
	s = sudog_new(e, gi, -1, (item_t){ 0, 0 });
	enqueue(e, &ch->recvq_head, &ch->recvq_tail, s);
	ch->nrecvq++;
	gopark(e, mp, gi, WAIT_CHAN_RECV);
	return 0;
}

/* chan_close readies every waiter: receivers get the zero value. */
void chan_close(gmp_engine *e, m_t *mp, int32_t gi, int c)
{
	hchan_t *ch = &e->chans[c];
	if (!ch->made) {
		panic_msg(e, "close of nil channel");
		return;
	}
	if (ch->closed) {
		panic_msg(e, "close of closed channel");
		return;
	}
	if (e->cfg.race)
		race_release(e, gi, c);
	ch->closed = true;
	int32_t s;
	while ((s = dequeue(e, &ch->recvq_head, &ch->recvq_tail, &ch->nrecvq)) != NIL) {
		sudog_t *sg = &e->sudogs.v[s];
		int32_t r = sg->g;
		/* a range loop sees SEL_CLOSED; a select sees its case */
		G(e, r)->sel = sg->casei >= 0 ? sg->casei : SEL_CLOSED;
		sudog_free(e, s);
		goready(e, r, curp(e, mp));
	}
	if (has_waiter(e, &ch->sendq_head, &ch->sendq_tail, &ch->nsendq))
		panic_msg(e, "send on closed channel");
}

/* chan_timer_send: a timer fires into its channel (buffer of one; a full
 * buffer drops the tick, as tickers do). */
bool chan_timer_send(gmp_engine *e, int c, p_t *pp)
{
	hchan_t *ch = &e->chans[c];
	item_t it = { 0, e->now };
	int32_t s = dequeue(e, &ch->recvq_head, &ch->recvq_tail, &ch->nrecvq);
	if (s != NIL) {
		sudog_t *sg = &e->sudogs.v[s];
		int32_t r = sg->g;
		G(e, r)->sel = sg->casei >= 0 ? sg->casei : SEL_DONE;
		g_set_item_time(e, G(e, r), it.t);
		sudog_free(e, s);
		goready(e, r, pp);
		return true;
	}
	if (ch->count < ch->cap) {
		buf_push(e, ch, it);
		return true;
	}
	return false;
}

/* select_go polls the cases in a random order; returns the index of the case
 * taken (the default case when nothing is ready), or -1 after parking. */
int select_go(gmp_engine *e, m_t *mp, int32_t gi, const gmp_op *sel, const gmp_op *cases)
{
	int n = (int)sel->a;
	int order[MAX_SELECT_CASES * 4];
	int nord = 0, dflt = -1, after = -1;
	g_t *gp = G(e, gi);
	if (n > (int)(sizeof order / sizeof order[0]))
		n = (int)(sizeof order / sizeof order[0]);
	for (int k = 0; k < n; k++) {
		if (cases[k].a == CASE_DEFAULT) {
			dflt = k;
			continue;
		}
		if (cases[k].a == CASE_AFTER) {
			/* time.After(d) is evaluated before the select polls */
			int32_t ti = timer_new(e, e->now + cases[k].b, 0, k, gi);
			e->timers.v[ti].heapobj = true;
			e->mt.allocs += 3;
			heap_alloc(e, TIMER_BYTES);
			if (!timers_go123(e))
				timer_add(e, ti, P(e, mp->p));
			g_set_seltimer(e, gp, ti);
			after = k;
			continue;
		}
		order[nord++] = k;
	}
	/* Fisher-Yates with the engine's PRNG */
	for (int i = nord - 1; i > 0; i--) {
		int j = (int)fastrandn(e, (uint32_t)(i + 1));
		int t = order[i]; order[i] = order[j]; order[j] = t;
	}
	for (int i = 0; i < nord; i++) {
		const gmp_op *c = &cases[order[i]];
		hchan_t *ch = &e->chans[c->obj];
		if (!ch->made)
			continue;
		if (c->a == CASE_RECV) {
			if (ch->count > 0 || ch->closed ||
			    has_waiter(e, &ch->sendq_head, &ch->sendq_tail, &ch->nsendq)) {
				bool closed;
				chan_recv(e, mp, gi, c->obj, false, &closed);
				goto done;
			}
		} else {
			if (ch->closed || ch->count < ch->cap ||
			    has_waiter(e, &ch->recvq_head, &ch->recvq_tail, &ch->nrecvq)) {
				item_t it = { (int64_t)gp->arg << 32 | g_nsent(e, gp), e->now };
				if (chan_send(e, mp, gi, c->obj, it, false) < 0)
					return -1;
				goto done;
			}
		}
		continue;
	done:
		select_resumed(e, gi);
		return order[i];
	}
	if (dflt >= 0) {
		select_resumed(e, gi);
		return dflt;
	}
	/* park on every channel case */
	for (int i = 0; i < nord; i++) {
		const gmp_op *c = &cases[order[i]];
		hchan_t *ch = &e->chans[c->obj];
		if (!ch->made)
			continue;
		int32_t s = sudog_new(e, gi, order[i], (item_t){ (int64_t)gp->arg << 32 | g_nsent(e, gp), e->now });
		if (c->a == CASE_RECV) {
			enqueue(e, &ch->recvq_head, &ch->recvq_tail, s);
			ch->nrecvq++;
		} else {
			enqueue(e, &ch->sendq_head, &ch->sendq_tail, s);
			ch->nsendq++;
		}
	}
	if (after >= 0 && timers_go123(e))
		timer_add(e, g_seltimer(e, gp), P(e, mp->p));
	gopark(e, mp, gi, n == 0 ? WAIT_SELECT_NOCASES : WAIT_SELECT);
	return -1;
}

/* select_resumed: gi woke from a select; under Go >= 1.23 rules its
 * time.After timer leaves the heap (it is garbage); before, it stays until
 * it fires. */
void select_resumed(gmp_engine *e, int32_t gi)
{
	g_t *gp = G(e, gi);
	int32_t ti = g_seltimer(e, gp);
	if (ti == NIL)
		return;
	g_set_seltimer(e, gp, NIL);
	if (timers_go123(e)) {
		e->heap_garbage += TIMER_BYTES;
		timer_free(e, ti);
	} else {
		e->timers.v[ti].g = NIL;
		e->timers.v[ti].ch = -2;
	}
}
