/*
 * fuzz_scenario.c - libFuzzer harness for the scenario loader (cs_scenario_load(): the size
 * and encoding checks, libinih, the [scenario] and [parameters] sections, every value
 * through the C-locale number parser and the range checks).
 *
 * The loader reads a path, so each input is written to one temporary file (made once per
 * process, rewritten per input) and loaded from there. Seeds: models/ and the case folders
 * of tests/cases/invalid/ (tests/fuzz/CMakeLists.txt). A crash, a sanitizer report or a leak
 * is a failure; any return code is fine, but an error must come with a text.
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
    fuzz_tmpfile_init("scenario");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmpfile_write(data, size);
    cs_scenario *sc = malloc(sizeof *sc);
    if (!sc)
        return 0;
    cs_error err;
    cs_error_clear(&err);
    int rc = cs_scenario_load(path, sc, &err);
    if (rc != CS_OK && (err.code == CS_OK || !err.text[0]))
        abort(); /* an error without its message */
    if (rc == CS_OK && cs_params_check(&sc->params, &err) == CS_OK && sc->title[0] == '\0')
        abort(); /* a loaded scenario always has its title */
    free(sc);
    return 0;
}
