/*
 * main.c - the `calcsim` program: finds the command in a static table and hands over.
 *
 *   calcsim run [SCENARIO] [options]     simulate, write CSV   (cmd_run.c)
 *   calcsim params [--format F]          the parameter table   (cmd_params.c)
 *   calcsim scenarios [--format F]       the scenario files    (cmd_scenarios.c)
 *   calcsim foods [--format F]           the food table        (cmd_foods.c)
 *   calcsim sweep [SCENARIO] --vary ...  parameter sweeps      (cmd_sweep.c)
 *   calcsim sweep-merge FILE... -o F     join sweep shards     (cmd_sweep_merge.c)
 *   calcsim plot-sweep FILE --x NAME     draw a sweep          (cmd_plot_sweep.c)
 *   calcsim plot [SCENARIO...] [options] draw with gnuplot     (cmd_plot.c)
 *   calcsim plot-cohort SUMMARY.csv      cohort odds ratios    (cmd_plot_population.c)
 *   calcsim plot-trial SUMMARY.csv       trial power, arms     (cmd_plot_population.c)
 *   calcsim help [COMMAND]               help                  (here)
 *   calcsim --help | --version
 *
 * The command-line contract (arguments, output, exit status) is documented in
 * docs/cli.md; scripts rely on it, so change it only compatibly.
 */
#include "cli.h"

#include <signal.h>
#include <string.h>

static int help_main(int argc, char **argv);

static const cli_command cli_cmd_help = {
    "help",
    "[COMMAND]",
    "Show the help of calcsim, or of one command",
    "Without COMMAND, lists the commands. 'calcsim help run' is the same as\n"
    "'calcsim run --help'.\n",
    NULL,
    help_main,
    NULL,
};

/* Every command, in the order `calcsim --help` lists them. */
static const cli_command *const commands[] = {
    &cli_cmd_run,              /* cmd_run.c */
    &cli_cmd_params,           /* cmd_params.c */
    &cli_cmd_scenarios,        /* cmd_scenarios.c */
    &cli_cmd_foods,            /* cmd_foods.c */
    &cli_cmd_plot,             /* cmd_plot.c */
    &cli_cmd_sweep,            /* cmd_sweep.c */
    &cli_cmd_sweep_merge,      /* cmd_sweep_merge.c */
    &cli_cmd_plot_sweep,       /* cmd_plot_sweep.c */
    &cli_cmd_sensitivity,      /* cmd_sensitivity.c */
    &cli_cmd_plot_sensitivity, /* cmd_plot_sensitivity.c */
    &cli_cmd_cohort,           /* cmd_population.c */
    &cli_cmd_trial,            /* cmd_population.c */
    &cli_cmd_plot_cohort,      /* cmd_plot_population.c */
    &cli_cmd_plot_trial,       /* cmd_plot_population.c */
    &cli_cmd_help,             /* here */
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i]->name, name) == 0)
            return commands[i];
    return NULL;
}

static int print_help(void)
{
    printf("usage: calcsim COMMAND [ARGUMENTS...]\n"
           "       calcsim --help | --version\n\n"
           "Simulates calcium among blood, bone and the arterial wall, with vitamins K and D.\n"
           "%s.\n\ncommands:\n",
           CS_OUTPUT_DISCLAIMER);
    int w = 0;
    for (size_t i = 0; i < NCOMMANDS; i++)
        w = (int)strlen(commands[i]->name) > w ? (int)strlen(commands[i]->name) : w;
    for (size_t i = 0; i < NCOMMANDS; i++)
        printf("  %-*s %s\n", w, commands[i]->name, commands[i]->summary);
    printf("\noptions:\n"
           "  -h, --help     show this help and exit\n"
           "  -V, --version  print \"calcsim VERSION\" and exit\n\n"
           "Run 'calcsim help COMMAND' for the options of a command.\n"
           "Exit status: 0 success, 2 bad usage or input, 3 solver failure, 4 gnuplot not\n"
           "found (plot), 1 other errors.\n"
           "Scenarios are read from %s\n"
           "(set CALCSIM_MODELS to use another directory).\n",
           cli_models_dir());
    return CLI_EXIT_OK;
}

static int print_version(void)
{
    printf("calcsim %s\n", cs_version());
    return CLI_EXIT_OK;
}

/* Options that come before any command. */
static const struct {
    const char *name;
    const char *alias;
    int (*fn)(void);
} global_options[] = {
    {"--help", "-h", print_help},
    {"--version", "-V", print_version},
};

/* State of `calcsim help`: the one command asked about, if any. */
typedef struct {
    const char *topic;
} help_args;

static int help_positional(void *ctx, const char *arg, cs_error *err)
{
    help_args *h = ctx;
    if (h->topic)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "'calcsim help' takes one command name, got '%s' and '%s'", h->topic,
                            arg);
    h->topic = arg;
    return CS_OK;
}

static int help_main(int argc, char **argv)
{
    help_args h = {NULL};
    int status = cli_start(&cli_cmd_help, argc, argv, help_positional, &h);
    if (status >= 0)
        return status;
    if (!h.topic)
        return print_help();
    const cli_command *cmd = find_command(h.topic);
    if (!cmd) {
        cs_error err;
        cs_error_clear(&err);
        cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                     "no help for '%s': not a command (see 'calcsim --help')", h.topic);
        return cli_report(&err, CLI_EXIT_USAGE);
    }
    cli_print_command_help(stdout, cmd);
    return CLI_EXIT_OK;
}

/*
 * Returns status after flushing standard output. When a command that succeeded could not
 * write it all, reports that (one line) and returns 1; a command that failed has reported
 * its own error already.
 */
static int finish(int status)
{
    int failed = fflush(stdout) != 0 || ferror(stdout);
    if (!failed || status != CLI_EXIT_OK)
        return status;
    cs_error err;
    cs_error_clear(&err);
    cs_error_set(&err, CS_EIO, NULL, 0, NULL, "cannot write to standard output");
    return cli_report(&err, CLI_EXIT_FAILURE);
}

/* Reports an unknown command, naming the commands there are. */
static int unknown_command(const char *word)
{
    char names[128] = "";
    size_t used = 0;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        int n =
            snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", commands[i]->name);
        if (n > 0 && (size_t)n < sizeof names - used)
            used += (size_t)n;
    }
    cs_error err;
    cs_error_clear(&err);
    cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL,
                 "unknown command '%s' (commands: %s; see 'calcsim --help')", word, names);
    return cli_report(&err, CLI_EXIT_USAGE);
}

int main(int argc, char **argv)
{
    cs_error err;
    cs_error_clear(&err);
    /* A closed pipe (`calcsim run | head`) is a failed write, reported with exit status 1
     * (docs/cli.md), not a silent death by SIGPIPE (141). Programs calcsim starts (gnuplot)
     * get the default action back (gnuplot.c). */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        cs_error_set(&err, CS_EUSAGE, NULL, 0, NULL, "no command given (try 'calcsim --help')");
        return cli_report(&err, CLI_EXIT_USAGE);
    }
    const char *word = argv[1];
    if (word[0] == '-') {
        for (size_t i = 0; i < sizeof global_options / sizeof global_options[0]; i++)
            if (strcmp(word, global_options[i].name) == 0 ||
                strcmp(word, global_options[i].alias) == 0)
                return finish(global_options[i].fn());
        cs_error_set(&err, CS_EUSAGE, NULL, 0, word, "unknown option '%s' (try 'calcsim --help')",
                     word);
        return cli_report(&err, CLI_EXIT_USAGE);
    }
    const cli_command *cmd = find_command(word);
    if (!cmd)
        return unknown_command(word);
    return finish(cmd->main(argc - 1, argv + 1));
}
