/* cli_args.c - --set/--years/--every, the parameter set they build, shell quoting, the
 * command line for the metadata. */
#include "cli_args.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define CLI_ARGS_DEFAULT_SCENARIO "baseline"

/* Appends name (len characters) = text. */
static int add(cli_assignments *as, const char *option, const char *name, size_t len,
               const char *text, cs_error *err)
{
    cli_assignment *x = &as->items[as->n];
    if (len >= sizeof x->name)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "%s: '%.*s...' is not a parameter name (see 'calcsim params')", option,
                            32, name);
    memcpy(x->name, name, len);
    x->name[len] = '\0';
    x->option = option;
    x->text = text;
    as->n++;
    return CS_OK;
}

int cli_opt_set(void *ctx, const char *value, cs_error *err)
{
    const char *eq = strchr(value, '=');
    if (!eq || eq == value)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, "--set",
                            "--set needs NAME=VALUE (for example --set years=2), got '%s'", value);
    return add(ctx, "--set", value, (size_t)(eq - value), eq + 1, err);
}

int cli_opt_years(void *ctx, const char *value, cs_error *err)
{
    return add(ctx, "--years", "years", strlen("years"), value, err);
}

int cli_opt_every(void *ctx, const char *value, cs_error *err)
{
    return add(ctx, "--every", "output_every_days", strlen("output_every_days"), value, err);
}

int cli_build_params(const char *scenario, const cli_assignments *as, cs_scenario *sc,
                     const char **origin, cs_error *err)
{
    char path[4096];
    const char *name = scenario ? scenario : CLI_ARGS_DEFAULT_SCENARIO;
    int rc = cs_scenario_resolve(name, cli_models_dir(), path, sizeof path, err);
    if (rc != CS_OK)
        return rc;
    rc = cs_scenario_load(path, sc, err);
    if (rc != CS_OK)
        return rc == CS_EIO ? CS_EUSAGE : rc; /* a missing scenario file is bad input */
    cs_params defaults;
    cs_params_default(&defaults);
    for (int i = 0; i < cs_param_count(); i++)
        origin[i] = sc->base.v[i] != defaults.v[i] ? "scenario" : NULL;
    for (int i = 0; i < as->n; i++) {
        /* cs_scenario_set(): "food.NAME" goes on the plate, the rest into the base */
        cs_error e;
        cs_error_clear(&e);
        rc = cs_scenario_set(sc, as->items[i].name, as->items[i].text, &e);
        if (rc != CS_OK && strncmp(as->items[i].name, "food.", 5) == 0)
            return cs_error_set(err, rc, NULL, 0, e.key, "%s %s=%s: %s", as->items[i].option,
                                as->items[i].name, as->items[i].text, e.text);
        if (rc != CS_OK) /* where: the option that gave the value */
            return cs_error_set(err, rc, NULL, 0, e.key, "%s: %s", as->items[i].option, e.text);
        int k = cs_param_find(as->items[i].name);
        if (k >= 0)
            origin[k] = "command line";
    }
    for (int i = 0; i < cs_param_count(); i++) /* intakes the foods changed */
        if (sc->params.v[i] != sc->base.v[i])
            origin[i] = !origin[i]                           ? "foods"
                        : strcmp(origin[i], "scenario") == 0 ? "scenario + foods"
                                                             : "command line + foods";
    return CS_OK;
}

/* Returns 1 when arg can be shown in a shell command line without quotes. */
static int is_shell_safe(const char *arg)
{
    if (!arg[0])
        return 0;
    for (; *arg; arg++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    "_-+=.,:/@%",
                    *arg))
            return 0;
    return 1;
}

int cli_append_arg(char **s, size_t *len, size_t *cap, const char *arg)
{
    size_t need = *len + 4 * strlen(arg) + 4;
    if (need > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < need)
            c *= 2;
        char *p = realloc(*s, c);
        if (!p)
            return CS_ENOMEM;
        *s = p;
        *cap = c;
    }
    char *p = *s + *len;
    if (*len)
        *p++ = ' ';
    if (is_shell_safe(arg)) {
        size_t n = strlen(arg);
        memcpy(p, arg, n);
        p += n;
    } else {
        *p++ = '\'';
        for (const char *c = arg; *c; c++) {
            if (*c == '\'') {
                memcpy(p, "'\\''", 4);
                p += 4;
            } else {
                *p++ = *c;
            }
        }
        *p++ = '\'';
    }
    *p = '\0';
    *len = (size_t)(p - *s);
    return CS_OK;
}

char *cli_command_line(int argc, char **argv)
{
    char *s = NULL;
    size_t len = 0, cap = 0;
    if (cli_append_arg(&s, &len, &cap, "calcsim") != CS_OK)
        return NULL;
    for (int i = 0; i < argc; i++)
        if (cli_append_arg(&s, &len, &cap, argv[i]) != CS_OK) {
            free(s);
            return NULL;
        }
    return s;
}

cs_output_meta cli_run_output_meta(const cs_scenario *sc, const char *command,
                                   const char *const *origin, const cs_sim *sim)
{
    cs_output_meta meta = {
        .scenario_name = sc->name,
        .scenario_title = sc->title,
        .scenario_path = sc->path,
        .command = command,
        .params = &sc->params,
        .param_origin = origin,
        .solver = cs_sim_settings(sim),
        .stats = cs_sim_get_stats(sim),
        .plausibility = cs_sim_plausibility(sim),
        .foods = &sc->foods,
    };
    return meta;
}

int cli_write_run_csv(FILE *f, const cs_scenario *sc, const char *command,
                      const char *const *origin, const cs_sim *sim, const cs_output_rows *rows,
                      cs_error *err)
{
    cs_output_meta meta = cli_run_output_meta(sc, command, origin, sim);
    return cs_output_csv_write(f, &meta, rows, err);
}

int cli_write_run_csv_plain(FILE *f, const cs_output_rows *rows, cs_error *err)
{
    int rc = cs_output_csv_write_header(f, err);
    for (size_t i = 0; rc == CS_OK && i < cs_output_rows_count(rows); i++)
        rc = cs_output_csv_write_row(f, cs_output_rows_at(rows, i), err);
    if (rc == CS_OK && fflush(f) != 0)
        rc = cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the CSV output: %s",
                          strerror(errno));
    return rc;
}
