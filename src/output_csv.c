/*
 * output_csv.c - the in-memory row store (a sink) and the CSV writer.
 *
 * Workload: one run gives from a handful of rows (a year of monthly rows) to about a
 * million (a century of hourly rows), CS_NOUTPUT doubles each. The store is one growable
 * array that doubles its capacity, so adding a row is amortised O(1) and the rows are
 * contiguous for the writer. The CLI sets max_rows so that a mistyped --every cannot ask
 * for gigabytes.
 *
 * Numbers are formatted with "%.10g" under a thread-local C locale (POSIX newlocale and
 * uselocale), so the decimal separator is '.' even when the host program has called
 * setlocale(LC_ALL, "") in, say, de_DE, and other threads are not affected.
 */
#include "calcsim/output.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "calcsim/calcsim.h"

struct cs_output_rows {
    double *v;       /* n * CS_NOUTPUT values, row-major */
    size_t n;        /* rows kept */
    size_t cap;      /* rows that fit in v */
    size_t max_rows; /* most rows accepted; 0 = no limit */
    int status;      /* CS_OK, CS_ENOMEM or CS_ERANGE (full) */
};

cs_output_rows *cs_output_rows_alloc(size_t max_rows, cs_error *err)
{
    cs_output_rows *r = calloc(1, sizeof *r);
    if (!r) {
        cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory for the output rows");
        return NULL;
    }
    r->max_rows = max_rows;
    r->status = CS_OK;
    return r;
}

void cs_output_rows_free(cs_output_rows **r)
{
    if (!r || !*r)
        return;
    free((*r)->v);
    free(*r);
    *r = NULL;
}

/* Makes room for one more row. Returns CS_OK, CS_ERANGE (full) or CS_ENOMEM. */
static int rows_grow(cs_output_rows *r)
{
    if (r->max_rows && r->n >= r->max_rows)
        return CS_ERANGE;
    if (r->n < r->cap)
        return CS_OK;
    size_t cap = r->cap ? 2 * r->cap : 256;
    if (r->max_rows && cap > r->max_rows)
        cap = r->max_rows;
    if (cap > (size_t)-1 / (sizeof(double) * CS_NOUTPUT))
        return CS_ENOMEM;
    double *v = realloc(r->v, cap * CS_NOUTPUT * sizeof *v);
    if (!v)
        return CS_ENOMEM;
    r->v = v;
    r->cap = cap;
    return CS_OK;
}

int cs_output_rows_sink(void *ctx, const double row[])
{
    cs_output_rows *r = ctx;
    if (!r || !row)
        return 1;
    if (r->status != CS_OK)
        return 1;
    int rc = rows_grow(r);
    if (rc != CS_OK) {
        r->status = rc;
        return 1;
    }
    memcpy(r->v + r->n * CS_NOUTPUT, row, CS_NOUTPUT * sizeof *row);
    r->n++;
    return 0;
}

int cs_output_rows_status(const cs_output_rows *r)
{
    return r ? r->status : CS_EUSAGE;
}

size_t cs_output_rows_count(const cs_output_rows *r)
{
    return r ? r->n : 0;
}

const double *cs_output_rows_at(const cs_output_rows *r, size_t i)
{
    if (!r || i >= r->n)
        return NULL;
    return r->v + i * CS_NOUTPUT;
}

/* ---- the C locale, entered for the duration of one public write call ---------------- */

typedef struct {
    locale_t c;   /* the C numeric locale we made */
    locale_t old; /* the thread's locale before, restored on leave */
} c_locale_scope;

/* Switches this thread to the C locale. Returns CS_OK or CS_ENOMEM (err filled). */
static int c_locale_enter(c_locale_scope *s, cs_error *err)
{
    s->c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (s->c == (locale_t)0)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "cannot create the C locale");
    s->old = uselocale(s->c);
    return CS_OK;
}

/* Restores the thread's previous locale and frees the C locale. */
static void c_locale_leave(c_locale_scope *s)
{
    uselocale(s->old);
    freelocale(s->c);
}

/* Turns a failed write on f into CS_EIO with the errno text, else CS_OK. */
static int check_stream(FILE *f, int saved_errno, cs_error *err)
{
    if (!ferror(f))
        return CS_OK;
    return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the CSV output: %s",
                        saved_errno ? strerror(saved_errno) : "write error");
}

/* Writes s with every control character replaced by '?', so a comment stays one line. */
static void put_one_line(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? '?' : c, f);
    }
}

/* Writes "# " label text "\n", or nothing when text is NULL. */
static void put_comment(FILE *f, const char *label, const char *text)
{
    if (!text)
        return;
    fprintf(f, "# %s", label);
    put_one_line(f, text);
    fputc('\n', f);
}

/*
 * Writes one "# food NAME = G g/day" line per food on plate p and a "# food totals:" line
 * with what they add to the intakes; nothing when p is NULL or empty.
 */
static void write_foods(FILE *f, const cs_plate *p)
{
    if (cs_plate_count(p) == 0)
        return;
    for (int i = 0; i < cs_food_count(); i++)
        if (p->g[i] > 0)
            fprintf(f, "# food %s = %.10g g/day\n", cs_food_info_at(i)->name, p->g[i]);
    cs_food_totals t;
    cs_plate_totals(p, &t);
    fprintf(f,
            "# food totals: k1 +%.6g ug/day, k2 +%.6g ug/day (MK-4 %.6g ug/day, long-chain "
            "MK-5..MK-10 %.6g ug/day), calcium +%.6g mg/day, d3 +%.6g IU/day, magnesium +%.6g "
            "mg/day (already in the parameter values above)\n",
            t.k1_ug, t.mk4_ug + t.mklong_ug, t.mk4_ug, t.mklong_ug, t.ca_mg, t.d3_iu, t.mg_mg);
}

static void write_comments(FILE *f, const cs_output_meta *m)
{
    fprintf(f, "# calcsim %s\n", cs_version());
    fprintf(f, "# %s\n", CS_OUTPUT_DISCLAIMER);
    if (m->scenario_name) {
        fputs("# scenario: ", f);
        put_one_line(f, m->scenario_name);
        if (m->scenario_title && m->scenario_title[0]) {
            fputs(" (", f);
            put_one_line(f, m->scenario_title);
            fputc(')', f);
        }
        fputc('\n', f);
    }
    put_comment(f, "scenario file: ", m->scenario_path);
    put_comment(f, "command: ", m->command);
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *p = cs_param_info_at(i);
        fprintf(f, "# parameter %s = %.10g %s", p->name, m->params->v[i], p->unit);
        if (m->param_origin && m->param_origin[i]) {
            fputs(" (", f);
            put_one_line(f, m->param_origin[i]);
            fputc(')', f);
        }
        fputc('\n', f);
    }
    write_foods(f, m->foods);
    const cs_solver_settings *s = &m->solver;
    fputs("# solver: ", f);
    put_one_line(f, s->method ? s->method : "unknown");
    fprintf(f, " rtol=%.10g atol_scale=%.10g hmin=%.10g nmax=%lu\n", s->rtol, s->atol_scale,
            s->hmin, s->nmax);
    fputs("# solver absolute tolerances:", f);
    for (int i = 0; i < CS_NSTATE; i++) {
        const cs_state_info *st = cs_state_info_at(i);
        fprintf(f, "%s %s=%.3g %s", i ? "," : "", st->name, cs_sim_abs_tol(i) * s->atol_scale,
                st->unit);
    }
    fputc('\n', f);
    fprintf(f, "# solver statistics: steps=%lu rhs_evals=%lu jac_evals=%lu doses=%lu\n",
            m->stats.steps, m->stats.rhs_evals, m->stats.jac_evals, m->stats.doses);
    if (m->plausibility) {
        char reason[256];
        fputs("# plausibility: ", f);
        if (cs_plausibility_failed(m->plausibility)) {
            fputs("implausible: ", f);
            put_one_line(f, cs_plausibility_reason(m->plausibility, reason, sizeof reason));
        } else {
            fputs("ok", f);
        }
        fputc('\n', f);
    }
    fputs("# columns:", f);
    for (int i = 0; i < CS_NOUTPUT; i++) {
        const cs_output_info *o = cs_output_info_at(i);
        fprintf(f, "%s %s [%s]", i ? "," : "", o->name, o->unit);
    }
    fputc('\n', f);
    char text[400];
    cs_params_d3_describe(m->params, text, sizeof text);
    fprintf(f, "# vitamin D3 in: %s\n", text);
    cs_params_vitk_describe(m->params, text, sizeof text);
    fprintf(f, "# vitamin K in: %s\n", text);
}

static void write_header(FILE *f)
{
    for (int i = 0; i < CS_NOUTPUT; i++)
        fprintf(f, "%s%s", i ? "," : "", cs_output_info_at(i)->name);
    fputc('\n', f);
}

static void write_row(FILE *f, const double row[])
{
    for (int i = 0; i < CS_NOUTPUT; i++)
        fprintf(f, "%s%.10g", i ? "," : "", row[i]);
    fputc('\n', f);
}

/* write_comments() and write_row() with one signature, for write_in_c_locale(). */
static void put_comments(FILE *f, const void *meta)
{
    write_comments(f, meta);
}

static void put_row(FILE *f, const void *row)
{
    write_row(f, row);
}

/*
 * Runs put(f, arg) under the C locale (c_locale_scope) and checks the stream afterwards.
 * Returns CS_OK, CS_ENOMEM (no C locale) or CS_EIO with the errno text of the failed write.
 */
static int write_in_c_locale(FILE *f, void (*put)(FILE *, const void *), const void *arg,
                             cs_error *err)
{
    c_locale_scope loc = {(locale_t)0, (locale_t)0};
    int rc = c_locale_enter(&loc, err);
    if (rc != CS_OK)
        return rc;
    errno = 0;
    put(f, arg);
    int saved = errno;
    c_locale_leave(&loc);
    return check_stream(f, saved, err);
}

int cs_output_csv_write_comments(FILE *f, const cs_output_meta *meta, cs_error *err)
{
    if (!f || !meta || !meta->params)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_output_csv_write_comments: NULL stream or metadata");
    return write_in_c_locale(f, put_comments, meta, err);
}

int cs_output_csv_write_header(FILE *f, cs_error *err)
{
    if (!f)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_output_csv_write_header: NULL stream");
    errno = 0;
    write_header(f);
    return check_stream(f, errno, err);
}

int cs_output_csv_write_row(FILE *f, const double row[], cs_error *err)
{
    if (!f || !row)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_output_csv_write_row: NULL stream or row");
    return write_in_c_locale(f, put_row, row, err);
}

int cs_output_csv_write(FILE *f, const cs_output_meta *meta, const cs_output_rows *rows,
                        cs_error *err)
{
    if (!f || !meta || !meta->params || !rows)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_output_csv_write: NULL stream, metadata or rows");
    c_locale_scope loc = {(locale_t)0, (locale_t)0};
    int rc = c_locale_enter(&loc, err);
    if (rc != CS_OK)
        return rc;
    errno = 0;
    write_comments(f, meta);
    write_header(f);
    for (size_t i = 0; i < rows->n && !ferror(f); i++)
        write_row(f, rows->v + i * CS_NOUTPUT);
    if (fflush(f) != 0 && !ferror(f))
        rc = cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the CSV output: %s",
                          strerror(errno));
    int saved = errno;
    c_locale_leave(&loc);
    return rc != CS_OK ? rc : check_stream(f, saved, err);
}
