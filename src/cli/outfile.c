/* outfile.c - see outfile.h. */
#if !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* realpath() */
#endif
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_outfile_check(const char *path, const char *option, cs_error *err)
{
    char dir[CLI_OUTFILE_PATH_MAX];
    struct stat st;
    size_t len = strlen(path);
    if (len == 0 || len + 32 >= sizeof dir)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, option, "%s: the path is empty or too long",
                            option);
    if (path[len - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
        return cs_error_set(err, CS_EUSAGE, path, 0, option, "%s names a directory; give a file",
                            option);
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* A device or pipe (/dev/null, a FIFO) is written in place: only it must be writable. */
        if (access(path, W_OK) != 0)
            return cs_error_set(err, CS_EUSAGE, path, 0, option, "cannot write %s %s: %s", option,
                                path, strerror(errno));
        return CS_OK;
    }
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (stat(dir, &st) != 0)
        return cs_error_set(err, CS_EUSAGE, dir, 0, option,
                            "cannot write %s %s: the directory does not exist", option, path);
    if (!S_ISDIR(st.st_mode))
        return cs_error_set(err, CS_EUSAGE, dir, 0, option, "cannot write %s %s: not a directory",
                            option, path);
    if (access(dir, W_OK | X_OK) != 0)
        return cs_error_set(err, CS_EUSAGE, dir, 0, option,
                            "cannot write %s %s: the directory is not writable", option, path);
    return CS_OK;
}

/* Writes to an existing device or pipe in place: there is no file to replace atomically,
 * and renaming a temporary file over /dev/null would destroy the device node. */
static int write_in_place(const char *path, cli_outfile_write_fn fn, void *ctx, cs_error *err)
{
    cs_error werr;
    cs_error_clear(&werr);
    int fd = cli_outfile_open_stream(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot open: %s", strerror(e));
    }
    int rc = fn(ctx, f, &werr);
    if (rc == CS_OK && fflush(f) != 0)
        rc = cs_error_set(&werr, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
    if (fclose(f) != 0 && rc == CS_OK)
        rc = cs_error_set(&werr, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
    if (rc != CS_OK)
        cs_error_set(err, rc, werr.file[0] ? werr.file : path, werr.line, NULL, "%s", werr.text);
    return rc;
}

/*
 * Writes what fn writes to a new temporary file .NAME.XXXXXX beside path (its name into tmp,
 * size n) with mode, flushed, and synced to disk when durable. *made says whether tmp
 * exists: the caller renames or removes it. Returns CS_OK or an error in werr.
 */
static int write_temporary(const char *path, char *tmp, size_t n, mode_t mode, int durable,
                           cli_outfile_write_fn fn, void *ctx, int *made, cs_error *werr)
{
    *made = 0;
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    int len = snprintf(tmp, n, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
    if (len < 0 || (size_t)len >= n)
        return cs_error_set(werr, CS_EIO, NULL, 0, NULL, "the path is too long");
    int fd = mkstemp(tmp);
    if (fd < 0)
        return cs_error_set(werr, CS_EIO, NULL, 0, NULL, "cannot create a temporary file: %s",
                            strerror(errno));
    *made = 1;
    FILE *f = NULL;
    if (fchmod(fd, mode) != 0 || !(f = fdopen(fd, "w"))) {
        int rc = cs_error_set(werr, CS_EIO, NULL, 0, NULL, "cannot open a temporary file: %s",
                              strerror(errno));
        close(fd);
        return rc;
    }
    int rc = fn(ctx, f, werr);
    if (rc == CS_OK && fflush(f) != 0)
        rc = cs_error_set(werr, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
    if (rc == CS_OK && durable && fsync(fileno(f)) != 0)
        rc = cs_error_set(werr, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
    if (fclose(f) != 0 && rc == CS_OK)
        rc = cs_error_set(werr, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
    return rc;
}

int cli_outfile_write(const char *path, mode_t mode, int durable, cli_outfile_write_fn fn,
                      void *ctx, cs_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return write_in_place(path, fn, ctx, err);
    char tmp[CLI_OUTFILE_PATH_MAX];
    int made;
    cs_error werr;
    cs_error_clear(&werr);
    int rc = write_temporary(path, tmp, sizeof tmp, mode, durable, fn, ctx, &made, &werr);
    if (rc == CS_OK && rename(tmp, path) != 0)
        rc = cs_error_set(&werr, CS_EIO, NULL, 0, NULL, "cannot rename %s to it: %s", tmp,
                          strerror(errno));
    if (rc != CS_OK) {
        if (made)
            unlink(tmp);
        /* An error fn met in one of its inputs names that input, not path. */
        cs_error_set(err, rc, werr.file[0] ? werr.file : path, werr.line, NULL, "%s", werr.text);
    }
    return rc;
}

/* The most parts cli_outfile_write_set() takes. */
#define OUTFILE_SET_MAX 4

int cli_outfile_write_set(const cli_outfile_part *parts, int n, mode_t mode, int durable,
                          cs_error *err)
{
    char tmp[OUTFILE_SET_MAX][CLI_OUTFILE_PATH_MAX];
    int have_tmp[OUTFILE_SET_MAX] = {0};
    cs_error werr;
    cs_error_clear(&werr);
    const char *at = NULL; /* the path of the part that failed */
    int rc = CS_OK;
    if (n < 0 || n > OUTFILE_SET_MAX)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cli_outfile_write_set: bad count");
    for (int i = 0; i < n && rc == CS_OK; i++) {
        const char *path = parts[i].path;
        at = path;
        if (!path) {
            rc = parts[i].fn(parts[i].ctx, stdout, &werr);
            if (rc == CS_OK && fflush(stdout) != 0)
                rc = cs_error_set(&werr, CS_EIO, NULL, 0, NULL,
                                  "cannot write to standard output: %s", strerror(errno));
            continue;
        }
        if (cli_outfile_is_stream(path)) {
            rc = write_in_place(path, parts[i].fn, parts[i].ctx, &werr);
            continue;
        }
        rc = write_temporary(path, tmp[i], sizeof tmp[i], mode, durable, parts[i].fn, parts[i].ctx,
                             &have_tmp[i], &werr);
    }
    int renamed = 0; /* parts[0 .. renamed-1] are in place */
    while (rc == CS_OK && renamed < n) {
        if (have_tmp[renamed]) {
            at = parts[renamed].path;
            if (rename(tmp[renamed], at) != 0) {
                rc = cs_error_set(&werr, CS_EIO, NULL, 0, NULL, "cannot rename %s to it: %s",
                                  tmp[renamed], strerror(errno));
                break;
            }
            have_tmp[renamed] = 0;
        }
        renamed++;
    }
    if (rc != CS_OK) {
        for (int i = 0; i < n; i++)
            if (have_tmp[i])
                unlink(tmp[i]);
        for (int i = 0; i < renamed; i++) /* a rename failed: no half of a pair stays */
            if (parts[i].path && !cli_outfile_is_stream(parts[i].path))
                unlink(parts[i].path);
        const char *name = werr.file[0] ? werr.file : at;
        cs_error_set(err, rc, name ? name : "", werr.line, NULL, "%s", werr.text);
    }
    return rc;
}

mode_t cli_outfile_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

void cli_outfile_block_signals(sigset_t *saved)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, saved);
}

int cli_outfile_not_input(const char *path, const char *option, const char *const *inputs, int n,
                          cs_error *err)
{
    struct stat out, in;
    if (!path || stat(path, &out) != 0)
        return CS_OK;
    for (int i = 0; i < n; i++)
        if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino)
            return cs_error_set(err, CS_EUSAGE, path, 0, option,
                                "%s %s is the same file as the input %s; writing it would destroy "
                                "the input: give another output name",
                                option, path, inputs[i]);
    return CS_OK;
}

/* Resolves path's directory (realpath) and appends its last component into out
 * (size PATH_MAX); returns 0, or -1 when the directory cannot be resolved. */
static int resolve_parent(const char *path, char *out)
{
    char dir[CLI_OUTFILE_PATH_MAX], real[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (!realpath(dir, real))
        return -1;
    int n = snprintf(out, PATH_MAX, "%s/%s", real, base);
    return n < 0 || n >= PATH_MAX ? -1 : 0;
}

int cli_outfile_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b)
        return 0;
    if (strcmp(a, b) == 0)
        return 1;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ra[PATH_MAX], rb[PATH_MAX];
    return resolve_parent(a, ra) == 0 && resolve_parent(b, rb) == 0 && strcmp(ra, rb) == 0;
}

int cli_input_check(const char *path, int allow_streams, cs_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return CS_OK;
    if (S_ISDIR(st.st_mode))
        return cs_error_set(err, CS_EUSAGE, path, 0, NULL, "is a directory; give a file");
    if (!S_ISREG(st.st_mode) && !allow_streams)
        return cs_error_set(err, CS_EUSAGE, path, 0, NULL,
                            "not a regular file (a pipe, socket or device); give a file");
    return CS_OK;
}

int cli_outfile_is_stream(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int cli_outfile_open_stream(const char *path, int flags)
{
    sigset_t stop, saved;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &stop, &saved);
    int fd;
    do
        fd = open(path, flags);
    while (fd < 0 && errno == EINTR);
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    errno = e;
    return fd;
}
