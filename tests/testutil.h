/*
 * testutil.h - shared helpers for the cmocka suites: a relative-tolerance assertion
 * (Debian's cmocka 1.1.5 has no assert_double_equal) and a runner that keeps a run's rows.
 */
#ifndef CALCSIM_TESTUTIL_H
#define CALCSIM_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "calcsim/calcsim.h"
#include "calcsim/output.h"

/* Fails the test unless |a - b| <= rel * max(|a|, |b|) + abs; names what was compared. */
#define assert_close(a, b, rel, abs, what)                                                         \
    cs_test_assert_close((a), (b), (rel), (abs), (what), __FILE__, __LINE__)
void cs_test_assert_close(double a, double b, double rel, double abs, const char *what,
                          const char *file, int line);

/* Fails the test with a message unless lo <= v <= hi. */
#define assert_between(v, lo, hi, what)                                                            \
    cs_test_assert_between((v), (lo), (hi), (what), __FILE__, __LINE__)
void cs_test_assert_between(double v, double lo, double hi, const char *what, const char *file,
                            int line);

/* A finished run: its rows (CS_NOUTPUT columns each) and its statistics. */
typedef struct {
    cs_output_rows *rows;
    cs_sim_stats stats;
} cs_test_run;

/*
 * Runs the baseline defaults changed by sets, a space-separated "name=value ..." list
 * (may be NULL or empty), for years with a row every `every` days. Fails the test on any
 * error. Free with cs_test_run_free().
 */
cs_test_run cs_test_run_params(const char *sets, double years, double every);
void cs_test_run_free(cs_test_run *r);

/* Value of output column col in row i; i < 0 counts from the end (-1 = last row). */
double cs_test_at(const cs_test_run *r, long i, int col);
size_t cs_test_nrows(const cs_test_run *r);

/* Fills p with defaults changed by sets (as in cs_test_run_params). Fails the test on error. */
void cs_test_params(cs_params *p, const char *sets);

#endif
