/*
 * testutil.h - shared helpers for the cmocka suites: a relative-tolerance assertion
 * (Debian's cmocka 1.1.5 has no assert_double_equal), a runner that keeps a run's rows, and
 * what the suites that test the `calcsim` program from outside (test_cli, test_plot,
 * test_sweep, run_case) need: starting it with posix_spawn and capturing what it writes,
 * reading files, temporary directories, and the one-error-line contract of docs/cli.md.
 */
#ifndef CALCSIM_TESTUTIL_H
#define CALCSIM_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/types.h>

#include "calcsim/calcsim.h"
#include "calcsim/output.h"

/* Fails the test unless |a - b| <= rel * max(|a|, |b|) + abs; names what was compared. */
#define assert_close(a, b, rel, abs, what)                                                         \
    cs_test_assert_close((a), (b), (rel), (abs), (what), __FILE__, __LINE__)
void cs_test_assert_close(double a, double b, double rel, double abs, const char *what,
                          const char *file, int line);

/* Fails the test with a message unless lo <= v <= hi. */
#define assert_between(v, lo, hi, what)                                                            \
    cs_test_assert_between((v), (lo), (hi), (what), __FILE__, __LINE__)
void cs_test_assert_between(double v, double lo, double hi, const char *what, const char *file,
                            int line);

/* A finished run: its rows (CS_NOUTPUT columns each) and its statistics. */
typedef struct {
    cs_output_rows *rows;
    cs_sim_stats stats;
} cs_test_run;

/*
 * Runs the baseline defaults changed by sets, a space-separated "name=value ..." list
 * (may be NULL or empty), for years with a row every `every` days. Fails the test on any
 * error. Free with cs_test_run_free().
 */
cs_test_run cs_test_run_params(const char *sets, double years, double every);
void cs_test_run_free(cs_test_run *r);

/* Value of output column col in row i; i < 0 counts from the end (-1 = last row). */
double cs_test_at(const cs_test_run *r, long i, int col);
size_t cs_test_nrows(const cs_test_run *r);

/* Fills p with defaults changed by sets (as in cs_test_run_params). Fails the test on error. */
void cs_test_params(cs_params *p, const char *sets);

/* ---- running a program ---------------------------------------------------------------- */

/*
 * How to run a program. Zero it and fill in what differs from the defaults: the program is
 * CALCSIM_EXE, in this process's working directory and environment, with standard input
 * from /dev/null and standard output and error captured. The environment the program gets
 * is this process's minus the names in unset, env and extra_env, plus the entries of env
 * that extra_env does not name, plus those of extra_env.
 */
typedef struct {
    const char *program;          /* NULL: CALCSIM_EXE; a name without '/' is found in PATH */
    const char *const *args;      /* the arguments after argv[0], NULL-terminated; may be NULL */
    const char *cwd;              /* working directory; NULL: this process's */
    const char *const *unset;     /* variable names to remove, NULL-terminated; may be NULL */
    const char *const *env;       /* "NAME=VALUE" entries to set, NULL-terminated; may be NULL */
    const char *const *extra_env; /* more such entries, which win over env; may be NULL */
    const char *out_path;         /* stdout to this file (made or emptied); NULL: captured */
    const char *err_path;         /* stderr likewise */
} cs_test_cmd;

/* A started program; cs_test_finish() waits for it and frees the rest. */
typedef struct {
    pid_t pid;       /* -1 when it could not be started (why says why) */
    FILE *out, *err; /* the anonymous capture files, or NULL */
    char why[512];   /* why it could not be started */
} cs_test_proc;

/* What a finished program gave. Free with cs_test_result_free(). */
typedef struct {
    int status;    /* exit status, or -1 when it did not exit normally or did not start */
    int signal;    /* the signal that ended it, or 0 */
    int timed_out; /* 1 when it ran past the time limit and was killed (with SIGKILL) */
    char *out;     /* standard output, NUL-terminated; "" when not captured */
    char *err;     /* standard error likewise; when the program could not be started (status
                      -1, signal 0) the reason, "cannot start PROGRAM: ..." */
} cs_test_result;

/*
 * Starts cmd and returns at once. A program that cannot be started is not a test failure
 * here: p.pid is -1 and cs_test_finish() reports it in the result.
 */
cs_test_proc cs_test_start(const cs_test_cmd *cmd);

/*
 * Waits for p to end and collects what it captured. With timeout_s > 0, a program still
 * running after that many seconds is killed (SIGKILL) and timed_out set; 0 waits without a
 * limit. Fails the test only on a system error (waitpid(), reading a capture, memory).
 */
cs_test_result cs_test_finish(cs_test_proc *p, int timeout_s);

/* cs_test_start() then cs_test_finish() without a time limit. */
cs_test_result cs_test_exec(const cs_test_cmd *cmd);

/* Frees out and err and sets them to NULL. Accepts a result freed before. */
void cs_test_result_free(cs_test_result *r);

/* Fails the test unless r exited with status 0; what names the run in the message. */
#define assert_run_ok(r, what) cs_test_assert_run_ok((r), (what), __FILE__, __LINE__)
void cs_test_assert_run_ok(const cs_test_result *r, const char *what, const char *file, int line);

/*
 * Fails the test unless r failed as docs/cli.md promises: exit status status, exactly one
 * line on standard error, starting "calcsim: " and holding text (when not NULL), and
 * nothing on standard output. what (may be NULL) names the run in the message.
 */
#define assert_error_line(r, status, text, what)                                                   \
    cs_test_assert_error_line((r), (status), (text), (what), __FILE__, __LINE__)
void cs_test_assert_error_line(const cs_test_result *r, int status, const char *text,
                               const char *what, const char *file, int line);

/* ---- files and directories ------------------------------------------------------------- */

/*
 * Reads the whole file at path into a new NUL-terminated buffer; *len (when len is not
 * NULL) gets its size. Returns NULL when the file cannot be opened; fails the test when it
 * cannot be read or memory runs out.
 */
char *cs_test_read_file(const char *path, size_t *len);

/* As cs_test_read_file(), but fails the test when the file cannot be opened. */
char *cs_test_slurp(const char *path);

/*
 * Makes a private directory $TMPDIR/NAME-XXXXXX (/tmp when TMPDIR is unset or empty) and
 * puts its path in buf (size n). Returns 0, or -1 with errno set. Usable in group setups.
 */
int cs_test_make_temp_dir(char *buf, size_t n, const char *name);

/* Removes everything below dir (without following symbolic links), but not dir itself. */
void cs_test_empty_dir(const char *dir);

/* Removes dir and everything below it. */
void cs_test_remove_tree(const char *dir);

/* Puts the names in dir other than . and .., sorted and joined by spaces, in buf (size n);
 * returns buf ("" when dir cannot be read). */
const char *cs_test_list_dir(const char *dir, char *buf, size_t n);

/* ---- a comma-decimal locale ----------------------------------------------------------- */

/* The locale the locale tests use: its decimal separator is a comma. */
#define CS_TEST_DE_LOCALE "de_DE.UTF-8"

/*
 * Makes CS_TEST_DE_LOCALE usable by this process and the programs it starts. When the system
 * lacks it, compiles it with localedef into a new temporary directory, whose path goes into
 * locpath (size n; "" otherwise: remove it with cs_test_remove_tree() when not empty), and
 * sets LOCPATH to it. Returns 1 when setlocale(LC_ALL, CS_TEST_DE_LOCALE) works, else 0. The
 * process locale is "C" afterwards.
 */
int cs_test_de_locale(char *locpath, size_t n);

/* Counts the lines of s; a last line without '\n' counts too. */
int cs_test_count_lines(const char *s);

#endif
