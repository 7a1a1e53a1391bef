/* fuzz_tmpfile.h - a harness's temporary input file (fuzz_tmpfile.c). */
#ifndef CALCSIM_FUZZ_TMPFILE_H
#define CALCSIM_FUZZ_TMPFILE_H

#include <stddef.h>
#include <stdint.h>

/* Makes the file ($TMPDIR/calcsim-fuzz-TAG-XXXXXX), removed at exit; aborts on failure. */
void fuzz_tmpfile_init(const char *tag);

/* Writes data to the file and returns its path; aborts on failure. */
const char *fuzz_tmpfile_write(const uint8_t *data, size_t size);

#endif
