/*
 * cli_args.h - argument handling that commands which run the model share: the --set,
 * --years and --every assignments, the parameter set they build on top of a scenario, and
 * quoting a command line for the "# command:" metadata.
 *
 * The semantics are those of `calcsim run` (docs/cli.md): table defaults, then the scenario
 * file, then the assignments in command-line order, each range-checked by
 * cs_params_set_text().
 */
#ifndef CALCSIM_CLI_ARGS_H
#define CALCSIM_CLI_ARGS_H

#include <stddef.h>
#include <stdio.h>

#include "calcsim/calcsim.h"

/* One parameter assignment from the command line. */
typedef struct {
    const char *option; /* "--set", "--years" or "--every", for messages */
    char name[64];      /* parameter name */
    const char *text;   /* the value as typed */
} cli_assignment;

/* Assignments in command-line order; the caller allocates items with room for argc. */
typedef struct {
    cli_assignment *items;
    int n;
} cli_assignments;

/* Option handlers (cli_option_fn) for --set NAME=VALUE, --years Y and --every DAYS; ctx is
 * a cli_assignments *. */
int cli_opt_set(void *ctx, const char *value, cs_error *err);
int cli_opt_years(void *ctx, const char *value, cs_error *err);
int cli_opt_every(void *ctx, const char *value, cs_error *err);

/*
 * Loads scenario (a name or a path; NULL means "baseline") into sc and applies the
 * assignments. origin[i] becomes "scenario", "command line" or NULL (the default) for each
 * table entry. Does not run cs_params_check(). Returns CS_OK or an error (a missing scenario
 * file is CS_EUSAGE).
 */
int cli_build_params(const char *scenario, const cli_assignments *as, cs_scenario *sc,
                     const char **origin, cs_error *err);

/*
 * Appends arg to the string *s (length *len, capacity *cap, grown with realloc), preceded by
 * a space when *len > 0, and quoted for a POSIX shell when it needs it. Returns CS_OK or
 * CS_ENOMEM (then *s is unchanged).
 */
int cli_append_arg(char **s, size_t *len, size_t *cap, const char *arg);

/*
 * Returns "calcsim ARGV..." (argv[0] is the command name), each argument quoted with
 * cli_append_arg(), for the "# command:" metadata; NULL when out of memory. The caller
 * frees it.
 */
char *cli_command_line(int argc, char **argv);

/*
 * Writes the CSV of a finished run of scenario sc (the `calcsim run` format) to f: the `#`
 * metadata with command, parameter origins (origin[i] per table entry, NULL = default) and
 * the solver settings, statistics and plausibility checks of sim, then the rows. Returns
 * CS_OK or an error.
 */
int cli_write_run_csv(FILE *f, const cs_scenario *sc, const char *command,
                      const char *const *origin, const cs_sim *sim, const cs_output_rows *rows,
                      cs_error *err);

/* The metadata cli_write_run_csv() writes as '#' lines, for other writers (--meta). */
cs_output_meta cli_run_output_meta(const cs_scenario *sc, const char *command,
                                   const char *const *origin, const cs_sim *sim);

/* Writes the CSV of a finished run without '#' lines: the header row, then the rows
 * (--no-comments). Returns CS_OK or an error. */
int cli_write_run_csv_plain(FILE *f, const cs_output_rows *rows, cs_error *err);

#endif
