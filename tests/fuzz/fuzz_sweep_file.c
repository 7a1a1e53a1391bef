/*
 * fuzz_sweep_file.c - libFuzzer harness for the sweep result-file reader of `sweep --resume`,
 * `sweep-merge` and `plot-sweep` (src/cli/sweep_io.c: sweep_file_read(), the definition
 * comparison, sweep_meta_value()).
 *
 * The input is read as a result file from memory (fmemopen), and compared with itself (a
 * file always holds the same sweep as itself). Checks: every row handed over has a run_id
 * from 1 to the "# runs:" count and lies inside the input, and good_end <= size.
 */
#include "sweep_io.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t size;
    uint64_t runs;
} fuzz_ctx;

static int on_row(void *ctx, uint64_t run_id, off_t offset, size_t len, long line, cs_error *err)
{
    const fuzz_ctx *c = ctx;
    (void)err;
    if (run_id < 1 || offset < 0 || (size_t)offset + len > c->size || line < 1)
        abort();
    return CS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    char *copy = malloc(size);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    FILE *f = fmemopen(copy, size, "r");
    if (!f) {
        free(copy);
        return 0;
    }
    sweep_file sf;
    cs_error err;
    cs_error_clear(&err);
    fuzz_ctx c = {size, 0};
    int rc = sweep_file_read(f, "fuzz.csv", &sf, on_row, &c, &err);
    if (sf.good_end > sf.size || (off_t)size < sf.size)
        abort();
    if (rc == CS_OK && sf.header) {
        char what[600];
        if (sweep_definition_diff(&sf, &sf, 1, "itself", what, sizeof what) != 0)
            abort();
        sweep_meta_value(&sf, "# runs: ");
    } else if (rc != CS_OK && !err.text[0]) {
        abort();
    }
    sweep_file_free(&sf);
    fclose(f);
    free(copy);
    return 0;
}
