/*
 * calcsim/output.h - the rows of a run and the CSV file they are written to.
 *
 * A run produces one row of CS_NOUTPUT numbers per output time (see cs_output_info_at()).
 * cs_output_rows is a sink that keeps those rows in memory, so that a writer can put the
 * solver statistics, which are only known after the run, above the data. The CSV writer
 * writes to a FILE * it is given and nowhere else; it never prints to stderr, exits or
 * aborts. Numbers are written in the C locale whatever the process locale is, with
 * "%.10g", so a reader in any language parses them with its plain C-locale number parser.
 *
 * The CSV layout is a contract that scripts rely on (docs/cli.md):
 *
 *   # calcsim 0.2.0
 *   # Educational toy model - not medical advice
 *   # scenario: baseline (Healthy adult ...)
 *   # scenario file: /path/to/models/baseline.ini
 *   # command: calcsim run baseline --years 2
 *   # parameter years = 2 yr (command line)
 *   # parameter output_every_days = 7 d
 *   ...                                   one line per parameter table entry
 *   # solver: msbdf rtol=0 atol_scale=1 hmin=1e-11 nmax=200000
 *   # solver absolute tolerances: ecf_ca=1e-06 mmol, ...
 *   # solver statistics: steps=812 rhs_evals=1650 jac_evals=95 doses=0
 *   # plausibility: ok               or: # plausibility: implausible: REASON
 *   # columns: t_days [d], t_years [yr], blood_ca [mmol/L], ...
 *   # vitamin D3 in: 2400 IU/day (diet 400 + skin 2000 [assumed] + supplement 0)
 *   # vitamin K in: 130 ug/day (K1 100, MK-4 6, MK-7 24; diet 130 + supplement 0)
 *   t_days,t_years,blood_ca,...
 *   0,0,2.4,...
 */
#ifndef CALCSIM_OUTPUT_H
#define CALCSIM_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "calcsim/error.h"
#include "calcsim/foods.h"
#include "calcsim/params.h"
#include "calcsim/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The disclaimer every output carries. */
#define CS_OUTPUT_DISCLAIMER "Educational toy model - not medical advice"

/* Rows of a run kept in memory, CS_NOUTPUT doubles each, in arrival order. */
typedef struct cs_output_rows cs_output_rows;

/*
 * Allocates an empty row store that accepts at most max_rows rows (0 = no limit other
 * than memory). Returns NULL with err filled (CS_ENOMEM) when memory runs out.
 */
cs_output_rows *cs_output_rows_alloc(size_t max_rows, cs_error *err);

/* Frees *r and sets *r to NULL. Accepts NULL and a pointer to NULL. */
void cs_output_rows_free(cs_output_rows **r);

/*
 * A cs_sink_fn: ctx is a cs_output_rows *. Copies row (CS_NOUTPUT values) to the end of the
 * store. Returns 0, or 1 (which stops the run with CS_ESINK) when memory runs out or the
 * store is full; cs_output_rows_status() then says which.
 */
int cs_output_rows_sink(void *ctx, const double row[]);

/*
 * Returns CS_OK while every row offered has been kept, CS_ENOMEM after an allocation
 * failed, or CS_ERANGE after a row was refused because the store held max_rows rows.
 * Returns CS_EUSAGE for NULL.
 */
int cs_output_rows_status(const cs_output_rows *r);

/* Returns the number of rows kept (0 for NULL). */
size_t cs_output_rows_count(const cs_output_rows *r);

/*
 * Returns row i (CS_NOUTPUT values), or NULL when r is NULL or i is out of range. The
 * pointer is valid until the next row is added or r is freed.
 */
const double *cs_output_rows_at(const cs_output_rows *r, size_t i);

/* What the CSV comment block says about a run. Strings may be NULL (then left out). */
typedef struct {
    const char *scenario_name;  /* e.g. "baseline" */
    const char *scenario_title; /* one line */
    const char *scenario_path;  /* the file the scenario was read from */
    const char *command;        /* the command line that made the file, one line */
    const cs_params *params;    /* the parameter values used; must not be NULL */
    /* NULL, or one note per parameter table entry saying where a value came from
       ("scenario", "command line"); a NULL note means the table default. */
    const char *const *param_origin;
    cs_solver_settings solver; /* from cs_sim_settings() */
    cs_sim_stats stats;        /* from cs_sim_get_stats(), after the run */
    /* NULL, or the checks of the run (cs_sim_plausibility(), after the run): the block then
       says "# plausibility: ok" or "# plausibility: implausible: REASON". */
    const cs_plausibility *plausibility;
    /* NULL, or the foods eaten (calcsim/foods.h): the block then has one "# food NAME = G
       g/day" line per food on the plate and one "# food totals:" line of what they add. */
    const cs_plate *foods;
} cs_output_meta;

/*
 * Writes the "# " comment block described above to f. Control characters inside the
 * strings are written as '?', so every comment stays on one line. Returns CS_OK, CS_EUSAGE
 * for NULL f or meta (or meta->params), CS_ENOMEM when the C locale cannot be
 * created, or CS_EIO when writing fails.
 */
int cs_output_csv_write_comments(FILE *f, const cs_output_meta *meta, cs_error *err);

/* Writes the header row (the output column names, comma-separated) to f. Returns CS_OK,
 * CS_EUSAGE for NULL f, or CS_EIO. */
int cs_output_csv_write_header(FILE *f, cs_error *err);

/* Writes one data row (CS_NOUTPUT values, "%.10g", C locale) to f. Returns CS_OK,
 * CS_EUSAGE for NULL arguments, CS_ENOMEM (no C locale) or CS_EIO. */
int cs_output_csv_write_row(FILE *f, const double row[], cs_error *err);

/*
 * Writes the whole CSV file: comments, header and every row in rows, then flushes f.
 * Returns CS_OK, CS_EUSAGE for NULL arguments, CS_ENOMEM or CS_EIO (err names the errno
 * text). The caller closes f and checks fclose() too.
 */
int cs_output_csv_write(FILE *f, const cs_output_meta *meta, const cs_output_rows *rows,
                        cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
