/*
 * csv_read.h - reading back the CSV files that calcsim's own commands write (the
 * sensitivity CSV, the cohort and trial summaries, the people of a trial), for the figure
 * commands that draw them: '#' metadata lines, one header row, then rows; columns are
 * found by their names in the header, fields may be quoted (RFC 4180), and numbers are
 * read in the C locale. (Sweep result files have their own reader: sweep_io.h.)
 */
#ifndef CALCSIM_CLI_CSV_READ_H
#define CALCSIM_CLI_CSV_READ_H

#include "calcsim/calcsim.h"

/* Longest line read, with its newline. */
#define CLI_CSV_LINE_MAX 4096

/* Most fields a row may have. */
#define CLI_CSV_FIELDS_MAX 64

/*
 * Splits line (no newline) into at most max CSV fields, in place; a field may be quoted
 * (RFC 4180, "" for a quote). Returns the number of fields, or -1 for a broken quote.
 */
int cli_csv_split(char *line, char **fields, int max);

/* What cli_csv_read() reads and whom it tells. */
typedef struct {
    const char *path;         /* the file, also named in messages */
    const char *what;         /* ends "not WHAT" messages: "a file of 'calcsim sensitivity'" */
    const char *const *names; /* the columns read, by name; all must be in the header */
    int ncol;                 /* how many names */
    /* Called with each '#' line (without the newline), before and after the header; may be
     * NULL. */
    void (*meta)(void *ctx, const char *line);
    /* Called with each row: v[c] is the field of column names[c], line its line number.
     * Returns CS_OK to go on, or an error with err filled to stop. */
    int (*row)(void *ctx, const char *const *v, long line, cs_error *err);
    void *ctx;
} cli_csv_reader;

/*
 * Reads r->path: '#' lines to r->meta, blank lines skipped, the first other line the
 * header, every further line a row to r->row. Refuses, with path:line where it applies, a
 * file that cannot be read (CS_EUSAGE), a line too long, a broken quote, a column of
 * r->names missing from the header, a row with too few fields, and a file without a header
 * (CS_EPARSE). *rows (may be NULL) receives the number of rows. Returns CS_OK or the error.
 */
int cli_csv_read(const cli_csv_reader *r, long *rows, cs_error *err);

/*
 * Parses the field text of column as a finite number in the C locale into *v. An empty
 * field gives NAN when empty_ok, else an error. Returns CS_OK, or CS_EPARSE with the message
 * "path:line: column COLUMN: 'TEXT' is not a number".
 */
int cli_csv_number(const char *text, const char *column, int empty_ok, const char *path, long line,
                   double *v, cs_error *err);

#endif
