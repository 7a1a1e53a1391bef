/*
 * cmd_sweep_merge.c - `calcsim sweep-merge FILE... [-o OUT]`: join the shards of a sweep.
 *
 * The shards of one sweep (`calcsim sweep ... --shard K/N`, possibly on different machines)
 * are joined into the file the unsharded sweep would have written: the first file's
 * metadata without its "# shard:" line, the header, and every row in run_id order. So the
 * merged file of N complete shards is the same byte for byte as a sweep run in one piece
 * (on the same machine; the "# scenario file:" path is the first shard's).
 *
 * Checks, each an error with exit status 2 and nothing written: every file holds the same
 * sweep (the definition lines of docs/cli.md), no file ends in an unfinished line, no run_id
 * appears twice, and none of the sweep's run_ids is missing.
 *
 * Workload: up to about a million rows. The rows are never held in memory: a first pass
 * records where each run_id's row is (file and byte offset, 16 bytes a run), a second
 * copies the rows with pread() in run_id order. OUT is written atomically like `run -o`.
 */
#include "cli.h"
#include "outfile.h"
#include "sweep_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where one run's row is. */
typedef struct {
    off_t offset;
    uint32_t len;  /* bytes, with the newline; 0 while the run has no row */
    uint32_t file; /* index into the inputs */
    long line;     /* line number, for messages */
} merge_where;

typedef struct {
    const char **inputs; /* capacity argc */
    int ninputs;
    const char *output; /* NULL or "-": standard output */
    int quiet;
} merge_args;

static int merge_positional(void *ctx, const char *arg, cs_error *err)
{
    merge_args *a = ctx;
    (void)err;
    a->inputs[a->ninputs++] = arg;
    return CS_OK;
}

static int opt_output(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output",
                            "-o needs a file name (or - for standard output)");
    ((merge_args *)ctx)->output = value;
    return CS_OK;
}

static int opt_quiet(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((merge_args *)ctx)->quiet = 1;
    return CS_OK;
}

static const cli_option merge_options[] = {
    {"--output", "-o", "FILE", opt_output,
     "write the merged results to FILE, atomically (default: standard output)"},
    {"--quiet", "-q", NULL, opt_quiet, "print no summary"},
    {NULL, NULL, NULL, NULL, NULL},
};

/* Everything a merge owns; merge_main() frees it. */
typedef struct {
    merge_args a;
    FILE **files;       /* the inputs, open */
    sweep_file *read;   /* what each holds */
    merge_where *where; /* per run_id - 1 */
    uint64_t runs;
    int status_field;     /* index of the status column in the header */
    uint64_t failed;      /* rows with a failed status */
    uint64_t implausible; /* rows with an implausible status */
    int current;          /* the file being read */
    int checked;          /* its sweep was compared with the first file's */
} merge_state;

static int merge_row(void *ctx, uint64_t run_id, off_t offset, size_t len, long line, cs_error *err)
{
    merge_state *m = ctx;
    const sweep_file *first = &m->read[0], *this = &m->read[m->current];
    if (!m->where) { /* the first row of the first file: now the size is known */
        m->runs = this->runs;
        m->where = calloc((size_t)m->runs, sizeof *m->where);
        if (!m->where)
            return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory for %llu runs",
                                (unsigned long long)m->runs);
    }
    if (m->current > 0 && !m->checked) { /* before its run_ids are trusted */
        char what[600];
        m->checked = 1;
        if (sweep_definition_diff(this, first, 0, m->a.inputs[0], what, sizeof what))
            return cs_error_set(err, CS_EUSAGE, m->a.inputs[m->current], 0, NULL,
                                "not the same sweep as %s: %s", m->a.inputs[0], what);
    }
    merge_where *w = &m->where[run_id - 1];
    if (w->len)
        return cs_error_set(err, CS_EUSAGE, m->a.inputs[m->current], (int)line, NULL,
                            "run_id %llu is also in %s, line %ld; a shard was given twice or "
                            "run twice",
                            (unsigned long long)run_id, m->a.inputs[w->file], w->line);
    if (len > UINT32_MAX)
        return cs_error_set(err, CS_EPARSE, m->a.inputs[m->current], (int)line, NULL,
                            "the row is too long");
    *w = (merge_where){offset, (uint32_t)len, (uint32_t)m->current, line};
    return CS_OK;
}

/* Reads input i, recording its rows; checks its sweep against the first file's. */
/*
 * Makes *f readable twice: an input that is not a regular file (a pipe: `cat part.csv |
 * calcsim sweep-merge /dev/stdin`, a FIFO) is copied into an anonymous temporary file first,
 * which *f then becomes, since the rows are read again with pread() at their offsets.
 */
static int make_seekable(FILE **f, const char *path, cs_error *err)
{
    struct stat st;
    if (fstat(fileno(*f), &st) == 0 && S_ISREG(st.st_mode))
        return CS_OK;
    FILE *copy = tmpfile();
    if (!copy)
        return cs_error_set(err, CS_EIO, path, 0, NULL,
                            "cannot make a temporary copy of this stream: %s", strerror(errno));
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, *f)) > 0)
        if (fwrite(buf, 1, got, copy) != got)
            break;
    int bad_read = ferror(*f), bad_write = ferror(copy) || fflush(copy) != 0;
    int e = errno;
    fclose(*f);
    *f = copy;
    if (bad_read || bad_write)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot %s: %s",
                            bad_read ? "read" : "make a temporary copy of this stream",
                            strerror(e));
    rewind(copy);
    return CS_OK;
}

static int read_input(merge_state *m, int i, cs_error *err)
{
    const char *path = m->a.inputs[i];
    if (cli_input_check(path, 1, err) != CS_OK) /* a directory is bad input */
        return CS_EUSAGE;
    m->files[i] = fopen(path, "r");
    if (!m->files[i])
        return cs_error_set(err, CS_EUSAGE, path, 0, NULL, "cannot open: %s", strerror(errno));
    int rc = make_seekable(&m->files[i], path, err);
    if (rc != CS_OK)
        return rc;
    m->current = i;
    m->checked = 0;
    rc = sweep_file_read(m->files[i], path, &m->read[i], merge_row, m, err);
    if (rc != CS_OK)
        return rc == CS_EIO || rc == CS_ENOMEM ? rc : CS_EUSAGE;
    const sweep_file *f = &m->read[i];
    if (!f->header)
        return cs_error_set(err, CS_EUSAGE, path, 0, NULL,
                            "not a calcsim sweep result file (no header row)");
    char what[600];
    if (i > 0 && sweep_definition_diff(f, &m->read[0], 0, m->a.inputs[0], what, sizeof what))
        return cs_error_set(err, CS_EUSAGE, path, 0, NULL, "not the same sweep as %s: %s",
                            m->a.inputs[0], what);
    if (f->torn)
        return cs_error_set(err, CS_EUSAGE, path, 0, NULL,
                            "ends in an unfinished line (an interrupted shard?); finish it with "
                            "the same 'calcsim sweep' command and --resume");
    return CS_OK;
}

/* Checks that every run_id of the sweep has a row; names the first few that do not. */
static int check_complete(const merge_state *m, cs_error *err)
{
    uint64_t missing = 0;
    char list[160] = "";
    size_t used = 0;
    for (uint64_t r = 0; r < m->runs; r++) {
        if (m->where && m->where[r].len)
            continue;
        if (missing < 5) {
            int w = snprintf(list + used, sizeof list - used, "%s%llu", missing ? ", " : "",
                             (unsigned long long)r + 1);
            used += w > 0 ? (size_t)w : 0;
        } else if (missing == 5) {
            snprintf(list + used, sizeof list - used, ", ...");
        }
        missing++;
    }
    if (!missing)
        return CS_OK;
    return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                        "%llu of the sweep's %llu runs are missing (run_id %s); run the missing "
                        "shards, or finish them with --resume",
                        (unsigned long long)missing, (unsigned long long)m->runs, list);
}

/* Returns 1 when the row (len bytes) has a status field (field) that starts with prefix. */
static int row_status_is(const char *row, size_t len, int field, const char *prefix)
{
    const char *p = row, *end = row + len;
    for (int i = 0; i < field && p < end; i++) {
        p = memchr(p, ',', (size_t)(end - p));
        if (!p)
            return 0;
        p++;
    }
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && memcmp(p, prefix, n) == 0;
}

/* Writes the merged file to f: metadata without "# shard:", header, rows by run_id. */
static int write_merged(void *ctx, FILE *f, cs_error *err)
{
    merge_state *m = ctx;
    const sweep_file *first = &m->read[0];
    for (size_t i = 0; i < first->nmeta; i++)
        if (strncmp(first->meta[i], "# shard: ", 9) != 0)
            fprintf(f, "%s\n", first->meta[i]);
    fprintf(f, "%s\n", first->header);
    char *buf = NULL;
    size_t cap = 0;
    m->failed = 0;
    m->implausible = 0;
    for (uint64_t r = 0; r < m->runs; r++) {
        const merge_where *w = &m->where[r];
        if (w->len > cap) {
            free(buf);
            cap = (size_t)w->len * 2;
            buf = malloc(cap);
            if (!buf)
                return cs_error_set(err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        }
        ssize_t got = pread(fileno(m->files[w->file]), buf, w->len, w->offset);
        if (got != (ssize_t)w->len) {
            free(buf);
            return cs_error_set(err, CS_EIO, m->a.inputs[w->file], 0, NULL,
                                "cannot read it again (did it change?): %s",
                                got < 0 ? strerror(errno) : "short read");
        }
        m->failed += (uint64_t)row_status_is(buf, w->len, m->status_field, "failed");
        m->implausible += (uint64_t)row_status_is(buf, w->len, m->status_field, "implausible");
        if (fwrite(buf, 1, w->len, f) != w->len) {
            free(buf);
            return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
        }
    }
    free(buf);
    if (fflush(f) != 0 || ferror(f))
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
    return CS_OK;
}

/* Index of the status column in header. */
static int status_field(const char *header)
{
    int field = 0;
    for (const char *p = header; p; p = strchr(p, ','), p = p ? p + 1 : NULL, field++)
        if (strncmp(p, "status", 6) == 0 && (p[6] == ',' || p[6] == '\0'))
            return field;
    return -1;
}

static int merge_execute(merge_state *m, int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    int status = cli_start(&cli_cmd_sweep_merge, argc, argv, merge_positional, &m->a);
    if (status >= 0)
        return status;
    const merge_args *a = &m->a;
    if (a->ninputs == 0) {
        cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                     "sweep-merge needs the result files to join (see 'calcsim help "
                     "sweep-merge')");
        return cli_report(&err, CLI_EXIT_USAGE);
    }
    int to_file = a->output && strcmp(a->output, "-") != 0;
    int rc = to_file ? cli_outfile_check(a->output, "-o", &err) : CS_OK;
    if (rc == CS_OK && to_file)
        rc = cli_outfile_not_input(a->output, "-o", a->inputs, a->ninputs, &err);
    m->files = calloc((size_t)a->ninputs, sizeof *m->files);
    m->read = calloc((size_t)a->ninputs, sizeof *m->read);
    if (rc == CS_OK && (!m->files || !m->read))
        rc = cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int i = 0; i < a->ninputs && rc == CS_OK; i++)
        rc = read_input(m, i, &err);
    if (rc == CS_OK && !m->where)
        m->runs = m->read[0].runs; /* no rows at all */
    if (rc == CS_OK)
        rc = check_complete(m, &err);
    if (rc != CS_OK)
        return cli_report(&err, cli_exit_status(rc));
    m->status_field = status_field(m->read[0].header);
    if (to_file) {
        rc = cli_outfile_write(a->output, cli_outfile_mode(), 1, write_merged, m, &err);
    } else {
        rc = write_merged(m, stdout, &err);
        if (rc == CS_OK && fflush(stdout) != 0)
            rc = cs_error_set(&err, CS_EIO, NULL, 0, NULL, "cannot write to standard output");
    }
    if (rc != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    if (to_file && !a->quiet) {
        fprintf(stderr, "calcsim: merged %d files, %llu runs (%llu failed", a->ninputs,
                (unsigned long long)m->runs, (unsigned long long)m->failed);
        if (m->implausible)
            fprintf(stderr, ", %llu implausible", (unsigned long long)m->implausible);
        fprintf(stderr, "), into %s\n  %s\n", a->output, CS_OUTPUT_DISCLAIMER);
    }
    return CLI_EXIT_OK;
}

static int merge_main(int argc, char **argv)
{
    merge_state m;
    memset(&m, 0, sizeof m);
    m.a.inputs = calloc((size_t)argc, sizeof *m.a.inputs);
    int status;
    if (!m.a.inputs) {
        cs_error err;
        cs_error_clear(&err);
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else {
        status = merge_execute(&m, argc, argv);
    }
    for (int i = 0; m.files && i < m.a.ninputs; i++)
        if (m.files[i])
            fclose(m.files[i]);
    for (int i = 0; m.read && i < m.a.ninputs; i++)
        sweep_file_free(&m.read[i]);
    free(m.files);
    free(m.read);
    free(m.where);
    free(m.a.inputs);
    return status;
}

const cli_command cli_cmd_sweep_merge = {
    "sweep-merge",
    "FILE... [-o OUT]",
    "Join the shards of a sweep (calcsim sweep --shard K/N) into one result file",
    "Reads the result files of one sweep's shards and writes the file the sweep would have\n"
    "written in one piece: the metadata (without '# shard:'), the header and every row\n"
    "in run_id order. Refuses (exit status 2, nothing written) when the files hold\n"
    "different sweeps, a file ends in an unfinished line, a run_id appears twice, or a\n"
    "run_id of the sweep is missing; the message names the files and run_ids. OUT is\n"
    "replaced only when complete. See docs/sweeps.md.\n",
    merge_options,
    merge_main,
    NULL,
};
