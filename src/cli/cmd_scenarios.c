/*
 * cmd_scenarios.c - `calcsim scenarios [--format text|csv|json]`: the scenario files there are.
 *
 * Lists every NAME.ini in the models directory (cli_models_dir()) with its title, loading
 * each file with the library's own parser, so a file listed here is a file `calcsim run`
 * accepts. A file that does not load is reported on stderr (one line) and the exit status
 * is 2, but the others are still listed. --format json also gives what each scenario teaches
 * and the value of every parameter (table order, "%.17g", so they round-trip): the web page
 * (scripts/build-web.sh) embeds it, so the browser needs no INI parser.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* One scenario found. */
typedef struct {
    char name[128];
    char title[256];
    char path[1024];
    char teaches[2048];
    cs_params params; /* defaults overridden by the file */
} scenario_entry;

/* What the listing callback collects. */
typedef struct {
    scenario_entry *v;
    size_t n, cap;
    int failed;     /* files that did not load */
    int out_of_mem; /* an allocation failed */
} scenario_list;

static void collect(void *ctx, const char *name, const char *path)
{
    scenario_list *l = ctx;
    if (l->out_of_mem)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        scenario_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->out_of_mem = 1;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    cs_scenario *sc = malloc(sizeof *sc);
    if (!sc) {
        l->out_of_mem = 1;
        return;
    }
    cs_error err;
    cs_error_clear(&err);
    if (cs_scenario_load(path, sc, &err) != CS_OK) {
        cli_report(&err, CLI_EXIT_USAGE);
        l->failed++;
    } else {
        scenario_entry *e = &l->v[l->n++];
        snprintf(e->name, sizeof e->name, "%s", name);
        snprintf(e->title, sizeof e->title, "%s", sc->title);
        snprintf(e->path, sizeof e->path, "%s", path);
        snprintf(e->teaches, sizeof e->teaches, "%s", sc->teaches);
        e->params = sc->params;
    }
    free(sc);
}

/* Text: the name, padded, then the title. */
static void write_text(FILE *f, const scenario_list *l)
{
    int w = 4;
    for (size_t i = 0; i < l->n; i++) {
        int n = (int)strlen(l->v[i].name);
        w = n > w ? n : w;
    }
    for (size_t i = 0; i < l->n; i++)
        fprintf(f, "%-*s  %s\n", w, l->v[i].name, l->v[i].title);
}

/* CSV: name,title,path. */
static void write_csv(FILE *f, const scenario_list *l)
{
    fputs("name,title,path\n", f);
    for (size_t i = 0; i < l->n; i++) {
        cli_put_csv_field(f, l->v[i].name);
        fputc(',', f);
        cli_put_csv_field(f, l->v[i].title);
        fputc(',', f);
        cli_put_csv_field(f, l->v[i].path);
        fputc('\n', f);
    }
}

/* Writes s as a JSON string: quotes, backslashes and control characters escaped. */
static void put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* JSON: an array of {name, title, teaches, parameters: {NAME: value, ...}}, no paths (the
 * web page built from it must not depend on where the source tree is). */
static void write_json(FILE *f, const scenario_list *l)
{
    fputs("[", f);
    for (size_t i = 0; i < l->n; i++) {
        fputs(i ? ",\n {\"name\": " : "\n {\"name\": ", f);
        put_json_string(f, l->v[i].name);
        fputs(", \"title\": ", f);
        put_json_string(f, l->v[i].title);
        fputs(",\n  \"teaches\": ", f);
        put_json_string(f, l->v[i].teaches);
        fputs(",\n  \"parameters\": {", f);
        for (int k = 0; k < cs_param_count(); k++)
            fprintf(f, "%s\"%s\": %.17g", k ? ", " : "", cs_param_info_at(k)->name,
                    l->v[i].params.v[k]);
        fputs("}}", f);
    }
    fputs("\n]\n", f);
}

static const char *const format_names[] = {"text", "csv", "json", NULL};
static void (*const format_writers[])(FILE *f, const scenario_list *l) = {write_text, write_csv,
                                                                          write_json};
_Static_assert(sizeof format_writers / sizeof format_writers[0] ==
                   sizeof format_names / sizeof format_names[0] - 1,
               "one writer per format name");

static const cli_option scenarios_options[] = {
    {"--format", "-f", "FORMAT", cli_opt_format,
     "text (default: name and title), csv (name,title,path) or json (also what each teaches "
     "and every parameter value)"},
    {NULL, NULL, NULL, NULL, NULL},
};

static int scenarios_main(int argc, char **argv)
{
    cli_format a = {format_names, 0};
    int status = cli_start(&cli_cmd_scenarios, argc, argv, NULL, &a);
    if (status >= 0)
        return status;

    const char *dir = cli_models_dir();
    scenario_list l = {NULL, 0, 0, 0, 0};
    cs_error err;
    cs_error_clear(&err);
    int rc = cs_scenario_list(dir, collect, &l, &err);
    if (rc < 0) {
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else if (l.out_of_mem) {
        cs_error_set(&err, CS_ENOMEM, NULL, 0, NULL, "out of memory listing %s", dir);
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else if (rc == 0) {
        cs_error_set(&err, CS_EIO, dir, 0, NULL,
                     "no scenario files (NAME.ini) here; set CALCSIM_MODELS to the models "
                     "directory");
        status = cli_report(&err, CLI_EXIT_FAILURE);
    } else {
        format_writers[a.index](stdout, &l);
        status = l.failed ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    free(l.v);
    return status;
}

const cli_command cli_cmd_scenarios = {
    "scenarios",
    "[--format text|csv|json]",
    "List the scenarios (models/NAME.ini) with their titles",
    "Each NAME can be given to 'calcsim run NAME'. The directory is $CALCSIM_MODELS if\n"
    "set, else the source tree's models/ when run from the build tree, else the\n"
    "installed share/calcsim/models.\n",
    scenarios_options,
    scenarios_main,
    NULL,
};
