/*
 * appstate_int.h — what the appstate files share (not a public interface).
 *
 * The state machine of appstate.h is split by concept:
 *   appstate.c          lifecycle: create, open, adopt, variants, restart
 *   appstate_keys.c     what each key does
 *   appstate_time.c     how virtual time advances while playing; speed
 *   appstate_job.c      long moves in slices: step, run-until, run to a time
 *   appstate_compare.c  compare mode: the right-hand run follows each move
 *   appstate_history.c  stepping back (over the engine's history.h)
 *   appstate_anim.c     which events become animations, and their fading
 *   appstate_picker.c   the scenario picker and the scenario resolver
 *   appstate_quiz.c     the find-the-bug quiz
 */
#ifndef GMP_APPSTATE_INT_H
#define GMP_APPSTATE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "appstate.h"

#define APP_ALL_KINDS (~0ULL)   /* an engine_step mask: any visible event */

/* app_strdup copies s (NULL for NULL or out of memory). */
char *app_strdup(const char *s);

/* appstate_time.c */
/* app_run_over reports whether the open run has ended (exit, fatal, horizon). */
bool app_run_over(const appstate *st);
/* app_step_time is the virtual time to show after a step that began at
 * event seq0 (see appstate_time.c). */
int64_t app_step_time(const appstate *st, uint64_t seq0);
/* app_run_to_target clamps t to vt_limit; -1 when there is nothing to run. */
int64_t app_run_to_target(const appstate *st, int64_t t);
/* app_run_to_end finishes a run to t begun at event `from` (time shown,
 * animations, history). */
void app_run_to_end(appstate *st, int64_t t, uint64_t from);
/* app_run_to_now runs to t in one call (a play frame). */
void app_run_to_now(appstate *st, int64_t t);

/* appstate_job.c */
/* app_job_drop forgets the pending job without moving the run (the engine is
 * being replaced). */
void app_job_drop(appstate *st);

/* appstate_compare.c: the right-hand run's share of each move */
/* app_cmp_begin prepares a compare step or run-until (after job_begin: it
 * caps the job at the right run's event); when the left run is over it moves
 * the right one alone and returns APP_REDRAW, else 0. */
int app_cmp_begin(appstate *st, app_job_kind kind, uint64_t mask, const char *what);
/* app_cmp_after moves the right run once the left job ended. */
void app_cmp_after(appstate *st);
/* app_cmp_cancel forgets the compare move (the left job was cancelled). */
void app_cmp_cancel(appstate *st);
/* app_cmp_advance plays both runs dv of virtual time further. */
int app_cmp_advance(appstate *st, int64_t dv);
/* app_cmp_variant, app_cmp_restart: the right run follows a `v` (its
 * variant changes), a restart. */
void app_cmp_variant(appstate *st);
void app_cmp_restart(appstate *st);
/* app_cmp_back puts both runs where the latest compare move began (after
 * playing: just after the later of the two runs' previous visible events). */
void app_cmp_back(appstate *st);

/* appstate_history.c */
/* app_hist_push remembers the visible total before a step, the boundary a
 * step back returns to. */
void app_hist_push(appstate *st, uint64_t visible);
/* app_seek_pos puts run s back at a position it held: the history's state
 * after vis visible events, run on to the engine clock now, time shown vt.
 * A run already there (one frozen at its end) stays as it is. */
void app_seek_pos(appstate *s, uint64_t vis, int64_t now, int64_t vt);

/* appstate_anim.c */
/* app_anims_collect turns the events in [from, engine total) at or after
 * virtual time tmin into animations, and marks them seen. */
void app_anims_collect(appstate *st, uint64_t from, int64_t tmin);
/* app_anims_age ages the animations by one frame of play, dropping the
 * expired ones. */
void app_anims_age(appstate *st);

/* appstate_quiz.c */
/* app_quiz_key performs key action a in a quiz when the quiz owns it:
 * returns true with the APP_* flags in *flags; false lets the ordinary
 * key table act. */
bool app_quiz_key(appstate *st, int a, int *flags);
void app_quiz_free(appstate *st);

/* appstate_picker.c */
/* app_pick_digit: digit d typed in the picker moves the cursor (see there). */
void app_pick_digit(appstate *st, int d);
/* app_picks_load (re)reads the picker's entries from st->scen_dir. */
void app_picks_load(appstate *st);
void app_picks_free(appstate *st);

#endif
