/*
 * appstate_keys.c — what each key does.
 *
 * keys.c maps a key to an action (keys_lookup); this file performs it. While
 * the picker is open its own small set of actions applies (move, open, close,
 * quit, help). After `g` the next key names the event kinds to run to. Steps
 * and run-until are jobs (appstate_job.c): with st->async the key only
 * begins one; while it is pending, Esc cancels it and q quits. Keys
 * never draw: they change the state and say, by APP_* flags, whether to
 * redraw, quit, or start or stop the frame timer (play state changed).
 */
#include "appstate_int.h"

#include <limits.h>
#include <stdio.h>

#include "keys.h"
#include "view.h"

/* key_picker performs action a while the picker is open. */
static int key_picker(appstate *st, keys_action a, int key)
{
	switch (a) {
	case KACT_UP:
		if (st->pick_cur > 0)
			st->pick_cur--;
		break;
	case KACT_DOWN:
		if (st->pick_cur + 1 < st->npicks)
			st->pick_cur++;
		break;
	case KACT_PGUP:
		st->pick_cur = st->pick_cur > APP_PAGE ? st->pick_cur - APP_PAGE : 0;
		break;
	case KACT_PGDN:
		st->pick_cur += APP_PAGE;
		if (st->pick_cur >= st->npicks)
			st->pick_cur = st->npicks ? st->npicks - 1 : 0;
		break;
	case KACT_HOME:
		st->pick_cur = 0;
		break;
	case KACT_END:
		st->pick_cur = st->npicks ? st->npicks - 1 : 0;
		break;
	case KACT_DIGIT:
		app_pick_digit(st, key - '0');
		break;
	case KACT_ENTER: {
		if (st->npicks == 0)
			break;
		ui_pick *p = &st->picks[st->pick_cur];
		char err[300];
		if (p->error) {
			snprintf(st->msg, sizeof st->msg, "%s", p->error);
			break;
		}
		bool was = st->playing;
		if (appstate_open(st, p->path, err, sizeof err) != 0) {
			snprintf(st->msg, sizeof st->msg, "%s", err);
			break;
		}
		st->show_picker = false;
		return APP_REDRAW | (was ? APP_PLAYSTATE : 0);
	}
	case KACT_ESC:
	case KACT_PICKER:
		if (st->have_scen)
			st->show_picker = false;
		break;
	case KACT_QUIT:
		return APP_QUIT;
	case KACT_HELP:
		st->show_help = !st->show_help;
		break;
	default:
		return 0;
	}
	return APP_REDRAW;
}

void appstate_set_screen(appstate *st, int w, int h)
{
	st->screen_w = w;
	st->screen_h = h;
}

/* scroll_by scrolls the open overlay (help, explanation) by d rows, up to its
 * last line on this screen; else the focused panel (the goroutines when none
 * is), whose far end the views clamp. */
static void scroll_by(appstate *st, int d)
{
	if (st->show_help || st->show_explain) {
		int max = st->screen_w > 0 ? view_overlay_scroll_max(st, st->screen_w, st->screen_h) : INT_MAX;
		long v = (long)st->overlay_scroll + d;
		st->overlay_scroll = v < 0 ? 0 : v > max ? max : (int)v;
		return;
	}
	if (st->focus == PANEL_NONE)
		st->focus = PANEL_GORS;
	st->scroll[st->focus] += d;
	if (st->scroll[st->focus] < 0)
		st->scroll[st->focus] = 0;
}

/* key_busy performs action a while a job is pending: Esc cancels it, q
 * quits; the terminal holds other keys back until the job ends. */
static int key_busy(appstate *st, keys_action a)
{
	switch (a) {
	case KACT_ESC:
		appstate_cancel(st);
		return APP_REDRAW | APP_JOB;
	case KACT_QUIT:
		return APP_QUIT;
	case KACT_RESIZE:
		return APP_REDRAW;
	default:
		return 0;
	}
}

bool appstate_key_waits(const appstate *st, int key)
{
	if (!appstate_busy(st))
		return false;
	keys_action a = keys_lookup(key);
	return a != KACT_ESC && a != KACT_QUIT && a != KACT_RESIZE;
}

/* job_started finishes a job just begun when the caller runs none in slices
 * (headless); returns the flags to add. */
static int job_started(appstate *st, int f)
{
	if (!st->async)
		appstate_finish(st);
	return appstate_busy(st) ? (f | APP_JOB) : 0;
}

int appstate_key(appstate *st, int key)
{
	keys_action a = keys_lookup(key);
	if (appstate_busy(st))
		return key_busy(st, a);
	bool was_playing = st->playing;
	int flags = APP_REDRAW;
	st->msg[0] = 0;

	if (a == KACT_RESIZE)
		return APP_REDRAW;
	if (st->quiz) {
		int qf = 0;
		if (app_quiz_key(st, a, &qf))
			return qf;
	}
	if (a != KACT_DIGIT)
		st->pick_typed = -1;   /* any other key ends a typed number */
	if (st->show_picker)
		return key_picker(st, a, key);
	if (st->until_pending) {
		st->until_pending = false;
		if (a == KACT_ESC)
			return APP_REDRAW;
		uint64_t mask = keys_until_mask(key);
		if (!mask) {
			char nb[16];
			snprintf(st->msg, sizeof st->msg, "g %s: not a kind (s m x p u k y t f o)",
			         keys_name(key, nb, sizeof nb));
			return APP_REDRAW;
		}
		st->playing = false;
		flags |= job_started(st, appstate_start_until(st, mask, keys_until_name(key)));
		return flags | (was_playing ? APP_PLAYSTATE : 0);
	}

	switch (a) {
	case KACT_PLAY:
		if (!st->eng)
			break;
		if (!st->playing && app_run_over(st)) {
			snprintf(st->msg, sizeof st->msg, "the run is over: r restarts");
			break;
		}
		st->playing = !st->playing;
		st->stepped = false;
		break;
	case KACT_STEP:
		st->playing = false;
		flags |= job_started(st, appstate_start_step(st));
		break;
	case KACT_BACK:
		st->playing = false;
		appstate_back(st);
		break;
	case KACT_UNTIL:
		if (st->eng)
			st->until_pending = true;
		break;
	case KACT_FASTER:
		st->speed = appstate_speed_step(st->speed, +1);
		break;
	case KACT_SLOWER:
		st->speed = appstate_speed_step(st->speed, -1);
		break;
	case KACT_RESTART:
		appstate_restart(st);
		break;
	case KACT_VARIANT:
		if (st->peer)
			app_cmp_variant(st);
		else if (st->have_scen)
			appstate_set_variant(st, st->variant + 1);
		break;
	case KACT_COMPARE:
		st->playing = false;
		if (st->peer)
			appstate_compare_off(st);
		else
			appstate_compare(st, -1);
		break;
	case KACT_MOMENT_PREV:
	case KACT_MOMENT_NEXT:
		flags |= job_started(st, appstate_moment(st, a == KACT_MOMENT_NEXT ? 1 : -1) & APP_JOB);
		break;
	case KACT_EXPLAIN:
		st->show_explain = !st->show_explain;
		st->overlay_scroll = 0;
		break;
	case KACT_PICKER:
		st->show_picker = true;
		st->playing = false;   /* choosing takes a while: don't run on behind it */
		app_picks_load(st);
		break;
	case KACT_FOCUS:
		st->focus = (ui_panel)(st->focus + 1 == PANEL__COUNT ? PANEL_NONE : st->focus + 1);
		break;
	case KACT_FOCUS_BACK:
		st->focus = (ui_panel)(st->focus == PANEL_NONE ? PANEL__COUNT - 1 : st->focus - 1);
		break;
	case KACT_UP:
		scroll_by(st, -1);
		break;
	case KACT_DOWN:
		scroll_by(st, +1);
		break;
	case KACT_PGUP:
		scroll_by(st, -APP_PAGE);
		break;
	case KACT_PGDN:
		scroll_by(st, +APP_PAGE);
		break;
	case KACT_ESC:
		st->overlay_scroll = 0;
		if (st->show_help)
			st->show_help = false;
		else if (st->show_explain)
			st->show_explain = false;
		else
			st->focus = PANEL_NONE;
		break;
	case KACT_HELP:
		st->show_help = !st->show_help;
		st->overlay_scroll = 0;
		break;
	case KACT_QUIT:
		return APP_QUIT;
	case KACT_ENTER:
	case KACT_HOME:
	case KACT_END:
	case KACT_DIGIT:
	case KACT_NONE:
	case KACT_RESIZE:
		return 0;
	}
	if (st->playing != was_playing)
		flags |= APP_PLAYSTATE;
	return flags;
}
