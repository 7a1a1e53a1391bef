/*
 * runner.c - a pool of worker threads whose results are delivered in order (runner.h).
 *
 * Items are handed out in increasing order under one mutex. A finished item's result waits
 * in slot item % window until the calling thread delivers it; a worker does not take an
 * item more than `window` ahead of the next one to deliver, so at most `window` results are
 * held at once. The workers start with every signal blocked, so that asynchronous signals
 * (Ctrl-C) reach the calling thread, whose poll() callback can then stop the pool.
 */
#include "calcsim/runner.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t ready; /* the caller waits: a result arrived, or a worker ended */
    pthread_cond_t space; /* workers wait: the window has room again */
    const cs_runner_job *job;
    void **slots;          /* slot item % window holds item's result once it is done */
    unsigned char *filled; /* 1 when the slot holds a result (which may be NULL) */
    uint64_t window;       /* items a worker may run ahead of delivery */
    uint64_t count;        /* items in all */
    uint64_t next_take;    /* the next item to hand out */
    uint64_t next_deliver; /* the next item to deliver */
    int stop;              /* hand out no more items */
    atomic_int cancel;     /* the items in progress should give up */
    int running;           /* workers alive */
    int fatal;             /* a run() failed: fatal_rc and fatal_err */
    int fatal_rc;
    cs_error fatal_err;
} pool;

static void *worker(void *arg)
{
    pool *p = arg;
    const cs_runner_job *job = p->job;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->next_take < p->count && p->next_take >= p->next_deliver + p->window)
            pthread_cond_wait(&p->space, &p->mu);
        if (p->stop || p->next_take >= p->count)
            break;
        uint64_t item = p->next_take++;
        uint64_t key = job->claim ? job->claim(job->ctx, item) : item;
        pthread_mutex_unlock(&p->mu);

        void *result = NULL;
        int cancelled = 0;
        cs_error e;
        cs_error_clear(&e);
        int rc = job->run(job->ctx, item, key, &p->cancel, &result, &cancelled, &e);

        pthread_mutex_lock(&p->mu);
        if (rc != CS_OK) {
            if (!p->fatal) {
                p->fatal = 1;
                p->fatal_rc = rc;
                p->fatal_err = e;
            }
            if (result && job->discard)
                job->discard(job->ctx, result);
            p->stop = 1;
            atomic_store(&p->cancel, 1);
            pthread_cond_broadcast(&p->space);
        } else if (cancelled) {
            /* Nothing is delivered from this item on: stop handing out more. */
            if (result && job->discard)
                job->discard(job->ctx, result);
            p->stop = 1;
            pthread_cond_broadcast(&p->space);
        } else {
            p->slots[item % p->window] = result;
            p->filled[item % p->window] = 1;
            pthread_cond_signal(&p->ready);
        }
    }
    p->running--;
    pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The absolute time `seconds` from now on CLOCK_REALTIME (pthread_cond_timedwait's clock). */
static struct timespec deadline(double seconds)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    long ns = (long)(seconds * 1e9);
    t.tv_sec += ns / 1000000000L;
    t.tv_nsec += ns % 1000000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

int cs_runner_run(const cs_runner_job *job, uint64_t count, int jobs, cs_runner_stats *st,
                  cs_error *err)
{
    if (st)
        memset(st, 0, sizeof *st);
    if (!job || !job->run || !job->deliver || jobs < 1)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_runner_run: needs run() and deliver() and at least one job");
    if (count == 0)
        return CS_OK;
    pool p;
    memset(&p, 0, sizeof p);
    p.job = job;
    p.count = count;
    p.window = 16 * (uint64_t)jobs + 64;
    p.slots = calloc((size_t)p.window, sizeof *p.slots);
    p.filled = calloc((size_t)p.window, 1);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (!p.slots || !p.filled || !threads) {
        free(p.slots);
        free(p.filled);
        free(threads);
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.ready, NULL);
    pthread_cond_init(&p.space, NULL);
    atomic_init(&p.cancel, 0);

    /* The workers inherit a mask that blocks every signal; the caller's mask is restored. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    /* Counted as running before they start: a worker that finishes before this thread takes
     * the lock below must find itself counted, or the count never reaches 0. */
    p.running = jobs;
    int started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, worker, &p) != 0)
            break;
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    double every = job->poll_seconds > 0 ? job->poll_seconds : 0.1;
    int rc = CS_OK, stopped = 0;
    pthread_mutex_lock(&p.mu);
    p.running -= jobs - started; /* the threads that could not be created */
    if (started == 0) {
        rc = cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "cannot start a worker thread");
        p.stop = 1;
    }
    for (;;) {
        while (rc == CS_OK && p.next_deliver < count && p.filled[p.next_deliver % p.window]) {
            uint64_t slot = p.next_deliver % p.window;
            void *result = p.slots[slot];
            p.slots[slot] = NULL;
            p.filled[slot] = 0;
            pthread_mutex_unlock(&p.mu);
            cs_error e;
            cs_error_clear(&e);
            int d = job->deliver(job->ctx, p.next_deliver, result, &e);
            pthread_mutex_lock(&p.mu);
            if (d != CS_OK) {
                rc = d;
                if (err)
                    *err = e;
                break;
            }
            p.next_deliver++;
            pthread_cond_broadcast(&p.space);
        }
        if (rc != CS_OK || p.fatal) {
            p.stop = 1;
            atomic_store(&p.cancel, 1);
            pthread_cond_broadcast(&p.space);
        }
        if (p.next_deliver == count || p.running == 0)
            break;
        if (job->poll) {
            uint64_t delivered = p.next_deliver;
            pthread_mutex_unlock(&p.mu);
            int ask = job->poll(job->ctx, delivered);
            pthread_mutex_lock(&p.mu);
            if (ask != CS_RUNNER_GO && !p.stop) {
                p.stop = 1;
                stopped = 1;
                pthread_cond_broadcast(&p.space);
            }
            if (ask == CS_RUNNER_CANCEL)
                atomic_store(&p.cancel, 1);
        }
        struct timespec until = deadline(every);
        int w = pthread_cond_timedwait(&p.ready, &p.mu, &until);
        (void)w; /* a timeout only means: poll again */
    }
    p.stop = 1;
    pthread_cond_broadcast(&p.space);
    pthread_mutex_unlock(&p.mu);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    if (rc == CS_OK && p.fatal) {
        rc = p.fatal_rc;
        if (err)
            *err = p.fatal_err;
    }
    for (uint64_t i = 0; i < p.window; i++)
        if (p.filled[i] && p.slots[i] && job->discard)
            job->discard(job->ctx, p.slots[i]);
    if (st) {
        st->delivered = p.next_deliver;
        st->jobs = started;
        st->stopped = stopped;
    }
    pthread_cond_destroy(&p.space);
    pthread_cond_destroy(&p.ready);
    pthread_mutex_destroy(&p.mu);
    free(p.slots);
    free(p.filled);
    free(threads);
    return rc;
}
