/*
 * figure.h - the mechanics of drawing a figure with gnuplot that `calcsim plot` (cmd_plot.c)
 * and `calcsim plot-sweep` (cmd_plot_sweep.c) share: a private temporary
 * work directory that receives the data, copies of the plots/ scripts and a driver
 * figure.gp; SIGINT, SIGTERM and SIGHUP blocked while it exists (gnuplot stays
 * interruptible), so an interrupt cannot leave it behind; gnuplot run on the driver (see
 * gnuplot.h); the figure copied beside -o FILE and renamed over it, so FILE is replaced only
 * by a complete figure.
 */
#ifndef CALCSIM_CLI_FIGURE_H
#define CALCSIM_CLI_FIGURE_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "calcsim/calcsim.h"

/* Longest path built for a figure. */
#define CLI_FIGURE_PATH_MAX 4096

/* One figure being drawn. Zero it, then cli_figure_begin(); always cli_figure_end(). */
typedef struct {
    char gnuplot[CLI_FIGURE_PATH_MAX]; /* the gnuplot program (cli_gnuplot_find()) */
    char work[CLI_FIGURE_PATH_MAX];    /* the private temporary directory, "" when none */
    sigset_t saved;                    /* the signal mask before blocking */
    int blocked;                       /* 1 while the stop signals are blocked */
} cli_figure;

/* Blocks the stop signals and makes the work directory. Returns CS_OK or CS_EIO. */
int cli_figure_begin(cli_figure *fig, cs_error *err);

/* Removes the work directory (files only) and restores the signal mask. Idempotent. */
void cli_figure_end(cli_figure *fig);

/* Joins dir and name into buf (CLI_FIGURE_PATH_MAX). Returns CS_OK or CS_EIO. */
int cli_figure_join(char *buf, const char *dir, const char *name, cs_error *err);

/* A cli_outfile_write_fn: copies the file whose path is ctx. */
int cli_figure_copy_fn(void *ctx, FILE *f, cs_error *err);

/* Copies the gnuplot scripts names (NULL-terminated) from the plots directory to dir. */
int cli_figure_copy_scripts(const char *dir, const char *const *names, cs_error *err);

/* Writes s as a gnuplot single-quoted string: ' doubled, control characters as spaces. */
void cli_figure_put_string(FILE *f, const char *s);

/*
 * Runs gnuplot on DIR/figure.gp of the work directory, drawing to out ("-": text on
 * standard output, sized to the terminal). On failure prints the error with gnuplot's
 * messages and returns the exit status (1); gnuplot's warnings on success are shown too.
 */
int cli_figure_draw(cli_figure *fig, const char *out);

/* Draws the figure in format ("png", "svg", "pdf") into the work directory and copies it to
 * path atomically. Returns the exit status. */
int cli_figure_draw_file(cli_figure *fig, const char *format, const char *path);

/* Returns the format of path from its extension (.png, .svg, .pdf, any case), or NULL. */
const char *cli_figure_format(const char *path);

#endif
