/*
 * gnuplot.c - finding and running gnuplot (see gnuplot.h).
 *
 * gnuplot is started with posix_spawn(), never through a shell, so no file name or title is
 * ever interpreted by one. Its standard error goes to a file that the caller names (inside
 * its private temporary directory), because gnuplot reports script errors there with the
 * script's file and line, and those lines are what a teacher who edited the plots/ scripts needs to
 * see. The PATH search is done here, before anything runs, so that a missing gnuplot is
 * reported (exit status 4, with the install command) before any simulation starts.
 */
#include "gnuplot.h"
#include "datadir.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CALCSIM_SOURCE_PLOTS_DIR
#define CALCSIM_SOURCE_PLOTS_DIR "plots"
#endif
#ifndef CALCSIM_INSTALL_PLOTS_DIR
#define CALCSIM_INSTALL_PLOTS_DIR "/usr/local/share/calcsim/plots"
#endif
#ifndef CALCSIM_PROGRAM_TO_PLOTS_DIR
#define CALCSIM_PROGRAM_TO_PLOTS_DIR "../share/calcsim/plots"
#endif

/* Most bytes of gnuplot's standard error kept, and most lines of it printed. */
#define GNUPLOT_ERR_MAX   65536
#define GNUPLOT_ERR_LINES 40

extern char **environ;

/* How to install gnuplot, for the message of exit status 4. */
#define GNUPLOT_INSTALL                                                                            \
    "install it (Debian/Ubuntu: sudo apt-get install gnuplot-nox; Fedora: sudo dnf install "       \
    "gnuplot; macOS: brew install gnuplot), or set " CLI_GNUPLOT_ENV " to the gnuplot program"

/* Returns 1 when path is an executable regular file. */
static int is_program(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Looks name up in $PATH (an empty entry means the current directory). Writes the path to
 * out and returns 1 when found. */
static int search_path(const char *name, char *out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        int w = len ? snprintf(out, n, "%.*s/%s", (int)len, p, name) : snprintf(out, n, "%s", name);
        if (w > 0 && (size_t)w < n && is_program(out))
            return 1;
        if (!end)
            return 0;
        p = end;
    }
}

int cli_gnuplot_find(char *out, size_t n, cs_error *err)
{
    const char *env = getenv(CLI_GNUPLOT_ENV);
    if (env && env[0]) {
        if (strchr(env, '/')) {
            if (is_program(env) && (size_t)snprintf(out, n, "%s", env) < n)
                return CS_OK;
        } else if (search_path(env, out, n)) {
            return CS_OK;
        }
        return cs_error_set(
            err, CS_EIO, NULL, 0, CLI_GNUPLOT_ENV,
            "gnuplot not found: %s=%s is not an executable program; " GNUPLOT_INSTALL,
            CLI_GNUPLOT_ENV, env);
    }
    if (search_path("gnuplot", out, n))
        return CS_OK;
    return cs_error_set(err, CS_EIO, NULL, 0, NULL,
                        "gnuplot not found: calcsim draws its figures with gnuplot, which is not "
                        "on PATH; " GNUPLOT_INSTALL);
}

/* Reads at most GNUPLOT_ERR_MAX bytes of the file at path into a new string (never NULL
 * unless memory runs out). */
static char *read_text(const char *path)
{
    char *s = malloc(GNUPLOT_ERR_MAX + 1);
    if (!s)
        return NULL;
    size_t got = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
        got = fread(s, 1, GNUPLOT_ERR_MAX, f);
        fclose(f);
    }
    s[got] = '\0';
    return s;
}

int cli_gnuplot_run(const char *program, char *const args[], const char *outpath,
                    const char *errpath, const sigset_t *sigmask, cli_gnuplot_result *r,
                    cs_error *err)
{
    char *argv[64];
    int na = 0;
    argv[na++] = (char *)program;
    for (; *args && na < 63; args++)
        argv[na++] = *args;
    argv[na] = NULL;
    r->exited = 0;
    r->status = -1;
    r->errors = NULL;

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (outpath)
        posix_spawn_file_actions_addopen(&fa, 1, outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    else
        posix_spawn_file_actions_adddup2(&fa, 2, 1);
    /* gnuplot gets the default action for the signals calcsim may block, and their mask. */
    sigset_t deflt;
    sigemptyset(&deflt);
    sigaddset(&deflt, SIGINT);
    sigaddset(&deflt, SIGTERM);
    sigaddset(&deflt, SIGHUP);
    sigaddset(&deflt, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &deflt);
    short flags = POSIX_SPAWN_SETSIGDEF;
    if (sigmask) {
        posix_spawnattr_setsigmask(&attr, sigmask);
        flags |= POSIX_SPAWN_SETSIGMASK;
    }
    posix_spawnattr_setflags(&attr, flags);

    fflush(stdout);
    pid_t pid;
    int rc = posix_spawn(&pid, program, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        r->errors = calloc(1, 1);
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot start gnuplot (%s): %s", program,
                            strerror(rc));
    }
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0) {
        if (errno != EINTR) {
            r->errors = calloc(1, 1);
            return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot wait for gnuplot: %s",
                                strerror(errno));
        }
    }
    r->exited = WIFEXITED(ws);
    r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : WIFSIGNALED(ws) ? WTERMSIG(ws) : -1;
    r->errors = read_text(errpath);
    if (r->exited && r->status == 0)
        return CS_OK;
    if (r->exited)
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "gnuplot failed (exit status %d)%s",
                            r->status,
                            r->errors && r->errors[0] ? "; its messages:" : " without a message");
    return cs_error_set(err, CS_EIO, NULL, 0, NULL, "gnuplot was stopped by signal %d%s", r->status,
                        r->errors && r->errors[0] ? "; its messages:" : "");
}

int cli_gnuplot_report(const cs_error *err, const cli_gnuplot_result *r)
{
    char buf[2048];
    cs_error_format(err, buf, sizeof buf);
    fprintf(stderr, "calcsim: %s\n", buf);
    int lines = 0;
    for (const char *p = r->errors; p && *p && lines < GNUPLOT_ERR_LINES; lines++) {
        size_t len = strcspn(p, "\n");
        if (len > 0)
            fprintf(stderr, "  %.*s\n", (int)len, p);
        else
            lines--;
        p += len + (p[len] == '\n');
    }
    return 1;
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_plots_dir(void)
{
    const char *env = getenv(CLI_PLOTS_ENV);
    if (env && env[0])
        return env;
    static char near[PATH_MAX];
    if (cli_dir_near_program(CALCSIM_PROGRAM_TO_PLOTS_DIR, near, sizeof near))
        return near;
    if (is_directory(CALCSIM_SOURCE_PLOTS_DIR))
        return CALCSIM_SOURCE_PLOTS_DIR;
    return CALCSIM_INSTALL_PLOTS_DIR;
}
