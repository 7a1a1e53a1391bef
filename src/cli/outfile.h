/*
 * outfile.h - writing an output file safely, for every command that writes one (run, plot,
 * plot-sweep, sweep, sweep-merge, and the files of figure.c).
 *
 * Two rules shape it. A typo in -o FILE must fail before any work, not after an hour of
 * runs: cli_outfile_check() looks at FILE's directory first. And FILE must never be left
 * half-written: cli_outfile_write() writes a temporary file beside it and renames it over
 * FILE only when complete, so readers see the old file or the new one, never a part.
 * An existing device or pipe (-o /dev/null, a FIFO) is the exception: it is written in
 * place, because renaming over it would replace the device node with a regular file.
 */
#ifndef CALCSIM_CLI_OUTFILE_H
#define CALCSIM_CLI_OUTFILE_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "calcsim/calcsim.h"

/* Longest path cli_outfile_check() accepts, with room for the temporary file's name. */
#define CLI_OUTFILE_PATH_MAX 4096

/*
 * Checks before any work that path can be written: its directory exists, is a directory
 * and is writable, and path is not a directory. option ("-o", "--keep") names the option in
 * messages. Returns CS_OK or CS_EUSAGE.
 */
int cli_outfile_check(const char *path, const char *option, cs_error *err);

/* Writes the contents of a file to f; returns CS_OK or an error with err filled. */
typedef int (*cli_outfile_write_fn)(void *ctx, FILE *f, cs_error *err);

/*
 * Writes path atomically: fn writes to a temporary file .NAME.XXXXXX in path's directory,
 * which gets mode (see cli_outfile_mode()), is flushed (and fsync'ed when durable) and
 * renamed to path. On failure the temporary file is removed and path is left as it was.
 * Safe to call from several threads for different paths; it does not block signals (see
 * cli_outfile_block_signals()). Returns CS_OK, CS_EIO (err names path) or what fn returned.
 */
int cli_outfile_write(const char *path, mode_t mode, int durable, cli_outfile_write_fn fn,
                      void *ctx, cs_error *err);

/* One file of cli_outfile_write_set(): path NULL means standard output. */
typedef struct {
    const char *path;
    cli_outfile_write_fn fn;
    void *ctx;
} cli_outfile_part;

/*
 * Writes n files as one: all or none. Each regular file (or new path) is written to its own
 * temporary file as cli_outfile_write() does; a device or FIFO, and standard output (path
 * NULL), are written in place, in the order given. Only when every part is complete are the
 * temporary files renamed to their paths, in order; on any failure every temporary file is
 * removed, so no path changes (and should a rename itself fail, the files this call already
 * renamed are removed too, so a CSV never stands beside the metadata of another run). Put
 * in-place parts last: what they received cannot be taken back. Returns CS_OK, CS_EIO (err
 * names the path) or what a fn returned.
 */
int cli_outfile_write_set(const cli_outfile_part *parts, int n, mode_t mode, int durable,
                          cs_error *err);

/* The mode of new files: 0666 minus the umask. Not thread-safe (it sets the umask back). */
mode_t cli_outfile_mode(void);

/*
 * Blocks SIGINT, SIGTERM and SIGHUP in this thread, saving the previous mask in saved, so
 * that an interrupt cannot leave a temporary file behind; restore the mask with
 * sigprocmask(SIG_SETMASK, saved, NULL) once the temporary files are gone, and a pending
 * signal is delivered then.
 */
void cli_outfile_block_signals(sigset_t *saved);

/*
 * Refuses an output path that is the same file as one of the n inputs (the same device and
 * inode: a hard link, a symbolic link or another spelling of the path counts), so that
 * `calcsim run s.ini -o s.ini` cannot overwrite what it reads. A path that does not exist
 * yet, or an input that cannot be looked up, is no conflict. option ("-o") names the option
 * in the message. Every command that writes a file calls it once its inputs are known.
 * Returns CS_OK or CS_EUSAGE.
 */
int cli_outfile_not_input(const char *path, const char *option, const char *const *inputs, int n,
                          cs_error *err);

/*
 * Returns 1 when the output paths a and b name one file: the same text, the same existing
 * file (device and inode), or, for paths that do not exist yet, the same name in the same
 * directory (compared after resolving the directories). Two outputs of one command (-o and
 * --meta) must differ.
 */
int cli_outfile_same(const char *a, const char *b);

/*
 * Checks an input file before it is opened: a directory is refused, and so is anything that
 * is not a regular file unless streams (a pipe, a FIFO, /dev/stdin) are allowed, so that no
 * open can block on a FIFO without a writer. A path that cannot be looked up is left to the
 * open, which names the reason. Returns CS_OK or CS_EUSAGE (err names path).
 */
int cli_input_check(const char *path, int allow_streams, cs_error *err);

/* Returns 1 when path exists and is not a regular file or directory (a device, a FIFO, a
 * socket): such an output is written in place, never replaced, truncated or locked. */
int cli_outfile_is_stream(const char *path);

/*
 * Opens path for writing with open(2) flags, with SIGINT, SIGTERM and SIGHUP unblocked for
 * the duration of the open: opening a FIFO waits for a reader, and a user must be able to
 * stop that wait. Use only while no temporary file exists. Returns the descriptor, or -1
 * with errno set.
 */
int cli_outfile_open_stream(const char *path, int flags);

#endif
