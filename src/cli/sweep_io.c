/*
 * sweep_io.c - reading sweep result files back (for --resume, sweep-merge and plot-sweep)
 * and comparing the sweeps two files hold.
 *
 * Workload: files of up to a million rows of ~100 fields, read once, line by line with
 * getline(), never held in memory: the caller gets each row's run_id and byte offset. The
 * reader is strict, because it guards results that took hours: a row with the wrong number
 * of fields, a run_id that is not a number of this sweep, or anything after the header that
 * is not a row is an error that names file:line. The one tolerated flaw is an unfinished
 * last line, which a killed writer can leave; the caller decides what to do with it.
 */
#include "sweep_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The metadata lines that define a sweep: two files with the same ones hold the same runs. */
static const char *const definition_prefixes[] = {
    "# calcsim ", "# design: ", "# runs: ",      "# vary ",     "# parameter ", "# solver: ",
    "# cohort: ", "# seed: ",   "# population ", "# outcome: ", NULL,
};
#define SHARD_PREFIX "# shard: "

int sweep_parse_uint(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!text || !*text || strspn(text, "0123456789") != strlen(text) || strlen(text) > 19)
        return CS_EPARSE;
    errno = 0;
    unsigned long long v = strtoull(text, NULL, 10);
    if (errno == ERANGE || v < lo || v > hi)
        return CS_EPARSE;
    *out = (uint64_t)v;
    return CS_OK;
}

void sweep_file_free(sweep_file *sf)
{
    if (!sf)
        return;
    for (size_t i = 0; i < sf->nmeta; i++)
        free(sf->meta[i]);
    free(sf->meta);
    free(sf->header);
    memset(sf, 0, sizeof *sf);
}

static int add_meta(sweep_file *sf, const char *line, size_t len, cs_error *err)
{
    if (sf->nmeta == sf->capmeta) {
        size_t cap = sf->capmeta ? 2 * sf->capmeta : 128;
        char **m = realloc(sf->meta, cap * sizeof *m);
        if (!m)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        sf->meta = m;
        sf->capmeta = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    memcpy(copy, line, len);
    copy[len] = '\0';
    sf->meta[sf->nmeta++] = copy;
    return CS_OK;
}

/* Reads "# runs: N" and "# shard: K/N" into sf once the metadata is complete. */
static int parse_counts(sweep_file *sf, const char *path, cs_error *err)
{
    const char *runs = sweep_meta_value(sf, "# runs: ");
    if (!runs && sf->nmeta == 0 && sf->header && strncmp(sf->header, "run_id,", 7) == 0)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL,
                            "a sweep result file without its '#' lines (written with "
                            "--no-comments): this command needs them; write the sweep without "
                            "--no-comments");
    if (!runs || sweep_parse_uint(runs, 1, CS_SWEEP_MAX_RUNS, &sf->runs) != CS_OK)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL,
                            "not a calcsim sweep result file: no '# runs: N' line");
    const char *shard = sweep_meta_value(sf, SHARD_PREFIX);
    if (!shard)
        return CS_OK;
    char k[24], n[24];
    size_t kl = strspn(shard, "0123456789");
    size_t nl = shard[kl] == '/' ? strspn(shard + kl + 1, "0123456789") : 0;
    if (kl == 0 || kl >= sizeof k || nl == 0 || nl >= sizeof n)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL, "malformed '# shard:' line");
    memcpy(k, shard, kl);
    k[kl] = '\0';
    memcpy(n, shard + kl + 1, nl);
    n[nl] = '\0';
    if (sweep_parse_uint(n, 1, CS_SWEEP_MAX_RUNS, &sf->shard_n) != CS_OK ||
        sweep_parse_uint(k, 1, sf->shard_n, &sf->shard_k) != CS_OK)
        return cs_error_set(err, CS_EPARSE, path, 0, NULL, "malformed '# shard:' line");
    return CS_OK;
}

static size_t count_fields(const char *line, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += line[i] == ',';
    return n;
}

/* Checks one data row (len characters, no newline) and hands it to fn. */
static int take_row(sweep_file *sf, const char *path, const char *line, size_t len, off_t offset,
                    long lineno, sweep_row_fn fn, void *ctx, cs_error *err)
{
    if (count_fields(line, len) != sf->nfields)
        return cs_error_set(err, CS_EPARSE, path, (int)lineno, NULL,
                            "a row with %zu fields where the header has %zu; not a row of this "
                            "sweep",
                            count_fields(line, len), sf->nfields);
    char id[24];
    size_t idl = strcspn(line, ",");
    uint64_t run_id = 0;
    if (idl == 0 || idl >= sizeof id)
        idl = sizeof id - 1;
    memcpy(id, line, idl);
    id[idl] = '\0';
    if (sweep_parse_uint(id, 1, sf->runs, &run_id) != CS_OK)
        return cs_error_set(err, CS_EPARSE, path, (int)lineno, NULL,
                            "run_id '%s' is not a whole number from 1 to %llu", id,
                            (unsigned long long)sf->runs);
    sf->rows++;
    return fn ? fn(ctx, run_id, offset, len + 1, lineno, err) : CS_OK;
}

int sweep_file_read(FILE *f, const char *path, sweep_file *sf, sweep_row_fn fn, void *ctx,
                    cs_error *err)
{
    memset(sf, 0, sizeof *sf);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    off_t offset = 0;
    long lineno = 0;
    int rc = CS_OK;
    errno = 0;
    while (rc == CS_OK && (got = getline(&line, &cap, f)) > 0) {
        size_t len = (size_t)got;
        lineno++;
        int complete = line[len - 1] == '\n';
        if (complete)
            len--;
        if (!complete) {
            sf->torn = 1; /* only the last line can lack its newline */
        } else if (!sf->header && line[0] == '#') {
            rc = add_meta(sf, line, len, err);
        } else if (!sf->header) {
            sf->header = malloc(len + 1);
            if (!sf->header) {
                rc = cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
                break;
            }
            memcpy(sf->header, line, len);
            sf->header[len] = '\0';
            sf->nfields = count_fields(line, len);
            rc = parse_counts(sf, path, err);
            if (rc == CS_OK && strncmp(line, "run_id,", 7) != 0)
                rc = cs_error_set(err, CS_EPARSE, path, (int)lineno, NULL,
                                  "not a calcsim sweep result file: the header does not start "
                                  "with run_id");
        } else {
            rc = take_row(sf, path, line, len, offset, lineno, fn, ctx, err);
        }
        if (complete)
            sf->good_end = offset + got;
        offset += got;
    }
    sf->size = offset;
    if (rc == CS_OK && ferror(f))
        rc = cs_error_set(err, CS_EIO, path, 0, NULL, "cannot read: %s",
                          errno ? strerror(errno) : "read error");
    free(line);
    return rc;
}

int sweep_is_definition(const char *line, int with_shard)
{
    if (with_shard && strncmp(line, SHARD_PREFIX, strlen(SHARD_PREFIX)) == 0)
        return 1;
    for (const char *const *p = definition_prefixes; *p; p++)
        if (strncmp(line, *p, strlen(*p)) == 0)
            return 1;
    return 0;
}

/* Length of the part of a definition line that counts: a parameter line without its
 * "(origin)" note, which says where a value came from, not what it is. */
static size_t defining_length(const char *line)
{
    if (strncmp(line, "# parameter ", 12) == 0) {
        const char *note = strstr(line, " (");
        if (note)
            return (size_t)(note - line);
    }
    return strlen(line);
}

/* Returns the index of the next definition line of sf at or after i, or sf->nmeta. */
static size_t next_definition(const sweep_file *sf, size_t i, int with_shard)
{
    while (i < sf->nmeta && !sweep_is_definition(sf->meta[i], with_shard))
        i++;
    return i;
}

int sweep_definition_diff(const sweep_file *a, const sweep_file *b, int with_shard,
                          const char *b_name, char *buf, size_t n)
{
    size_t i = next_definition(a, 0, with_shard), j = next_definition(b, 0, with_shard);
    while (i < a->nmeta || j < b->nmeta) {
        const char *x = i < a->nmeta ? a->meta[i] : NULL;
        const char *y = j < b->nmeta ? b->meta[j] : NULL;
        if (!x || !y || defining_length(x) != defining_length(y) ||
            strncmp(x, y, defining_length(x)) != 0) {
            if (!x)
                snprintf(buf, n, "it lacks '%.160s' of %s", y, b_name);
            else if (!y)
                snprintf(buf, n, "it has '%.160s', which %s lacks", x, b_name);
            else
                snprintf(buf, n, "it has '%.160s' where %s has '%.160s'", x, b_name, y);
            return 1;
        }
        i = next_definition(a, i + 1, with_shard);
        j = next_definition(b, j + 1, with_shard);
    }
    if (!a->header || !b->header || strcmp(a->header, b->header) != 0) {
        snprintf(buf, n, "its header row '%.160s' differs from %s's '%.160s'",
                 a->header ? a->header : "(none)", b_name, b->header ? b->header : "(none)");
        return 1;
    }
    return 0;
}

const char *sweep_meta_value(const sweep_file *sf, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < sf->nmeta; i++)
        if (strncmp(sf->meta[i], prefix, n) == 0)
            return sf->meta[i] + n;
    return NULL;
}
