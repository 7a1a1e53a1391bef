/*
 * test_runner.c - the library's ordered thread pool (calcsim/runner.h): results come out in
 * item order for any number of threads, claim() keys reach run(), a run or deliver error
 * stops the pool and is returned, poll() can stop or cancel it, and nothing leaks.
 */
#include "testutil.h"

#include "calcsim/runner.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    uint64_t delivered[4096];
    uint64_t ndelivered;
    uint64_t fail_run_at;     /* run() fails at this item (UINT64_MAX: never) */
    uint64_t fail_deliver_at; /* deliver() fails at this item */
    uint64_t stop_after;      /* poll() asks to stop once this many are delivered */
    int cancel;               /* poll() cancels rather than stops */
    int allocated;            /* results alive */
    atomic_int live;
} ctx_t;

static uint64_t claim_times3(void *ctx, uint64_t item)
{
    (void)ctx;
    return 3 * item + 1;
}

static int run_item(void *c, uint64_t item, uint64_t key, const atomic_int *cancel, void **result,
                    int *cancelled, cs_error *err)
{
    ctx_t *ctx = c;
    /* Uneven work, so that later items often finish first. */
    struct timespec d = {0, (long)((item * 7919) % 5) * 200000L};
    nanosleep(&d, NULL);
    if (item == ctx->fail_run_at)
        return cs_error_set(err, CS_ESOLVER, NULL, 0, NULL, "item %llu failed",
                            (unsigned long long)item);
    if (atomic_load(cancel)) {
        *cancelled = 1;
        return CS_OK;
    }
    uint64_t *r = malloc(sizeof *r);
    if (!r)
        return CS_ENOMEM;
    *r = key;
    atomic_fetch_add(&ctx->live, 1);
    *result = r;
    return CS_OK;
}

static int deliver_item(void *c, uint64_t item, void *result, cs_error *err)
{
    ctx_t *ctx = c;
    uint64_t key = *(uint64_t *)result;
    free(result);
    atomic_fetch_sub(&ctx->live, 1);
    if (item == ctx->fail_deliver_at)
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write item %llu",
                            (unsigned long long)item);
    ctx->delivered[ctx->ndelivered++] = key;
    return CS_OK;
}

static void discard_item(void *c, void *result)
{
    ctx_t *ctx = c;
    free(result);
    atomic_fetch_sub(&ctx->live, 1);
}

static int poll_item(void *c, uint64_t delivered)
{
    ctx_t *ctx = c;
    if (delivered >= ctx->stop_after)
        return ctx->cancel ? CS_RUNNER_CANCEL : CS_RUNNER_STOP;
    return CS_RUNNER_GO;
}

static ctx_t *new_ctx(void)
{
    ctx_t *c = calloc(1, sizeof *c);
    assert_non_null(c);
    c->fail_run_at = c->fail_deliver_at = c->stop_after = UINT64_MAX;
    atomic_init(&c->live, 0);
    return c;
}

static cs_runner_job job_for(ctx_t *c)
{
    cs_runner_job j = {.ctx = c,
                       .claim = claim_times3,
                       .run = run_item,
                       .deliver = deliver_item,
                       .discard = discard_item,
                       .poll = poll_item,
                       .poll_seconds = 0.001};
    return j;
}

static void in_order_for_any_jobs(void **state)
{
    (void)state;
    for (int jobs = 1; jobs <= 4; jobs++) {
        ctx_t *c = new_ctx();
        cs_runner_job j = job_for(c);
        cs_runner_stats st;
        cs_error e;
        cs_error_clear(&e);
        assert_int_equal(cs_runner_run(&j, 500, jobs, &st, &e), CS_OK);
        assert_int_equal(st.delivered, 500);
        assert_int_equal(st.jobs, jobs);
        assert_int_equal(st.stopped, 0);
        assert_int_equal(c->ndelivered, 500);
        for (uint64_t i = 0; i < 500; i++)
            assert_int_equal(c->delivered[i], 3 * i + 1);
        assert_int_equal(atomic_load(&c->live), 0);
        free(c);
    }
}

static void run_error_stops_the_pool(void **state)
{
    (void)state;
    ctx_t *c = new_ctx();
    c->fail_run_at = 137;
    cs_runner_job j = job_for(c);
    cs_runner_stats st;
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_runner_run(&j, 1000, 3, &st, &e), CS_ESOLVER);
    assert_string_equal(e.text, "item 137 failed");
    assert_true(st.delivered <= 137);
    for (uint64_t i = 0; i < c->ndelivered; i++)
        assert_int_equal(c->delivered[i], 3 * i + 1);
    assert_int_equal(atomic_load(&c->live), 0);
    free(c);
}

static void deliver_error_stops_the_pool(void **state)
{
    (void)state;
    ctx_t *c = new_ctx();
    c->fail_deliver_at = 42;
    cs_runner_job j = job_for(c);
    cs_runner_stats st;
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_runner_run(&j, 1000, 2, &st, &e), CS_EIO);
    assert_string_equal(e.text, "cannot write item 42");
    assert_int_equal(st.delivered, 42);
    assert_int_equal(c->ndelivered, 42);
    assert_int_equal(atomic_load(&c->live), 0);
    free(c);
}

/* A run() that returns at once, so that workers can finish before the pool's own thread
 * has looked at them. */
static int run_fast(void *c, uint64_t item, uint64_t key, const atomic_int *cancel, void **result,
                    int *cancelled, cs_error *err)
{
    ctx_t *ctx = c;
    (void)item;
    (void)cancel;
    (void)cancelled;
    (void)err;
    uint64_t *r = malloc(sizeof *r);
    if (!r)
        return CS_ENOMEM;
    *r = key;
    atomic_fetch_add(&ctx->live, 1);
    *result = r;
    return CS_OK;
}

/* Regression: workers that finished every item before the pool counted them as running made
 * a failed delivery (a sweep into a closed pipe) wait forever. */
static void deliver_error_after_fast_workers(void **state)
{
    (void)state;
    for (int round = 0; round < 2000; round++) {
        ctx_t *c = new_ctx();
        c->fail_deliver_at = 0;
        cs_runner_job j = job_for(c);
        j.run = run_fast;
        cs_runner_stats st;
        cs_error e;
        cs_error_clear(&e);
        assert_int_equal(cs_runner_run(&j, 2, 1 + round % 2, &st, &e), CS_EIO);
        assert_int_equal(atomic_load(&c->live), 0);
        free(c);
    }
}

static void poll_stops_or_cancels(void **state)
{
    (void)state;
    for (int cancel = 0; cancel < 2; cancel++) {
        ctx_t *c = new_ctx();
        c->stop_after = 20;
        c->cancel = cancel;
        cs_runner_job j = job_for(c);
        cs_runner_stats st;
        cs_error e;
        cs_error_clear(&e);
        assert_int_equal(cs_runner_run(&j, 4000, 2, &st, &e), CS_OK);
        assert_int_equal(st.stopped, 1);
        assert_true(st.delivered >= 20 && st.delivered < 4000);
        assert_int_equal(c->ndelivered, st.delivered);
        for (uint64_t i = 0; i < c->ndelivered; i++)
            assert_int_equal(c->delivered[i], 3 * i + 1);
        assert_int_equal(atomic_load(&c->live), 0);
        free(c);
    }
}

static void bad_arguments(void **state)
{
    (void)state;
    cs_error e;
    cs_error_clear(&e);
    ctx_t *c = new_ctx();
    cs_runner_job j = job_for(c);
    assert_int_equal(cs_runner_run(NULL, 1, 1, NULL, &e), CS_EUSAGE);
    assert_int_equal(cs_runner_run(&j, 1, 0, NULL, &e), CS_EUSAGE);
    j.deliver = NULL;
    assert_int_equal(cs_runner_run(&j, 1, 1, NULL, &e), CS_EUSAGE);
    j = job_for(c);
    cs_runner_stats st;
    assert_int_equal(cs_runner_run(&j, 0, 2, &st, &e), CS_OK); /* nothing to do */
    assert_int_equal(st.delivered, 0);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_order_for_any_jobs),
        cmocka_unit_test(run_error_stops_the_pool),
        cmocka_unit_test(deliver_error_stops_the_pool),
        cmocka_unit_test(deliver_error_after_fast_workers),
        cmocka_unit_test(poll_stops_or_cancels),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
