/*
 * sweep_io.h - sweep result files as the `sweep`, `sweep-merge` and `plot-sweep` commands
 * read them back. (Writing output files: outfile.h.)
 *
 * A result file (docs/cli.md, "calcsim sweep") is '#' metadata lines, a header row, and one
 * row per run whose first field is run_id. Some metadata lines define the sweep (the
 * version, design, run count, axes, parameter values, solver, and the header row); two files
 * hold the same sweep when those agree. `--resume` also requires the same "# shard:" line;
 * `sweep-merge` ignores it (it checks the run_ids themselves: none missing, none twice).
 */
#ifndef CALCSIM_CLI_SWEEP_IO_H
#define CALCSIM_CLI_SWEEP_IO_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "calcsim/calcsim.h"

/* A result file as read back. */
typedef struct {
    char **meta; /* the '#' lines before the header, without the newline */
    size_t nmeta, capmeta;
    char *header;     /* the header row without the newline; NULL when there is none */
    size_t nfields;   /* fields in the header row */
    uint64_t runs;    /* from "# runs: N"; 0 when absent */
    uint64_t shard_k; /* from "# shard: K/N" (1 <= K <= N); 0 when absent */
    uint64_t shard_n; /* N of that line; 0 when absent */
    off_t good_end;   /* bytes up to the end of the last complete row (or the header) */
    off_t size;       /* bytes read */
    int torn;         /* 1 when the file ends in an unfinished line after good_end */
    uint64_t rows;    /* complete rows */
} sweep_file;

/*
 * Called for each complete row: its run_id, its byte offset and length (with the newline),
 * and its line number. Returns CS_OK to go on, or an error (err filled) to stop reading.
 */
typedef int (*sweep_row_fn)(void *ctx, uint64_t run_id, off_t offset, size_t len, long line,
                            cs_error *err);

/*
 * Reads the result file f (named path in messages) into sf, calling fn (may be NULL) for
 * every row. Checks each row: it has as many fields as the header, and its run_id is a whole
 * number from 1 to the "# runs:" count. A last line without a newline is not an error: it
 * sets sf->torn. Returns CS_OK, CS_EPARSE (err names path:line) or CS_EIO / CS_ENOMEM.
 * Free sf with sweep_file_free() in every case.
 */
int sweep_file_read(FILE *f, const char *path, sweep_file *sf, sweep_row_fn fn, void *ctx,
                    cs_error *err);

/* Frees what sweep_file_read() allocated. Accepts a zeroed or NULL sf. */
void sweep_file_free(sweep_file *sf);

/* Returns 1 when the metadata line defines the sweep (with_shard: "# shard:" counts too). */
int sweep_is_definition(const char *line, int with_shard);

/*
 * Compares the sweeps of a (a file) and b (this command's, or another file): the definition
 * lines in order, then the header. Returns 0 when they agree, else 1 with a one-line account
 * of the first difference in buf ("it has '...' where ... has '...'").
 */
int sweep_definition_diff(const sweep_file *a, const sweep_file *b, int with_shard,
                          const char *b_name, char *buf, size_t n);

/* Returns the value of the first metadata line that starts with prefix, or NULL. */
const char *sweep_meta_value(const sweep_file *sf, const char *prefix);

/* Parses text as a whole number in [lo, hi] (decimal digits only). Returns CS_OK or
 * CS_EPARSE. */
int sweep_parse_uint(const char *text, uint64_t lo, uint64_t hi, uint64_t *out);

#endif
