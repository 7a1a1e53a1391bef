/* csv_read.c - see csv_read.h. */
#include "csv_read.h"
#include "outfile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int cli_csv_split(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n == max)
            return n;
        if (*p == '"') {
            char *w = ++p;
            fields[n++] = w;
            for (;;) {
                if (!*p)
                    return -1;
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
            *w = '\0';
            if (*p == ',')
                p++;
            else if (*p)
                return -1;
            else
                return n;
        } else {
            fields[n++] = p;
            char *c = strchr(p, ',');
            if (!c)
                return n;
            *c = '\0';
            p = c + 1;
        }
    }
}

/* Maps the columns r->names to their indices in the header fields; col[c] = -1 if absent. */
static int find_columns(const cli_csv_reader *r, char **fields, int n, int *col, long line,
                        cs_error *err)
{
    for (int c = 0; c < r->ncol; c++) {
        col[c] = -1;
        for (int i = 0; i < n && col[c] < 0; i++)
            if (strcmp(fields[i], r->names[c]) == 0)
                col[c] = i;
        if (col[c] < 0)
            return cs_error_set(err, CS_EPARSE, r->path, (int)line, NULL, "no column '%s': not %s",
                                r->names[c], r->what);
    }
    return CS_OK;
}

int cli_csv_read(const cli_csv_reader *r, long *rows, cs_error *err)
{
    if (cli_input_check(r->path, 1, err) != CS_OK)
        return CS_EUSAGE;
    FILE *f = fopen(r->path, "r");
    if (!f)
        return cs_error_set(err, CS_EUSAGE, r->path, 0, NULL, "cannot read the file: %s",
                            strerror(errno));
    char line[CLI_CSV_LINE_MAX];
    char *fields[CLI_CSV_FIELDS_MAX];
    const char *v[CLI_CSV_FIELDS_MAX];
    int col[CLI_CSV_FIELDS_MAX], have_header = 0, maxc = 0, rc = CS_OK;
    long lineno = 0, nrows = 0;
    if (r->ncol > CLI_CSV_FIELDS_MAX)
        rc = cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "too many columns asked for");
    while (rc == CS_OK && fgets(line, sizeof line, f)) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            rc = cs_error_set(err, CS_EPARSE, r->path, (int)lineno, NULL,
                              "line longer than %d characters", CLI_CSV_LINE_MAX - 2);
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#') {
            if (r->meta)
                r->meta(r->ctx, line);
            continue;
        }
        if (!line[0])
            continue;
        int n = cli_csv_split(line, fields, CLI_CSV_FIELDS_MAX);
        if (n < 0) {
            rc = cs_error_set(err, CS_EPARSE, r->path, (int)lineno, NULL,
                              "a quoted field is not closed");
            break;
        }
        if (!have_header) {
            rc = find_columns(r, fields, n, col, lineno, err);
            for (int c = 0; c < r->ncol && rc == CS_OK; c++)
                maxc = col[c] > maxc ? col[c] : maxc;
            have_header = 1;
            continue;
        }
        if (n <= maxc) {
            rc = cs_error_set(err, CS_EPARSE, r->path, (int)lineno, NULL,
                              "%d fields where the header has at least %d", n, maxc + 1);
            break;
        }
        for (int c = 0; c < r->ncol; c++)
            v[c] = fields[col[c]];
        nrows++;
        rc = r->row(r->ctx, v, lineno, err);
    }
    if (rc == CS_OK && ferror(f))
        rc = cs_error_set(err, CS_EIO, r->path, 0, NULL, "cannot read the file: %s",
                          strerror(errno));
    fclose(f);
    if (rc == CS_OK && !have_header)
        rc = cs_error_set(err, CS_EPARSE, r->path, 0, NULL, "no header row: not %s", r->what);
    if (rows)
        *rows = nrows;
    return rc;
}

int cli_csv_number(const char *text, const char *column, int empty_ok, const char *path, long line,
                   double *v, cs_error *err)
{
    if (!text[0] && empty_ok) {
        *v = NAN;
        return CS_OK;
    }
    if (cs_parse_double(text, v) != CS_OK)
        return cs_error_set(err, CS_EPARSE, path, (int)line, NULL,
                            "column %s: '%s' is not a number", column, text);
    return CS_OK;
}
