/*
 * figure.h - the mechanics of drawing a figure with gnuplot that `calcsim plot` (cmd_plot.c)
 * and `calcsim plot-sweep` (cmd_plot_sweep.c) share: a private temporary
 * work directory that receives the data, copies of the plots/ scripts and a driver
 * figure.gp; SIGINT, SIGTERM and SIGHUP blocked while it exists (gnuplot stays
 * interruptible), so an interrupt cannot leave it behind; gnuplot run on the driver (see
 * gnuplot.h); the figure copied beside -o FILE and renamed over it, so FILE is replaced only
 * by a complete figure (cli_figure_render() runs these steps in order). Also what the two
 * commands' options and drivers have in common: -o, --keep, --term and --quiet, and the
 * gnuplot assignments and the `here`/`out` lines of figure.gp.
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
    /* The size gnuplot is given as cs_size = 'W H' (see cli_figure_draw()); 0 x 0: none. */
    int file_w, file_h; /* the file's, in pixels (--size for -o) */
    int text_w, text_h; /* the text drawing's, in characters (--term) */
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
 * standard output). The text drawing is fig->text_w x text_h characters when set (given to
 * gnuplot as cs_size and cs_term_size), else sized to the terminal; a file is given
 * cs_size = 'file_w file_h' when set. On failure prints the error with gnuplot's messages
 * and returns the exit status (1); gnuplot's warnings on success are shown too.
 */
int cli_figure_draw(cli_figure *fig, const char *out);

/* Draws the figure in format ("png", "svg", "pdf") into the work directory and copies it to
 * path atomically. Returns the exit status. */
int cli_figure_draw_file(cli_figure *fig, const char *format, const char *path);

/* Returns the format of path from its extension (.png, .svg, .pdf, any case), or NULL. */
const char *cli_figure_format(const char *path);

/* Sets *format to the format of -o path (cli_figure_format()); returns CS_OK, or CS_EUSAGE
 * when the extension is none of them. */
int cli_figure_output_format(const char *path, const char **format, cs_error *err);

/*
 * The options every figure command has. Make it the first member of the command's argument
 * struct: the handlers below take that struct as their ctx (a pointer to a struct is a
 * pointer to its first member), so the option tables can name them directly.
 */
typedef struct {
    const char *output; /* -o FILE, or NULL */
    const char *keep;   /* --keep DIR, or NULL */
    int term;           /* --term */
    int quiet;          /* --quiet */
    int size_w, size_h; /* --size WxH (cli_figure_opt_size()), 0 x 0 when not given */
} cli_figure_args;

/* Checks --keep DIR before any work: an existing writable directory, or one that can be made
 * (its parent exists and is writable); a trailing slash is allowed. Makes nothing yet.
 * Returns CS_OK or CS_EUSAGE. */
int cli_figure_check_keep(const char *dir, cs_error *err);

/* Smallest and largest --size: characters of a text drawing, pixels of a figure. */
#define CLI_FIGURE_TEXT_MIN_W 40
#define CLI_FIGURE_TEXT_MIN_H 12
#define CLI_FIGURE_TEXT_MAX   1000
#define CLI_FIGURE_PIXELS_MIN 200
#define CLI_FIGURE_PIXELS_MAX 10000

/*
 * Parses a size "WxH" (also "WXH"): two whole numbers, e.g. "80x24" (characters, for --term)
 * or "1200x800" (pixels, for a PNG). Stores them in *w and *h and returns CS_OK, or returns
 * CS_EUSAGE with err saying what a size looks like (option names the option, e.g. "--size").
 * Checks the form only; cli_figure_check_size() checks the bounds.
 */
int cli_figure_parse_size(const char *option, const char *text, int *w, int *h, cs_error *err);

/*
 * Checks a parsed size against the bounds of what it sizes: text (1: characters, at least
 * CLI_FIGURE_TEXT_MIN_W x CLI_FIGURE_TEXT_MIN_H, at most CLI_FIGURE_TEXT_MAX each) or a
 * figure file (0: pixels, CLI_FIGURE_PIXELS_MIN to CLI_FIGURE_PIXELS_MAX each). Returns
 * CS_OK or CS_ERANGE with err naming the bounds.
 */
int cli_figure_check_size(const char *option, int w, int h, int text, cs_error *err);

/*
 * The size of a text drawing when none is asked for: the terminal's when standard output
 * is one (TIOCGWINSZ; one line fewer, so that the shell's prompt does not scroll the top
 * off), else $COLUMNS x $LINES when both are set, else 80 x 24. Never fails.
 */
void cli_figure_terminal_size(int *cols, int *lines);

/* -o FILE: refuses "" and "-" (the terminal is --term). Returns CS_OK or CS_EUSAGE. */
int cli_figure_opt_output(void *ctx, const char *value, cs_error *err);
/* --keep DIR: refuses "". Returns CS_OK or CS_EUSAGE. */
int cli_figure_opt_keep(void *ctx, const char *value, cs_error *err);
/* --size WxH: cli_figure_parse_size() into size_w, size_h (the bounds depend on --term and
 * are checked by cli_figure_apply_size()). Returns CS_OK or CS_EUSAGE. */
int cli_figure_opt_size(void *ctx, const char *value, cs_error *err);

/*
 * Decides the sizes of fig from the options a: with --term, the text drawing is --size
 * (characters) or cli_figure_terminal_size(), and a file drawn as well keeps its default
 * size; without --term, --size is the file's, in pixels. Checks the bounds. Call it before
 * cli_figure_run(). Returns CS_OK or CS_ERANGE.
 */
int cli_figure_apply_size(cli_figure *fig, const cli_figure_args *a, cs_error *err);

/* --term and --quiet: flags. Return CS_OK. */
int cli_figure_opt_term(void *ctx, const char *value, cs_error *err);
int cli_figure_opt_quiet(void *ctx, const char *value, cs_error *err);

/* Writes the gnuplot assignment "name = 'text'" (text as cli_figure_put_string()) and a
 * newline. */
void cli_figure_put_assign(FILE *f, const char *name, const char *text);

/*
 * Writes the part of a driver figure.gp that finds the folder of the script, `here` (the
 * data and scripts are beside it), and sets `out` to the script's argument, else to out.
 * Ends after out, without a newline: the caller's call line follows.
 */
void cli_figure_put_here_and_out(FILE *f, const char *out);

/* Writes every file of a figure (data, scripts, driver) into dir; returns CS_OK or an error
 * with err filled. */
typedef int (*cli_figure_files_fn)(void *ctx, const char *dir, cs_error *err);

/*
 * What a figure command does once its input is checked and gnuplot found: begins fig (the
 * work directory, signals blocked), writes the files into it with files(ctx, ...), draws
 * them to output in format (unless output is ""), draws them in the terminal when term,
 * then makes the directory keep (unless NULL) and writes the files there too; ends fig in
 * every case. Errors are reported as they happen. Returns the exit status.
 */
int cli_figure_render(cli_figure *fig, const char *output, const char *format, int term,
                      const char *keep, cli_figure_files_fn files, void *ctx);

/*
 * Chooses and checks, before any work, where a figure of input goes: -o FILE, or with
 * neither -o nor --term INPUT.png (input's name without .csv, in the current directory), or
 * "" for --term alone. Sets output (size n) and *format (NULL for ""), checks that the file
 * can be written and that --keep DIR can be made. Returns CS_OK or CS_EUSAGE.
 */
int cli_figure_check_outputs(const cli_figure_args *a, const char *input, char *output, size_t n,
                             const char **format, cs_error *err);

/*
 * Writes the head of a driver figure.gp: what it redraws ("a KIND figure of calcsim
 * VERSION"), the command that made it and the disclaimer, as '#' lines.
 */
void cli_figure_put_driver_head(FILE *f, const char *kind, const char *command);

/*
 * What a figure command does once its input and outputs are checked: finds gnuplot (exit
 * status 4 when it is missing), keeps the command line for figure.gp in *command (the caller
 * frees it), then cli_figure_render(). Returns the exit status.
 */
int cli_figure_run(cli_figure *fig, const cli_figure_args *a, const char *output,
                   const char *format, int argc, char **argv, char **command,
                   cli_figure_files_fn files, void *ctx);

/* After the "calcsim: wrote ..." line of a figure command: where --keep left the files
 * (when given) and the disclaimer, on stderr. */
void cli_figure_print_kept(const cli_figure_args *a);

#endif
