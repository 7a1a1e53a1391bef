/*
 * cli.c - option parsing against a command's static option table, help text generated
 * from that table, error reporting and exit status, and where the scenarios live.
 *
 * Parsing is table-driven (as in SUNDIALS' command-line examples): each option maps to a
 * handler, so adding an option is one table row, and `calcsim help COMMAND` lists exactly
 * the options the parser accepts. Numbers are never parsed here: handlers pass the text to
 * cs_params_set_text(), which parses in the C locale and range-checks against the table.
 */
#include "cli.h"
#include "datadir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef CALCSIM_SOURCE_MODELS_DIR
#define CALCSIM_SOURCE_MODELS_DIR "models"
#endif
#ifndef CALCSIM_INSTALL_MODELS_DIR
#define CALCSIM_INSTALL_MODELS_DIR "/usr/local/share/calcsim/models"
#endif
#ifndef CALCSIM_PROGRAM_TO_MODELS_DIR
#define CALCSIM_PROGRAM_TO_MODELS_DIR "../share/calcsim/models"
#endif

/* Longest option name we split off "--name=value". */
#define CLI_OPTION_MAX 64

/* Returns the entry of table called name (long form or alias), or NULL. */
static const cli_option *find_option(const cli_option *table, const char *name)
{
    for (const cli_option *o = table; o && o->name; o++)
        if (strcmp(o->name, name) == 0 || (o->alias && strcmp(o->alias, name) == 0))
            return o;
    return NULL;
}

static int is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* Handles the option at argv[*i], advancing *i past its value. */
static int parse_option(const cli_command *cmd, int argc, char **argv, int *i, void *ctx,
                        cs_error *err)
{
    const char *arg = argv[*i];
    char name[CLI_OPTION_MAX];
    const char *inline_value = NULL;
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    if (eq) {
        size_t len = (size_t)(eq - arg);
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, arg, len);
        name[len] = '\0';
        inline_value = eq + 1;
    } else {
        snprintf(name, sizeof name, "%s", arg);
    }

    const cli_option *o = find_option(cmd->options, name);
    if (!o)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, name,
                            "unknown option '%s' for 'calcsim %s' (see 'calcsim help %s')", name,
                            cmd->name, cmd->name);
    const char *value = NULL;
    if (o->metavar) {
        if (inline_value)
            value = inline_value;
        else if (*i + 1 < argc)
            value = argv[++*i];
        else
            return cs_error_set(err, CS_EUSAGE, NULL, 0, o->name,
                                "option '%s' needs a value: %s %s", o->name, o->name, o->metavar);
    } else if (inline_value) {
        return cs_error_set(err, CS_EUSAGE, NULL, 0, o->name, "option '%s' takes no value",
                            o->name);
    }
    return o->fn(ctx, value, err);
}

int cli_parse(const cli_command *cmd, int argc, char **argv, cli_positional_fn pos, void *ctx,
              cs_error *err)
{
    int only_positional = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc;
        if (!only_positional && strcmp(arg, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (!only_positional && is_help(arg))
            return CLI_PARSE_HELP;
        if (!only_positional && arg[0] == '-' && arg[1] != '\0')
            rc = parse_option(cmd, argc, argv, &i, ctx, err);
        else if (pos)
            rc = pos(ctx, arg, err);
        else
            rc = cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                              "unexpected argument '%s' for 'calcsim %s' (see 'calcsim help %s')",
                              arg, cmd->name, cmd->name);
        if (rc != CS_OK)
            return rc;
    }
    return CS_OK;
}

int cli_start(const cli_command *cmd, int argc, char **argv, cli_positional_fn pos, void *ctx)
{
    cs_error err;
    cs_error_clear(&err);
    int rc = cli_parse(cmd, argc, argv, pos, ctx, &err);
    if (rc == CLI_PARSE_HELP) {
        cli_print_command_help(stdout, cmd);
        return CLI_EXIT_OK;
    }
    if (rc != CS_OK)
        return cli_report(&err, cli_exit_status(rc));
    return -1;
}

void cli_print_command_help(FILE *f, const cli_command *cmd)
{
    fprintf(f, "usage: calcsim %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->description)
        fprintf(f, "\n%s", cmd->description);
    fprintf(f, "\noptions:\n");
    for (const cli_option *o = cmd->options; o && o->name; o++) {
        char left[96];
        snprintf(left, sizeof left, "%s%s%s%s%s", o->alias ? o->alias : "", o->alias ? ", " : "",
                 o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
        fprintf(f, "  %-24s %s\n", left, o->help);
    }
    fprintf(f, "  %-24s %s\n", "-h, --help", "show this help and exit");
    if (cmd->help_extra)
        cmd->help_extra(f);
}

int cli_exit_status(int code)
{
    static const struct {
        int code;
        int status;
    } map[] = {
        {CS_OK, CLI_EXIT_OK},        {CS_EUSAGE, CLI_EXIT_USAGE},   {CS_ERANGE, CLI_EXIT_USAGE},
        {CS_EPARSE, CLI_EXIT_USAGE}, {CS_ESOLVER, CLI_EXIT_SOLVER},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].code == code)
            return map[i].status;
    return CLI_EXIT_FAILURE;
}

int cli_report_nomem(void)
{
    cs_error err;
    cs_error_clear(&err);
    cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory");
    return cli_report(&err, CLI_EXIT_FAILURE);
}

int cli_report(const cs_error *e, int status)
{
    char buf[2048];
    cs_error_format(e, buf, sizeof buf);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr, "calcsim: %s\n", buf);
    return status;
}

int cli_warn_implausible(const cs_sim *sim, const char *label)
{
    char reason[512];
    if (!cs_sim_implausible(sim, NULL, reason, sizeof reason))
        return 0;
    for (char *p = reason; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr,
            "calcsim: warning: implausible result%s%s%s: %s; see docs/model.md, "
            "\"Validity\"\n",
            label ? " (" : "", label ? label : "", label ? ")" : "", reason);
    return 1;
}

void cli_metric_warn_renamed(const char *where, const char *old_name, const char *new_name)
{
    fprintf(stderr,
            "calcsim: warning: %s: metric %s is now called %s (renamed in calcsim %s; the old "
            "name will be refused from 0.3.0)\n",
            where, old_name, new_name, CS_SWEEP_METRICS_RENAMED_IN);
}

int cli_metric_find(const char *name, const char *where)
{
    int m = cs_sweep_metric_find(name);
    const char *now = m < 0 ? cs_sweep_metric_renamed(name) : NULL;
    if (now) {
        m = cs_sweep_metric_find(now);
        cli_metric_warn_renamed(where, name, now);
    }
    return m;
}

int cli_opt_format(void *ctx, const char *value, cs_error *err)
{
    cli_format *f = ctx;
    int i = cli_parse_choice("--format", value, f->names, err);
    if (i < 0)
        return i;
    f->index = i;
    return CS_OK;
}

int cli_parse_choice(const char *option, const char *value, const char *const *choices,
                     cs_error *err)
{
    char allowed[256] = "";
    size_t used = 0;
    for (int i = 0; choices[i]; i++) {
        if (strcmp(value, choices[i]) == 0)
            return i;
        int n = snprintf(allowed + used, sizeof allowed - used, "%s%s", i ? ", " : "", choices[i]);
        if (n > 0 && (size_t)n < sizeof allowed - used)
            used += (size_t)n;
    }
    return cs_error_set(err, CS_EUSAGE, NULL, 0, option, "%s '%s' is not one of: %s", option, value,
                        allowed);
}

/* Writes s as one CSV field, quoted (RFC 4180) when it holds a comma, quote or newline. */
void cli_put_csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_models_dir(void)
{
    const char *env = getenv("CALCSIM_MODELS");
    if (env && env[0])
        return env;
    static char near[PATH_MAX];
    if (cli_dir_near_program(CALCSIM_PROGRAM_TO_MODELS_DIR, near, sizeof near))
        return near;
    if (is_directory(CALCSIM_SOURCE_MODELS_DIR))
        return CALCSIM_SOURCE_MODELS_DIR;
    return CALCSIM_INSTALL_MODELS_DIR;
}
