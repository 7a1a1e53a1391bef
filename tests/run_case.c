/*
 * run_case.c - runs one data-driven bad-input case against the calcsim program.
 *
 *   run_case CASE_DIR        (CASE_DIR is tests/cases/invalid/NAME/; see ../cases/README.md)
 *
 * A case folder holds `args` (one argument per line; @DIR@ becomes the case folder, @TMP@ a
 * fresh empty folder), `expected_error` (a substring of the error line), an optional
 * `expected_status` (default 2) and any data files the arguments name. The program given by
 * CALCSIM_EXE is started with posix_spawn(), with CALCSIM_MODELS set to the source models/,
 * LC_ALL=C (so strerror() texts are stable), standard input from /dev/null and the @TMP@
 * folder as its working directory. The case passes when the program
 *   - exits normally with the expected status, within RC_TIMEOUT_S seconds;
 *   - writes exactly one line to standard error, "calcsim: ...", holding expected_error;
 *   - writes nothing to standard output;
 *   - leaves nothing behind in @TMP@ (no partial output file, in the working directory
 *     either).
 * Each case is one cmocka test named after its folder, so ctest reports it by name.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define RC_MAX_ARGS  64    /* most arguments a case may give */
#define RC_TIMEOUT_S 60    /* a case that runs longer is killed and fails */
#define RC_MAX_BYTES 65536 /* most bytes read from one file */

/* What one run of the program gave. */
typedef struct {
    int exited;         /* 1 when it exited normally */
    int status;         /* its exit status, or the signal that ended it */
    int timed_out;      /* 1 when it was killed after RC_TIMEOUT_S */
    char *out, *err;    /* captured standard output and error (NUL-terminated) */
    char leftover[512]; /* names found in @TMP@ afterwards, comma-separated */
} rc_result;

/*
 * Reads the file at path into a new NUL-terminated buffer (at most RC_MAX_BYTES bytes).
 * Returns NULL when the file cannot be opened.
 */
static char *rc_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(RC_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, RC_MAX_BYTES, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

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

/*
 * Removes everything in dir (one level; sub-folders are removed if empty), noting the names
 * in list (size n, comma-separated), then removes dir itself.
 */
static void rc_clear_dir(const char *dir, char *list, size_t n)
{
    DIR *d = opendir(dir);
    if (list && n)
        list[0] = '\0';
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char path[PATH_MAX];
            rc_join(path, dir, de->d_name);
            if (unlink(path) != 0)
                rmdir(path);
            if (list) {
                size_t used = strlen(list);
                snprintf(list + used, n - used, "%s%s", used ? ", " : "", de->d_name);
            }
        }
        closedir(d);
    }
    rmdir(dir);
}

/*
 * Starts CALCSIM_EXE with argv (argv[0] set here) in working directory cwd, stdout and
 * stderr to files in cap, and waits for it. Fills r; returns 0, or -1 when the program could
 * not be started (errno kept in r->status).
 */
static int rc_spawn(char **argv, const char *cwd, const char *cap, rc_result *r)
{
    char out_path[PATH_MAX], err_path[PATH_MAX];
    rc_join(out_path, cap, "stdout");
    rc_join(err_path, cap, "stderr");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    /* POSIX posix_spawn() has no working-directory action: change ours around the call. */
    int home = open(".", O_RDONLY | O_DIRECTORY);
    pid_t pid = 0;
    int rc = chdir(cwd) == 0 ? posix_spawn(&pid, CALCSIM_EXE, &fa, NULL, argv, environ) : errno;
    if (home >= 0) {
        if (fchdir(home) != 0)
            rc = rc ? rc : errno;
        close(home);
    }
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        r->status = rc;
        return -1;
    }

    int st = 0;
    struct timespec nap = {0, 10 * 1000 * 1000};
    for (long waited_ms = 0;; waited_ms += 10) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (waited_ms >= RC_TIMEOUT_S * 1000L) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            r->timed_out = 1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    r->exited = WIFEXITED(st);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? WTERMSIG(st) : -1;
    r->out = rc_read(out_path);
    r->err = rc_read(err_path);
    return 0;
}

/* Counts the occurrences of c in s. */
static int rc_count(const char *s, char c)
{
    int n = 0;
    for (; s && *s; s++)
        n += *s == c;
    return n;
}

/* The cmocka test: runs the case in folder *state and checks the result. */
static void rc_run_case(void **state)
{
    const char *dir = *state;
    char path[PATH_MAX];

    rc_join(path, dir, "args");
    char *args_text = rc_read(path);
    if (!args_text)
        fail_msg("%s: cannot read: %s", path, strerror(errno));
    rc_join(path, dir, "expected_error");
    char *expected = rc_read(path);
    if (!expected)
        fail_msg("%s: cannot read: %s", path, strerror(errno));
    expected[strcspn(expected, "\n")] = '\0';
    if (!expected[0])
        fail_msg("%s is empty: give the text the error line must contain", path);
    int want_status = 2;
    rc_join(path, dir, "expected_status");
    char *status_text = rc_read(path);
    if (status_text) {
        char *end;
        long v = strtol(status_text, &end, 10);
        if (end == status_text || v < 0 || v > 255)
            fail_msg("%s: not an exit status: '%s'", path, status_text);
        want_status = (int)v;
        free(status_text);
    }

    char tmp[] = "/tmp/calcsim_case_XXXXXX", cap[] = "/tmp/calcsim_capture_XXXXXX";
    if (!mkdtemp(tmp) || !mkdtemp(cap))
        fail_msg("cannot make a temporary folder: %s", strerror(errno));

    char *argv[RC_MAX_ARGS + 2] = {CALCSIM_EXE};
    int argc = 1;
    for (char *line = strtok(args_text, "\n"); line; line = strtok(NULL, "\n")) {
        if (argc > RC_MAX_ARGS)
            fail_msg("%s/args: more than %d arguments", dir, RC_MAX_ARGS);
        argv[argc] = rc_substitute(line, dir, tmp);
        assert_non_null(argv[argc]);
        argc++;
    }
    argv[argc] = NULL;

    rc_result r;
    memset(&r, 0, sizeof r);
    int spawned = rc_spawn(argv, tmp, cap, &r);
    rc_clear_dir(tmp, r.leftover, sizeof r.leftover);
    rc_clear_dir(cap, NULL, 0);

    char why[256] = "";
    if (spawned != 0)
        snprintf(why, sizeof why, "cannot start %s: %s", CALCSIM_EXE, strerror(r.status));
    else if (r.timed_out)
        snprintf(why, sizeof why, "the program ran longer than %d s", RC_TIMEOUT_S);
    else if (!r.exited)
        snprintf(why, sizeof why, "the program was killed by signal %d", r.status);
    else if (r.status != want_status)
        snprintf(why, sizeof why, "exit status %d, expected %d", r.status, want_status);
    else if (!r.err || rc_count(r.err, '\n') != 1 || r.err[strlen(r.err) - 1] != '\n')
        snprintf(why, sizeof why, "standard error must be exactly one line");
    else if (strncmp(r.err, "calcsim: ", 9) != 0)
        snprintf(why, sizeof why, "the error line must start with 'calcsim: '");
    else if (!strstr(r.err, expected))
        snprintf(why, sizeof why, "the error line does not contain the expected text");
    else if (r.out && r.out[0])
        snprintf(why, sizeof why, "standard output must be empty after an error");
    else if (r.leftover[0])
        snprintf(why, sizeof why, "files left behind in @TMP@: %.200s", r.leftover);
    if (why[0]) {
        print_error("case     %s\ncommand ", dir);
        for (int i = 0; i < argc; i++)
            print_error(" %s", argv[i]);
        print_error("\nexpected status %d, error containing: %s\n", want_status, expected);
        print_error("got      %s %d\nstderr   %s", r.exited ? "status" : "signal", r.status,
                    r.err && r.err[0] ? r.err : "(empty)\n");
        print_error("stdout   %.300s\n", r.out && r.out[0] ? r.out : "(empty)");
        fail_msg("%s", why);
    }

    for (int i = 1; i < argc; i++)
        free(argv[i]);
    free(r.out);
    free(r.err);
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
