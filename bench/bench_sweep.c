/*
 * bench_sweep.c - throughput of `calcsim sweep` (issue 4, item 10): ten-year runs per
 * second with --jobs 1 and --jobs 2, and the parallel efficiency.
 *
 * Each measurement runs the built program end to end, as a user would:
 *
 *   calcsim sweep baseline --years 10 --vary AXIS --jobs J --quiet --force -o TMPDIR/x.csv
 *
 * (weekly output rows, all 88 metrics, rows written to a file in run_id order) for two
 * sweeps of RUNS runs: dietary calcium 800..1200 mg/day, whose runs cost what the baseline
 * costs, and the example, K2 intake 0..360 ug/day (cheaper: vitamin K settles the
 * vessel wall). Each is measured REPEATS times for each J, alternating J = 1 and J = 2 so
 * that a drifting or shared machine affects both alike. It reports the median wall time
 * (CLOCK_MONOTONIC, from spawn to exit), the runs per second it gives, the median CPU time of
 * the process (user + system, from wait4) and the runs per CPU second, which other processes on
 * a shared machine do not change, and the efficiency rate(2) /
 * (2 rate(1)). The targets on the 2-core reference machine are 4,000 runs/s with 2 jobs (the
 * speed issue: about 1.5 times what CVODE would take) and 85 % efficiency. This is a benchmark, not
 * a test: it never fails on time. Usage: calcsim_bench_sweep [RUNS [REPEATS]]   (defaults 1000 and
 * 7)
 */
#define _DEFAULT_SOURCE /* wait4() */
#include "calcsim/calcsim.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Runs one sweep with jobs threads; returns its wall time [s] and sets *cpu to the CPU time
 * (user + system) it used [s], or returns -1 on failure. */
static double sweep_once(const char *axis, int runs, int jobs, const char *out, double *cpu)
{
    char vary[96], njobs[16];
    snprintf(vary, sizeof vary, "%s:%d", axis, runs);
    snprintf(njobs, sizeof njobs, "%d", jobs);
    char *argv[] = {CALCSIM_EXE, "sweep", "baseline", "--years", "10", "--vary",    vary,
                    "--jobs",    njobs,   "--quiet",  "--force", "-o", (char *)out, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    double t0 = now_s();
    pid_t pid;
    int rc = posix_spawn(&pid, CALCSIM_EXE, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    int ws;
    struct rusage ru;
    if (rc != 0 || wait4(pid, &ws, 0, &ru) != pid || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        return -1;
    double wall = now_s() - t0;
    *cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
    return wall;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    double v;
    if (cs_parse_double(s, &v) != CS_OK || v < lo || v > hi || v != (int)v)
        return -1;
    *out = (int)v;
    return 0;
}

/* The sweeps measured: an axis without its :N. */
static const struct {
    const char *name;
    const char *axis;
} workloads[] = {
    {"calcium 800-1200 mg/day (baseline cost)", "calcium_intake_mg_per_day=800:1200"},
    {"K2 0-360 ug/day (the issue's example)", "k2_intake_ug_per_day=0:360"},
};

/* Measures one workload; prints its two rows and the efficiency. Returns 0 or 1. */
static int measure(const char *name, const char *axis, int runs, int repeats, const char *out)
{
    double *t[2] = {calloc((size_t)repeats, sizeof(double)),
                    calloc((size_t)repeats, sizeof(double))};
    double *cpu[2] = {calloc((size_t)repeats, sizeof(double)),
                      calloc((size_t)repeats, sizeof(double))};
    int rc = 0;
    double warm;
    sweep_once(axis, runs / 10 + 1, 2, out, &warm); /* warm the page cache */
    for (int i = 0; i < repeats && rc == 0; i++)
        for (int j = 0; j < 2; j++)
            if ((t[j][i] = sweep_once(axis, runs, j + 1, out, &cpu[j][i])) < 0) {
                fprintf(stderr, "calcsim_bench_sweep: the sweep failed\n");
                rc = 1;
            }
    double rate[2] = {0, 0};
    for (int j = 0; j < 2 && rc == 0; j++) {
        qsort(t[j], (size_t)repeats, sizeof(double), cmp_double);
        qsort(cpu[j], (size_t)repeats, sizeof(double), cmp_double);
        rate[j] = runs / t[j][repeats / 2];
        printf("%-42s %4d %10.3f %10.3f %10.3f %10.0f %10.3f %10.0f %8s\n", name, j + 1,
               t[j][repeats / 2], t[j][0], t[j][repeats - 1], rate[j], cpu[j][repeats / 2],
               runs / cpu[j][repeats / 2], j ? ">= 4000" : "");
    }
    if (rc == 0)
        printf("%-42s parallel efficiency rate(2) / (2 rate(1)) = %.1f %% (target >= 85 %%)\n",
               name, 100.0 * rate[1] / (2.0 * rate[0]));
    free(t[0]);
    free(t[1]);
    free(cpu[0]);
    free(cpu[1]);
    return rc;
}

int main(int argc, char **argv)
{
    int runs = 1000, repeats = 7;
    if ((argc > 1 && parse_int(argv[1], 10, 1000000, &runs) != 0) ||
        (argc > 2 && parse_int(argv[2], 1, 1000, &repeats) != 0)) {
        fprintf(stderr, "usage: calcsim_bench_sweep [RUNS (10-1000000) [REPEATS (1-1000)]]\n");
        return 2;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[512], out[600];
    snprintf(dir, sizeof dir, "%s/calcsim-bench-sweep-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("calcsim_bench_sweep: mkdtemp");
        return 1;
    }
    snprintf(out, sizeof out, "%s/bench.csv", dir);
    printf("calcsim %s sweep benchmark: sweeps of %d ten-year runs (weekly rows, all metrics, "
           "to a file), median of %d, %ld CPUs online\n",
           cs_version(), runs, repeats, sysconf(_SC_NPROCESSORS_ONLN));
    printf("%-42s %4s %10s %10s %10s %10s %10s %10s %8s\n", "sweep", "jobs", "median_s", "min_s",
           "max_s", "runs/s", "cpu_s", "runs/cpu_s", "target");
    int rc = 0;
    for (size_t k = 0; k < sizeof workloads / sizeof workloads[0] && rc == 0; k++)
        rc = measure(workloads[k].name, workloads[k].axis, runs, repeats, out);
    unlink(out);
    rmdir(dir);
    return rc;
}
