/*
 * appstate_anim.c — which events become animations, and how they fade.
 *
 * Animations come from the events executed since the last frame (or by the
 * last step): steals, overflows to and batches from the global queue, new
 * and exiting threads, preemption and its signals, retakes and hand-offs,
 * quota throttling, spawns, exits and fatal errors. They merge by kind and
 * entities (threads by M, the others by their P pair) and fade
 * APP_ANIM_FRAMES frames of play after they appeared — merging does not
 * extend them, so a count ("steals ×6 since 3.2ms") never sums more than
 * those frames, even when the same thing happens thousands of times a
 * second. While paused they do not fade. At most APP_ANIM_MAX are shown; a
 * new one replaces the oldest.
 */
#include "appstate_int.h"

/* anim_kind reports whether events of kind k are animated. */
static bool anim_kind(uint8_t k)
{
	switch (k) {
	case EV_STEAL: case EV_OVERFLOW: case EV_GLOBRUNQGET: case EV_NEWM:
	case EV_MEXIT: case EV_PREEMPT_REQ: case EV_PREEMPTED: case EV_SIGURG:
	case EV_SIGURG_LOST: case EV_RETAKE: case EV_HANDOFF: case EV_THROTTLE:
	case EV_UNTHROTTLE: case EV_SPAWN: case EV_DEADLOCK: case EV_FATAL:
	case EV_GOEXIT:
		return true;
	default:
		return false;
	}
}

/* anim_add merges ev into the animation of its kind and entities, or starts
 * one (replacing the oldest when APP_ANIM_MAX are shown). */
static void anim_add(appstate *st, const gmp_event *ev)
{
	if (!anim_kind(ev->kind))
		return;
	bool by_m = ev->kind == EV_NEWM || ev->kind == EV_MEXIT;
	for (int i = 0; i < st->nanims; i++) {
		ui_anim *a = &st->anims[i];
		if (a->kind != ev->kind)
			continue;
		if (by_m ? a->m == ev->m : (a->p == ev->p && a->p2 == ev->p2)) {
			/* merge without extending its life: the counts cover at most
			 * APP_ANIM_FRAMES frames, however steadily the events come */
			a->seq = ev->seq;
			a->t = ev->t;
			a->g = ev->g;
			a->m = ev->m;
			a->n += ev->n;
			a->last_n = ev->n;
			a->count++;
			return;
		}
	}
	int slot = st->nanims;
	if (slot == APP_ANIM_MAX) {
		/* replace the oldest */
		slot = 0;
		for (int i = 1; i < st->nanims; i++)
			if (st->anims[i].seq < st->anims[slot].seq)
				slot = i;
	} else {
		st->nanims++;
	}
	ui_anim *a = &st->anims[slot];
	a->seq = ev->seq;
	a->t = ev->t;
	a->t0 = ev->t;
	a->last_n = ev->n;
	a->kind = ev->kind;
	a->p = ev->p;
	a->p2 = ev->p2;
	a->m = ev->m;
	a->g = ev->g;
	a->n = ev->n;
	a->count = 1;
	a->ttl = APP_ANIM_FRAMES;
}

/* app_anims_collect turns the events in [from, engine total) at or after
 * virtual time tmin into animations. */
void app_anims_collect(appstate *st, uint64_t from, int64_t tmin)
{
	uint64_t total = engine_event_total(st->eng);
	if (total > GMP_EVENT_RING && from < total - GMP_EVENT_RING)
		from = total - GMP_EVENT_RING;
	for (uint64_t s = from; s < total; s++) {
		const gmp_event *ev = engine_event_peek(st->eng, s);
		if (ev && ev->t >= tmin)
			anim_add(st, ev);
	}
	st->seen_seq = total;
}

/* app_anims_age: one frame of play passed; drop what has faded. */
void app_anims_age(appstate *st)
{
	int out = 0;
	for (int i = 0; i < st->nanims; i++) {
		if (--st->anims[i].ttl > 0)
			st->anims[out++] = st->anims[i];
	}
	st->nanims = out;
}
