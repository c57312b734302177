/*
 * mgc.h — the GC cycle (mgc.c): gcStart when the heap reaches its goal, a
 * concurrent mark done by assists and the P's background worker, mark
 * termination.
 */
#ifndef GMP_MGC_H
#define GMP_MGC_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime2.h"

typedef struct gmp_engine gmp_engine;

/* gcControllerCommit sets the heap goal and the trigger from the last
 * mark's live heap and stacks (the pacer's commit; at init: sweepDone). */
void gcControllerCommit(gmp_engine *e, bool sweepDone);

/* gc_maybe starts a cycle when the heap reached the pacer's trigger
 * (mallocgc's gcTrigger test, after an allocation), and enforces the
 * machine's memory (cfg.memory, the container's limit) as the kernel does
 * (engine_oom_kill). Returns the allocating M's CPU for sweep termination. */
int64_t gc_maybe(gmp_engine *e);

/* gc_run is a whole collection now (runtime.GC, forcegc): a mark in
 * progress ends at once, then mark termination's bookkeeping. */
void gc_run(gmp_engine *e);

/* gcAssistAlloc charges goroutine gi's allocation of n bytes during the
 * mark and returns the ns of CPU it spends assisting (0 outside a mark). */
int64_t gcAssistAlloc(gmp_engine *e, int32_t gi, int64_t n);

/* findRunnableGCWorker: during the mark, gives mp's P to its gcBgMarkWorker
 * when the utilisation goal wants it (mp then runs PH_GCWORK) and returns
 * true; cost is the scheduler round's CPU so far. */
bool findRunnableGCWorker(gmp_engine *e, m_t *mp, int64_t cost);

/* gcIdleMarkWorker: findRunnable found nothing to run; during the mark
 * the P's worker marks in idle mode for a turn instead of giving the P
 * up (then the M schedules again). Returns whether it did. */
bool gcIdleMarkWorker(gmp_engine *e, m_t *mp);

/* gcBgMarkWorker_done is the end of a worker's turn (PH_GCWORK): its work is
 * counted, the mark may end, and the M schedules again. */
void gcBgMarkWorker_done(gmp_engine *e, m_t *mp);

#endif
