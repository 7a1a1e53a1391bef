/*
 * testutil.c - see testutil.h.
 *
 * Programs are started with posix_spawnp(). Their standard output and error go to anonymous
 * files (tmpfile(): no name, so nothing is left behind even when a test fails half-way),
 * read back once the program has ended; so a program may write any amount without a reader,
 * and the directories a test inspects hold only what the program itself made.
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void cs_test_assert_close(double a, double b, double rel, double abs, const char *what,
                          const char *file, int line)
{
    double tol = rel * fmax(fabs(a), fabs(b)) + abs;
    if (!(fabs(a - b) <= tol)) {
        print_error("%s: %.12g and %.12g differ by %.3g (allowed %.3g)\n", what, a, b, fabs(a - b),
                    tol);
        _fail(file, line);
    }
}

void cs_test_assert_between(double v, double lo, double hi, const char *what, const char *file,
                            int line)
{
    if (!(v >= lo && v <= hi)) {
        print_error("%s = %.6g is outside its bounds [%.6g, %.6g]\n", what, v, lo, hi);
        _fail(file, line);
    }
}

void cs_test_params(cs_params *p, const char *sets)
{
    cs_params_default(p);
    if (!sets)
        return;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", sets);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        *eq = '\0';
        cs_error e;
        cs_error_clear(&e);
        if (cs_params_set_text(p, tok, eq + 1, &e) != CS_OK) {
            print_error("setting %s: %s\n", tok, e.text);
            fail();
        }
    }
}

cs_test_run cs_test_run_params(const char *sets, double years, double every)
{
    cs_params p;
    cs_test_params(&p, sets);
    cs_error e;
    cs_error_clear(&e);
    assert_int_equal(cs_params_set(&p, "years", years, &e), CS_OK);
    assert_int_equal(cs_params_set(&p, "output_every_days", every, &e), CS_OK);
    cs_test_run r = {0};
    r.rows = cs_output_rows_alloc(0, &e);
    assert_non_null(r.rows);
    cs_sim *s = cs_sim_alloc(&p, &e);
    if (!s) {
        print_error("cs_sim_alloc(%s): %s\n", sets ? sets : "", e.text);
        fail();
    }
    int st = cs_sim_run(s, cs_output_rows_sink, r.rows, &e);
    if (st != CS_OK) {
        print_error("cs_sim_run(%s): %s\n", sets ? sets : "", e.text);
        fail();
    }
    r.stats = cs_sim_get_stats(s);
    cs_sim_free(&s);
    return r;
}

void cs_test_run_free(cs_test_run *r)
{
    cs_output_rows_free(&r->rows);
}

size_t cs_test_nrows(const cs_test_run *r)
{
    return cs_output_rows_count(r->rows);
}

double cs_test_at(const cs_test_run *r, long i, int col)
{
    size_t n = cs_output_rows_count(r->rows);
    size_t k = i < 0 ? (size_t)((long)n + i) : (size_t)i;
    assert_true(k < n);
    return cs_output_rows_at(r->rows, k)[col];
}

/* ---- running a program ---------------------------------------------------------------- */

extern char **environ;

/* Returns 1 when the environment entry e ("NAME=VALUE") has the name of one of the entries
 * of list, which are names or "NAME=VALUE" entries themselves. list may be NULL. */
static int names_one_of(const char *e, const char *const *list)
{
    size_t n = strcspn(e, "=");
    for (; list && *list; list++)
        if (strcspn(*list, "=") == n && strncmp(e, *list, n) == 0)
            return 1;
    return 0;
}

/* Counts the entries of a NULL-terminated list (NULL counts as empty). */
static size_t count_of(const char *const *list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

/* Builds the environment of cmd (see cs_test_cmd) into a new array; the strings are not
 * copied. */
static char **build_env(const cs_test_cmd *cmd)
{
    size_t n =
        count_of((const char *const *)environ) + count_of(cmd->env) + count_of(cmd->extra_env) + 1;
    char **envp = malloc(n * sizeof *envp);
    assert_non_null(envp);
    size_t k = 0;
    for (char **e = environ; *e; e++)
        if (!names_one_of(*e, cmd->unset) && !names_one_of(*e, cmd->env) &&
            !names_one_of(*e, cmd->extra_env))
            envp[k++] = *e;
    for (const char *const *e = cmd->env; e && *e; e++)
        if (!names_one_of(*e, cmd->extra_env))
            envp[k++] = (char *)*e;
    for (const char *const *e = cmd->extra_env; e && *e; e++)
        envp[k++] = (char *)*e;
    envp[k] = NULL;
    return envp;
}

/* Sends descriptor fd of the child to path (made or emptied), or, when path is NULL, to a
 * new anonymous file that *capture receives. Returns 0, or an errno value. */
static int redirect(posix_spawn_file_actions_t *fa, int fd, const char *path, FILE **capture)
{
    if (path)
        return posix_spawn_file_actions_addopen(fa, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    *capture = tmpfile();
    if (!*capture)
        return errno;
    int rc = posix_spawn_file_actions_adddup2(fa, fileno(*capture), fd);
    return rc ? rc : posix_spawn_file_actions_addclose(fa, fileno(*capture));
}

cs_test_proc cs_test_start(const cs_test_cmd *cmd)
{
    cs_test_proc p = {.pid = -1};
    const char *program = cmd->program ? cmd->program : CALCSIM_EXE;
    size_t nargs = count_of(cmd->args);
    char **argv = malloc((nargs + 2) * sizeof *argv);
    assert_non_null(argv);
    argv[0] = (char *)program;
    for (size_t i = 0; i < nargs; i++)
        argv[i + 1] = (char *)cmd->args[i];
    argv[nargs + 1] = NULL;
    char **envp = build_env(cmd);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    int rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (rc == 0)
        rc = redirect(&fa, 1, cmd->out_path, &p.out);
    if (rc == 0)
        rc = redirect(&fa, 2, cmd->err_path, &p.err);
    /* POSIX posix_spawn() has no working-directory action: change ours around the call. */
    int home = cmd->cwd ? open(".", O_RDONLY | O_DIRECTORY) : -1;
    if (rc == 0 && cmd->cwd && (home < 0 || chdir(cmd->cwd) != 0))
        rc = errno;
    if (rc == 0)
        rc = posix_spawnp(&p.pid, program, &fa, NULL, argv, envp);
    if (home >= 0) {
        if (fchdir(home) != 0)
            fail_msg("cannot return to the working directory: %s", strerror(errno));
        close(home);
    }
    posix_spawn_file_actions_destroy(&fa);
    free(envp);
    free(argv);
    if (rc != 0) {
        p.pid = -1;
        snprintf(p.why, sizeof p.why, "cannot start %s%s%s: %s", program, cmd->cwd ? " in " : "",
                 cmd->cwd ? cmd->cwd : "", strerror(rc));
    }
    return p;
}

/* Reads the rest of f into a new NUL-terminated buffer; *len (if not NULL) gets its size. */
static char *read_stream(FILE *f, const char *name, size_t *len)
{
    size_t cap = 65536, n = 0, got;
    char *s = malloc(cap);
    assert_non_null(s);
    while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    if (ferror(f))
        fail_msg("cannot read %s: %s", name, strerror(errno));
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

/* Returns what the capture file f holds (closing it), or "" when f is NULL. */
static char *collect(FILE *f, const char *name)
{
    if (!f) {
        char *s = calloc(1, 1);
        assert_non_null(s);
        return s;
    }
    rewind(f);
    char *s = read_stream(f, name, NULL);
    fclose(f);
    return s;
}

/* Waits for pid to end (killing it after timeout_s seconds when timeout_s > 0); returns its
 * wait status and sets *timed_out when it was killed. Fails the test when waitpid() does. */
static int wait_for(pid_t pid, int timeout_s, int *timed_out)
{
    int st = 0;
    struct timespec nap = {0, 10 * 1000 * 1000};
    for (long waited_ms = 0;; waited_ms += 10) {
        pid_t w = waitpid(pid, &st, timeout_s > 0 ? WNOHANG : 0);
        if (w == pid)
            return st;
        if (w < 0 && errno != EINTR)
            fail_msg("waitpid(%ld): %s", (long)pid, strerror(errno));
        if (w == 0 && waited_ms >= timeout_s * 1000L) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            *timed_out = 1;
            return st;
        }
        if (w == 0)
            nanosleep(&nap, NULL);
    }
}

cs_test_result cs_test_finish(cs_test_proc *p, int timeout_s)
{
    cs_test_result r = {.status = -1};
    if (p->pid >= 0) {
        int st = wait_for(p->pid, timeout_s, &r.timed_out);
        r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        r.signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    }
    r.out = collect(p->out, "the captured standard output");
    r.err = collect(p->err, "the captured standard error");
    if (p->pid < 0) {
        free(r.err);
        r.err = strdup(p->why);
        assert_non_null(r.err);
    }
    p->out = p->err = NULL;
    p->pid = -1;
    return r;
}

cs_test_result cs_test_exec(const cs_test_cmd *cmd)
{
    cs_test_proc p = cs_test_start(cmd);
    return cs_test_finish(&p, 0);
}

void cs_test_result_free(cs_test_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

void cs_test_assert_run_ok(const cs_test_result *r, const char *what, const char *file, int line)
{
    if (r->status != 0) {
        print_error("%s: exit status %d (signal %d); stderr:\n%s\n", what ? what : "the program",
                    r->status, r->signal, r->err);
        _fail(file, line);
    }
}

void cs_test_assert_error_line(const cs_test_result *r, int status, const char *text,
                               const char *what, const char *file, int line)
{
    const char *e = r->err;
    const char *why = NULL;
    if (r->status != status)
        why = "the exit status differs";
    else if (cs_test_count_lines(e) != 1 || e[strlen(e) - 1] != '\n')
        why = "standard error must be exactly one line";
    else if (strncmp(e, "calcsim: ", 9) != 0)
        why = "the error line must start with 'calcsim: '";
    else if (text && !strstr(e, text))
        why = "the error line lacks the expected text";
    else if (r->out[0])
        why = "standard output must be empty after an error";
    if (why) {
        print_error("%s%s%s\n  want: exit status %d, one line starting 'calcsim: '%s%s%s\n"
                    "  got:  exit status %d (signal %d), stderr:\n%s\n  stdout: %.300s\n",
                    what ? what : "", what ? "\n" : "", why, status, text ? " holding '" : "",
                    text ? text : "", text ? "'" : "", r->status, r->signal, e, r->out);
        _fail(file, line);
    }
}

/* ---- files and directories ------------------------------------------------------------- */

char *cs_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *s = read_stream(f, path, len);
    fclose(f);
    return s;
}

char *cs_test_slurp(const char *path)
{
    char *s = cs_test_read_file(path, NULL);
    if (!s)
        fail_msg("cannot open %s: %s", path, strerror(errno));
    return s;
}

int cs_test_de_locale(char *locpath, size_t n)
{
    int have = 0;
    locpath[0] = '\0';
    if (setlocale(LC_ALL, CS_TEST_DE_LOCALE)) {
        have = 1;
    } else if (cs_test_make_temp_dir(locpath, n, "calcsim-test-locale") == 0) {
        char out[600];
        snprintf(out, sizeof out, "%s/" CS_TEST_DE_LOCALE, locpath);
        cs_test_cmd localedef = {
            .program = "localedef",
            .args = (const char *const[]){"-i", "de_DE", "-f", "UTF-8", out, NULL},
            .out_path = "/dev/null",
            .err_path = "/dev/null",
        };
        cs_test_result r = cs_test_exec(&localedef);
        if (r.status == 0 && setenv("LOCPATH", locpath, 1) == 0)
            have = setlocale(LC_ALL, CS_TEST_DE_LOCALE) != NULL;
        cs_test_result_free(&r);
    }
    setlocale(LC_ALL, "C");
    return have;
}

int cs_test_make_temp_dir(char *buf, size_t n, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    int len = snprintf(buf, n, "%s/%s-XXXXXX", tmp && tmp[0] ? tmp : "/tmp", name);
    if (len < 0 || (size_t)len >= n) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdtemp(buf) ? 0 : -1;
}

void cs_test_empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            cs_test_remove_tree(path);
        else
            unlink(path);
    }
    closedir(d);
}

void cs_test_remove_tree(const char *dir)
{
    cs_test_empty_dir(dir);
    rmdir(dir);
}

const char *cs_test_list_dir(const char *dir, char *buf, size_t n)
{
    struct dirent **names;
    int k = scandir(dir, &names, NULL, alphasort);
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0 && used < n)
            used +=
                (size_t)snprintf(buf + used, n - used, "%s%s", used ? " " : "", names[i]->d_name);
        free(names[i]);
    }
    if (k >= 0)
        free(names);
    return buf;
}

int cs_test_count_lines(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '\n';
    if (*s && s[strlen(s) - 1] != '\n')
        n++;
    return n;
}
