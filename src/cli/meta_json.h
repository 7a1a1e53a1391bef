/*
 * meta_json.h - the metadata of a CSV as JSON (--meta FILE of `calcsim run` and `sweep`).
 *
 * What the '#' lines of a CSV say, for readers that take a plain CSV (--no-comments): the
 * version, the disclaimer, the scenario, the command, every parameter with its value, unit
 * and origin, the columns with their units, and the total vitamin D3 and K inputs. Written
 * by hand: strings are escaped as RFC 8259 requires (quote, backslash, control characters;
 * valid UTF-8 passes through, and a byte that is not part of valid UTF-8, as in a file name
 * in another encoding, becomes U+FFFD, so the file is always valid JSON), numbers are "%.10g" in
 * the C locale (the program never calls setlocale()), like the '#' lines, and a number that is not
 * finite is null. docs/cli.md, "--meta FILE", lists the keys.
 */
#ifndef CALCSIM_CLI_META_JSON_H
#define CALCSIM_CLI_META_JSON_H

#include <stdio.h>

#include "calcsim/calcsim.h"

/* Writes s as a JSON string; NULL as null. */
void cli_json_string(FILE *f, const char *s);

/* Writes v as a JSON number ("%.10g"), or null when it is not finite. */
void cli_json_number(FILE *f, double v);

/* Writes ", \"key\": v" (v as cli_json_number()). */
void cli_json_field(FILE *f, const char *key, double v);
/* Writes "NAME: {\"unit\": UNIT, \"description\": DESC}", an entry of a "columns" object. */
void cli_json_column(FILE *f, const char *name, const char *unit, const char *desc);
/* Writes the opening lines every metadata file shares, up to and including "command":
 * {"calcsim", "disclaimer", "kind", "scenario": {...}, "command"; a comma follows. */
void cli_json_head(FILE *f, const char *kind, const char *scenario_name, const char *scenario_title,
                   const char *scenario_path, const char *command);

/*
 * Writes "\"parameters\": {NAME: {\"value\", \"unit\", \"origin\"}, ...}" for every table
 * entry of p; origin[i] is the note of the '#' line ("scenario", "command line", "varied")
 * or NULL for the table default ("default").
 */
void cli_json_parameters(FILE *f, const cs_params *p, const char *const *origin);

/* Writes "\"vitamin_d3_in\": {...}, \"vitamin_k_in\": {...}, \"supplement_schedule\":
 * {...}" for p (calcsim/intake.h). */
void cli_json_intake(FILE *f, const cs_params *p);

/*
 * Writes the metadata of a `calcsim run` CSV: m as cs_output_write_csv() writes it as '#'
 * lines, plus "csv": {"file", "comment_lines"}, where csv_path is the CSV's path (NULL:
 * standard output) and comments says whether it has its '#' lines. Returns CS_OK or CS_EIO.
 */
int cli_json_run_meta(FILE *f, const cs_output_meta *m, const char *csv_path, int comments,
                      cs_error *err);

#endif
