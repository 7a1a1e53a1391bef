/*
 * csweb.c - the thin C layer between the web page and libcalcsim, compiled to WebAssembly.
 *
 * The page (web/src/app.js) keeps one csweb_run per simulation: it sets parameters by name
 * (range-checked by the library, exactly as `calcsim run --set` does), runs, reads the rows
 * straight from WebAssembly memory, and asks for the CSV, which the library's own writer
 * (cs_output_csv_write(), the `calcsim run` format with every metadata line) produces into
 * an in-memory stream. Nothing here re-implements the model: the wasm build compiles the
 * library sources (src/) that a run needs, without the scenario loader (libinih; the page
 * gets the scenarios as JSON from `calcsim scenarios --format json`) and without the
 * threaded runner (runner.c, sweeps).
 *
 * Educational toy model - not medical advice.
 */
#include "calcsim/calcsim.h"

#include <emscripten/emscripten.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One simulation as the page sees it. */
typedef struct {
    cs_params params;                      /* table defaults, then the page's values */
    const char *origin[CS_PARAM_CAPACITY]; /* "scenario", "command line" or NULL */
    cs_sim *sim;                           /* after csweb_run() */
    cs_output_rows *rows;                  /* after csweb_run() */
    cs_error err;                          /* the first error */
    char *csv;                             /* the last csweb_csv() text */
    char msg[1024];                        /* the last csweb_error() text */
} csweb_run;

/* Returns a new run holding the table defaults, or NULL when memory runs out. */
EMSCRIPTEN_KEEPALIVE csweb_run *csweb_new(void)
{
    csweb_run *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    cs_params_default(&r->params);
    cs_error_clear(&r->err);
    return r;
}

/* Frees r and everything it owns. Accepts NULL. */
EMSCRIPTEN_KEEPALIVE void csweb_free(csweb_run *r)
{
    if (!r)
        return;
    cs_sim_free(&r->sim);
    cs_output_rows_free(&r->rows);
    free(r->csv);
    free(r);
}

/*
 * Sets parameter name to value (cs_params_set(): the name must exist, the value must be
 * finite and inside the table's range). origin is 0 (default), 1 (scenario) or 2 (changed
 * on the page, "command line" in the CSV, whose "# command:" line repeats it as --set).
 * Returns CS_OK or the error code, with the text in csweb_error().
 */
EMSCRIPTEN_KEEPALIVE int csweb_set(csweb_run *r, const char *name, double value, int origin)
{
    static const char *const origins[] = {NULL, "scenario", "command line"};
    cs_error_clear(&r->err);
    int rc = cs_params_set(&r->params, name, value, &r->err);
    if (rc == CS_OK)
        r->origin[cs_param_find(name)] = origins[origin >= 0 && origin <= 2 ? origin : 0];
    return rc;
}

/* The value of parameter name in r (NAN for an unknown name). */
EMSCRIPTEN_KEEPALIVE double csweb_get(const csweb_run *r, const char *name)
{
    return cs_params_get(&r->params, name);
}

/*
 * Runs r from its starting state to the end (cs_params_check(), cs_sim_alloc(),
 * cs_sim_run() into a row store). Returns CS_OK or an error code (text: csweb_error()).
 */
EMSCRIPTEN_KEEPALIVE int csweb_run_sim(csweb_run *r)
{
    cs_error_clear(&r->err);
    cs_sim_free(&r->sim);
    cs_output_rows_free(&r->rows);
    int rc = cs_params_check(&r->params, &r->err);
    if (rc != CS_OK)
        return rc;
    r->sim = cs_sim_alloc(&r->params, &r->err);
    if (!r->sim)
        return r->err.code;
    r->rows = cs_output_rows_alloc(0, &r->err);
    if (!r->rows)
        return r->err.code;
    return cs_sim_run(r->sim, cs_output_rows_sink, r->rows, &r->err);
}

/* The number of rows of the last run (0 before one). */
EMSCRIPTEN_KEEPALIVE int csweb_row_count(const csweb_run *r)
{
    return (int)cs_output_rows_count(r->rows);
}

/* Row i of the last run (CS_NOUTPUT doubles), or NULL when out of range. */
EMSCRIPTEN_KEEPALIVE const double *csweb_row(const csweb_run *r, int i)
{
    return i < 0 ? NULL : cs_output_rows_at(r->rows, (size_t)i);
}

/* 1 when the last run broke a plausibility bound; its reason in csweb_implausible_reason(). */
EMSCRIPTEN_KEEPALIVE int csweb_implausible(const csweb_run *r)
{
    return r->sim ? cs_sim_implausible(r->sim, NULL, NULL, 0) : 0;
}

/* The plausibility reason of the last run ("" when it is plausible). */
EMSCRIPTEN_KEEPALIVE const char *csweb_implausible_reason(csweb_run *r)
{
    r->err.text[0] = '\0';
    if (r->sim)
        cs_sim_implausible(r->sim, NULL, r->err.text, sizeof r->err.text);
    return r->err.text;
}

/* The text of the last error, "file:line: text" or "text" ("no error" when none). */
EMSCRIPTEN_KEEPALIVE const char *csweb_error(csweb_run *r)
{
    return cs_error_format(&r->err, r->msg, sizeof r->msg);
}

/*
 * Writes the CSV of the last run exactly as `calcsim run` does (cs_output_csv_write():
 * metadata lines, header, rows) and returns it; NULL on failure. scenario, title, path and
 * command fill the "# scenario:", "# scenario file:" and "# command:" lines. The text is
 * valid until the next call with r.
 */
EMSCRIPTEN_KEEPALIVE const char *csweb_csv(csweb_run *r, const char *scenario, const char *title,
                                           const char *path, const char *command)
{
    free(r->csv);
    r->csv = NULL;
    if (!r->sim || !r->rows)
        return NULL;
    size_t len = 0;
    FILE *f = open_memstream(&r->csv, &len);
    if (!f)
        return NULL;
    cs_output_meta meta = {
        .scenario_name = scenario,
        .scenario_title = title,
        .scenario_path = path,
        .command = command,
        .params = &r->params,
        .param_origin = r->origin,
        .solver = cs_sim_settings(r->sim),
        .stats = cs_sim_get_stats(r->sim),
        .plausibility = cs_sim_plausibility(r->sim),
    };
    cs_error_clear(&r->err);
    int rc = cs_output_csv_write(f, &meta, r->rows, &r->err);
    if (fclose(f) != 0 || rc != CS_OK) {
        free(r->csv);
        r->csv = NULL;
    }
    return r->csv;
}

/* ---- the tables, so the page takes names, units and ranges from the library ---------- */

EMSCRIPTEN_KEEPALIVE int csweb_param_count(void)
{
    return cs_param_count();
}

/* Field k of parameter i: 0 name, 1 unit, 2 group, 3 description ("" out of range). */
EMSCRIPTEN_KEEPALIVE const char *csweb_param_text(int i, int k)
{
    const cs_param_info *p = cs_param_info_at(i);
    if (!p)
        return "";
    const char *v[] = {p->name, p->unit, p->group, p->desc};
    return k >= 0 && k < 4 ? v[k] : "";
}

/* Number k of parameter i: 0 default, 1 min, 2 max (NAN out of range). */
EMSCRIPTEN_KEEPALIVE double csweb_param_number(int i, int k)
{
    const cs_param_info *p = cs_param_info_at(i);
    if (!p || k < 0 || k > 2)
        return NAN;
    return k == 0 ? p->def : k == 1 ? p->min : p->max;
}

EMSCRIPTEN_KEEPALIVE int csweb_output_count(void)
{
    return CS_NOUTPUT;
}

/* Field k of output column i: 0 name, 1 unit, 2 description ("" out of range). */
EMSCRIPTEN_KEEPALIVE const char *csweb_output_text(int i, int k)
{
    const cs_output_info *o = cs_output_info_at(i);
    if (!o)
        return "";
    const char *v[] = {o->name, o->unit, o->desc};
    return k >= 0 && k < 3 ? v[k] : "";
}

EMSCRIPTEN_KEEPALIVE const char *csweb_version(void)
{
    return cs_version();
}
