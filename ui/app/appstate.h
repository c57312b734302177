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
 * Rewind: the engine's history (engine/history.h) checkpoints the run with
 * the policy GMP_HISTORY_UI (spacing by cost, memory bounded by the
 * engine's own size, a step back replaying at most ~65k events).
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
	APP_JOB = 1 << 3,       /* a job began or ended: start/stop the slice watcher */
};

#define APP_SPEED_MIN 1000LL          /* 1µs of virtual time per wall second */
#define APP_SPEED_MAX 1000000000LL    /* 1s per wall second */
#define APP_SPEED_DEFAULT 10000000LL  /* 10ms/s when a scenario names none */
#define APP_FPS 30                    /* frames per wall second while playing */
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

/* app_job_kind: what a job does (appstate_job.c). */
typedef enum {
	JOB_NONE = 0,   /* no job */
	JOB_STEP,       /* one step: engine_step until a visible event */
	JOB_UNTIL,      /* steps until one emits a visible event of a kind in mask */
	JOB_RUN_TO,     /* run to virtual time t */
} app_job_kind;

/* app_mark is where a job began, as the UI shows it: a cancel puts it back. */
typedef struct app_mark {
	int64_t vt;                      /* st->vt */
	bool stepped;                    /* st->stepped */
	uint64_t step_seq0;              /* st->step_seq0 */
	uint64_t seen_seq;               /* st->seen_seq */
	ui_anim anims[APP_ANIM_MAX];     /* st->anims */
	int nanims;                      /* st->nanims */
	uint64_t step_hist[APP_HIST_MAX];/* st->step_hist */
	int nhist;                       /* st->nhist */
	int hist_head;                   /* st->hist_head */
} app_mark;

/* app_job is a long move made in slices: the terminal runs one slice of
 * appstate_work per turn of its event loop, so keys and signals are heard
 * meanwhile; headless callers run the slices back to back (appstate_finish).
 * A move made in slices ends exactly where the one call would. */
typedef struct app_job {
	app_job_kind kind;     /* JOB_NONE when idle */
	uint64_t mask;         /* JOB_UNTIL: the event kinds wanted */
	const char *what;      /* JOB_UNTIL: their name ("steal"), a static string */
	int64_t t;             /* JOB_RUN_TO: the virtual time to reach */
	bool in_move;          /* an engine move is under way (resumed by the next slice) */
	int64_t lim;           /* the step under way stops before this time (job_limit), -1 */
	uint64_t before;       /* visible total before the step under way */
	uint64_t seq0;         /* event total before the move under way */
	gmp_snapshot *start;   /* the engine where the job began, a history_mark
	                          (NULL when nothing can ask to go back to it) */
	app_mark mark;         /* the UI's position where the job began */
	uint64_t events0;      /* engine_event_total where the job began */
	uint64_t before0;      /* engine_visible_total where the job began */
	uint64_t dispatched;   /* timed events dispatched so far */
	bool progress;         /* show the progress line (the terminal sets it after
	                          APP_JOB_QUIET_MS of wall time) */
	int64_t cap;           /* compare: a step or run-until stops at this virtual
	                          time, where the other run's event is; -1 = none */
} app_job;

/* app_cmp is what a compare move owes the right-hand run once the left-hand
 * job ends (appstate_compare.c). */
typedef struct app_cmp {
	bool pending;          /* a compare move's job is under way */
	app_job_kind kind;     /* its kind */
	uint64_t mask;         /* JOB_UNTIL: the kinds wanted */
	const char *what;      /* JOB_UNTIL: their name */
	bool capped;           /* the left run stopped at the right run's event */
	bool none;             /* the run-until found nothing and went back */
} app_cmp;

/* app_cmp_pos is where both runs of compare mode stood before a move: what
 * ← returns to (appstate_compare.c). Per side: [0] left, [1] right. */
typedef struct app_cmp_pos {
	uint64_t vis[2];       /* visible events (engine_visible_total) */
	int64_t now[2];        /* the engine's clock (engine_now) */
	int64_t vt[2];         /* the time shown */
} app_cmp_pos;

#define APP_CMP_HIST 64          /* compare moves remembered for ← */

#define APP_JOB_QUIET_MS 500     /* wall time before a job shows its progress */
#define APP_JOB_SLICE 65536      /* timed events per slice of appstate_finish */

/* an entry of the scenario picker */
typedef struct ui_pick {
	char *path;
	int number;
	char *slug, *title, *family;
	char *error;       /* parse error, NULL if the file parsed */
} ui_pick;

/* quiz_phase is where a quiz question stands (appstate_quiz.c). */
typedef enum {
	QUIZ_INTRO = 0,   /* the three questions, before the program */
	QUIZ_ASK,         /* the program plays; a line cursor in the source panel */
	QUIZ_REVEAL,      /* the verdict and the whole explanation */
	QUIZ_COMPARE,     /* compare mode, bug beside fix; Enter: next question */
	QUIZ_SUMMARY,     /* the end: right, wrong, time per question */
} quiz_phase;

/* quiz_answer is one question's outcome. */
typedef struct quiz_answer {
	int line;          /* the listing line chosen, 0 = not answered */
	bool right;        /* it is one of the scenario's defect lines */
	int64_t ns;        /* clock time from the program shown to the answer */
	char name[160];    /* "03 LockOSThread without ..." (for the summary) */
} quiz_answer;

/* app_quiz is a find-the-bug quiz over several scenarios: each is adopted
 * in turn at its first variant (the bug), with title, family, slug, variant
 * and explanation hidden until the answer. */
typedef struct app_quiz {
	gmp_scenario *scens;   /* the questions, parsed up front; each is moved
	                          into the appstate when its turn comes */
	int n;                 /* questions */
	int cur;               /* the question shown (0-based) */
	quiz_phase phase;
	int line;              /* the cursor's listing line (1-based) */
	quiz_answer *answers;  /* n of them */
	int64_t t0;            /* clock when the program was shown */
} app_quiz;

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
	 * emit several visible events): stepping back returns to these. A ring:
	 * the oldest is at hist_head, nhist of them (a push costs O(1) when
	 * full, which a run-until of a million steps does a million times) */
	uint64_t step_hist[APP_HIST_MAX];
	int nhist;
	int hist_head;

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

	bool async;            /* jobs run in slices from the caller's loop (the
	                          terminal); false: appstate_key finishes each job
	                          before it returns (headless, tests) */
	app_job job;           /* the long move under way, if any */

	struct appstate *peer; /* compare mode: the right-hand run (same scenario,
	                          seed and clock), NULL in single-run mode */
	bool scen_borrowed;    /* scen is the left-hand state's (a peer): never freed here */
	app_cmp cmp;           /* the compare move under way */
	app_cmp_pos cmp_hist[APP_CMP_HIST]; /* compare: where the latest moves began */
	int ncmp_hist;         /* entries in cmp_hist (the oldest is forgotten) */
	int compare_v;         /* record --compare: the variant to open beside, -1 = none */
	app_quiz *quiz;        /* the quiz under way, NULL outside `gmpscope quiz` */
	int64_t clock;         /* the driver's clock at the latest key, ns (the
	                          terminal's wall clock; a key script's frame clock):
	                          the quiz times its questions with it */
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

/* appstate_key performs the action bound to key; returns APP_* flags. While a
 * job is pending only Esc (cancel), q (quit) and a resize act. */
int appstate_key(appstate *st, int key);
/* appstate_key_waits reports whether key must wait for the pending job to end
 * (the terminal queues such keys, as typed ahead). */
bool appstate_key_waits(const appstate *st, int key);
/* appstate_advance advances virtual time by speed × wall_ns when playing;
 * returns APP_* flags (APP_PLAYSTATE when the run ended and play stopped). */
int appstate_advance(appstate *st, int64_t wall_ns);
/* appstate_run_to runs the engine up to virtual time t (for `record --at`),
 * without changing play state. */
void appstate_run_to(appstate *st, int64_t t);
/* appstate_step / appstate_back step one visible event forward / back.
 * appstate_step, appstate_run_until and appstate_run_to make their move at
 * once (a job finished before they return). */
void appstate_step(appstate *st);
void appstate_back(appstate *st);
/* appstate_run_until steps until a visible event of a kind in mask. */
void appstate_run_until(appstate *st, uint64_t mask, const char *what);

/* appstate_set_screen tells the state the screen's size, so that scrolling
 * an overlay stops at its last line (the terminal calls it on every resize,
 * the recorder once). */
void appstate_set_screen(appstate *st, int w, int h);

/* Jobs (appstate_job.c): long moves in bounded slices. The start functions
 * begin a job (replacing none: they do nothing while one is pending) and
 * return APP_* flags, APP_JOB when a job is now pending. */
int appstate_start_step(appstate *st);
int appstate_start_until(appstate *st, uint64_t mask, const char *what);
int appstate_start_run_to(appstate *st, int64_t t);
/* appstate_busy reports whether a job is pending. */
bool appstate_busy(const appstate *st);
/* appstate_work runs one slice of the pending job: at most max_events timed
 * events. Returns APP_* flags: APP_JOB | APP_REDRAW when the job ended. */
int appstate_work(appstate *st, uint64_t max_events);
/* appstate_finish runs slices until the pending job ends (no wall time). */
void appstate_finish(appstate *st);
/* appstate_cancel abandons the pending job and puts the run back exactly
 * where it began (engine and UI position). */
void appstate_cancel(appstate *st);

/* Compare mode (appstate_compare.c). appstate_compare opens the right-hand
 * run at variant v (-1: the variant after the open one) at the time shown;
 * returns 0, or -1 with a one-line reason in st->msg (one variant only, v is
 * the open variant, no scenario). appstate_compare_off closes it. */
int appstate_compare(appstate *st, int v);
void appstate_compare_off(appstate *st);
/* appstate_time is the time shown: the later of the two runs' in compare mode. */
int64_t appstate_time(const appstate *st);
/* appstate_moment runs both runs to the next (dir > 0) or previous scenario
 * moment; returns APP_* flags. */
int appstate_moment(appstate *st, int dir);

/* Quiz (appstate_quiz.c). appstate_quiz_start takes the n parsed scenarios
 * (the array and each scenario: the caller frees neither) and opens the
 * first question at its three questions, paused at t=0; -1 when n is 0.
 * appstate_clock tells the state the driver's clock before a key. */
int appstate_quiz_start(appstate *st, gmp_scenario *scens, int n);
void appstate_clock(appstate *st, int64_t ns);
/* appstate_quiz_listing is the listing the quiz shows for the open variant
 * (NULL outside a question): its lines, or their neutral form while the
 * question is open. line is 1-based; the neutral form of a listing without
 * `listing NAME quiz` is its line with the // comment cut off, into buf. */
const char *appstate_quiz_line(const appstate *st, const gmp_listing *ls, int line, char *buf, size_t len);
/* appstate_quiz_hidden says whether the scenario's name, family, variant
 * and explanation are hidden now (a question not yet answered). */
bool appstate_quiz_hidden(const appstate *st);
/* appstate_quiz_defect says whether line is one of listing ls's defect lines. */
bool appstate_quiz_defect(const gmp_listing *ls, int line);
/* appstate_quiz_score counts the answers so far. */
void appstate_quiz_score(const appstate *st, int *right, int *wrong);

/* appstate_variant returns the open variant, NULL without a scenario. */
const gmp_variant *appstate_variant(const appstate *st);
/* appstate_speed_step returns the next speed on the 1-2-5 ladder (dir > 0
 * faster, < 0 slower), clamped to APP_SPEED_MIN..APP_SPEED_MAX. */
int64_t appstate_speed_step(int64_t speed, int dir);

#endif
