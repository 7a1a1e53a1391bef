/*
 * run_case.c - runs one data-driven bad-input case against the calcsim program.
 *
 *   run_case CASE_DIR        (CASE_DIR is tests/cases/invalid/NAME/; see ../cases/README.md)
 *
 * A case folder holds `args` (one argument per line; @DIR@ becomes the case folder, @TMP@ a
 * fresh empty folder), `expected_error` (a substring of the error line), an optional
 * `expected_status` (default 2), an optional `env` (NAME=VALUE lines, with @DIR@ and @TMP@
 * substituted, added to the environment), an optional `timeout` (seconds the program may
 * take, default RC_TIMEOUT_S: a case that must be refused at once says so) and any data
 * files the arguments name. The program given by
 * CALCSIM_EXE is started with posix_spawn() (cs_test_start() of testutil.c), with
 * CALCSIM_MODELS set to the source models/, LC_ALL=C (so strerror() texts are stable),
 * standard input from /dev/null and the @TMP@ folder as its working directory. The case
 * passes when the program
 *   - exits normally with the expected status, within RC_TIMEOUT_S seconds;
 *   - writes exactly one line to standard error, "calcsim: ...", holding expected_error;
 *   - writes nothing to standard output;
 *   - leaves nothing behind in @TMP@ (no partial output file, in the working directory
 *     either).
 * Each case is one cmocka test named after its folder, so ctest reports it by name.
 */
#include "testutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RC_MAX_ARGS  64 /* most arguments a case may give */
#define RC_MAX_ENV   16 /* most entries an env file may give */
#define RC_TIMEOUT_S 60 /* a case that runs longer is killed and fails */

/* Returns a new copy of s with every @DIR@ replaced by dir and every @TMP@ by tmp. */
static char *rc_substitute(const char *s, const char *dir, const char *tmp)
{
    size_t cap = strlen(s) + 1, used = 0;
    for (const char *p = strchr(s, '@'); p; p = strchr(p + 1, '@'))
        cap += strlen(dir) + strlen(tmp);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    while (*s) {
        const char *rep = NULL;
        if (strncmp(s, "@DIR@", 5) == 0)
            rep = dir;
        else if (strncmp(s, "@TMP@", 5) == 0)
            rep = tmp;
        if (rep) {
            memcpy(out + used, rep, strlen(rep));
            used += strlen(rep);
            s += 5;
        } else {
            out[used++] = *s++;
        }
    }
    out[used] = '\0';
    return out;
}

/* Joins dir and name into buf (size PATH_MAX). */
static void rc_join(char *buf, const char *dir, const char *name)
{
    snprintf(buf, PATH_MAX, "%s/%s", dir, name);
}

/* The cmocka test: runs the case in folder *state and checks the result. */
static void rc_run_case(void **state)
{
    const char *dir = *state;
    char path[PATH_MAX];

    rc_join(path, dir, "args");
    char *args_text = cs_test_read_file(path, NULL);
    if (!args_text)
        fail_msg("%s: cannot read: %s", path, strerror(errno));
    rc_join(path, dir, "expected_error");
    char *expected = cs_test_read_file(path, NULL);
    if (!expected)
        fail_msg("%s: cannot read: %s", path, strerror(errno));
    expected[strcspn(expected, "\n")] = '\0';
    if (!expected[0])
        fail_msg("%s is empty: give the text the error line must contain", path);
    int want_status = 2;
    rc_join(path, dir, "expected_status");
    char *status_text = cs_test_read_file(path, NULL);
    if (status_text) {
        char *end;
        long v = strtol(status_text, &end, 10);
        if (end == status_text || v < 0 || v > 255)
            fail_msg("%s: not an exit status: '%s'", path, status_text);
        want_status = (int)v;
        free(status_text);
    }

    int timeout_s = RC_TIMEOUT_S;
    rc_join(path, dir, "timeout");
    char *timeout_text = cs_test_read_file(path, NULL);
    if (timeout_text) {
        char *end;
        long v = strtol(timeout_text, &end, 10);
        if (end == timeout_text || v < 1 || v > RC_TIMEOUT_S)
            fail_msg("%s: not a number of seconds from 1 to %d: '%s'", path, RC_TIMEOUT_S,
                     timeout_text);
        timeout_s = (int)v;
        free(timeout_text);
    }

    char tmp[PATH_MAX];
    if (cs_test_make_temp_dir(tmp, sizeof tmp, "calcsim-case") != 0)
        fail_msg("cannot make a temporary folder: %s", strerror(errno));

    /* Extra environment entries. */
    char *env[RC_MAX_ENV + 1];
    int nenv = 0;
    rc_join(path, dir, "env");
    char *env_text = cs_test_read_file(path, NULL);
    for (char *line = env_text ? strtok(env_text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        if (nenv == RC_MAX_ENV)
            fail_msg("%s: more than %d entries", path, RC_MAX_ENV);
        if (!strchr(line, '='))
            fail_msg("%s: '%s' is not NAME=VALUE", path, line);
        env[nenv] = rc_substitute(line, dir, tmp);
        assert_non_null(env[nenv]);
        nenv++;
    }
    env[nenv] = NULL;

    /* The arguments, and the case and command line for the messages. */
    char *argv[RC_MAX_ARGS + 1];
    char what[4096];
    size_t used = (size_t)snprintf(what, sizeof what, "case %s\ncommand: calcsim", dir);
    int argc = 0;
    for (char *line = strtok(args_text, "\n"); line; line = strtok(NULL, "\n")) {
        if (argc == RC_MAX_ARGS)
            fail_msg("%s/args: more than %d arguments", dir, RC_MAX_ARGS);
        argv[argc] = rc_substitute(line, dir, tmp);
        assert_non_null(argv[argc]);
        if (used < sizeof what)
            used += (size_t)snprintf(what + used, sizeof what - used, " %s", argv[argc]);
        argc++;
    }
    argv[argc] = NULL;

    cs_test_cmd cmd = {
        .args = (const char *const *)argv, .cwd = tmp, .extra_env = (const char *const *)env};
    cs_test_proc p = cs_test_start(&cmd);
    cs_test_result r = cs_test_finish(&p, timeout_s);
    char leftover[512];
    cs_test_list_dir(tmp, leftover, sizeof leftover);
    cs_test_remove_tree(tmp);

    if (r.timed_out)
        fail_msg("%s\nthe program ran longer than %d s", what, timeout_s);
    assert_error_line(&r, want_status, expected, what);
    if (leftover[0])
        fail_msg("%s\nfiles left behind in @TMP@: %.200s", what, leftover);

    for (int i = 0; i < argc; i++)
        free(argv[i]);
    for (int i = 0; i < nenv; i++)
        free(env[i]);
    free(env_text);
    cs_test_result_free(&r);
    free(args_text);
    free(expected);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: run_case CASE_DIR\n");
        return 2;
    }
    static char dir[PATH_MAX];
    char cwd[PATH_MAX] = "";
    if (argv[1][0] != '/' && !getcwd(cwd, sizeof cwd)) {
        fprintf(stderr, "run_case: cannot find the working directory: %s\n", strerror(errno));
        return 2;
    }
    snprintf(dir, sizeof dir, "%s%s%s", cwd, cwd[0] ? "/" : "", argv[1]);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "run_case: %s is not a case folder\n", dir);
        return 2;
    }
    const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
    if (setenv("CALCSIM_MODELS", CALCSIM_MODELS_DIR, 1) != 0 || setenv("LC_ALL", "C", 1) != 0) {
        fprintf(stderr, "run_case: cannot set the environment\n");
        return 2;
    }
    const struct CMUnitTest tests[] = {
        {.name = name, .test_func = rc_run_case, .initial_state = dir},
    };
    return cmocka_run_group_tests_name("invalid", tests, NULL, NULL);
}
