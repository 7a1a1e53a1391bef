/* figure.c - see figure.h. */
#include "figure.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_args.h"
#include "gnuplot.h"
#include "outfile.h"

int cli_figure_begin(cli_figure *fig, cs_error *err)
{
    cli_outfile_block_signals(&fig->saved);
    fig->blocked = 1;
    const char *tmp = getenv("TMPDIR");
    snprintf(fig->work, sizeof fig->work, "%s/calcsim-plot-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(fig->work)) {
        cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot make a temporary directory %s: %s",
                     fig->work, strerror(errno));
        fig->work[0] = '\0';
        return CS_EIO;
    }
    return CS_OK;
}

void cli_figure_end(cli_figure *fig)
{
    if (fig->work[0]) {
        DIR *d = opendir(fig->work);
        if (d) {
            struct dirent *e;
            char path[CLI_FIGURE_PATH_MAX];
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                if ((size_t)snprintf(path, sizeof path, "%s/%s", fig->work, e->d_name) <
                    sizeof path)
                    unlink(path);
            }
            closedir(d);
        }
        rmdir(fig->work);
        fig->work[0] = '\0';
    }
    if (fig->blocked)
        sigprocmask(SIG_SETMASK, &fig->saved, NULL);
    fig->blocked = 0;
}

int cli_figure_join(char *buf, const char *dir, const char *name, cs_error *err)
{
    if ((size_t)snprintf(buf, CLI_FIGURE_PATH_MAX, "%s/%s", dir, name) >= CLI_FIGURE_PATH_MAX)
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "the path %s/%s is too long", dir, name);
    return CS_OK;
}

int cli_figure_copy_fn(void *ctx, FILE *f, cs_error *err)
{
    const char *path = ctx;
    FILE *in = fopen(path, "rb");
    if (!in)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot open: %s", strerror(errno));
    char buf[65536];
    size_t got;
    int rc = CS_OK;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, got, f) != got) {
            rc = cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write: %s", strerror(errno));
            break;
        }
    if (rc == CS_OK && ferror(in))
        rc = cs_error_set(err, CS_EIO, path, 0, NULL, "cannot read: %s", strerror(errno));
    fclose(in);
    return rc;
}

int cli_figure_copy_scripts(const char *dir, const char *const *names, cs_error *err)
{
    char src[CLI_FIGURE_PATH_MAX], dst[CLI_FIGURE_PATH_MAX];
    for (; *names; names++) {
        int rc = cli_figure_join(src, cli_plots_dir(), *names, err);
        if (rc == CS_OK && access(src, R_OK) != 0)
            return cs_error_set(err, CS_EIO, NULL, 0, NULL,
                                "cannot read the gnuplot script %s: %s (set %s to the directory of "
                                "calcsim's plots/*.gp)",
                                src, strerror(errno), CLI_PLOTS_ENV);
        if (rc == CS_OK)
            rc = cli_figure_join(dst, dir, *names, err);
        if (rc == CS_OK)
            rc = cli_outfile_write(dst, cli_outfile_mode(), 0, cli_figure_copy_fn, src, err);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

void cli_figure_put_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("''", f);
        else
            fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
    }
    fputc('\'', f);
}

/* "COLUMNS LINES" of the terminal on standard output, else $COLUMNS/$LINES, else "". */
static void terminal_size(char *buf, size_t n)
{
    long cols = 0, lines = 0;
#ifdef TIOCGWINSZ
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) {
        cols = ws.ws_col;
        lines = ws.ws_row > 1 ? ws.ws_row - 1 : 0;
    }
#endif
    if (cols <= 0 || lines <= 0) {
        const char *c = getenv("COLUMNS"), *l = getenv("LINES");
        cols = c ? strtol(c, NULL, 10) : 0;
        lines = l ? strtol(l, NULL, 10) : 0;
    }
    if (cols > 0 && lines > 0 && cols < 10000 && lines < 10000)
        snprintf(buf, n, "%ld %ld", cols, lines);
    else
        buf[0] = '\0';
}

void cli_figure_terminal_size(int *cols, int *lines)
{
    char size[64];
    long c = 0, l = 0;
    terminal_size(size, sizeof size); /* the terminal's, else $COLUMNS x $LINES */
    if (size[0] && sscanf(size, "%ld %ld", &c, &l) == 2 && c > 0 && l > 0) {
        *cols = (int)c;
        *lines = (int)l;
    } else {
        *cols = 80;
        *lines = 24;
    }
}

int cli_figure_parse_size(const char *option, const char *text, int *w, int *h, cs_error *err)
{
    long v[2];
    const char *p = text;
    for (int i = 0; i < 2; i++) {
        char *end;
        errno = 0;
        v[i] = *p >= '0' && *p <= '9' ? strtol(p, &end, 10) : -1;
        if (v[i] < 1 || errno || v[i] > 100000 || (i == 0 && *end != 'x' && *end != 'X') ||
            (i == 1 && *end != '\0'))
            return cs_error_set(err, CS_EUSAGE, NULL, 0, option,
                                "%s '%s': a size is WIDTHxHEIGHT, two whole numbers, e.g. 80x24 "
                                "(characters, with --term) or 1200x800 (pixels)",
                                option, text);
        p = end + 1;
    }
    *w = (int)v[0];
    *h = (int)v[1];
    return CS_OK;
}

int cli_figure_check_size(const char *option, int w, int h, int text, cs_error *err)
{
    if (text && (w < CLI_FIGURE_TEXT_MIN_W || h < CLI_FIGURE_TEXT_MIN_H ||
                 w > CLI_FIGURE_TEXT_MAX || h > CLI_FIGURE_TEXT_MAX))
        return cs_error_set(err, CS_ERANGE, NULL, 0, option,
                            "%s %dx%d: a text drawing is %dx%d to %dx%d characters", option, w, h,
                            CLI_FIGURE_TEXT_MIN_W, CLI_FIGURE_TEXT_MIN_H, CLI_FIGURE_TEXT_MAX,
                            CLI_FIGURE_TEXT_MAX);
    if (!text && (w < CLI_FIGURE_PIXELS_MIN || h < CLI_FIGURE_PIXELS_MIN ||
                  w > CLI_FIGURE_PIXELS_MAX || h > CLI_FIGURE_PIXELS_MAX))
        return cs_error_set(err, CS_ERANGE, NULL, 0, option,
                            "%s %dx%d: a figure file is %dx%d to %dx%d pixels (--term: "
                            "characters)",
                            option, w, h, CLI_FIGURE_PIXELS_MIN, CLI_FIGURE_PIXELS_MIN,
                            CLI_FIGURE_PIXELS_MAX, CLI_FIGURE_PIXELS_MAX);
    return CS_OK;
}

/* Copies the file at path to standard output. Returns CS_OK or CS_EIO (err filled). */
static int copy_to_stdout(const char *path, cs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot read gnuplot's drawing: %s",
                            strerror(errno));
    char buf[65536];
    size_t got;
    int bad = 0;
    while (!bad && (got = fread(buf, 1, sizeof buf, f)) > 0)
        bad = fwrite(buf, 1, got, stdout) != got;
    bad = bad || fflush(stdout) != 0;
    int e = errno;
    fclose(f);
    if (bad)
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write to standard output: %s",
                            strerror(e));
    return CS_OK;
}

int cli_figure_draw(cli_figure *fig, const char *out)
{
    char driver[CLI_FIGURE_PATH_MAX], errpath[CLI_FIGURE_PATH_MAX], outpath[CLI_FIGURE_PATH_MAX];
    char size[64], setsize[128];
    cs_error err;
    cs_error_clear(&err);
    if (cli_figure_join(driver, fig->work, "figure.gp", &err) != CS_OK ||
        cli_figure_join(errpath, fig->work, "gnuplot.err", &err) != CS_OK ||
        cli_figure_join(outpath, fig->work, "gnuplot.out", &err) != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    char *args[8];
    int na = 0;
    int to_stdout = strcmp(out, "-") == 0;
    int w = to_stdout ? fig->text_w : fig->file_w, h = to_stdout ? fig->text_h : fig->file_h;
    if (w > 0 && h > 0) {
        snprintf(setsize, sizeof setsize, "cs_size = '%d %d'; cs_term_size = cs_size", w, h);
        args[na++] = "-e";
        args[na++] = setsize;
    } else if (to_stdout) {
        terminal_size(size, sizeof size);
        if (size[0]) {
            snprintf(setsize, sizeof setsize, "cs_term_size = '%s'", size);
            args[na++] = "-e";
            args[na++] = setsize;
        }
    }
    args[na++] = "-c";
    args[na++] = driver;
    args[na++] = (char *)out;
    args[na] = NULL;
    cli_gnuplot_result r;
    /* The text drawing goes to a file first and is copied to standard output here, where a
     * failed write is seen (gnuplot does not report one: `--term > /dev/full` exited 0). */
    int rc = cli_gnuplot_run(fig->gnuplot, args, to_stdout ? outpath : NULL, errpath, &fig->saved,
                             &r, &err);
    int status = CLI_EXIT_OK;
    if (rc != CS_OK) {
        status = cli_gnuplot_report(&err, &r);
    } else {
        if (r.errors && r.errors[0])
            fputs(r.errors, stderr); /* warnings of a successful run: each is a flaw to fix */
        if (to_stdout && copy_to_stdout(outpath, &err) != CS_OK)
            status = cli_report(&err, CLI_EXIT_FAILURE);
    }
    free(r.errors);
    return status;
}

int cli_figure_draw_file(cli_figure *fig, const char *format, const char *path)
{
    char figure[CLI_FIGURE_PATH_MAX], name[16];
    cs_error err;
    cs_error_clear(&err);
    snprintf(name, sizeof name, "figure.%s", format);
    if (cli_figure_join(figure, fig->work, name, &err) != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    int status = cli_figure_draw(fig, figure);
    if (status != CLI_EXIT_OK)
        return status;
    struct stat st;
    if (stat(figure, &st) != 0 || st.st_size == 0) {
        cs_error_set(&err, CS_EIO, NULL, 0, NULL, "gnuplot finished but wrote no figure");
        return cli_report(&err, CLI_EXIT_FAILURE);
    }
    if (cli_outfile_write(path, cli_outfile_mode(), 1, cli_figure_copy_fn, figure, &err) != CS_OK)
        return cli_report(&err, CLI_EXIT_FAILURE);
    return CLI_EXIT_OK;
}

const char *cli_figure_format(const char *path)
{
    static const char *const formats[] = {"png", "svg", "pdf", NULL};
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || strlen(dot + 1) != 3)
        return NULL;
    char ext[4];
    for (int i = 0; i < 3; i++)
        ext[i] =
            (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ? dot[1 + i] - 'A' + 'a' : dot[1 + i]);
    ext[3] = '\0';
    for (int i = 0; formats[i]; i++)
        if (strcmp(ext, formats[i]) == 0)
            return formats[i];
    return NULL;
}

int cli_figure_output_format(const char *path, const char **format, cs_error *err)
{
    *format = cli_figure_format(path);
    if (!*format)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output",
                            "cannot tell the format of -o %s: the name must end in .png, .svg or "
                            ".pdf",
                            path);
    return CS_OK;
}

int cli_figure_check_keep(const char *dir, cs_error *err)
{
    char path[CLI_FIGURE_PATH_MAX], parent[CLI_FIGURE_PATH_MAX];
    struct stat st;
    size_t len = strlen(dir);
    if (len + 64 >= sizeof path)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--keep", "--keep: the path is too long");
    while (len > 1 && dir[len - 1] == '/')
        len--;
    snprintf(path, sizeof path, "%.*s", (int)len, dir);
    if (stat(path, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--keep", "--keep %s: not a directory",
                                dir);
        if (access(path, W_OK | X_OK) != 0)
            return cs_error_set(err, CS_EUSAGE, NULL, 0, "--keep",
                                "--keep %s: the directory is not writable", dir);
        return CS_OK;
    }
    /* The directory does not exist yet: calcsim makes it, in a parent that must exist. */
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(parent, sizeof parent, ".");
    else if (slash == path)
        snprintf(parent, sizeof parent, "/");
    else
        snprintf(parent, sizeof parent, "%.*s", (int)(slash - path), path);
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode))
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--keep",
                            "cannot make --keep %s: the directory %s does not exist", dir, parent);
    if (access(parent, W_OK | X_OK) != 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--keep",
                            "cannot make --keep %s: the directory %s is not writable", dir, parent);
    return CS_OK;
}

int cli_figure_opt_output(void *ctx, const char *value, cs_error *err)
{
    if (!value[0] || strcmp(value, "-") == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--output",
                            "-o needs a file name ending in .png, .svg or .pdf (use --term to "
                            "draw in the terminal)");
    ((cli_figure_args *)ctx)->output = value;
    return CS_OK;
}

int cli_figure_opt_keep(void *ctx, const char *value, cs_error *err)
{
    if (!value[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--keep", "--keep needs a directory");
    ((cli_figure_args *)ctx)->keep = value;
    return CS_OK;
}

int cli_figure_opt_size(void *ctx, const char *value, cs_error *err)
{
    cli_figure_args *a = ctx;
    return cli_figure_parse_size("--size", value, &a->size_w, &a->size_h, err);
}

int cli_figure_apply_size(cli_figure *fig, const cli_figure_args *a, cs_error *err)
{
    fig->file_w = fig->file_h = fig->text_w = fig->text_h = 0;
    if (a->term) {
        if (a->size_w > 0) {
            fig->text_w = a->size_w;
            fig->text_h = a->size_h;
            return cli_figure_check_size("--size", a->size_w, a->size_h, 1, err);
        }
        cli_figure_terminal_size(&fig->text_w, &fig->text_h);
        /* A tiny terminal still gets the smallest drawing that holds the figure. */
        fig->text_w = fig->text_w < CLI_FIGURE_TEXT_MIN_W ? CLI_FIGURE_TEXT_MIN_W : fig->text_w;
        fig->text_h = fig->text_h < CLI_FIGURE_TEXT_MIN_H ? CLI_FIGURE_TEXT_MIN_H : fig->text_h;
        fig->text_w = fig->text_w > CLI_FIGURE_TEXT_MAX ? CLI_FIGURE_TEXT_MAX : fig->text_w;
        fig->text_h = fig->text_h > CLI_FIGURE_TEXT_MAX ? CLI_FIGURE_TEXT_MAX : fig->text_h;
        return CS_OK;
    }
    if (a->size_w > 0) {
        fig->file_w = a->size_w;
        fig->file_h = a->size_h;
        return cli_figure_check_size("--size", a->size_w, a->size_h, 0, err);
    }
    return CS_OK;
}

int cli_figure_opt_term(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((cli_figure_args *)ctx)->term = 1;
    return CS_OK;
}

int cli_figure_opt_quiet(void *ctx, const char *value, cs_error *err)
{
    (void)value;
    (void)err;
    ((cli_figure_args *)ctx)->quiet = 1;
    return CS_OK;
}

void cli_figure_put_assign(FILE *f, const char *name, const char *text)
{
    fprintf(f, "%s = ", name);
    cli_figure_put_string(f, text);
    fputc('\n', f);
}

void cli_figure_put_here_and_out(FILE *f, const char *out)
{
    fputs("\n# The folder of this script: the data and the scripts are beside it.\n"
          "cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq \"/\" ? i : cs_lastslash(s, i - 1)\n"
          "here = ARG0[1:cs_lastslash(ARG0, strlen(ARG0))]\n"
          "out = ARGC >= 1 ? ARG1 : ",
          f);
    cli_figure_put_string(f, out);
}

int cli_figure_render(cli_figure *fig, const char *output, const char *format, int term,
                      const char *keep, cli_figure_files_fn files, void *ctx)
{
    cs_error err;
    cs_error_clear(&err);
    if (cli_figure_begin(fig, &err) != CS_OK) {
        cli_figure_end(fig);
        return cli_report(&err, CLI_EXIT_FAILURE);
    }
    int status =
        files(ctx, fig->work, &err) == CS_OK ? CLI_EXIT_OK : cli_report(&err, CLI_EXIT_FAILURE);
    if (status == CLI_EXIT_OK && output[0])
        status = cli_figure_draw_file(fig, format, output);
    if (status == CLI_EXIT_OK && term)
        status = cli_figure_draw(fig, "-");
    if (status == CLI_EXIT_OK && keep) {
        if (mkdir(keep, 0777) != 0 && errno != EEXIST) {
            cs_error_set(&err, CS_EIO, keep, 0, "--keep", "cannot make the directory: %s",
                         strerror(errno));
            status = cli_report(&err, CLI_EXIT_FAILURE);
        } else if (files(ctx, keep, &err) != CS_OK) {
            status = cli_report(&err, CLI_EXIT_FAILURE);
        }
    }
    cli_figure_end(fig);
    return status;
}

int cli_figure_check_outputs(const cli_figure_args *a, const char *input, char *output, size_t n,
                             const char **format, cs_error *err)
{
    output[0] = '\0';
    *format = NULL;
    if (a->output) {
        snprintf(output, n, "%s", a->output);
    } else if (!a->term) {
        const char *base = strrchr(input, '/');
        base = base ? base + 1 : input;
        size_t len = strlen(base);
        if (len > 4 && strcmp(base + len - 4, ".csv") == 0)
            len -= 4;
        snprintf(output, n, "%.*s.png", (int)(len < 200 ? len : 200), base);
    }
    int rc = CS_OK;
    if (output[0])
        rc = cli_figure_output_format(output, format, err);
    if (rc == CS_OK && output[0])
        rc = cli_outfile_check(output, "-o", err);
    const char *inputs[] = {input};
    if (rc == CS_OK && output[0])
        rc = cli_outfile_not_input(output, "-o", inputs, 1, err);
    if (rc == CS_OK && a->keep)
        rc = cli_figure_check_keep(a->keep, err);
    return rc;
}

void cli_figure_put_driver_head(FILE *f, const char *kind, const char *command)
{
    fprintf(f, "# figure.gp - redraws a %s figure of calcsim %s; made by\n# ", kind, cs_version());
    for (const char *p = command; *p; p++)
        fputc((unsigned char)*p < 0x20 ? '?' : *p, f);
    fprintf(f, "\n#\n# %s.\n#\n", CS_OUTPUT_DISCLAIMER);
}

int cli_figure_run(cli_figure *fig, const cli_figure_args *a, const char *output,
                   const char *format, int argc, char **argv, char **command,
                   cli_figure_files_fn files, void *ctx)
{
    cs_error err;
    cs_error_clear(&err);
    if (cli_gnuplot_find(fig->gnuplot, sizeof fig->gnuplot, &err) != CS_OK)
        return cli_report(&err, CLI_EXIT_NO_GNUPLOT);
    *command = cli_command_line(argc, argv);
    if (!*command)
        return cli_report_nomem();
    return cli_figure_render(fig, output, format, a->term, a->keep, files, ctx);
}

void cli_figure_print_kept(const cli_figure_args *a)
{
    if (a->keep) {
        size_t len = strlen(a->keep);
        while (len > 1 && a->keep[len - 1] == '/')
            len--; /* "DIR/" gives DIR/figure.gp, not DIR//figure.gp */
        fprintf(stderr, "  data and gnuplot scripts kept in %s (redraw: gnuplot %.*s/figure.gp)\n",
                a->keep, (int)len, a->keep);
    }
    fprintf(stderr, "  %s\n", CS_OUTPUT_DISCLAIMER);
}
