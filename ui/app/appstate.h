/*
 * appstate.h — the UI state machine, shared by the terminal (ui/term/app.c) and
 * the headless recorder.
 *
 * An appstate holds the open scenario and variant, the running engine, the
 * play/pause state and speed, the run's history for rewinding, the
 * short-lived animations (steals, new threads, signals) and the overlays.
 * Keys come in through appstate_key() and time through appstate_advance();
 * both return reaction flags (APP_*) and never draw: the views (view.h) read
 * this struct and the engine and draw a whole frame. The implementation is
 * split by concept (appstate_int.h lists the files).
 *
 * Virtual time: while playing, each frame advances the engine by
 * speed × elapsed wall time; the recorder passes a virtual frame clock, the
 * terminal the real one. While paused nothing advances (and app.c stops its
 * frame timer, so a paused gmpscope uses no CPU).
 *
 * Rewind: the engine's history (engine/history.h) checkpoints the run every
 * GMP_HISTORY_EVERY visible events and keeps at most GMP_HISTORY_MAX of them.
 * Stepping back returns to where the previous step ended (or, after playing,
 * to just after the previous visible event): the UI asks the history for the
 * state at that visible event (nearest checkpoint + replay), so memory stays
 * bounded at any scale.
 */
#ifndef GMP_APPSTATE_H
#define GMP_APPSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "history.h"
#include "scenario.h"

/* reaction flags returned by appstate_key / appstate_advance */
enum {
	APP_REDRAW = 1 << 0,    /* the screen must be redrawn */
	APP_QUIT = 1 << 1,      /* the user asked to quit */
	APP_PLAYSTATE = 1 << 2, /* playing started or stopped: start/stop the frame timer */
};

#define APP_SPEED_MIN 1000LL          /* 1µs of virtual time per wall second */
#define APP_SPEED_MAX 1000000000LL    /* 1s per wall second */
#define APP_SPEED_DEFAULT 10000000LL  /* 10ms/s when a scenario names none */
#define APP_ANIM_MAX 48               /* animations shown at once */
#define APP_ANIM_FRAMES 12            /* frames an animation lasts */
#define APP_PAGE 10                   /* rows per PgUp / PgDn */
#define APP_HIST_MAX 256              /* step boundaries remembered for ← */

/* focusable panels, in Tab order */
typedef enum {
	PANEL_NONE = 0,
	PANEL_PROCS,
	PANEL_THREADS,
	PANEL_GORS,
	PANEL_SOURCE,
	PANEL_METRICS,
	PANEL_NARR,
	PANEL__COUNT
} ui_panel;

/* ui_anim is one thing happening on screen for a few frames: a steal arrow,
 * an overflow to the global queue, a new or dead thread, a signal. Events of
 * the same kind between the same entities merge and count, for at most
 * APP_ANIM_FRAMES frames from the first one. */
typedef struct ui_anim {
	uint64_t seq;      /* seq of the latest event merged into it */
	int64_t t;         /* its virtual time */
	int64_t t0;        /* virtual time of the first event merged into it */
	int32_t last_n;    /* n of the latest event alone (one steal's goroutines) */
	uint8_t kind;      /* gmp_evkind */
	int32_t p, p2, m, g; /* entities, as in gmp_event */
	int32_t n;         /* summed count (goroutines stolen/moved; events): for
	                    * counters only, never shown as one event's count */
	int32_t count;     /* events merged */
	int ttl;           /* frames left */
} ui_anim;

/* an entry of the scenario picker */
typedef struct ui_pick {
	char *path;
	int number;
	char *slug, *title, *family;
	char *error;       /* parse error, NULL if the file parsed */
} ui_pick;

typedef struct appstate {
	char *scen_dir;        /* where the picker looks for NN-slug.gmp */
	gmp_scenario scen;     /* the open scenario (valid when have_scen) */
	bool have_scen;
	int variant;           /* index into scen.variants */
	gmp_engine *eng;       /* the running engine, NULL without a scenario */
	uint64_t run;          /* bumped whenever eng is replaced (restart, step
	                          back): observers compare it, never eng's address,
	                          which malloc may hand to the replacement */
	int64_t vt;            /* virtual time shown (>= engine_now while playing) */
	int64_t vt_limit;      /* no play, step or run-until goes past this virtual
	                          time (record --until); -1 = no limit */
	bool playing;          /* false = paused (the start state) */
	int64_t speed;         /* virtual ns per wall second */
	bool stepped;          /* the last move was a step: highlight its event */
	uint64_t step_seq0;    /* first event seq of the last step */
	bool until_pending;    /* `g` pressed, waiting for the kind letter */
	uint64_t seen_seq;     /* events up to here are in the animations */
	uint64_t frame;        /* frames advanced while playing */

	ui_anim anims[APP_ANIM_MAX];
	int nanims;

	gmp_history *hist;     /* the run's checkpoints, for stepping back
	                          (NULL without an engine) */
	/* visible totals at the start of the latest steps (one engine_step may
	 * emit several visible events): stepping back returns to these */
	uint64_t step_hist[APP_HIST_MAX];
	int nhist;

	bool show_help;        /* ? overlay */
	bool show_explain;     /* e overlay (covers source + metrics) */
	bool show_picker;      /* s overlay */
	ui_pick *picks;        /* picker entries, sorted by file name */
	int npicks;
	int pick_cur;          /* picker cursor */
	int pick_typed;        /* the number typed so far in the picker, -1 =
	                          none: digits accumulate ("1" "3" is 13) until
	                          another key or a pause (appstate_typing_pause) */

	int overlay_scroll;    /* first text row shown of the help / explanation */
	int screen_w, screen_h; /* the screen's size (appstate_set_screen); 0 = unknown */

	ui_panel focus;        /* PANEL_NONE or the focused panel */
	int scroll[PANEL__COUNT]; /* first row shown per panel (views clamp) */

	char msg[320];         /* a one-line notice for the footer, "" = none */
} appstate;

/* appstate_new creates a state with no scenario open; scen_dir is where the
 * picker looks (NULL = "scenarios"). */
appstate *appstate_new(const char *scen_dir);
void appstate_free(appstate *st);

/* appstate_typing_pause ends the number being typed in the picker: the next
 * digit starts a new one. The terminal calls it after a second without keys;
 * a key script's pause does the same. */
void appstate_typing_pause(appstate *st);

/* appstate_open loads a scenario file and opens its first variant, paused at
 * t=0. On error returns -1 with "path:line:col: message" in err; the state
 * is unchanged. */
int appstate_open(appstate *st, const char *path, char *err, size_t errlen);
/* appstate_adopt opens an already parsed scenario (taking ownership of it:
 * the caller must not free it) at variant v. */
void appstate_adopt(appstate *st, gmp_scenario *s, int v);
/* appstate_set_variant switches to variant v and restarts it. */
void appstate_set_variant(appstate *st, int v);
/* appstate_restart restarts the current variant, paused at t=0. */
void appstate_restart(appstate *st);

/* appstate_key performs the action bound to key; returns APP_* flags. */
int appstate_key(appstate *st, int key);
/* appstate_advance advances virtual time by speed × wall_ns when playing;
 * returns APP_* flags (APP_PLAYSTATE when the run ended and play stopped). */
int appstate_advance(appstate *st, int64_t wall_ns);
/* appstate_run_to runs the engine up to virtual time t (for `record --at`),
 * without changing play state. */
void appstate_run_to(appstate *st, int64_t t);
/* appstate_step / appstate_back step one visible event forward / back. */
void appstate_step(appstate *st);
void appstate_back(appstate *st);
/* appstate_run_until steps until a visible event of a kind in mask. */
void appstate_run_until(appstate *st, uint64_t mask, const char *what);

/* appstate_set_screen tells the state the screen's size, so that scrolling
 * an overlay stops at its last line (the terminal calls it on every resize,
 * the recorder once). */
void appstate_set_screen(appstate *st, int w, int h);

/* appstate_variant returns the open variant, NULL without a scenario. */
const gmp_variant *appstate_variant(const appstate *st);
/* appstate_speed_step returns the next speed on the 1-2-5 ladder (dir > 0
 * faster, < 0 slower), clamped to APP_SPEED_MIN..APP_SPEED_MAX. */
int64_t appstate_speed_step(int64_t speed, int dir);

#endif
