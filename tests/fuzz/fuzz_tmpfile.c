/*
 * fuzz_tmpfile.c - the one temporary file of a harness whose code under test reads a path
 * (the scenario, cohort and trial loaders): made once per process, rewritten per input,
 * removed at exit.
 */
#include "fuzz_tmpfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[4096];

static void remove_file(void)
{
    unlink(path);
}

void fuzz_tmpfile_init(const char *tag)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/calcsim-fuzz-%s-XXXXXX", dir && *dir ? dir : "/tmp", tag);
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    close(fd);
    atexit(remove_file);
}

const char *fuzz_tmpfile_write(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    return path;
}
