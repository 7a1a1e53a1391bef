/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_test_assert_close(double a, double b, double rel, double abs, const char *what,
                          const char *file, int line)
{
    double tol = rel * fmax(fabs(a), fabs(b)) + abs;
    if (!(fabs(a - b) <= tol)) {
        print_error("%s: %.12g and %.12g differ by %.3g (allowed %.3g)\n", what, a, b, fabs(a - b),
                    tol);
        _fail(file, line);
    }
}

void cs_test_assert_between(double v, double lo, double hi, const char *what, const char *file,
                            int line)
{
    if (!(v >= lo && v <= hi)) {
        print_error("%s = %.6g is outside its bounds [%.6g, %.6g]\n", what, v, lo, hi);
        _fail(file, line);
    }
}

void cs_test_params(cs_params *p, const char *sets)
{
    cs_params_default(p);
    if (!sets)
        return;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", sets);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        *eq = '\0';
        cs_error e;
        cs_error_clear(&e);
        if (cs_params_set_text(p, tok, eq + 1, &e) != CS_OK) {
            print_error("setting %s: %s\n", tok, e.text);
            fail();
        }
    }
}

cs_test_run cs_test_run_params(const char *sets, double years, double every)
{
    cs_params p;
    cs_test_params(&p, sets);
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_params_set(&p, "years", years, &e), CS_OK);
    assert_int_equal(cs_params_set(&p, "output_every_days", every, &e), CS_OK);
    cs_test_run r = {0};
    r.rows = cs_output_rows_alloc(0, &e);
    assert_non_null(r.rows);
    cs_sim *s = cs_sim_alloc(&p, &e);
    if (!s) {
        print_error("cs_sim_alloc(%s): %s\n", sets ? sets : "", e.text);
        fail();
    }
    int st = cs_sim_run(s, cs_output_rows_sink, r.rows, &e);
    if (st != CS_OK) {
        print_error("cs_sim_run(%s): %s\n", sets ? sets : "", e.text);
        fail();
    }
    r.stats = cs_sim_get_stats(s);
    cs_sim_free(&s);
    return r;
}

void cs_test_run_free(cs_test_run *r)
{
    cs_output_rows_free(&r->rows);
}

size_t cs_test_nrows(const cs_test_run *r)
{
    return cs_output_rows_count(r->rows);
}

double cs_test_at(const cs_test_run *r, long i, int col)
{
    size_t n = cs_output_rows_count(r->rows);
    size_t k = i < 0 ? (size_t)((long)n + i) : (size_t)i;
    assert_true(k < n);
    return cs_output_rows_at(r->rows, k)[col];
}
