/*
 * cli.h - the parts of the `calcsim` program that its commands share.
 *
 * The program is a thin shell around libcalcsim: main.c finds the command in a static
 * table, each command lives in its own file (cmd_run.c, cmd_params.c, cmd_scenarios.c) and
 * declares its options in a static table of cli_option, and cli.c parses argv against such
 * a table, reports errors (one line on stderr each) and maps them to exit codes. Nothing
 * here knows the model; the library never prints.
 */
#ifndef CALCSIM_CLI_H
#define CALCSIM_CLI_H

#include <stdio.h>

#include "calcsim/calcsim.h"

/* Exit status: the contract in docs/cli.md. */
enum {
    CLI_EXIT_OK = 0,        /* success */
    CLI_EXIT_FAILURE = 1,   /* anything else: I/O error, out of memory, ... */
    CLI_EXIT_USAGE = 2,     /* bad usage or bad input (options, scenario, values) */
    CLI_EXIT_SOLVER = 3,    /* the ODE solver failed */
    CLI_EXIT_NO_GNUPLOT = 4 /* gnuplot, which draws the figures, is not installed */
};

/* Returned by cli_parse() when --help or -h was given (> 0: informational). */
#define CLI_PARSE_HELP 1

/*
 * An option handler: ctx is the command's own state, value is the option's argument (NULL
 * for a flag). Returns CS_OK or a cs_status with err filled.
 */
typedef int (*cli_option_fn)(void *ctx, const char *value, cs_error *err);

/* One option of a command. A table ends with an entry whose name is NULL. */
typedef struct {
    const char *name;    /* long form, "--years" */
    const char *alias;   /* short form, "-o", or NULL */
    const char *metavar; /* the value's name in help ("Y"), or NULL for a flag */
    cli_option_fn fn;    /* handler */
    const char *help;    /* one line for `calcsim help COMMAND` */
} cli_option;

/* Called for each positional argument; same contract as cli_option_fn. */
typedef int (*cli_positional_fn)(void *ctx, const char *arg, cs_error *err);

/* One command. The table in main.c lists them in help order. */
typedef struct {
    const char *name;                   /* "run" */
    const char *usage;                  /* argument synopsis after the name */
    const char *summary;                /* one line for `calcsim --help` */
    const char *description;            /* paragraph(s) for `calcsim help NAME`, ending in '\n' */
    const cli_option *options;          /* NULL-terminated table, or NULL */
    int (*main)(int argc, char **argv); /* argv[0] is the command name; returns exit status */
    void (*help_extra)(FILE *f);        /* more help after the options (a table), or NULL */
} cli_command;

/* The commands, defined in their files. */
extern const cli_command cli_cmd_run;
extern const cli_command cli_cmd_params;
extern const cli_command cli_cmd_scenarios;
extern const cli_command cli_cmd_sweep;            /* cmd_sweep.c */
extern const cli_command cli_cmd_sweep_merge;      /* cmd_sweep_merge.c */
extern const cli_command cli_cmd_plot;             /* cmd_plot.c */
extern const cli_command cli_cmd_plot_sweep;       /* cmd_plot_sweep.c */
extern const cli_command cli_cmd_sensitivity;      /* cmd_sensitivity.c */
extern const cli_command cli_cmd_plot_sensitivity; /* cmd_plot_sensitivity.c */
extern const cli_command cli_cmd_foods;            /* cmd_foods.c */
extern const cli_command cli_cmd_cohort;           /* cmd_population.c */
extern const cli_command cli_cmd_trial;            /* cmd_population.c */
extern const cli_command cli_cmd_plot_cohort;      /* cmd_plot_population.c */
extern const cli_command cli_cmd_plot_trial;       /* cmd_plot_population.c */

/*
 * Parses argv[1..argc-1] for command cmd: options from cmd->options (as "--name VALUE",
 * "--name=VALUE" or "-x VALUE"), everything else to pos (after "--", everything is
 * positional). Returns CS_OK, CLI_PARSE_HELP when --help/-h was seen, or the first handler
 * error; an unknown option or a missing value gives CS_EUSAGE.
 */
int cli_parse(const cli_command *cmd, int argc, char **argv, cli_positional_fn pos, void *ctx,
              cs_error *err);

/*
 * The start every command shares: parses argv with cli_parse(); on --help prints the help
 * of cmd to stdout; on an error prints it (cli_report()). Returns -1 when the command should
 * go on, else the exit status the command must return.
 */
int cli_start(const cli_command *cmd, int argc, char **argv, cli_positional_fn pos, void *ctx);

/* Writes the help of cmd (usage, description, option table) to f. */
void cli_print_command_help(FILE *f, const cli_command *cmd);

/* Maps a cs_status to an exit status: usage/range/parse -> 2, solver -> 3, others -> 1. */
int cli_exit_status(int code);

/*
 * Prints e as one line, "calcsim: " + cs_error_format(), on stderr, and returns status.
 * Use it as `return cli_report(&err, cli_exit_status(err.code));`.
 */
int cli_report(const cs_error *e, int status);

/* Prints "calcsim: out of memory" on stderr and returns CLI_EXIT_FAILURE. */
int cli_report_nomem(void);

/*
 * When the run of sim broke a plausibility bound (cs_sim_implausible()), prints one line
 * on stderr, "calcsim: warning: implausible result: REASON; see docs/model.md,
 * \"Validity\"", with "(LABEL)" after "result" when label is not NULL (commands that run
 * several scenarios name the one), and returns 1; otherwise prints nothing and returns 0.
 */
int cli_warn_implausible(const cs_sim *sim, const char *label);

/*
 * Returns the index of the sweep metric called name (cs_sweep_metric_find()), or -1. A name
 * of calcsim 0.1.0 (cs_sweep_metric_renamed()) is found too, with one warning line on stderr
 * that gives the new name: "calcsim: warning: WHERE: metric OLD is now called NEW ...",
 * where is the option or file that named it, e.g. "--metric".
 */
int cli_metric_find(const char *name, const char *where);

/* Prints that one warning line: where named the metric old_name, now called new_name. */
void cli_metric_warn_renamed(const char *where, const char *old_name, const char *new_name);

/* Matches value, the argument of option, against choices (NULL-terminated). Returns the
 * index of the match, or CS_EUSAGE with err naming the allowed values. */
int cli_parse_choice(const char *option, const char *value, const char *const *choices,
                     cs_error *err);

/* A --format choice: the allowed names (NULL-terminated; the first is the default) and the
 * index of the one chosen. */
typedef struct {
    const char *const *names;
    int index;
} cli_format;

/* An option handler (cli_option_fn) for --format NAME; ctx is a cli_format *. Sets index,
 * or returns CS_EUSAGE naming the allowed values. */
int cli_opt_format(void *ctx, const char *value, cs_error *err);

/* Writes s to f as one CSV field, quoted (RFC 4180) when it holds a comma, quote or
 * line break. */
void cli_put_csv_field(FILE *f, const char *s);

/*
 * Returns the scenario directory: $CALCSIM_MODELS if set and not empty, else
 * ../share/calcsim/models next to the program if it exists (an installed or unpacked copy,
 * datadir.h), else the source tree's models/ if it exists (running from the build tree),
 * else the configured install directory.
 */
const char *cli_models_dir(void);

#endif
