/*
 * calcsim/runner.h - many independent jobs on a pool of threads, their results delivered
 * in order.
 *
 * `calcsim sweep` and `calcsim sensitivity` run many simulations. Each is independent, but
 * their results must come out in a fixed order (byte-identical output for any number of
 * threads). cs_runner_run() hands out the items 0, 1, 2, ... to `jobs` worker threads and
 * calls deliver() for item 0, then item 1, ..., always on the calling thread. A bounded
 * window keeps workers from running far ahead of delivery, so memory stays constant
 * however many items there are.
 *
 * Stopping: poll() is called on the calling thread about every poll_seconds while it waits.
 * It may ask to stop handing out items (the items in progress finish and are delivered) or
 * to cancel (the items in progress are told through the cancel flag passed to run()). A run
 * or deliver error stops everything and is returned. The library prints nothing; signals
 * are the caller's business (block them in the caller before calling, if the workers must
 * not take them: the workers inherit the caller's signal mask).
 */
#ifndef CALCSIM_RUNNER_H
#define CALCSIM_RUNNER_H

#include <stdatomic.h>
#include <stdint.h>

#include "calcsim/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What poll() asks for. */
enum {
    CS_RUNNER_GO = 0,    /* carry on */
    CS_RUNNER_STOP = 1,  /* hand out no more items; finish and deliver those in progress */
    CS_RUNNER_CANCEL = 2 /* stop, and set the cancel flag for the items in progress */
};

typedef struct {
    void *ctx; /* passed to every callback */
    /*
     * Optional. Called under the runner's lock, in item order, as item is handed out:
     * returns the key passed to run() (for example a run number that skips runs already
     * done). NULL: the key is the item number.
     */
    uint64_t (*claim)(void *ctx, uint64_t item);
    /*
     * Required. Runs item (key from claim()) on a worker thread. On success returns CS_OK
     * with *result set (the caller's object, or NULL for an item with no result to deliver).
     * When it sees *cancel set it may give up: it returns CS_OK with *cancelled = 1 and
     * *result NULL, and nothing is delivered for it or after it. Any other return value is a
     * fatal error (err filled): the runner stops and returns it.
     */
    int (*run)(void *ctx, uint64_t item, uint64_t key, const atomic_int *cancel, void **result,
               int *cancelled, cs_error *err);
    /* Required. Called on the calling thread for item 0, 1, 2, ... in order. A value other
     * than CS_OK stops the runner and is returned. deliver() owns result from then on. */
    int (*deliver)(void *ctx, uint64_t item, void *result, cs_error *err);
    /* Optional. Frees a result that will never be delivered (after a stop or an error). */
    void (*discard)(void *ctx, void *result);
    /* Optional. Called on the calling thread while it waits, with the number of items
     * delivered so far; returns CS_RUNNER_GO, CS_RUNNER_STOP or CS_RUNNER_CANCEL. */
    int (*poll)(void *ctx, uint64_t delivered);
    double poll_seconds; /* how often poll() is called; <= 0: 0.1 s */
} cs_runner_job;

/* How a run of the pool ended. */
typedef struct {
    uint64_t delivered; /* items delivered, 0 .. delivered-1 */
    int jobs;           /* threads started */
    int stopped;        /* 1 when poll() stopped or cancelled the pool before the end */
} cs_runner_stats;

/*
 * Runs items 0 .. count-1 on jobs >= 1 threads and delivers their results in order.
 * Returns CS_OK when every item was delivered or poll() stopped the pool (st says which),
 * CS_EUSAGE for a bad argument, CS_ENOMEM when no thread or memory could be had, or the
 * first error of run() or deliver(). st may be NULL.
 */
int cs_runner_run(const cs_runner_job *job, uint64_t count, int jobs, cs_runner_stats *st,
                  cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
