/*
 * gnuplot.h - running gnuplot, the external program that draws calcsim's figures, and
 * finding the gnuplot scripts in plots/.
 *
 * calcsim never links a plotting library: it writes CSV files and a small gnuplot script,
 * then runs gnuplot (posix_spawn) on them. These helpers find the program, run it with its
 * standard error captured, and print that error text when it fails. They are shared by the
 * commands that draw (`calcsim plot`, and figures of sweeps).
 */
#ifndef CALCSIM_CLI_GNUPLOT_H
#define CALCSIM_CLI_GNUPLOT_H

#include <signal.h>
#include <stddef.h>

#include "calcsim/calcsim.h"

/* The environment variable that names the gnuplot program (a path, or a name in PATH). */
#define CLI_GNUPLOT_ENV "CALCSIM_GNUPLOT"
/* The environment variable that names the directory of the gnuplot scripts. */
#define CLI_PLOTS_ENV "CALCSIM_PLOTS"

/*
 * Finds the gnuplot program: $CALCSIM_GNUPLOT when it is set and not empty (a path when it
 * holds a '/', else a name looked up in PATH), otherwise "gnuplot" in PATH. Writes the path
 * of an executable regular file to out (size n). Returns CS_OK, or CS_EIO with err saying
 * how to install gnuplot (the caller exits with status 4).
 */
int cli_gnuplot_find(char *out, size_t n, cs_error *err);

/* How a gnuplot run ended. */
typedef struct {
    int exited;   /* 1 when gnuplot exited normally */
    int status;   /* its exit status, or the signal that ended it */
    char *errors; /* what it wrote on standard error (NUL-terminated, malloc'ed; may be "") */
} cli_gnuplot_result;

/*
 * Runs program with args (argv[1..], NULL-terminated) and waits for it. Standard input is
 * /dev/null; standard output goes to the file outpath (created or truncated) when it is not
 * NULL, so that the caller can copy it and see a failed write (a full disk, a closed pipe),
 * else it joins standard error, which is captured in the file errpath (created or
 * truncated) and returned in r->errors.
 * The child starts with the signal mask sigmask (the caller may block signals in calcsim
 * while temporary files exist; gnuplot must still be interruptible). Returns CS_OK when
 * gnuplot exited with status 0; CS_EIO when it could not be started, failed or was killed
 * (r tells which; err holds one line). Free r->errors with free() in every case.
 */
int cli_gnuplot_run(const char *program, char *const args[], const char *outpath,
                    const char *errpath, const sigset_t *sigmask, cli_gnuplot_result *r,
                    cs_error *err);

/*
 * Prints a failed run on stderr: err's line ("calcsim: gnuplot failed ...") and, below it,
 * gnuplot's own messages, each line indented by two spaces (at most 40 lines). Returns 1,
 * the exit status for a gnuplot failure.
 */
int cli_gnuplot_report(const cs_error *err, const cli_gnuplot_result *r);

/*
 * Returns the directory of the gnuplot scripts: $CALCSIM_PLOTS if set and not empty, else
 * ../share/calcsim/plots next to the program if it exists (an installed or unpacked copy,
 * datadir.h), else the source tree's plots/ if it exists (running from the build tree), else
 * the configured install directory.
 */
const char *cli_plots_dir(void);

#endif
