/*
 * fuzz_population.c - libFuzzer harness for cohort and trial files (cs_cohort_load() and
 * cs_trial_load(): the scenario loader with the [cohort]/[trial], [population],
 * [exposure.NAME], [inclusion], [control] and [treated] sections, the distribution parser
 * and the outcome and published-estimate parsers). The first byte chooses the loader; the
 * rest is the file. A loaded cohort also draws one person, so the distributions are used.
 * Seeds: models/cohorts, models/trials and the cohort/trial case folders. A crash, a
 * sanitizer report or an error without its message is a failure.
 */
#include "calcsim/calcsim.h"
#include "fuzz_tmpfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    cs_library_init();
    fuzz_tmpfile_init("population");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Seeds are whole files: a leading '[' of "[trial]" picks the trial loader. */
    int trial = size > 2 && memcmp(data, "[t", 2) == 0;
    if (!trial && size > 0 && data[0] == 'T') {
        trial = 1;
        data++, size--;
    }
    const char *path = fuzz_tmpfile_write(data, size);
    cs_error err;
    cs_error_clear(&err);
    int rc;
    if (trial) {
        cs_trial *t = malloc(sizeof *t);
        if (!t)
            return 0;
        rc = cs_trial_load(path, t, &err);
        free(t);
    } else {
        cs_cohort *c = malloc(sizeof *c);
        if (!c)
            return 0;
        rc = cs_cohort_load(path, c, &err);
        if (rc == CS_OK) {
            cs_person p;
            cs_error e2;
            cs_error_clear(&e2);
            int r2 = cs_population_draw(&c->pop, 1, 0, 0, &p, &e2);
            if (r2 != CS_OK && !e2.text[0])
                abort();
        }
        free(c);
    }
    if (rc != CS_OK && (err.code == CS_OK || !err.text[0]))
        abort(); /* an error without its message */
    return 0;
}
